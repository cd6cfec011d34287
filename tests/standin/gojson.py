"""How Ollama's Go code encodes and decodes JSON, closely enough for clients to see the same bytes and errors.

- go_dumps: encoding/json output (compact, raw UTF-8, `<>&` and U+2028/2029 escaped).
- decode_body: gin's ShouldBindJSON (one JSON value, trailing bytes ignored) with Go's error messages for
  syntax errors and for top-level field type mismatches.
- parse_duration: time.ParseDuration, as used by api.Duration for `keep_alive`.
- rfc3339nano: time.Time marshalled as RFC 3339 with nanoseconds and the zone offset.
"""

from __future__ import annotations

import json
import re
import time
from datetime import datetime, timedelta, timezone
from typing import Any

KST = timezone(timedelta(hours=9))


class DecodeError(Exception):
    """A request body Go would refuse; `empty` marks the io.EOF case (no body at all)."""

    def __init__(self, message: str, empty: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.empty = empty


def go_dumps(obj: Any) -> str:
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def go_quote(s: str) -> str:
    """strconv.Quote / %q for printable text."""
    return json.dumps(s, ensure_ascii=False)


def rfc3339nano(ns: int | None = None, tz: timezone = KST) -> str:
    ns = time.time_ns() if ns is None else ns
    secs, frac = divmod(ns, 1_000_000_000)
    dt = datetime.fromtimestamp(secs, tz)
    out = dt.strftime("%Y-%m-%dT%H:%M:%S")
    if frac:
        out += "." + f"{frac:09d}".rstrip("0")
    offset = dt.utcoffset() or timedelta(0)
    if not offset:
        return out + "Z"
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    return out + f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


# --- decoding ---------------------------------------------------------------------------------------------

_KINDS = {str: "string", bool: "bool", int: "number", float: "number", list: "array", dict: "object"}


def _kind(value: Any) -> str:
    return _KINDS.get(type(value), "value")


def _quote_char(c: str) -> str:
    if c == "'":
        return "'\\''"
    if c == '"':
        return "'\"'"
    return "'" + json.dumps(c, ensure_ascii=False)[1:-1] + "'"


def _container_at(doc: str, pos: int) -> str:
    """'{' or '[' for the innermost container open at pos (strings skipped)."""
    stack: list[str] = []
    in_str = esc = False
    for ch in doc[:pos]:
        if in_str:
            esc, in_str = (False, True) if esc else (ch == "\\", ch != '"')
        elif ch == '"':
            in_str = True
        elif ch in "{[":
            stack.append(ch)
        elif ch in "}]" and stack:
            stack.pop()
    return stack[-1] if stack else ""


def _syntax_message(err: json.JSONDecodeError, doc: str) -> str:
    pos, msg = err.pos, err.msg
    if pos >= len(doc) or msg.startswith("Unterminated string"):
        return "unexpected EOF"
    c = _quote_char(doc[pos])
    if msg == "Expecting value":
        return f"invalid character {c} looking for beginning of value"
    if msg.startswith("Expecting property name"):
        return f"invalid character {c} looking for beginning of object key string"
    if msg == "Expecting ':' delimiter":
        return f"invalid character {c} after object key"
    if msg == "Expecting ',' delimiter":
        where = "array element" if _container_at(doc, pos) == "[" else "object key:value pair"
        return f"invalid character {c} after {where}"
    if msg.startswith("Invalid control character"):
        return f"invalid character {c} in string literal"
    if msg.startswith("Invalid \\escape"):
        return f"invalid character {c} in string escape code"
    return msg


def _no_constants(name: str) -> Any:
    raise ValueError(name)


def decode_body(raw: bytes, struct: str, fields: dict[str, tuple[type, str]]) -> dict[str, Any]:
    """Decode a request body the way gin + encoding/json would into the Go struct `struct`.

    `fields` maps a JSON key to (python type, Go type name) for the type checks Go performs.
    """
    try:
        doc = raw.decode("utf-8")
    except UnicodeDecodeError:
        doc = raw.decode("utf-8", "replace")
    stripped = doc.lstrip(" \t\r\n")
    if not stripped:
        raise DecodeError("EOF", empty=True)
    offset = len(doc) - len(stripped)
    try:
        value, _end = json.JSONDecoder(parse_constant=_no_constants).raw_decode(stripped)
    except json.JSONDecodeError as exc:
        exc.pos += offset
        raise DecodeError(_syntax_message(exc, doc)) from None
    except ValueError:
        raise DecodeError("invalid character 'N' looking for beginning of value") from None
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise DecodeError(f"json: cannot unmarshal {_kind(value)} into Go value of type api.{struct}")
    for key, (pytype, gotype) in fields.items():
        got = value.get(key)
        if got is None:
            continue
        ok = isinstance(got, pytype) and not (pytype in (int, float) and isinstance(got, bool))
        if pytype is int and isinstance(got, float) and got.is_integer():
            ok = True
        if not ok:
            raise DecodeError(
                f"json: cannot unmarshal {_kind(got)} into Go struct field {struct}.{key} of type {gotype}"
            )
    return value


def check_messages(messages: Any, struct: str) -> None:
    for m in messages or []:
        if not isinstance(m, dict):
            raise DecodeError(
                f"json: cannot unmarshal {_kind(m)} into Go struct field {struct}.messages of type api.Message"
            )
        for key in ("role", "content"):
            if m.get(key) is not None and not isinstance(m[key], str):
                where = f"Go struct field {struct}.messages.{key}"
                raise DecodeError(f"json: cannot unmarshal {_kind(m[key])} into {where} of type string")


# --- durations (keep_alive) -------------------------------------------------------------------------------

_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "μs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
_PART = re.compile(r"(\d+\.?\d*|\.\d+)([^\d.]*)")


def parse_duration(text: str) -> float:
    """time.ParseDuration in seconds; raises DecodeError with Go's message."""
    orig, s = text, text
    neg = s[:1] == "-"
    if s[:1] in "-+" and s:
        s = s[1:]
    if s == "0":
        return 0.0
    if not s:
        raise DecodeError(f"time: invalid duration {go_quote(orig)}")
    total, pos = 0.0, 0
    while pos < len(s):
        m = _PART.match(s, pos)
        if not m:
            raise DecodeError(f"time: invalid duration {go_quote(orig)}")
        number, unit = m.group(1), m.group(2)
        if not unit:
            raise DecodeError(f"time: missing unit in duration {go_quote(orig)}")
        if unit not in _UNITS:
            raise DecodeError(f"time: unknown unit {go_quote(unit)} in duration {go_quote(orig)}")
        total += float(number) * _UNITS[unit]
        pos = m.end()
    return -total if neg else total


def keep_alive_seconds(value: Any) -> float | None:
    """api.Duration.UnmarshalJSON: number = seconds, string = Go duration; negative = forever (inf)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise DecodeError(f"Unsupported type: '{type(value).__name__}'")
    seconds = parse_duration(value) if isinstance(value, str) else float(value)
    return float("inf") if seconds < 0 else seconds


THINK_LEVELS = ("high", "medium", "low", "max")


def think_value(value: Any) -> bool | str | None:
    """api.ThinkValue: a bool or one of the levels."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and value in THINK_LEVELS:
        return value
    shown = go_quote(value) if isinstance(value, str) else go_dumps(value)
    raise DecodeError(f'invalid think value: {shown} (must be "high", "medium", "low", true, or false)')


def format_error(value: Any) -> str | None:
    """The error Ollama's runner gives for a `format` that is not "json", a JSON object, "" or null."""
    if value is None or value in ("", "json") or isinstance(value, dict):
        return None
    return f'invalid format: {go_quote(go_dumps(value))}; expected "json" or a valid JSON Schema object'
