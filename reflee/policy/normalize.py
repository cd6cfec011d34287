"""Shared helpers for turning source records into ``Policy`` values: text clean-up, IDs, hashes."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from datetime import datetime
from typing import Any

from reflee.i18n import _

_TIMESTAMP = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:[ T]?(\d{2}):?(\d{2}):?(\d{2}))?$")


class RecordError(ValueError):
    """A record that cannot be read; the message names the field."""


def id_and_title(
    record: Any, id_of: Callable[[dict[str, Any]], str], id_key: str, title_key: str, noun: str
) -> tuple[str, str]:
    """A source record's ID and title, or a RecordError naming what is missing."""
    if not isinstance(record, dict):
        raise RecordError(_("not a JSON object"))
    source_id = id_of(record)
    if not source_id:
        raise RecordError(_("{id_key}: missing").format(id_key=id_key))
    title = clean(record.get(title_key))
    if not title:
        raise RecordError(_("{title_key}: missing (a {noun} needs a name)").format(title_key=title_key, noun=noun))
    return source_id, title


def clean(value: object) -> str:
    """Source text: None -> '', NFC, CRLF -> LF, trailing spaces and blank padding trimmed."""
    if value is None:
        return ""
    s = value if isinstance(value, str) else str(value)
    if not s.isascii() and not unicodedata.is_normalized("NFC", s):
        s = unicodedata.normalize("NFC", s)
    if "\r" in s:
        s = s.replace("\r\n", "\n").replace("\r", "\n")
    if " \n" in s or "\t\n" in s:
        s = "\n".join(line.rstrip() for line in s.split("\n"))
    return s.strip()


def split_list(value: object, sep: str = ",") -> list[str]:
    """'a, b,,a' -> ['a', 'b'] (order kept, duplicates dropped)."""
    seen: dict[str, None] = {}
    for part in clean(value).split(sep):
        part = part.strip()
        if part:
            seen[part] = None
    return list(seen)


def url(value: object) -> str | None:
    s = clean(value)
    return s if re.match(r"^https?://\S+$", s) else None


def iso_timestamp(value: object, field: str) -> str | None:
    """'2026-07-10 09:54:07' or '20260710095407' -> '2026-07-10T09:54:07'; blank -> None."""
    s = clean(value)
    if not s:
        return None
    m = _TIMESTAMP.match(s)
    if m:
        try:
            y, mo, d, h, mi, sec = (int(g) for g in m.groups(default="0"))
            return datetime(y, mo, d, h, mi, sec).isoformat()
        except ValueError:
            pass
    raise RecordError(_("{field}: {s!r} is not a date and time").format(field=field, s=s))


def policy_id(source: str, source_id: str) -> str:
    """A name-based UUID (RFC 9562 version 8) from ``source:source_id``: every machine and every re-import
    derive the same ID, so a favourite names the same policy everywhere, and the first 8 hex digits are
    enough to tell policies apart (an ID built from registration times would share long prefixes, as
    agencies register hundreds of policies in the same second)."""
    digest = bytearray(hashlib.sha256(f"{source}:{source_id}".encode()).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x80
    digest[8] = (digest[8] & 0x3F) | 0x80
    return digest.hex()


PARSER_VERSION = 2
"""Bump when the parsers read records differently, so a re-import rewrites policies whose records did not change."""


def content_hash(source: str, raw_json: str) -> str:
    """What makes an import of the same record a no-op: the record as received, and how it is read."""
    return hashlib.sha256(f"{PARSER_VERSION}\x1f{source}\x1f{raw_json}".encode()).hexdigest()
