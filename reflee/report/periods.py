"""Report periods: a week or a month, read the way people write them.

    2026-W47 · this week · last week · 지난주 · 이번 주 · 2 weeks ago · 3주 전 · 2026-11-18 (its week)
    2026-11 · 2026년 11월 · 11월 · november 2026 · this month · last month · 지난달 · 이번 달 · 2달 전 · -1

A week starts on ``week_start`` (monday or sunday); its key is the ISO week of its Monday, so ``2026-W47`` is
Mon 16 – Sun 22 November 2026 with Monday weeks and Sun 15 – Sat 21 November with Sunday weeks. The parser is
self-contained for weeks; months are read by reflee.dates.read_month, as everywhere else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from reflee.dates import days_in_month
from reflee.errors import UsageError
from reflee.i18n import _

KINDS = ("weekly", "monthly")
WEEK_STARTS = {"monday": 0, "sunday": 6}

_ISO_WEEK = re.compile(r"^(\d{4})\s*-?\s*w\s*(\d{1,2})$")
_AGO = re.compile(r"^(\d+|a|an|one)\s*(weeks?|months?)\s+ago$")
_SHIFT = re.compile(r"^([+-]?)\s*(\d{1,4})$")
_AGO_KO = re.compile(r"^(\d+)\s*(주|주일|달|개월)\s*전$")

_THIS_WEEK = {"this week", "current week", "이번 주", "이번주", "금주"}
_LAST_WEEK = {"last week", "previous week", "지난주", "지난 주", "저번주", "저번 주"}

EXAMPLES = {
    "weekly": "2026-W47, this week, last week, 지난주, 이번 주, -1, '2 weeks ago', a date in the week",
    "monthly": "2026-11, 11월, this month, last month, 지난달, 이번 달, '2026년 11월', november 2026, -1",
}


@dataclass(frozen=True)
class Period:
    kind: str
    """weekly | monthly"""
    key: str
    """2026-W47 | 2026-11"""
    start: date
    end: date
    """The last day, inclusive."""

    def previous(self, week_start: str = "monday") -> Period:
        return period_containing(self.kind, self.start - timedelta(days=1), week_start)

    def next(self, week_start: str = "monday") -> Period:
        return period_containing(self.kind, self.end + timedelta(days=1), week_start)

    def complete(self, today: date) -> bool:
        """Whether the period is over (a report of an unfinished period is made again when asked)."""
        return self.end < today

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "key": self.key, "start": self.start.isoformat(), "end": self.end.isoformat()}


def week_of(day: date, week_start: str = "monday") -> Period:
    first = day - timedelta(days=(day.weekday() - WEEK_STARTS[week_start]) % 7)
    monday = first if first.weekday() == 0 else first + timedelta(days=1)
    year, week, _ = monday.isocalendar()
    return Period("weekly", f"{year}-W{week:02d}", first, first + timedelta(days=6))


def month_of(day: date) -> Period:
    last = days_in_month(day.year, day.month)
    return Period("monthly", f"{day.year}-{day.month:02d}", day.replace(day=1), day.replace(day=last))


def period_containing(kind: str, day: date, week_start: str = "monday") -> Period:
    return week_of(day, week_start) if kind == "weekly" else month_of(day)


def last_complete(kind: str, today: date, week_start: str = "monday") -> Period:
    """The most recent period that is over: last week, or last month."""
    return period_containing(kind, today, week_start).previous(week_start)


def _shift(kind: str, today: date, back: int, week_start: str) -> Period:
    p = period_containing(kind, today, week_start)
    for _step in range(back):
        p = p.previous(week_start)
    return p


def _month(year: int, month: int, raw: str) -> Period:
    if not 1 <= month <= 12 or not 1900 <= year <= 9999:
        raise UsageError(_("{text} is not a real month").format(text=repr(raw)), field="period")
    return month_of(date(year, month, 1))


def parse(text: str | None, kind: str, today: date, week_start: str = "monday") -> Period:
    """The period ``text`` names; None or empty means the last complete one. Errors name the field ``period``."""
    if kind not in KINDS:
        raise UsageError(
            _("{value} is not one of {choices}").format(value=repr(kind), choices=", ".join(KINDS)), field="kind"
        )
    if week_start not in WEEK_STARTS:
        raise UsageError(
            _("{value} is not one of {choices}").format(value=repr(week_start), choices=", ".join(WEEK_STARTS)),
            field="week_start",
        )
    raw = text or ""
    s = " ".join(raw.strip().lower().split())
    if not s:
        return last_complete(kind, today, week_start)
    found = _parse_week(s, raw, today, week_start) if kind == "weekly" else _parse_month(s, raw, today)
    if found is not None:
        return found
    other = "monthly" if kind == "weekly" else "weekly"
    try:
        hit = _parse_month(s, raw, today) if other == "monthly" else _parse_week(s, raw, today, week_start)
    except UsageError:
        hit = None
    if hit is not None:
        message = (
            _("{text} is a month; use 'reflee report monthly'")
            if other == "monthly"
            else _("{text} is a week; use 'reflee report weekly'")
        )
        raise UsageError(message.format(text=repr(raw)), field="period")
    message = (
        _("cannot read {text} as a week (try {examples})")
        if kind == "weekly"
        else _("cannot read {text} as a month (try {examples})")
    )
    raise UsageError(message.format(text=repr(raw), examples=EXAMPLES[kind]), field="period")


def _parse_week(s: str, raw: str, today: date, week_start: str) -> Period | None:
    if s in _THIS_WEEK:
        return _shift("weekly", today, 0, week_start)
    if s in _LAST_WEEK:
        return _shift("weekly", today, 1, week_start)
    if (m := _SHIFT.match(s)) and (m[1] or m[2] == "0"):  # 0 this week, -1 last week, +1 next week
        if m[1] != "+":
            return _shift("weekly", today, int(m[2]), week_start)
        ahead = week_of(today, week_start)
        for _step in range(int(m[2])):
            ahead = ahead.next(week_start)
        return ahead
    if (m := _AGO.match(s)) and m[2].startswith("week"):
        return _shift("weekly", today, 1 if m[1] in ("a", "an", "one") else int(m[1]), week_start)
    if (m := _AGO_KO.match(s)) and m[2] in ("주", "주일"):
        return _shift("weekly", today, int(m[1]), week_start)
    if m := _ISO_WEEK.match(s):
        year, week = int(m[1]), int(m[2])
        try:
            monday = date.fromisocalendar(year, week, 1)
        except ValueError:
            raise UsageError(
                _("{text} is not a real week ({year} has no week {week})").format(text=repr(raw), year=year, week=week),
                field="period",
            ) from None
        return week_of(monday, week_start)
    if re.match(r"^\d{4}[-./]\d{1,2}[-./]\d{1,2}$", s):
        from reflee.dates import parse_date

        return week_of(parse_date(s, today, field="period"), week_start)
    return None


def _parse_month(s: str, raw: str, today: date) -> Period | None:
    """Months are read by reflee.dates.read_month (one reader for every command that takes a month)."""
    from reflee.dates import read_month

    found = read_month(s, today, field="period")
    return None if found is None else _month(found[0], found[1], raw)
