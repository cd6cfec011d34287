"""Application periods: reading them from each source and saying where they stand on a day."""

from __future__ import annotations

import re
from datetime import date

from reflee.policy.models import ApplyStatus, Window

_YMD = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DATE = re.compile(r"(\d{4})\s*[.\-/년]\s*(\d{1,2})\s*[.\-/월]\s*(\d{1,2})\s*(?:일|\.)?")
_ALWAYS_WORDS = ("상시", "연중", "수시")


def _iso(y: str, m: str, d: str, what: str) -> str:
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        raise ValueError(f"{what}: {y}-{m}-{d} is not a real date") from None


def youth_windows(text: str) -> list[Window]:
    """온통청년 ``aplyYmd``: 'YYYYMMDD ~ YYYYMMDD', several joined by a literal \\N; blank -> []."""
    out = []
    for part in text.replace("\\N", "\n").splitlines():
        part = part.strip()
        if not part:
            continue
        pieces = [p.strip() for p in part.split("~")]
        if len(pieces) != 2:
            raise ValueError(f"aplyYmd: cannot read {part!r} (expected 'YYYYMMDD ~ YYYYMMDD')")
        ends: list[str | None] = []
        for piece in pieces:
            if not piece:
                ends.append(None)
                continue
            m = _YMD.match(piece)
            if not m:
                raise ValueError(f"aplyYmd: {piece!r} is not a YYYYMMDD date")
            ends.append(_iso(m[1], m[2], m[3], "aplyYmd"))
        out.append(Window(ends[0], ends[1]))
    return out


def gov24_period(text: str | None) -> tuple[str, list[Window]]:
    """공공서비스 ``신청기한`` (free text) -> (kind, windows). Dated ranges like '2026.05.04~2026.05.20' become
    windows; '상시신청' / '연중' / '수시' mean always; anything else is unknown (the text is kept).
    A date-shaped piece that is not a real date raises ValueError."""
    s = (text or "").strip()
    if not s:
        return "unknown", []
    dates = [_iso(m[1], m[2], m[3], "신청기한") for m in _DATE.finditer(s)]
    if len(dates) >= 2 and len(dates) % 2 == 0 and "~" in s:
        return "period", [Window(dates[i], dates[i + 1]) for i in range(0, len(dates), 2)]
    if any(word in s for word in _ALWAYS_WORDS) and not dates:
        return "always", []
    return "unknown", []


def inverted(windows: list[Window]) -> list[Window]:
    """Windows that end before they start (a typo in the source, e.g. '20260601 ~ 20250710')."""
    return [w for w in windows if w.start and w.end and w.start > w.end]


def status(kind: str, windows: list[Window], on: date) -> ApplyStatus:
    """Where applying stands on ``on``: open (now, or always), upcoming, closed, or unknown."""
    if kind == "always":
        return ApplyStatus("open")
    if kind == "closed":
        return ApplyStatus("closed")
    if kind != "period" or not windows:
        return ApplyStatus("unknown")
    today = on.isoformat()
    current = [w for w in windows if (w.start or "") <= today and (w.end is None or w.end >= today)]
    if current:
        end = min((w.end for w in current if w.end), default=None)
        left = (date.fromisoformat(end) - on).days if end else None
        return ApplyStatus("open", end, None, left)
    later = sorted((w for w in windows if w.start and w.start > today), key=lambda w: w.start or "")
    if later:
        return ApplyStatus("upcoming", later[0].end, later[0].start, None)
    return ApplyStatus("closed")
