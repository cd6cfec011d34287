"""Dates and times.

Timestamps (created_at, updated_at, deleted_at) are UTC ISO-8601 strings with a
trailing ``Z``; they sort as text. An entry's own date is a local calendar date,
``YYYY-MM-DD``. ``parse_date`` reads what a person types, in English or Korean.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from reflee.errors import UsageError
from reflee.i18n import _

WEEKDAYS_EN = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS_EN_SHORT = [d[:3] for d in WEEKDAYS_EN]
WEEKDAYS_KO = ["월요일", "화요일", "수요일", "목요일", "금요일", "토요일", "일요일"]

_WORDS = {
    "today": 0,
    "now": 0,
    "yesterday": -1,
    "tomorrow": 1,
    "오늘": 0,
    "어제": -1,
    "그저께": -2,
    "그제": -2,
    "엊그제": -2,
    "내일": 1,
    "모레": 2,
    "글피": 3,
}
_UNITS = {
    "day": 1,
    "days": 1,
    "d": 1,
    "일": 1,
    "week": 7,
    "weeks": 7,
    "w": 7,
    "주": 7,
    "주일": 7,
}
_AGO_EN = re.compile(r"^(\d+|a|an|one)\s*(days?|weeks?|months?|years?|d|w)\s+ago$")
_AGO_KO = re.compile(r"^(\d+)\s*(일|주|주일|개월|달|년)\s*(전|후)$")
_LAST_EN = re.compile(r"^(last|this|next)\s+([a-z]+)$")
_LAST_KO = re.compile(r"^(지난|이번|다음)\s*주?\s*(월|화|수|목|금|토|일)요일$")
_ISO = re.compile(r"^(\d{4})[-./](\d{1,2})[-./](\d{1,2})\.?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_KO_FULL = re.compile(r"^(?:(\d{4})\s*년\s*)?(\d{1,2})\s*월\s*(\d{1,2})\s*일$")

EXAMPLES = "YYYY-MM-DD, today, yesterday, '3 days ago', 'last monday', 오늘, 어제, 그저께, '3일 전'"


def utc_now() -> str:
    """Now as a UTC ISO-8601 string with microseconds, e.g. 2026-11-21T23:17:41.123456Z."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def to_utc_iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def local_today() -> date:
    return datetime.now().astimezone().date()


def _shift_months(day: date, months: int) -> date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    import calendar

    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _weekday_index(word: str) -> int | None:
    word = word.lower()
    if word in WEEKDAYS_EN:
        return WEEKDAYS_EN.index(word)
    if word in WEEKDAYS_EN_SHORT:
        return WEEKDAYS_EN_SHORT.index(word)
    return None


def _relative_weekday(which: str, weekday: int, today: date) -> date:
    """last = the most recent such day strictly before today; this = in this week (Mon-Sun); next = after today."""
    if which in ("last", "지난"):
        delta = (today.weekday() - weekday) % 7 or 7
        return today - timedelta(days=delta)
    if which in ("next", "다음"):
        delta = (weekday - today.weekday()) % 7 or 7
        return today + timedelta(days=delta)
    return today - timedelta(days=today.weekday()) + timedelta(days=weekday)


def parse_date(text: str, today: date | None = None, *, field: str = "--date") -> date:
    """Parse a date the way a person writes it. Raises UsageError naming ``field``."""
    today = today or local_today()
    raw = text
    s = " ".join(text.strip().lower().split())
    if not s:
        raise UsageError(_("{field}: empty date (try {examples})").format(field=field, examples=EXAMPLES))
    if s in _WORDS:
        return today + timedelta(days=_WORDS[s])
    try:
        if m := _ISO.match(s) or _COMPACT.match(s):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _KO_FULL.match(s):
            return date(int(m[1]) if m[1] else today.year, int(m[2]), int(m[3]))
    except ValueError:
        raise UsageError(_("{field}: {raw!r} is not a real calendar date").format(field=field, raw=raw)) from None
    try:
        return _spoken(s, raw, today, field)
    except (ValueError, OverflowError):  # 100000 years ago, 1000000000일 전: before year 1 or after 9999
        raise UsageError(
            _("{field}: {date} is outside the dates reflee can store (years 1 to 9999)").format(
                field=field, date=repr(raw)
            )
        ) from None


def _spoken(s: str, raw: str, today: date, field: str) -> date:
    """A relative date in words: '3 days ago', '지난주 월요일', 'friday'."""
    if m := _AGO_EN.match(s):
        n = 1 if m[1] in ("a", "an", "one") else int(m[1])
        unit = m[2]
        if unit.startswith("month"):
            return _shift_months(today, -n)
        if unit.startswith("year"):
            return _shift_months(today, -12 * n)
        return today - timedelta(days=n * _UNITS[unit])
    if m := _AGO_KO.match(s):
        n = int(m[1]) * (-1 if m[3] == "전" else 1)
        if m[2] in ("개월", "달"):
            return _shift_months(today, n)
        if m[2] == "년":
            return _shift_months(today, 12 * n)
        return today + timedelta(days=n * _UNITS[m[2]])
    if m := _LAST_EN.match(s):
        if m[2] == "week":
            return today + timedelta(days={"last": -7, "this": 0, "next": 7}[m[1]])
        wd = _weekday_index(m[2])
        if wd is not None:
            return _relative_weekday(m[1], wd, today)
    if m := _LAST_KO.match(s):
        wd = "월화수목금토일".index(m[2])
        if "주" in s and m[1] in ("지난", "다음"):
            # 지난주 월요일 = Monday of last week; 다음주 월요일 = Monday of next week
            monday = today - timedelta(days=today.weekday()) + timedelta(days=-7 if m[1] == "지난" else 7)
            return monday + timedelta(days=wd)
        return _relative_weekday(m[1], wd, today)
    wd = _weekday_index(s)
    if wd is None and s in WEEKDAYS_KO:
        wd = WEEKDAYS_KO.index(s)
    if wd is not None:  # a bare weekday means the most recent one, today included
        return today - timedelta(days=(today.weekday() - wd) % 7)
    raise UsageError(
        _("{field}: cannot read {raw!r} as a date (try {examples})").format(field=field, raw=raw, examples=EXAMPLES)
    )


def parse_month(text: str, *, field: str = "--month") -> tuple[int, int]:
    m = re.match(r"^(\d{4})-(\d{1,2})$", text.strip())
    if not m or not 1 <= int(m[2]) <= 12:
        raise UsageError(_("{field}: expected YYYY-MM, got {text!r}").format(field=field, text=text))
    return int(m[1]), int(m[2])
