"""The provider interface and the factory that picks one from settings."""

from __future__ import annotations

import re
import socket
from collections.abc import Callable, Iterator
from typing import Any, Protocol
from urllib.parse import urlsplit

from reflee.llm.errors import LLMRejected, LLMUnreachable
from reflee.llm.types import ChatResult, LLMSettings, Message, ModelInfo, PullProgress

OnToken = Callable[[str], None]
_DURATION = re.compile(r"^-?\d+(\.\d+)?(ns|us|µs|ms|s|m|h)$")


class Provider(Protocol):
    settings: LLMSettings

    def chat(
        self, messages: list[Message], *, schema: dict[str, Any] | None = None, on_token: OnToken | None = None
    ) -> ChatResult: ...

    def list_models(self) -> list[ModelInfo]: ...

    def show(self, name: str) -> ModelInfo: ...

    def pull(self, name: str) -> Iterator[PullProgress]: ...

    def version(self) -> str | None: ...


def make_provider(settings: LLMSettings) -> Provider:
    if settings.provider == "openai":
        from reflee.llm.openai_compat import OpenAICompatProvider

        return OpenAICompatProvider(settings)
    from reflee.llm.ollama_provider import OllamaProvider

    return OllamaProvider(settings)


def keep_alive_value(text: str) -> str | int:
    """Ollama wants a number of seconds or a Go duration with a unit; a bare '-1' is a 400."""
    text = text.strip()
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if not _DURATION.match(text):
        raise LLMRejected(f"llm.keep_alive: {text!r} is not a duration (try 30s, 10m, 1h or -1m)")
    return text


def probe(url: str, timeout: float) -> None:
    """Fail fast, before importing any client library, when nothing listens at ``url``."""
    parts = urlsplit(url)
    host = parts.hostname or "127.0.0.1"
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((host, port), timeout=min(timeout, 5.0)):
            pass
    except OSError as exc:
        raise LLMUnreachable(
            f"cannot reach the model server at {url} ({exc.strerror or exc})",
            hint="start it (e.g. 'ollama serve') or set llm.host; check with 'reflee doctor'",
        ) from None
