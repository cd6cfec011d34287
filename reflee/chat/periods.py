"""Periods people say in questions, in Korean and English: 오늘, 어제, 이번 주, 지난주, 지난달, 3월, 2026년 3월,
최근 7일, today, last week, this month, in March, past 30 days, 2026-03 …  Resolved against a given day."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from reflee.dates import MONTH_NAMES

MONTHS_EN = MONTH_NAMES


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str
    """What was said, normalised: 'last_month', 'this_week', '2026-03', 'last_7_days' …"""

    @property
    def month(self) -> str | None:
        """YYYY-MM when the period is exactly one calendar month."""
        same = self.start.month == self.end.month and self.start.year == self.end.year
        if same and self.start.day == 1 and (self.end + timedelta(days=1)).day == 1:
            return self.start.strftime("%Y-%m")
        return None

    @property
    def months(self) -> list[str]:
        out, y, m = [], self.start.year, self.start.month
        while (y, m) <= (self.end.year, self.end.month):
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out

    def to_json(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "label": self.label}


def _month(year: int, month: int, label: str | None = None) -> Period:
    start = date(year, month, 1)
    nxt = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return Period(start, nxt - timedelta(days=1), label or f"{year:04d}-{month:02d}")


def _week(today: date, week_start: str, back: int) -> Period:
    first = 0 if week_start == "monday" else 6
    offset = (today.weekday() - first) % 7
    start = today - timedelta(days=offset + 7 * back)
    return Period(start, start + timedelta(days=6), "this_week" if back == 0 else "last_week")


def _recent(today: date, days: int) -> Period:
    return Period(today - timedelta(days=days - 1), today, f"last_{days}_days")


_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(\d{4})\s*-\s*(\d{1,2})\s*-\s*(\d{1,2})"), "iso_day"),
    (re.compile(r"(\d{4})\s*년\s*(\d{1,2})\s*월"), "ko_year_month"),
    (re.compile(r"(?<![\d-])(\d{4})-(\d{1,2})(?![\d-])"), "iso_month"),
    (re.compile(r"최근\s*(\d+)\s*일"), "ko_days"),
    (re.compile(r"최근\s*(\d+)\s*주"), "ko_weeks"),
    (re.compile(r"최근\s*(\d+|한)\s*(?:개월|달)"), "ko_months_recent"),
    (re.compile(r"(?:last|past)\s+(\d+)\s+days?", re.I), "en_days"),
    (re.compile(r"(?:last|past)\s+(\d+)\s+weeks?", re.I), "en_weeks"),
    (re.compile(r"(그저께|그제)"), "day_before"),
    (re.compile(r"(어제|yesterday)", re.I), "yesterday"),
    (re.compile(r"(오늘|today)", re.I), "today"),
    (re.compile(r"(이번\s*주|금주|this\s+week)", re.I), "this_week"),
    (re.compile(r"(지난\s*주|저번\s*주|last\s+week|previous\s+week)", re.I), "last_week"),
    (re.compile(r"(이번\s*달|이달|this\s+month)", re.I), "this_month"),
    (re.compile(r"(지난\s*달|저번\s*달|전달|last\s+month|previous\s+month)", re.I), "last_month"),
    (re.compile(r"(올해|금년|this\s+year)", re.I), "this_year"),
    (re.compile(r"(작년|지난\s*해|last\s+year)", re.I), "last_year"),
    (re.compile(r"(?<!\d)(\d{1,2})\s*월"), "ko_month"),
    (re.compile(r"\b(" + "|".join(sorted(MONTHS_EN, key=len, reverse=True)) + r")\b(?:\s+(\d{4}))?", re.I), "en_month"),
]


def find_period(text: str, today: date, week_start: str = "monday") -> Period | None:
    """The first period the text names, or None."""
    for pattern, kind in _RULES:
        m = pattern.search(text)
        if m is None:
            continue
        found = _resolve(kind, m, today, week_start)
        if found is not None:
            return found
    return None


def month_back(today: date, back: int) -> Period:
    y, mo = today.year, today.month - back
    while mo < 1:
        y, mo = y - 1, mo + 12
    return _month(y, mo, "this_month" if back == 0 else "last_month")


def _resolve(kind: str, m: re.Match[str], today: date, week_start: str) -> Period | None:
    try:
        if kind == "iso_day":
            day = date(int(m[1]), int(m[2]), int(m[3]))
            return Period(day, day, day.isoformat())
        if kind in ("ko_year_month", "iso_month"):
            return _month(int(m[1]), int(m[2])) if 1 <= int(m[2]) <= 12 else None
    except ValueError:
        return None
    if kind in ("ko_days", "en_days"):
        return _recent(today, max(1, min(int(m[1]), 3660)))
    if kind in ("ko_weeks", "en_weeks"):
        return _recent(today, 7 * max(1, min(int(m[1]), 520)))
    if kind == "ko_months_recent":
        n = 1 if m[1] == "한" else max(1, min(int(m[1]), 120))
        return _recent(today, 30 * n)
    simple = {
        "today": lambda: Period(today, today, "today"),
        "yesterday": lambda: Period(today - timedelta(days=1), today - timedelta(days=1), "yesterday"),
        "day_before": lambda: Period(today - timedelta(days=2), today - timedelta(days=2), "day_before_yesterday"),
        "this_week": lambda: _week(today, week_start, 0),
        "last_week": lambda: _week(today, week_start, 1),
        "this_month": lambda: month_back(today, 0),
        "last_month": lambda: month_back(today, 1),
        "this_year": lambda: Period(date(today.year, 1, 1), date(today.year, 12, 31), "this_year"),
        "last_year": lambda: Period(date(today.year - 1, 1, 1), date(today.year - 1, 12, 31), "last_year"),
    }
    if kind in simple:
        return simple[kind]()
    if kind == "ko_month":
        month = int(m[1])
        if not 1 <= month <= 12:
            return None
        return _month(today.year if month <= today.month else today.year - 1, month)
    if kind == "en_month":
        word = m[1].lower()
        if word == "may" and not m[2] and not re.search(r"\bin\s+may\b", m.string, re.I):
            return None  # "may" is usually the verb
        month = MONTHS_EN[word]
        year = int(m[2]) if m[2] else (today.year if month <= today.month else today.year - 1)
        return _month(year, month)
    return None
