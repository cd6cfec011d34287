"""Dates and times.

Timestamps (created_at, updated_at, deleted_at) are UTC ISO-8601 strings with a
trailing ``Z``; they sort as text. An entry's own date is a local calendar date,
``YYYY-MM-DD``. ``parse_date`` reads what a person types, in English or Korean.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from reflee.errors import UsageError
from reflee.i18n import _
from reflee.lazyre import lazy

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
_AGO_EN = lazy(r"^(\d+|a|an|one)\s*(days?|weeks?|months?|years?|d|w)\s+ago$")
_AGO_KO = lazy(r"^(\d+)\s*(일|주|주일|개월|달|년)\s*(전|후)$")
_LAST_EN = lazy(r"^(last|this|next)\s+([a-z]+)$")
_LAST_KO = lazy(r"^(지난|이번|다음)\s*주?\s*(월|화|수|목|금|토|일)요일$")
_ISO = lazy(r"^(\d{4})[-./](\d{1,2})[-./](\d{1,2})\.?$")
_COMPACT = lazy(r"^(\d{4})(\d{2})(\d{2})$")
_KO_FULL = lazy(r"^(?:(\d{4})\s*년\s*)?(\d{1,2})\s*월\s*(\d{1,2})\s*일$")
_SHIFT_DAYS = lazy(r"^([+-])\s*(\d{1,7})\s*(d|w|일|주)$")
_MONTH_DAY = lazy(r"^(\d{1,2})\s*[/.]\s*(\d{1,2})\.?$")

EXAMPLES = "YYYY-MM-DD, 11/3, today, yesterday, -3d, 'last monday', 오늘, 어제, '11월 3일', '3일 전'"


def utc_now() -> str:
    """Now as a UTC ISO-8601 string with microseconds, e.g. 2026-11-21T23:17:41.123456Z."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def to_utc_iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def local_today() -> date:
    return datetime.now().astimezone().date()


_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
"""Days in each month of a common year."""


def days_in_month(year: int, month: int) -> int:
    """28 to 31, leap years counted (what calendar.monthrange gives, without importing calendar, ~1 ms)."""
    if not 1 <= month <= 12:
        raise ValueError(f"not a month: {month!r}")
    leap = month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return _DAYS[month - 1] + leap


def shift_months(day: date, months: int) -> date:
    """The same day ``months`` months later (earlier when negative), the month's last day when it is shorter."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return date(year, month, min(day.day, days_in_month(year, month)))


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
            return date(int(m[1]), int(m[2]), int(m[3])) if m[1] else _recent_day(int(m[2]), int(m[3]), today)
        if m := _MONTH_DAY.match(s):  # 11/3, 11.3: the most recent such day
            return _recent_day(int(m[1]), int(m[2]), today)
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
    """A relative date in words: '3 days ago', '지난주 월요일', 'friday', '-3d'."""
    if m := _SHIFT_DAYS.match(s):  # -3d, +2d, -1w
        return today + timedelta(days=int(m[2]) * _UNITS[m[3]] * (-1 if m[1] == "-" else 1))
    if m := _AGO_EN.match(s):
        n = 1 if m[1] in ("a", "an", "one") else int(m[1])
        unit = m[2]
        if unit.startswith("month"):
            return shift_months(today, -n)
        if unit.startswith("year"):
            return shift_months(today, -12 * n)
        return today - timedelta(days=n * _UNITS[unit])
    if m := _AGO_KO.match(s):
        n = int(m[1]) * (-1 if m[3] == "전" else 1)
        if m[2] in ("개월", "달"):
            return shift_months(today, n)
        if m[2] == "년":
            return shift_months(today, 12 * n)
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


def _recent_month(month: int, today: date) -> int:
    """The year of the most recent ``month`` that is not in the future: 11월 in March 2027 is November 2026."""
    return today.year if month <= today.month else today.year - 1


def _recent_day(month: int, day: int, today: date) -> date:
    """The most recent ``month``/``day`` that is not in the future (11/3 in February 2027 is 2026-11-03)."""
    year = today.year if (month, day) <= (today.month, today.day) else today.year - 1
    return date(year, month, day)


_REL_MONTH = {
    **dict.fromkeys(("this month", "current month", "이번 달", "이번달", "이달", "금월", "0"), 0),
    **dict.fromkeys(("last month", "previous month", "지난달", "지난 달", "저번달", "저번 달", "전달", "전월"), -1),
    **dict.fromkeys(("next month", "다음달", "다음 달", "내달", "익월"), 1),
}
_MONTH_NUM = lazy(r"^(\d{4})\s*[-./]\s*(\d{1,2})\.?$|^(\d{4})(\d{2})$")
_MONTH_KO = lazy(r"^(?:(\d{2}|\d{4})\s*년\s*)?(\d{1,2})\s*월(?:\s*달)?$")
_MONTH_SHIFT = lazy(r"^([+-])\s*(\d{1,4})$")
_MONTH_AGO_EN = lazy(r"^(\d+|a|an|one)\s+months?\s+(ago|later|from now)$")
_MONTH_AGO_KO = lazy(r"^(\d+)\s*(?:달|개월)\s*(전|후|뒤)$")
_MONTH_NAMED = lazy(r"^(?:([a-z]+)\.?(?:\s*,?\s*(\d{4}))?|(\d{4})\s+([a-z]+)\.?)$")
MONTH_NAMES = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
            ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
            ("november", "nov"), ("december", "dec"),
        ]
    )
    for name in names
}  # fmt: skip
MONTH_EXAMPLES = "2026-11, 11월, 2026년 11월, 이번 달, 지난달, this month, last month, Nov 2026, -1"


def _shifted(today: date, n: int) -> tuple[int, int]:
    y, m = divmod(today.year * 12 + today.month - 1 + n, 12)
    return y, m + 1


def read_month(text: str, today: date, *, field: str = "month") -> tuple[int, int] | None:
    """(year, month) for a month written the way people write one, or None when ``text`` is not a month at all.

    Relative: 이번 달, 지난달, 다음 달, this/last/next month, 0, -1, +1, '2달 전', '3 months ago'.
    Absolute: 2026-11, 2026.11, 2026/11, 202611, 2026년 11월, 26년 11월, November 2026, Nov 2026.
    A month without a year (11월, Nov) is the most recent one that is not in the future: in March 2027, 11월 is
    November 2026. A month form with an impossible value (13월, 2026-00) raises UsageError naming ``field``.
    """
    found = _month_words(" ".join(text.strip().lower().split()), text, today, field)
    if found is not None and not 1 <= found[0] <= 9999:  # -30000 months from now
        message = _("{text} is outside the months reflee can store")
        raise UsageError(message.format(text=repr(text.strip())), field=field)
    return found


def _month_words(s: str, text: str, today: date, field: str) -> tuple[int, int] | None:
    if s in _REL_MONTH:
        return _shifted(today, _REL_MONTH[s])
    year: int | None
    if m := _MONTH_NUM.match(s):  # the usual form first: 2026-03, 2026.3, 202603
        year, month = (int(m[1]), int(m[2])) if m[1] else (int(m[3]), int(m[4]))
    elif m := _MONTH_SHIFT.match(s):
        return _shifted(today, int(m[2]) * (-1 if m[1] == "-" else 1))
    elif m := _MONTH_AGO_EN.match(s):
        n = 1 if m[1] in ("a", "an", "one") else int(m[1])
        return _shifted(today, -n if m[2] == "ago" else n)
    elif m := _MONTH_AGO_KO.match(s):
        return _shifted(today, int(m[1]) * (-1 if m[2] == "전" else 1))
    elif m := _MONTH_KO.match(s):
        month = int(m[2])
        year = None if m[1] is None else int(m[1]) + (2000 if len(m[1]) == 2 else 0)
    elif (m := _MONTH_NAMED.match(s)) and (m[1] or m[4]) in MONTH_NAMES:
        month = MONTH_NAMES[m[1] or m[4]]
        found = m[2] or m[3]
        year = int(found) if found else None
    else:
        return None
    if not 1 <= month <= 12 or (year is not None and not 1 <= year <= 9999):
        raise UsageError(
            _("expected a month as YYYY-MM or in words ({examples}); {text} is not a real month").format(
                text=repr(text.strip()), examples=MONTH_EXAMPLES
            ),
            field=field,
        )
    return (year if year is not None else _recent_month(month, today)), month


def parse_month(text: str, today: date | None = None, *, field: str = "month") -> str:
    """A month as 'YYYY-MM' from what a person types (see ``read_month``); UsageError naming ``field`` when it
    cannot be read, with examples."""
    found = read_month(text, today or local_today(), field=field)
    if found is None:
        raise UsageError(
            _("expected a month as YYYY-MM or in words ({examples}), got {text}").format(
                text=repr(text.strip()), examples=MONTH_EXAMPLES
            ),
            field=field,
        )
    return f"{found[0]:04d}-{found[1]:02d}"


def day_or_month(text: str, today: date | None = None, *, end: bool = False, field: str = "--since") -> date:
    """One end of a range of days: a day, or a month meaning its first day (its last day with ``end``)."""
    today = today or local_today()
    found = read_month(text, today, field=field)
    if found is None:
        return parse_date(text, today, field=field)
    year, month = found
    return date(year, month, days_in_month(year, month) if end else 1)
