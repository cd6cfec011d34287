"""Response shapes per endpoint: Ollama /api/chat and /api/generate (NDJSON) and OpenAI /v1/chat/completions (SSE)."""

from __future__ import annotations

import time
from datetime import timezone
from typing import Any

from .gen import Plan
from .gojson import go_dumps, rfc3339nano
from .wire import JSON_UTF8


def _line(obj: Any) -> bytes:
    return (go_dumps(obj) + "\n").encode()


def _broken(obj: Any) -> str:
    text = go_dumps(obj)
    return text[: max(1, len(text) - 12)]


def openai_error(status: int, message: str) -> dict[str, Any]:
    kind = {400: "invalid_request_error", 404: "not_found_error"}.get(status, "api_error")
    return {"error": {"message": message, "type": kind, "param": None, "code": None}}


class OllamaChat:
    stream_type, json_type, error_type = "application/x-ndjson", JSON_UTF8, "application/json"

    def __init__(self, model: str, tz: timezone) -> None:
        self.model, self.tz = model, tz

    def _chunk(self, message: dict[str, Any]) -> dict[str, Any]:
        return {"model": self.model, "created_at": rfc3339nano(tz=self.tz), "message": message, "done": False}

    def content_event(self, piece: str) -> bytes:
        return _line(self._chunk({"role": "assistant", "content": piece}))

    def thinking_event(self, piece: str) -> bytes:
        return _line(self._chunk({"role": "assistant", "content": "", "thinking": piece}))

    def _done(self, plan: Plan, message: dict[str, Any]) -> dict[str, Any]:
        head = {"model": self.model, "created_at": rfc3339nano(tz=self.tz), "message": message}
        return {**head, "done_reason": plan.done_reason, "done": True, **plan.metrics()}

    def final_events(self, plan: Plan) -> list[bytes]:
        return [_line(self._done(plan, {"role": "assistant", "content": ""}))]

    def error_event(self, message: str) -> bytes:
        return _line({"error": message})

    def malformed_event(self) -> bytes:
        return (_broken(self._chunk({"role": "assistant", "content": "…"})) + "\n").encode()

    def whole(self, plan: Plan) -> dict[str, Any]:
        message: dict[str, Any] = {"role": "assistant", "content": plan.content}
        if plan.thinking:
            message["thinking"] = "".join(plan.thinking)
        return self._done(plan, message)

    def error_body(self, status: int, message: str) -> Any:
        return {"error": message}


class OllamaGenerate(OllamaChat):
    def _chunk(self, message: dict[str, Any]) -> dict[str, Any]:
        out = {"model": self.model, "created_at": rfc3339nano(tz=self.tz), "response": message["content"]}
        if message.get("thinking"):
            out["thinking"] = message["thinking"]
        out["done"] = False
        return out

    def _done(self, plan: Plan, message: dict[str, Any]) -> dict[str, Any]:
        out = self._chunk(message)
        out["done"] = True
        out["done_reason"] = plan.done_reason
        tokens = plan.prompt_eval_count + plan.eval_count
        if tokens:
            out["context"] = [(i * 7919) % 128_000 + 1 for i in range(tokens)]
        return {**out, **plan.metrics()}


class OpenAIChat:
    stream_type, json_type, error_type = "text/event-stream", "application/json", "application/json"

    def __init__(self, model: str, number: int, *, include_usage: bool, role_every_delta: bool) -> None:
        self.model, self.include_usage, self.role_every_delta = model, include_usage, role_every_delta
        self.id, self.created = f"chatcmpl-{number}", int(time.time())
        self._role_sent = False

    def _chunk(self, choices: list[dict[str, Any]]) -> dict[str, Any]:
        head = {"id": self.id, "object": "chat.completion.chunk", "created": self.created, "model": self.model}
        return {**head, "system_fingerprint": "fp_ollama", "choices": choices}

    def _delta(self, delta: dict[str, Any]) -> dict[str, Any]:
        if self.role_every_delta or not self._role_sent:
            delta = {"role": "assistant", **delta}
            self._role_sent = True
        return self._chunk([{"index": 0, "delta": delta, "finish_reason": None}])

    @staticmethod
    def _sse(obj: Any) -> bytes:
        return f"data: {go_dumps(obj)}\n\n".encode()

    def content_event(self, piece: str) -> bytes:
        return self._sse(self._delta({"content": piece}))

    def thinking_event(self, piece: str) -> bytes:
        return self._sse(self._delta({"content": "", "reasoning": piece}))

    @staticmethod
    def _usage(plan: Plan) -> dict[str, int]:
        p, c = plan.prompt_eval_count, plan.eval_count
        return {"prompt_tokens": p, "completion_tokens": c, "total_tokens": p + c}

    def final_events(self, plan: Plan) -> list[bytes]:
        events = [self._sse(self._chunk([{"index": 0, "delta": {}, "finish_reason": plan.done_reason}]))]
        if self.include_usage:
            events.append(self._sse({**self._chunk([]), "usage": self._usage(plan)}))
        events.append(b"data: [DONE]\n\n")
        return events

    def error_event(self, message: str) -> bytes:
        return self._sse(openai_error(500, message))

    def malformed_event(self) -> bytes:
        return f"data: {_broken(self._chunk([{'index': 0, 'delta': {'content': '…'}}]))}\n\n".encode()

    def whole(self, plan: Plan) -> dict[str, Any]:
        message: dict[str, Any] = {"role": "assistant", "content": plan.content}
        if plan.thinking:
            message["reasoning"] = "".join(plan.thinking)
        head = {"id": self.id, "object": "chat.completion", "created": self.created, "model": self.model}
        choice = {"index": 0, "message": message, "finish_reason": plan.done_reason}
        return {**head, "system_fingerprint": "fp_ollama", "choices": [choice], "usage": self._usage(plan)}

    def error_body(self, status: int, message: str) -> Any:
        return openai_error(status, message)
