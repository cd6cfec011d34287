"""The routing table: which function answers which path and method."""

from __future__ import annotations

from collections.abc import Callable

from . import llamacpp, native, openai_compat
from .wire import Handler

ROUTES: dict[str, dict[str, Callable[[Handler, bytes], None]]] = {
    "/": {"GET": native.root, "HEAD": native.root},
    "/api/version": {"GET": native.version, "HEAD": native.version},
    "/api/tags": {"GET": native.tags, "HEAD": native.tags},
    "/api/ps": {"GET": native.ps},
    "/api/show": {"POST": native.show},
    "/api/chat": {"POST": native.chat},
    "/api/generate": {"POST": native.generate},
    "/api/pull": {"POST": native.pull},
    "/api/embed": {"POST": native.embed},
    "/v1/models": {"GET": openai_compat.models},
    "/props": {"GET": llamacpp.props},
    "/tokenize": {"POST": llamacpp.tokenize},
    "/v1/chat/completions": {"POST": openai_compat.chat_completions},
}


def route(h: Handler, path: str, raw: bytes) -> None:
    """Dispatch like gin: 401 when an API key is required and missing, 404 unknown path, 405 wrong method."""
    key = h.standin.require_api_key
    if key and path != "/" and h.headers.get("Authorization", "") != f"Bearer {key}":
        if path.startswith("/v1/"):
            error = {"message": "Incorrect API key provided.", "type": "invalid_request_error"}
            h.send_json(401, {"error": {**error, "param": None, "code": "invalid_api_key"}}, "application/json")
        else:
            h.send_json(401, {"error": "unauthorized"})
        return
    methods = ROUTES.get(path)
    if methods is None and path.startswith("/v1/models/") and len(path) > len("/v1/models/"):
        methods = {"GET": openai_compat.model}
    if methods is None:
        h.send_text(404, "404 page not found", "text/plain")
    elif h.command not in methods:
        h.send_text(405, "405 method not allowed", "text/plain")
    else:
        methods[h.command](h, raw)
