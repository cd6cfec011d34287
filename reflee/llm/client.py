"""The one object the rest of reflee calls: a provider, plus the answer cache and the call log."""

from __future__ import annotations

import sqlite3
import time
from typing import Any

from reflee.cancel import CancelToken, check
from reflee.errors import CancelledError
from reflee.llm import calllog
from reflee.llm.base import OnToken, Provider
from reflee.llm.cache import ResponseCache
from reflee.llm.errors import LLMError, LLMUnreachable
from reflee.llm.provider import make_provider
from reflee.llm.types import ChatResult, LLMSettings, Message


class LLMClient:
    def __init__(
        self,
        settings: LLMSettings,
        *,
        cache: ResponseCache | None = None,
        log_conn: sqlite3.Connection | None = None,
        provider: Provider | None = None,
    ) -> None:
        self.settings = settings
        self.cache = cache
        self.log_conn = log_conn
        self._provider = provider
        self._window: int | None = None
        self._window_known = False
        self.model_seconds = 0.0
        """Time spent inside the provider's calls (the model's own time, as reflee sees it)."""
        self.memo: dict[str, Any] = {}
        """Values worth computing once per client (e.g. the measured token scale)."""

    @property
    def provider(self) -> Provider:
        if self._provider is None:
            self._provider = make_provider(self.settings)
        return self._provider

    def context_limit(self) -> int:
        """The tokens one request may use: llm.num_ctx, or less when the server says its context is smaller
        (llama.cpp's per-slot n_ctx, the model's trained context). Asked once per client."""
        if not self._window_known:
            started = time.perf_counter()
            try:
                self._window = self.provider.context_window()
            except LLMUnreachable:
                raise
            except LLMError:
                self._window = None  # the chat itself will say what is wrong
            finally:
                self.model_seconds += time.perf_counter() - started  # waiting on the server
            self._window_known = True
        return min(self.settings.num_ctx, self._window) if self._window else self.settings.num_ctx

    def count_tokens(self, text: str) -> int | None:
        """``text`` in the server's own tokens, or None when it has no tokenizer endpoint."""
        try:
            return self.provider.count_tokens(text)
        except LLMError:
            return None

    def prompt_samples(self, limit: int = 20) -> list[tuple[list[Message], int]]:
        """Recent prompts to this model with the token counts the server reported (to calibrate estimates)."""
        if self.log_conn is None:
            return []
        return calllog.prompt_samples(self.log_conn, self.settings.model, limit)

    def cache_key(self, messages: list[Message], schema: dict[str, Any] | None, template_version: str) -> str:
        s = self.settings
        return ResponseCache.key(
            provider=s.provider,
            server=s.server,
            model=s.model,
            options=s.options(),
            template=template_version,
            messages=messages,
            schema=schema,
        )

    def chat(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any] | None = None,
        on_token: OnToken | None = None,
        purpose: str = "chat",
        template_version: str = "",
        use_cache: bool = True,
        accept: Any = None,
        cancel: CancelToken | None = None,
    ) -> ChatResult:
        """Answer ``messages``; a cached answer is reused when the same request was answered within the TTL.

        ``accept(result) -> bool`` decides whether a fresh answer is worth caching (e.g. it parsed).
        ``cancel`` stops a streaming answer with CancelledError (recorded in the call log as cancelled).
        """
        check(cancel)
        key = self.cache_key(messages, schema, template_version) if self.cache and use_cache else None
        if key and self.cache and (hit := self.cache.get(key)) is not None:
            if on_token:
                on_token(hit.content)
            return hit
        started = time.perf_counter()
        result: ChatResult | None = None
        error: str | None = None
        try:
            result = self.provider.chat(messages, schema=schema, on_token=on_token, cancel=cancel)
            return result
        except LLMError as exc:
            error = exc.message
            raise
        except CancelledError:
            error = "cancelled"
            raise
        except KeyboardInterrupt:
            error = "interrupted"
            raise
        finally:
            elapsed = time.perf_counter() - started
            self.model_seconds += elapsed
            self._log(messages, schema, purpose, result, error, elapsed * 1000)
            worth_keeping = result is not None and result.done_reason == "stop"
            if key and self.cache and result is not None and worth_keeping and (accept is None or accept(result)):
                self.cache.set(key, result)

    def embed(self, texts: list[str], *, model: str, cancel: CancelToken | None = None) -> list[list[float]]:
        """One vector per text from the embedding model ``model`` (not recorded in the call log: an index
        rebuild makes thousands of these calls, and the texts are the user's own entries)."""
        check(cancel)
        return self.provider.embed(model, texts)

    def _log(
        self,
        messages: list[Message],
        schema: dict[str, Any] | None,
        purpose: str,
        result: ChatResult | None,
        error: str | None,
        wall_ms: float,
    ) -> None:
        if self.log_conn is None:
            return
        calllog.record(
            self.log_conn,
            calllog.new_record(
                provider=self.settings.provider,
                model=result.model if result else self.settings.model,
                purpose=purpose,
                messages=messages,
                options=self.settings.options(),
                schema=schema,
                response=result.content if result else None,
                done_reason=result.done_reason if result else None,
                error=error,
                prompt_tokens=result.prompt_tokens if result else None,
                completion_tokens=result.completion_tokens if result else None,
                total_ms=result.total_duration_ms if result else None,
                load_ms=result.load_duration_ms if result else None,
                wall_ms=wall_ms,
            ),
        )
