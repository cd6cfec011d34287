"""What can go wrong talking to a model, split by what to do about it.

Transient faults (server down, timeouts, 5xx, 503 busy, a cut stream) are worth retrying later;
permanent ones (model missing, a request the server refuses) need the user to change something,
and their message says what to run.
"""

from __future__ import annotations

import re

from reflee.errors import DataError, ExitCode, RefleeError
from reflee.i18n import _


class LLMError(RefleeError):
    transient: bool = False


class LLMUnavailable(LLMError):
    """The server cannot be reached or did not answer in time, or the answer was cut off."""

    exit_code = ExitCode.UNAVAILABLE
    transient = True


class LLMUnreachable(LLMUnavailable):
    """Nothing answers at the server's address: no point trying other work against it right now."""


class LLMBusy(LLMUnavailable):
    """503 or another 5xx: try again later."""


class LLMModelMissing(LLMError):
    exit_code = ExitCode.NOT_FOUND


class LLMRejected(LLMError):
    """The server refused the request (400-level other than a missing model)."""

    exit_code = ExitCode.USAGE


class LLMBadOutput(LLMError):
    """The model answered, but not with what the schema asks for (after a repair attempt). Recorded as a
    failure: retrying the same model on the same entry rarely helps; another model might."""

    exit_code = DataError.exit_code


class LLMNoAnswer(LLMUnreachable):
    """The server took the request but sent no byte of an answer in time (a hung or overloaded server).
    Like an unreachable server, it costs the job no attempt."""


class LLMContextOverflow(LLMRejected):
    """The server refused the prompt as longer than its context window. ``n_ctx`` is the window it reported
    (when it said), ``n_prompt`` the prompt's size in its own tokens."""

    def __init__(
        self, message: str, *, n_ctx: int | None = None, n_prompt: int | None = None, hint: str | None = None
    ) -> None:
        super().__init__(message, hint=hint)
        self.n_ctx = n_ctx
        self.n_prompt = n_prompt


_OVERFLOW = (
    # llama.cpp: "request (2100 tokens) exceeds the available context size (2048 tokens), try increasing it"
    re.compile(r"request \((?P<prompt>\d+) tokens\) exceeds the available context size \((?P<ctx>\d+) tokens\)"),
    # vLLM / OpenAI: "This model's maximum context length is 4096 tokens. However, you requested 5000 tokens"
    re.compile(r"maximum context length is (?P<ctx>\d+) tokens.*?(?:requested|messages resulted in) (?P<prompt>\d+)"),
    re.compile(r"exceed_context_size_error|context_length_exceeded|exceeds the available context size"),
    # Ollama and others
    re.compile(r"(?:input|prompt) (?:length )?(?:is too long|exceeds (?:the |maximum )?context length)", re.I),
)


def overflow_from(text: str, server: str) -> LLMContextOverflow | None:
    """Recognise a context-overflow refusal in an error body; None for any other error."""
    for pattern in _OVERFLOW:
        m = pattern.search(text)
        if m is None:
            continue
        groups = m.groupdict()
        n_ctx = int(groups["ctx"]) if groups.get("ctx") else None
        n_prompt = int(groups["prompt"]) if groups.get("prompt") else None
        return LLMContextOverflow(
            _("the prompt is longer than the context of the model server at {server}: {answer}").format(
                server=server, answer=text[:160]
            ),
            hint=_("set llm.num_ctx to {n_ctx}").format(n_ctx=n_ctx)
            if n_ctx
            else _("lower llm.num_ctx or give the server a larger context"),
            n_ctx=n_ctx,
            n_prompt=n_prompt,
        )
    return None
