"""OpenAI-compatible chat servers (LM Studio, llama.cpp's llama-server, vLLM, Ollama's /v1) over httpx.

Always sends the nested ``response_format: {"type": "json_schema", "json_schema": {"schema": ...}}`` form
(the only one every server reads) and leaves validation to the caller.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from reflee.cancel import CancelToken, check
from reflee.errors import CancelledError
from reflee.i18n import _
from reflee.llm.base import LiveResponse, OnToken, probe
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


def _error_text(body: bytes) -> str:
    try:
        data = json.loads(body)
    except ValueError:
        return body.decode("utf-8", "replace")[:200]
    err = data.get("error") if isinstance(data, dict) else None
    if isinstance(err, dict):
        return str(err.get("message") or err)
    return str(err or data)[:200]


class OpenAICompatProvider:
    name = "openai"

    def __init__(self, settings: LLMSettings) -> None:
        self.settings = settings
        self._client: Any = None
        self._live = LiveResponse()
        self._missing: set[str] = set()

    def client(self) -> Any:
        if self._client is None:
            probe(self.settings.base_url, self.settings.connect_timeout, "llm.base_url")
            import httpx  # ~60 ms

            headers = {"authorization": f"Bearer {self.settings.api_key}"} if self.settings.api_key else {}
            self._client = httpx.Client(
                base_url=self.settings.base_url,
                headers=headers,
                timeout=httpx.Timeout(self.settings.read_timeout, connect=self.settings.connect_timeout),
            )
        return self._client

    def _status_error(self, status: int, body: bytes, model: str | None) -> LLMError:
        text = _error_text(body)
        if (overflow := overflow_from(body.decode("utf-8", "replace"), self.settings.base_url)) is not None:
            return overflow
        if status == 404 and model:
            return LLMModelMissing(
                _("model {model!r} is not on the server at {base_url}: {text}").format(
                    model=model, base_url=self.settings.base_url, text=text
                ),
                hint=_("load it in your server, or set llm.model to one 'reflee model list' shows"),
            )
        if status in (401, 403):
            return LLMRejected(
                _("the server refused the API key ({status}): {text}").format(status=status, text=text),
                hint=_("set llm.api_key"),
            )
        if status >= 500 or status in (408, 429):
            return LLMBusy(_("the server is busy or failing ({status}): {text}").format(status=status, text=text))
        return LLMRejected(_("the server refused the request ({status}): {text}").format(status=status, text=text))

    def _transport_error(self, exc: Exception, received: bool = True) -> LLMError:
        import httpx

        url = self.settings.base_url
        if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout):
            return LLMUnreachable(
                _("cannot reach the model server at {url}").format(url=url), hint=_("start it or set llm.base_url")
            )
        if isinstance(exc, httpx.TimeoutException) and not received:
            return LLMNoAnswer(
                _("the model server at {url} sent nothing within {read_timeout:g} s").format(
                    url=url, read_timeout=self.settings.read_timeout
                )
            )
        if isinstance(exc, httpx.TimeoutException):
            return LLMUnavailable(
                _("the model server at {url} did not answer within {read_timeout:g} s").format(
                    url=url, read_timeout=self.settings.read_timeout
                )
            )
        return LLMUnavailable(
            _("the connection to {url} was cut mid-answer ({name})").format(url=url, name=type(exc).__name__)
        )

    def chat(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any] | None = None,
        on_token: OnToken | None = None,
        cancel: CancelToken | None = None,
    ) -> ChatResult:
        import httpx

        s = self.settings
        body: dict[str, Any] = {
            "model": s.model,
            "messages": messages,
            "stream": True,
            "stream_options": {"include_usage": True},
            "temperature": s.temperature,
        }
        if s.seed:
            body["seed"] = s.seed
        if schema is not None:
            body["response_format"] = {"type": "json_schema", "json_schema": {"name": "reply", "schema": schema}}
        parts: list[str] = []
        finish: str | None = None
        usage: dict[str, Any] = {}
        model = s.model
        check(cancel)
        client = self.client()
        received = False
        try:
            with self._live.watch(cancel), client.stream("POST", "/chat/completions", json=body) as r:
                received = True
                self._live.hook(r)
                if r.status_code >= 400:
                    raise self._status_error(r.status_code, r.read(), s.model)
                for line in r.iter_lines():
                    check(cancel)
                    if not line.startswith("data:"):
                        continue
                    data = line[5:].strip()
                    if data == "[DONE]":
                        break
                    chunk = json.loads(data)
                    if "error" in chunk:
                        if (overflow := overflow_from(data, s.base_url)) is not None:
                            raise overflow
                        raise LLMUnavailable(
                            _("the model failed mid-answer: {error}").format(error=_error_text(data.encode()))
                        )
                    model = chunk.get("model") or model
                    usage = chunk.get("usage") or usage
                    for choice in chunk.get("choices") or []:
                        piece = (choice.get("delta") or {}).get("content") or ""
                        if piece:
                            parts.append(piece)
                            if on_token:
                                on_token(piece)
                        finish = choice.get("finish_reason") or finish
        except (LLMError, CancelledError):
            raise
        except httpx.HTTPError as exc:
            check(cancel)  # the read was interrupted by cancelling
            raise self._transport_error(exc, received) from None
        except ValueError as exc:
            raise LLMUnavailable(
                _("the server sent a malformed event ({reason})").format(reason=str(exc)[:80])
            ) from None
        check(cancel)
        if finish is None:
            raise LLMUnavailable(_("the model's answer ended before it finished (no finish_reason)"))
        return ChatResult(
            content="".join(parts),
            model=model,
            done_reason="length" if finish == "length" else "stop",
            prompt_tokens=usage.get("prompt_tokens"),
            completion_tokens=usage.get("completion_tokens"),
        )

    def list_models(self) -> list[ModelInfo]:
        import httpx

        try:
            r = self.client().get("/models")
        except httpx.HTTPError as exc:
            raise self._transport_error(exc) from None
        if r.status_code >= 400:
            raise self._status_error(r.status_code, r.content, None)
        return [ModelInfo(name=m.get("id", "")) for m in r.json().get("data", [])]

    def show(self, name: str) -> ModelInfo:
        for m in self.list_models():
            if m.name == name:
                return m
        raise LLMModelMissing(
            _("model {name!r} is not on the server at {base_url}").format(name=name, base_url=self.settings.base_url)
        )

    def pull(self, name: str, cancel: CancelToken | None = None) -> Iterator[PullProgress]:
        raise LLMRejected(
            _("an OpenAI-compatible server cannot pull models; download it in the server itself (e.g. LM Studio)")
        )

    def _root(self) -> str:
        """llama.cpp serves /props and /tokenize beside /v1, not under it."""
        url = self.settings.base_url
        return url[: -len("/v1")] if url.endswith("/v1") else url

    def _extra(self, method: str, path: str, body: Any = None) -> Any:
        """A llama.cpp extra endpoint's JSON, or None when the server has no such endpoint."""
        import httpx

        if path in self._missing:
            return None
        try:
            r = self.client().request(method, self._root() + path, json=body)
        except httpx.HTTPError as exc:
            raise self._transport_error(exc) from None
        if r.status_code >= 400:
            self._missing.add(path)  # LM Studio, vLLM, Ollama's /v1: not there; don't ask again
            return None
        try:
            return r.json()
        except ValueError:
            self._missing.add(path)
            return None

    def context_window(self) -> int | None:
        """llama-server's per-slot context (``/props`` default_generation_settings.n_ctx)."""
        props = self._extra("GET", "/props")
        if not isinstance(props, dict):
            return None
        settings = props.get("default_generation_settings")
        n_ctx = (settings or {}).get("n_ctx") if isinstance(settings, dict) else None
        n_ctx = n_ctx or props.get("n_ctx")
        return int(n_ctx) if isinstance(n_ctx, int) and n_ctx > 0 else None

    def count_tokens(self, text: str) -> int | None:
        """llama-server's own tokenizer (``POST /tokenize``)."""
        data = self._extra("POST", "/tokenize", {"content": text})
        tokens = data.get("tokens") if isinstance(data, dict) else None
        return len(tokens) if isinstance(tokens, list) else None

    def embed(self, model: str, texts: list[str]) -> list[list[float]]:
        try:
            r = self.client().post("/embeddings", json={"model": model, "input": texts})
        except LLMError:
            raise
        except Exception as exc:
            raise self._transport_error(exc) from None
        if r.status_code != 200:
            raise self._status_error(r.status_code, r.content, model)
        try:
            data = sorted(r.json()["data"], key=lambda d: d.get("index", 0))
            vectors = [[float(x) for x in d["embedding"]] for d in data]
        except (ValueError, KeyError, TypeError) as exc:
            raise LLMUnavailable(_("the server sent a malformed embeddings answer ({exc})").format(exc=exc)) from None
        if len(vectors) != len(texts):
            raise LLMUnavailable(
                _("the server sent {got} embeddings for {asked} texts").format(got=len(vectors), asked=len(texts))
            )
        return vectors

    def version(self) -> str | None:
        self.client()
        return None
