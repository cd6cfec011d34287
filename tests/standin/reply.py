"""What a test scripts (Reply) and what the stand-in records (RecordedRequest), plus the text helpers both use."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

FAULTS = ("http", "cut", "cut_in_char", "malformed", "mid_stream_error", "hang")

BUSY = "server busy, please try again.  maximum pending requests exceeded"
MODEL_ERROR = "an error was encountered while running the model"
_DEFAULT_ERRORS = {503: BUSY, 500: MODEL_ERROR, 400: "invalid request", 404: "model not found"}


@dataclass(frozen=True)
class Reply:
    """One scripted answer for the next /api/chat, /api/generate or /v1/chat/completions call.

    content       the whole answer; streamed in pieces of a few characters (whole characters only).
    chunks        explicit content pieces to stream instead (their concatenation is the answer).
    done_reason   "stop" or "length" (options.num_predict / max_tokens smaller than the piece count also
                  gives "length" and cuts the answer, as a real server does).
    latency       total generation time in seconds, spread evenly over the pieces (a slot is held meanwhile).
    first_byte_delay  seconds before the response headers (a slow model load); reported as load_duration.
    eval_count / prompt_eval_count  reported token counts; None = number of pieces / a rough prompt estimate
                  (a prompt over the context window, options.num_ctx or standin.default_num_ctx, counts as half
                  the window: the server shortened it silently). 0 leaves the field out, as Go's omitempty does.
    thinking      reasoning text, streamed before the content when thinking is on (the model has the
                  "thinking" capability and the request did not send think=false).
    fault         None or one of FAULTS (see the package docstring); status/error go with "http" and
                  "mid_stream_error".
    split_utf8    write each streamed line containing a multi-byte character in two TCP segments, the first
                  ending inside that character (valid HTTP; exercises the client's incremental decoding).
    """

    content: str = ""
    chunks: Sequence[str] | None = None
    done_reason: str = "stop"
    latency: float = 0.0
    first_byte_delay: float = 0.0
    eval_count: int | None = None
    prompt_eval_count: int | None = None
    thinking: str | None = None
    fault: str | None = None
    status: int = 500
    error: str | None = None
    split_utf8: bool = False

    def __post_init__(self) -> None:
        if self.fault is not None and self.fault not in FAULTS:
            raise ValueError(f"unknown fault {self.fault!r}; expected one of {', '.join(FAULTS)}")
        if self.done_reason not in ("stop", "length"):
            raise ValueError(f"done_reason must be 'stop' or 'length', not {self.done_reason!r}")
        if self.chunks is not None and not all(isinstance(c, str) for c in self.chunks):
            raise TypeError("chunks must be a list of str")

    @property
    def error_message(self) -> str:
        if self.error is not None:
            return self.error
        if self.fault == "mid_stream_error":
            return MODEL_ERROR
        return _DEFAULT_ERRORS.get(self.status, MODEL_ERROR)

    def pieces(self) -> list[str]:
        return list(self.chunks) if self.chunks is not None else split_pieces(self.content)

    def thinking_pieces(self) -> list[str]:
        return split_pieces(self.thinking) if self.thinking else []


@dataclass(frozen=True)
class RecordedRequest:
    """One HTTP request as the stand-in received it."""

    method: str
    path: str
    headers: dict[str, str]
    json: Any
    raw: bytes = field(repr=False)


_PIECE = re.compile(r"\s*\S{1,4}|\s+")


def split_pieces(text: str) -> list[str]:
    """Token-like pieces: leading whitespace plus up to four characters. Never splits a code point."""
    return _PIECE.findall(text)


def estimate_tokens(text: str) -> int:
    """A rough token count: about four ASCII characters per token, one token per other character."""
    ascii_chars = sum(1 for ch in text if ord(ch) < 128)
    return -(-ascii_chars // 4) + (len(text) - ascii_chars)


def _content_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # OpenAI content parts
        return "".join(p.get("text", "") for p in content if isinstance(p, dict))
    return ""


def estimate_prompt_tokens(body: dict[str, Any]) -> int:
    """Prompt tokens for a chat (messages) or generate (system + prompt) body, with a little template overhead."""
    messages = body.get("messages")
    if isinstance(messages, list):
        texts = [_content_text(m.get("content")) for m in messages if isinstance(m, dict)]
        return sum(estimate_tokens(t) + 4 for t in texts) + 1
    texts = [t for t in (body.get("system"), body.get("prompt")) if isinstance(t, str)]
    return sum(estimate_tokens(t) for t in texts) + 4
