"""Reading a feedback answer while it streams: the fields of a JSON object as far as it has arrived.

``partial_fields('{"summary": "다 썼다", "strengths": ["회고를 시')`` gives
``{"summary": "다 썼다", "strengths": ["회고를 시"]}``: finished strings whole, the string being written as far as
it goes (a half-received escape dropped), lists with the items so far, keys in the order the model wrote them.
Front ends show each section as it is written (the CLI's live view now, the TUI later).
"""

from __future__ import annotations

import json
import re
from typing import Any

_BODY = re.compile(r'(?:[^"\\]|\\.)*', re.S)
_SPACE = re.compile(r"[\s,]*")


def _decode(raw: str) -> str:
    while raw:
        try:
            return str(json.loads(f'"{raw}"'))
        except ValueError:  # a half-received escape at the end
            raw = raw[:-1]
    return ""


def _string(text: str, i: int) -> tuple[str, int, bool]:
    """The JSON string starting at text[i] == '"': (its value so far, the index after it, whether it ended)."""
    m = _BODY.match(text, i + 1)
    assert m is not None  # the pattern matches the empty string
    end = m.end()
    if end < len(text) and text[end] == '"':
        return _decode(m.group()), end + 1, True
    return _decode(m.group()), len(text), False


def _skip(text: str, i: int) -> int:
    m = _SPACE.match(text, i)
    return m.end() if m else i


def partial_fields(text: str) -> dict[str, Any]:
    """The string and list-of-strings fields of the (possibly unfinished) JSON object in ``text``."""
    out: dict[str, Any] = {}
    i = text.find("{")
    if i < 0:
        return out
    i, n = i + 1, len(text)
    while True:
        i = _skip(text, i)
        if i >= n or text[i] != '"':
            return out
        key, i, done = _string(text, i)
        i = _skip(text, i)
        if not done or i >= n or text[i] != ":":
            return out
        i = _skip(text, i + 1)
        if i >= n:
            return out
        if text[i] == '"':
            out[key], i, done = _string(text, i)
            if not done:
                return out
        elif text[i] == "[":
            items: list[str] = []
            out[key] = items
            i += 1
            while True:
                i = _skip(text, i)
                if i >= n:
                    return out
                if text[i] == "]":
                    i += 1
                    break
                if text[i] != '"':
                    return out
                item, i, done = _string(text, i)
                items.append(item)
                if not done:
                    return out
        else:
            return out  # not a shape feedback uses


def current_field(text: str) -> str | None:
    """The key being written last (None before the first)."""
    fields = partial_fields(text)
    return next(reversed(fields), None) if fields else None
