"""The JSON schema the model must answer in, and a strict validator for what it says."""

from __future__ import annotations

import json
import re
from typing import Any

from reflee.feedback.models import FIELDS

FEEDBACK_SCHEMA: dict[str, Any] = {  # the v1 template's; each template has its own (reflee.feedback.templates)
    "type": "object",
    "properties": {
        "summary": {"type": "string"},
        "strengths": {"type": "array", "items": {"type": "string"}},
        "weaknesses": {"type": "array", "items": {"type": "string"}},
        "keep_doing": {"type": "array", "items": {"type": "string"}},
        "recommendations": {"type": "array", "items": {"type": "string"}},
    },
    "required": list(FIELDS),
    "additionalProperties": False,
}

_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.S)
_THINK = re.compile(r"^\s*<think>.*?</think>\s*", re.S)


class InvalidFeedback(ValueError):
    """The model's answer does not fit the schema; the message says how, for the repair prompt."""


def parse(text: str) -> dict[str, Any]:
    """Parse and validate; tolerate a code fence or a leading <think> block, nothing more."""
    cleaned = _THINK.sub("", text)
    if m := _FENCE.match(cleaned):
        cleaned = m[1]
    try:
        data = json.loads(cleaned)
    except json.JSONDecodeError as exc:
        raise InvalidFeedback(f"not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from None
    if not isinstance(data, dict):
        raise InvalidFeedback("the answer must be a JSON object")
    missing = [f for f in FIELDS if f not in data]
    if missing:
        raise InvalidFeedback(f"missing keys: {', '.join(missing)}")
    out: dict[str, Any] = {}
    summary = data["summary"]
    if not isinstance(summary, str) or not summary.strip():
        raise InvalidFeedback('"summary" must be a non-empty string')
    out["summary"] = summary.strip()
    for key in FIELDS[1:]:
        value = data[key]
        if isinstance(value, str):  # a common slip: one string instead of a list
            value = [value] if value.strip() else []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InvalidFeedback(f'"{key}" must be a list of strings')
        out[key] = [v.strip() for v in value if v.strip()]  # never trimmed: the length check flags too many
    return out
