"""Ollama's own endpoints: /, /api/version, /api/tags, /api/ps, /api/show, /api/chat, /api/generate, /api/pull,
/api/embed.

Validation follows the Go server's order: decode the body (keep_alive and think are parsed while decoding),
model required, model known, unload, capabilities (think), load, format, then a generation slot.
"""

from __future__ import annotations

import functools
import hashlib
import math
import operator
import time
import unicodedata
from collections.abc import Callable
from typing import Any

from .dialects import OllamaChat, OllamaGenerate, OpenAIChat
from .gen import Dialect, make_plan, play, positive_int
from .gojson import (
    DecodeError,
    check_messages,
    decode_body,
    format_error,
    go_dumps,
    go_quote,
    keep_alive_seconds,
    think_value,
)
from .llamacpp import refuse_overflow
from .models import ModelSpec, pull_progress
from .reply import BUSY
from .sched import Busy, Stopped
from .wire import Abort, Handler

_COMMON = {
    "model": (str, "string"),
    "stream": (bool, "*bool"),
    "options": (dict, "map[string]interface {}"),
    "raw": (bool, "bool"),
    "truncate": (bool, "*bool"),
    "shift": (bool, "*bool"),
    "logprobs": (bool, "bool"),
    "top_logprobs": (int, "int"),
}
CHAT_FIELDS = {**_COMMON, "messages": (list, "[]api.Message"), "tools": (list, "api.Tools")}
GENERATE_FIELDS = {
    **_COMMON,
    **{k: (str, "string") for k in ("prompt", "suffix", "system", "template")},
    "context": (list, "[]int"),
    "images": (list, "[]api.ImageData"),
}


class BadRequest(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def root(h: Handler, raw: bytes) -> None:
    h.send_text(200, "Ollama is running")


def version(h: Handler, raw: bytes) -> None:
    h.send_json(200, {"version": h.standin.version})


def tags(h: Handler, raw: bytes) -> None:
    models = sorted(h.standin._models_snapshot(), key=lambda m: m.modified_ns, reverse=True)
    h.send_json(200, {"models": [m.tags_entry() for m in models]})


def ps(h: Handler, raw: bytes) -> None:
    h.send_json(200, {"models": [spec.ps_entry(expires) for spec, expires in h.standin._loaded_snapshot()]})


def _decode(h: Handler, raw: bytes, struct_name: str, fields: dict[str, tuple[type, str]]) -> dict[str, Any]:
    try:
        return decode_body(raw, struct_name, fields)
    except DecodeError as exc:
        raise BadRequest(400, "missing request body" if exc.empty else exc.message) from None


def _errors(fn: Callable[[Handler, bytes], None]) -> Callable[[Handler, bytes], None]:
    def wrapped(h: Handler, raw: bytes) -> None:
        try:
            fn(h, raw)
        except BadRequest as exc:
            h.send_json(exc.status, {"error": exc.message})

    wrapped.__name__ = fn.__name__
    return wrapped


@_errors
def show(h: Handler, raw: bytes) -> None:
    body = _decode(h, raw, "ShowRequest", {"model": (str, "string"), "name": (str, "string")})
    name = body.get("model") or body.get("name") or ""
    if not name:
        raise BadRequest(400, "model is required")
    spec = h.standin._find(name)
    if spec is None:
        raise BadRequest(404, f"model '{name}' not found")
    h.send_json(200, spec.show())


def _model(h: Handler, body: dict[str, Any]) -> tuple[str, ModelSpec]:
    name = body.get("model") or ""
    if not name:
        raise BadRequest(400, "model is required")
    spec = h.standin._find(name)
    if spec is None:
        raise BadRequest(404, f"model {go_quote(name)} not found, try pulling it first")
    return name, spec


def _think_on(name: str, spec: ModelSpec, think: bool | str | None) -> bool:
    if think not in (None, False) and "thinking" not in spec.capabilities:
        raise BadRequest(400, f"{go_quote(name)} does not support thinking")
    return (think is None and "thinking" in spec.capabilities) or think not in (None, False)


def _load_answer(h: Handler, name: str, spec: ModelSpec, reason: str, keep: float | None, field: str) -> None:
    if reason == "unload":
        h.standin._unload(spec)
    else:
        h.standin._set_loaded(spec, keep)
    answer: dict[str, Any] = {"model": name, "created_at": h.standin._now()}
    answer[field] = {"role": "assistant", "content": ""} if field == "message" else ""
    h.send_json(200, {**answer, "done_reason": reason, "done": True})


def run_generation(
    h: Handler,
    body: dict[str, Any],
    spec: ModelSpec,
    dialect: Dialect,
    *,
    stream: bool,
    think: bool,
    num_predict: Any,
    num_ctx: Any = None,
) -> bool:
    """Queue for a slot, take the next scripted Reply and play it. False if the queue was full (nothing sent)."""
    standin = h.standin
    ctx = min(positive_int(num_ctx) or standin.default_num_ctx, spec.context_length)
    if refuse_overflow(h, body, openai=isinstance(dialect, OpenAIChat)):
        return True
    try:
        ticket = standin._scheduler.join()
    except Busy:
        return False
    try:
        reply = standin._next_reply(body)
        standin._scheduler.wait(ticket)
        plan = make_plan(reply, body, h.started_ns, stream=stream, think=think, num_predict=num_predict, num_ctx=ctx)
        play(h, plan, dialect)
    except Stopped:
        raise Abort from None
    finally:
        standin._scheduler.leave(ticket)
    return True


def _generating(h: Handler, raw: bytes, chat: bool) -> None:
    struct_name = "ChatRequest" if chat else "GenerateRequest"
    body = _decode(h, raw, struct_name, CHAT_FIELDS if chat else GENERATE_FIELDS)
    try:
        if chat:
            check_messages(body.get("messages"), struct_name)
        keep = keep_alive_seconds(body.get("keep_alive"))
        think = think_value(body.get("think"))
    except DecodeError as exc:
        raise BadRequest(400, exc.message) from None
    if not chat and body.get("raw") and (body.get("template") or body.get("system") or body.get("context")):
        raise BadRequest(400, "raw mode does not support template, system, or context")
    name, spec = _model(h, body)
    empty = not body.get("messages") if chat else not body.get("prompt") and not body.get("images")
    field = "message" if chat else "response"
    if empty and keep == 0:
        return _load_answer(h, name, spec, "unload", keep, field)
    think_on = _think_on(name, spec, think)
    if empty:
        return _load_answer(h, name, spec, "load", keep, field)
    if problem := format_error(body.get("format")):
        raise BadRequest(400, problem)
    h.standin._set_loaded(spec, keep)
    dialect = (OllamaChat if chat else OllamaGenerate)(name, h.standin.tz)
    options = body.get("options") or {}
    stream = body.get("stream") is not False
    limits = {"num_predict": options.get("num_predict"), "num_ctx": options.get("num_ctx")}
    if not run_generation(h, body, spec, dialect, stream=stream, think=think_on, **limits):
        raise BadRequest(503, BUSY)


@_errors
def chat(h: Handler, raw: bytes) -> None:
    _generating(h, raw, chat=True)


@_errors
def generate(h: Handler, raw: bytes) -> None:
    _generating(h, raw, chat=False)


PULL_FAILED = "pull model manifest: file does not exist"


@_errors
def pull(h: Handler, raw: bytes) -> None:
    fields = {"model": (str, "string"), "name": (str, "string"), "insecure": (bool, "bool"), "stream": (bool, "*bool")}
    body = _decode(h, raw, "PullRequest", fields)
    name = body.get("model") or body.get("name") or ""
    if not name:
        raise BadRequest(400, "invalid model name")
    standin = h.standin
    spec = standin._pullable_spec(name)
    stream = body.get("stream") is not False
    if spec is None:
        h.send_json(500, {"error": PULL_FAILED}, "application/json" if stream else "application/json; charset=utf-8")
        return
    lines = list(pull_progress(spec))
    step = standin.pull_latency / len(lines)
    if stream:
        h.begin_stream("application/x-ndjson")
    for line in lines:
        if step:
            standin._sleep(step)
        if line["status"] == "success":
            standin._install(spec)
        if stream:
            h.write_chunk(f"{go_dumps(line)}\n".encode())
    if stream:
        h.end_stream()
    else:
        h.send_json(200, {"status": "success"})


@functools.lru_cache(maxsize=65536)
def _gram_vector(gram: str, dims: int) -> tuple[float, ...]:
    """A fixed pseudo-random ±1 direction for one character gram (random indexing)."""
    digest = b"".join(hashlib.blake2b(f"{i}:{gram}".encode(), digest_size=64).digest() for i in range(dims // 512 + 1))
    bits = int.from_bytes(digest, "little")
    return tuple(1.0 if bits >> i & 1 else -1.0 for i in range(dims))


def _vector(text: str, dims: int) -> list[float]:
    """A deterministic dense embedding with some meaning in it (random indexing): the sum of a fixed random
    direction per character and character bigram of each word, so texts that share words, Korean or English,
    point the same way, and unrelated ones are nearly orthogonal — like a real embedding model's vectors."""
    words = unicodedata.normalize("NFC", text).lower().split()
    values = [0.0] * dims
    for word in words:
        grams = list(word) if len(word) == 1 else [word[i : i + 2] for i in range(len(word) - 1)]
        for gram in [*grams, f"<{word}>"]:
            values = list(map(operator.add, values, _gram_vector(gram, dims)))
    norm = math.sqrt(sum(v * v for v in values)) or 1.0
    return [round(v / norm, 6) for v in values]


@_errors
def embed(h: Handler, raw: bytes) -> None:
    fields = {"model": (str, "string"), "dimensions": (int, "int"), "truncate": (bool, "*bool")}
    body = _decode(h, raw, "EmbedRequest", fields)
    name, _spec = _model(h, body)
    given = body.get("input")
    if given is None or given == "":
        inputs: list[str] = []
    elif isinstance(given, str):
        inputs = [given]
    elif isinstance(given, list) and all(isinstance(x, str) for x in given):
        inputs = given
    else:
        raise BadRequest(400, "invalid input type")
    dims = body.get("dimensions") or h.standin.embed_dims
    if h.standin.embed_latency:
        h.standin._sleep(h.standin.embed_latency)
    started = time.time_ns()
    vectors = [_vector(text, int(dims)) for text in inputs]
    answer: dict[str, Any] = {"model": name, "embeddings": vectors}
    if inputs:
        tokens = sum(max(1, len(t) // 4) for t in inputs)
        answer.update(total_duration=time.time_ns() - h.started_ns, load_duration=time.time_ns() - started)
        answer["prompt_eval_count"] = tokens
    h.send_json(200, answer)
