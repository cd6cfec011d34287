"""Ollama through the official ``ollama`` client (https://github.com/ollama/ollama-python)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import Any

from reflee.cancel import CancelToken, check
from reflee.errors import CancelledError
from reflee.i18n import _
from reflee.llm.base import LiveResponse, OnToken, keep_alive_value, probe
from reflee.llm.errors import (
    LLMBusy,
    LLMError,
    LLMModelMissing,
    LLMNoAnswer,
    LLMRejected,
    LLMUnavailable,
    LLMUnreachable,
    overflow_from,
)
from reflee.llm.types import ChatResult, LLMSettings, Message, ModelInfo, PullProgress


def _ms(ns: int | None) -> float | None:
    return None if ns is None else ns / 1e6


class OllamaProvider:
    name = "ollama"

    def __init__(self, settings: LLMSettings) -> None:
        self.settings = settings
        self._client: Any = None
        self._live = LiveResponse()

    # -- plumbing ---------------------------------------------------------------------
    def client(self) -> Any:
        if self._client is None:
            probe(self.settings.host, self.settings.connect_timeout)
            import httpx  # ~60 ms
            import ollama  # ~200 ms (pydantic); only commands that talk to a model pay it

            self._client = ollama.Client(
                host=self.settings.host,
                timeout=httpx.Timeout(self.settings.read_timeout, connect=self.settings.connect_timeout),
                event_hooks={"response": [self._live.hook]},  # lets a cancel token interrupt a blocked read
            )
        return self._client

    def _translate(self, exc: BaseException, model: str | None = None) -> LLMError:
        import httpx
        import ollama

        host = self.settings.host
        if isinstance(exc, ollama.ResponseError):
            status, text = exc.status_code, exc.error
            if (overflow := overflow_from(str(text), host)) is not None:
                return overflow
            if status == 404 and model:
                return LLMModelMissing(
                    _("model {model!r} is not on the Ollama server at {host}").format(model=model, host=host),
                    hint=_("run: reflee model pull {model}").format(model=model),
                )
            if status == -1:
                return LLMUnavailable(_("the model failed mid-answer: {text}").format(text=text))
            if status == 400:
                return LLMRejected(_("Ollama refused the request: {text}").format(text=text))
            if status >= 500 or status in (408, 429, 499):
                return LLMBusy(_("Ollama is busy or failing ({status}): {text}").format(status=status, text=text))
            return LLMRejected(_("Ollama answered {status}: {text}").format(status=status, text=text))
        if isinstance(exc, ConnectionError | httpx.ConnectError):
            return LLMUnreachable(
                _("cannot reach Ollama at {host}").format(host=host),
                hint=_("start it with 'ollama serve' or set llm.host"),
            )
        if isinstance(exc, httpx.ConnectTimeout):
            return LLMUnreachable(_("Ollama at {host} did not accept a connection in time").format(host=host))
        if isinstance(exc, httpx.TimeoutException):
            return LLMUnavailable(
                _("Ollama at {host} did not answer within {read_timeout:g} s").format(
                    host=host, read_timeout=self.settings.read_timeout
                ),
                hint=_("a cold model load can be slow; raise llm.read_timeout"),
            )
        if isinstance(exc, httpx.TransportError):
            return LLMUnavailable(
                _("the connection to Ollama was cut mid-answer ({name})").format(name=type(exc).__name__)
            )
        if isinstance(exc, json.JSONDecodeError | ValueError):
            return LLMUnavailable(_("Ollama sent a malformed reply ({reason})").format(reason=str(exc)[:80]))
        return LLMUnavailable(_("talking to Ollama failed: {name}: {exc}").format(name=type(exc).__name__, exc=exc))

    # -- the interface ----------------------------------------------------------------
    def chat(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any] | None = None,
        on_token: OnToken | None = None,
        cancel: CancelToken | None = None,
    ) -> ChatResult:
        s = self.settings
        kwargs: dict[str, Any] = {
            "model": s.model,
            "messages": messages,
            "options": s.options(),
            "keep_alive": keep_alive_value(s.keep_alive),
            "stream": True,
        }
        if schema is not None:
            kwargs["format"] = schema
            kwargs["think"] = False  # thinking models: answer straight into the schema
        check(cancel)
        client = self.client()
        parts: list[str] = []
        final = None
        try:
            with self._live.watch(cancel), contextlib.closing(client.chat(**kwargs)) as stream:
                for chunk in stream:
                    check(cancel)
                    piece = (chunk.message.content or "") if chunk.message else ""
                    if piece:
                        parts.append(piece)
                        if on_token:
                            on_token(piece)
                    if chunk.done:
                        final = chunk
        except (LLMError, CancelledError):
            raise
        except Exception as exc:
            check(cancel)  # the read was interrupted by cancelling
            if not self._live.answered and _is_timeout(exc):
                raise LLMNoAnswer(
                    _("Ollama at {host} sent nothing within {read_timeout:g} s").format(
                        host=s.host, read_timeout=s.read_timeout
                    ),
                    hint=_("a cold model load can be slow; raise llm.read_timeout"),
                ) from None
            raise self._translate(exc, s.model) from None
        check(cancel)
        if final is None:
            raise LLMUnavailable(_("the model's answer ended before it finished (no final chunk)"))
        return ChatResult(
            content="".join(parts),
            model=final.model or s.model,
            done_reason=final.done_reason or "stop",
            prompt_tokens=final.prompt_eval_count,
            completion_tokens=final.eval_count,
            total_duration_ms=_ms(final.total_duration),
            load_duration_ms=_ms(final.load_duration),
        )

    def list_models(self) -> list[ModelInfo]:
        try:
            listed = self.client().list()
        except LLMError:
            raise
        except Exception as exc:
            raise self._translate(exc) from None
        out = []
        for m in listed.models:
            d = m.details
            out.append(
                ModelInfo(
                    name=m.model or "",
                    size_bytes=m.size,
                    family=d.family if d else None,
                    parameter_size=d.parameter_size if d else None,
                    quantization=d.quantization_level if d else None,
                    modified_at=m.modified_at.isoformat() if m.modified_at else None,
                )
            )
        return out

    def show(self, name: str) -> ModelInfo:
        try:
            shown = self.client().show(name)
        except LLMError:
            raise
        except Exception as exc:
            raise self._translate(exc, name) from None
        info = shown.modelinfo or {}
        ctx = next((v for k, v in info.items() if k.endswith(".context_length")), None)
        d = shown.details
        return ModelInfo(
            name=name,
            family=d.family if d else None,
            parameter_size=d.parameter_size if d else None,
            quantization=d.quantization_level if d else None,
            context_length=int(ctx) if ctx else None,
            capabilities=list(shown.capabilities or []),
        )

    def pull(self, name: str, cancel: CancelToken | None = None) -> Iterator[PullProgress]:
        check(cancel)
        try:
            with self._live.watch(cancel), contextlib.closing(self.client().pull(name, stream=True)) as parts:
                for part in parts:
                    check(cancel)
                    yield PullProgress(status=part.status or "", completed=part.completed, total=part.total)
        except (LLMError, CancelledError):
            raise
        except Exception as exc:
            check(cancel)
            err = self._translate(exc, None)
            if isinstance(err, LLMBusy | LLMRejected):
                err = LLMModelMissing(
                    _("cannot pull {name!r}: {message}").format(name=name, message=err.message),
                    hint=_("check the name on ollama.com/library"),
                )
            raise err from None

    def context_window(self) -> int | None:
        """Ollama gives a request the num_ctx it asks for; the model's trained context is the real ceiling."""
        return self.show(self.settings.model).context_length

    def count_tokens(self, text: str) -> int | None:
        return None  # Ollama has no tokenizer endpoint

    def embed(self, model: str, texts: list[str]) -> list[list[float]]:
        try:
            answer = self.client().embed(
                model=model, input=texts, keep_alive=keep_alive_value(self.settings.keep_alive)
            )
        except LLMError:
            raise
        except Exception as exc:
            raise self._translate(exc, model) from None
        vectors = [list(v) for v in answer.embeddings or []]
        if len(vectors) != len(texts):
            raise LLMUnavailable(
                _("Ollama sent {got} embeddings for {asked} texts").format(got=len(vectors), asked=len(texts))
            )
        return vectors

    def version(self) -> str | None:
        self.client()
        import httpx

        try:
            r = httpx.get(f"{self.settings.host}/api/version", timeout=self.settings.connect_timeout)
            return r.json().get("version")
        except Exception as exc:
            raise self._translate(exc) from None


def _is_timeout(exc: BaseException) -> bool:
    import httpx

    return isinstance(exc, httpx.TimeoutException)
