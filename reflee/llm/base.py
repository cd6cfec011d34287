"""What every provider shares: the Provider interface, the token callback, and small helpers.

The concrete providers (reflee.llm.ollama_provider, reflee.llm.openai_compat) import this module and nothing
that imports them; reflee.llm.provider picks one from settings, so there is no import cycle between them.
"""

from __future__ import annotations

import contextlib
import re
import socket
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

from reflee.i18n import _
from reflee.llm.errors import LLMRejected, LLMUnreachable
from reflee.llm.types import ChatResult, LLMSettings, Message, ModelInfo, PullProgress

if TYPE_CHECKING:
    from reflee.cancel import CancelToken

OnToken = Callable[[str], None]
_DURATION = re.compile(r"^-?\d+(\.\d+)?(ns|us|µs|ms|s|m|h)$")


class Provider(Protocol):
    settings: LLMSettings

    def chat(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any] | None = None,
        on_token: OnToken | None = None,
        cancel: CancelToken | None = None,
    ) -> ChatResult:
        """Answer ``messages``, streaming pieces to ``on_token``. ``cancel`` stops the answer between pieces
        (and interrupts a wait for the next one) with reflee.errors.CancelledError."""
        ...

    def list_models(self) -> list[ModelInfo]: ...

    def show(self, name: str) -> ModelInfo: ...

    def pull(self, name: str, cancel: CancelToken | None = None) -> Iterator[PullProgress]: ...

    def version(self) -> str | None: ...

    def context_window(self) -> int | None:
        """The context the server really gives one request, in tokens, when it says (None otherwise)."""
        ...

    def count_tokens(self, text: str) -> int | None:
        """``text`` in the model's own tokens, when the server has a tokenizer endpoint (None otherwise)."""

    def embed(self, model: str, texts: list[str]) -> list[list[float]]:
        """One vector per text from the embedding model ``model`` (Ollama's /api/embed, OpenAI's /v1/embeddings)."""
        ...


def keep_alive_value(text: str) -> str | int:
    """Ollama wants a number of seconds or a Go duration with a unit; a bare '-1' is a 400."""
    text = text.strip()
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if not _DURATION.match(text):
        raise LLMRejected(_("llm.keep_alive: {text!r} is not a duration (try 30s, 10m, 1h or -1m)").format(text=text))
    return text


def probe(url: str, timeout: float, setting: str = "llm.host") -> None:
    """Fail fast, before importing any client library, when nothing listens at ``url`` (``setting`` is the
    config key that holds the address, for the hint)."""
    parts = urlsplit(url)
    host = parts.hostname or "127.0.0.1"
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((host, port), timeout=min(timeout, 5.0)):
            pass
    except OSError as exc:
        raise LLMUnreachable(
            _("cannot reach the model server at {url} ({reason})").format(url=url, reason=exc.strerror or exc),
            hint=(
                _("start it (e.g. 'ollama serve') or set llm.host; check with 'reflee doctor'")
                if setting == "llm.host"
                else _("start it or set {setting}; check with 'reflee doctor'").format(setting=setting)
            ),
        ) from None


class LiveResponse:
    """The HTTP response a provider is reading right now (recorded by an httpx response hook), so that a cancel
    token can interrupt a thread blocked waiting for its next bytes: shutting the socket down wakes the read at
    once, where closing it from another thread would not."""

    def __init__(self) -> None:
        self.response: Any = None
        self.answered = False
        """Whether response headers arrived since the last ``watch`` began (the server answered at all)."""

    def hook(self, response: Any) -> None:
        self.response = response
        self.answered = True

    def interrupt(self) -> None:
        response = self.response
        if response is None:
            return
        stream = response.extensions.get("network_stream")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    @contextlib.contextmanager
    def watch(self, cancel: CancelToken | None) -> Iterator[None]:
        """While inside, cancelling ``cancel`` interrupts the response being read."""
        self.response = None
        self.answered = False
        remove = cancel.on_cancel(self.interrupt) if cancel is not None else None
        try:
            yield
        finally:
            if remove is not None:
                remove()
            self.response = None
