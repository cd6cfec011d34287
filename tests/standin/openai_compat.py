"""The OpenAI-compatible endpoints: GET /v1/models, GET /v1/models/{model}, POST /v1/chat/completions.

`standin.openai_flavor = "lmstudio"` answers like LM Studio where it differs from Ollama: `response_format` must
be `json_schema` or `text` (a plain-string 400 otherwise), and only the first delta carries the role.
"""

from __future__ import annotations

from typing import Any

from .dialects import OpenAIChat, openai_error
from .gojson import DecodeError, decode_body, go_quote
from .native import BadRequest, _think_on, run_generation
from .reply import BUSY
from .wire import Handler

JSON = "application/json"
FIELDS = {
    "model": (str, "string"),
    "messages": (list, "[]openai.Message"),
    "stream": (bool, "bool"),
    "max_tokens": (int, "*int"),
    "response_format": (dict, "*openai.ResponseFormat"),
    "stream_options": (dict, "*openai.StreamOptions"),
}
LMSTUDIO_FORMAT = "'response_format.type' must be 'json_schema' or 'text'"


def models(h: Handler, raw: bytes) -> None:
    data = [m.openai_entry() for m in h.standin._models_snapshot()]
    h.send_json(200, {"object": "list", "data": data}, JSON)


def model(h: Handler, raw: bytes) -> None:
    name = h.path.split("?", 1)[0][len("/v1/models/") :]
    spec = h.standin._find(name)
    if spec is None:
        h.send_json(404, openai_error(404, f"model {go_quote(name)} not found"), JSON)
    else:
        h.send_json(200, spec.openai_entry(), JSON)


def _think(body: dict[str, Any]) -> bool | str | None:
    effort = body.get("reasoning_effort")
    if isinstance(body.get("reasoning"), dict):
        effort = body["reasoning"].get("effort", effort)
    if effort is None:
        return None
    return False if effort == "none" else str(effort)


def _format(h: Handler, body: dict[str, Any]) -> Any:
    spec = body.get("response_format")
    if not isinstance(spec, dict):
        return None
    kind = spec.get("type")
    if h.standin.openai_flavor == "lmstudio" and kind not in ("json_schema", "text"):
        raise BadRequest(400, LMSTUDIO_FORMAT)
    if kind == "json_object":
        return "json"
    if kind == "json_schema":
        schema = (spec.get("json_schema") or {}).get("schema")
        return schema if isinstance(schema, dict) else None
    return None


def chat_completions(h: Handler, raw: bytes) -> None:
    try:
        _chat_completions(h, raw)
    except BadRequest as exc:
        if exc.message == LMSTUDIO_FORMAT:
            h.send_json(exc.status, {"error": exc.message}, JSON)
        else:
            h.send_json(exc.status, openai_error(exc.status, exc.message), JSON)


def _chat_completions(h: Handler, raw: bytes) -> None:
    try:
        body = decode_body(raw, "ChatCompletionRequest", FIELDS)
    except DecodeError as exc:
        raise BadRequest(400, exc.message) from None
    if not body.get("messages"):
        raise BadRequest(400, "[] is too short - 'messages'")
    _format(h, body)
    name = body.get("model") or ""
    if not name:
        raise BadRequest(400, "model is required")
    spec = h.standin._find(name)
    if spec is None:
        raise BadRequest(404, f"model {go_quote(name)} not found, try pulling it first")
    think_on = _think_on(name, spec, _think(body))
    stream = body.get("stream") is True
    include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
    dialect = OpenAIChat(
        name,
        h.standin._next_number(),
        include_usage=stream and include_usage,
        role_every_delta=h.standin.openai_flavor != "lmstudio",
    )
    h.standin._set_loaded(spec, None)
    num_predict = body.get("max_tokens") or body.get("max_completion_tokens")
    if not run_generation(h, body, spec, dialect, stream=stream, think=think_on, num_predict=num_predict):
        raise BadRequest(503, BUSY)
