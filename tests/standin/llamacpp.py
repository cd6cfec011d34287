"""What llama.cpp's llama-server adds beside the OpenAI-compatible API: GET /props (its per-slot context),
POST /tokenize, and the refusal it sends for a prompt longer than a slot's context.

Off by default (Ollama has none of them: 404). `standin.llamacpp = True` serves /props and /tokenize;
`standin.slot_ctx = 2048` makes /props report that context and makes every generating endpoint refuse a
longer prompt with llama-server's body (400, type exceed_context_size_error), as an Ollama-protocol front
over llama-server passes it on.
"""

from __future__ import annotations

import json
from typing import Any

from .reply import estimate_prompt_tokens, estimate_tokens
from .wire import Handler

JSON = "application/json; charset=utf-8"


def overflow_message(prompt: int, n_ctx: int) -> str:
    return f"request ({prompt} tokens) exceeds the available context size ({n_ctx} tokens), try increasing it"


def props(h: Handler, raw: bytes) -> None:
    s = h.standin
    if not s.llamacpp:
        h.send_text(404, "404 page not found", "text/plain")
        return
    n_ctx = s.slot_ctx or s.default_num_ctx
    h.send_json(
        200,
        {
            "default_generation_settings": {"n_ctx": n_ctx, "params": {"n_predict": -1, "temperature": 0.8}},
            "total_slots": s.parallel,
            "model_path": "/models/qwen2.5-1.5b-instruct-q4_k_m.gguf",
            "chat_template": "{{ messages }}",
            "build_info": "b6000-standin",
        },
        JSON,
    )


def tokenize(h: Handler, raw: bytes) -> None:
    s = h.standin
    try:
        body = json.loads(raw) if raw else {}
    except ValueError:
        body = {}
    body = body if isinstance(body, dict) else {}
    if not s.llamacpp:
        h.send_text(404, "404 page not found", "text/plain")
        return
    content = body.get("content")
    if not isinstance(content, str):
        error = {"code": 400, "message": '"content" must be provided', "type": "invalid_request_error"}
        h.send_json(400, {"error": error}, JSON)
        return
    s.tokenize_calls += 1
    h.send_json(200, {"tokens": list(range(1, estimate_tokens(content) + 1))}, JSON)


def refuse_overflow(h: Handler, body: dict[str, Any], *, openai: bool) -> bool:
    """Send llama-server's refusal when the prompt exceeds the slot's context; True if it was sent."""
    n_ctx = h.standin.slot_ctx
    if not n_ctx:
        return False
    prompt = estimate_prompt_tokens(body)
    if prompt <= n_ctx:
        return False
    message = overflow_message(prompt, n_ctx)
    if openai:
        error = {"code": 400, "message": message, "type": "exceed_context_size_error"}
        error.update(n_prompt_tokens=prompt, n_ctx=n_ctx)
        h.send_json(400, {"error": error}, "application/json")
    else:
        h.send_json(400, {"error": message})
    return True
