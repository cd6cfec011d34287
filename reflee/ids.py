"""Globally unique, time-sortable IDs (UUIDv7, RFC 9562) as 32 lowercase hex digits.

Stored without dashes so that any prefix a user types is a plain string prefix. What lists show and people
type is the row's short ID (the ``sid`` column, migration m013): the last 7 hex digits (random), unique in
its table and fixed once given; a full-ID prefix of at least MIN_PREFIX digits works too.
"""

from __future__ import annotations

import os
import re
import time

SHORT_LEN = 7
SHORT_MAX = 8  # a short ID that had to move to a longer window
SID_START = 25  # 0-based: the last 7 digits, random (a batch numbered up from one random value differs there)
MIN_PREFIX = 4
_HEX = re.compile(r"^[0-9a-f]+$")
_last_ms = 0
_last_seq = 0


def new_id(now_ms: int | None = None) -> str:
    """A UUIDv7: 48-bit Unix ms, version 7, 12-bit counter (monotonic within a ms), variant, 62 random bits."""
    global _last_ms, _last_seq
    if now_ms is not None:  # an explicit time: no shared state
        return _compose(now_ms, int.from_bytes(os.urandom(2), "big") & 0x7FF)
    ms = int(time.time() * 1000)
    if ms <= _last_ms:
        ms = _last_ms
        _last_seq += 1
        if _last_seq > 0xFFF:
            ms += 1
            _last_seq = 0
    else:
        _last_seq = int.from_bytes(os.urandom(2), "big") & 0x7FF
    _last_ms = ms
    return _compose(ms, _last_seq)


def _compose(ms: int, seq: int) -> str:
    rand = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | seq << 64 | 0b10 << 62 | rand
    return f"{value:032x}"


def normalize_prefix(text: str) -> str | None:
    """Lower-case, drop dashes; None if it cannot be part of an ID."""
    cleaned = text.strip().lower().replace("-", "")
    if not cleaned or not _HEX.match(cleaned) or len(cleaned) > 32:
        return None
    return cleaned


def natural_sid(ident: str) -> str:
    """The short ID a row gets unless another row of its table had it first: its last 7 (random) hex digits.

    The same computation as the ``sid`` column (migration m013); the column is what counts."""
    return ident[SID_START : SID_START + SHORT_LEN]
