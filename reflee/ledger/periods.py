"""Months and periods: 'YYYY-MM' strings, their first and last days, and inclusive ranges."""

from __future__ import annotations

import calendar
import re
from datetime import date

from reflee.dates import local_today, parse_date
from reflee.errors import UsageError
from reflee.i18n import _

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def month_of(day: date | str) -> str:
    return (day.isoformat() if isinstance(day, date) else day)[:7]


def check_month(text: str, field: str = "month") -> str:
    m = _MONTH.match(text.strip())
    if not m or not 1 <= int(m[2]) <= 12 or int(m[1]) < 1:
        raise UsageError(_("expected a month as YYYY-MM (e.g. 2026-11), got {text!r}").format(text=text), field=field)
    return f"{int(m[1]):04d}-{int(m[2]):02d}"


def first_day(month: str) -> str:
    return f"{month}-01"


def last_day(month: str) -> str:
    year, mon = int(month[:4]), int(month[5:7])
    return f"{month}-{calendar.monthrange(year, mon)[1]:02d}"


def add_months(month: str, n: int) -> str:
    y, m = divmod(int(month[:4]) * 12 + int(month[5:7]) - 1 + n, 12)
    return f"{y:04d}-{m + 1:02d}"


def months(first: str, last: str) -> list[str]:
    """Every month from first to last inclusive."""
    out, m = [], first
    while m <= last:
        out.append(m)
        m = add_months(m, 1)
    return out


def _bound(text: str, field: str, *, end: bool) -> str:
    if _MONTH.match(text.strip()):
        month = check_month(text, field)
        return last_day(month) if end else first_day(month)
    try:
        return parse_date(text, field=field).isoformat()
    except UsageError as exc:  # reflee.dates labels its message with the field it is given; ours carry it
        raise UsageError(exc.message.removeprefix(f"{field}: "), field=field, hint=exc.hint) from None


def resolve(month: str | None, start: str | None, end: str | None, today: date | None = None) -> tuple[str, str]:
    """(first day, last day) of ``month``, or of ``start``..``end`` (months or dates); default: this month."""
    if month and (start or end):
        raise UsageError(_("give a month or a from/to period, not both"), field="month")
    if month:
        m = check_month(month)
        return first_day(m), last_day(m)
    this = month_of(today or local_today())
    lo = _bound(start, "start", end=False) if start else None
    hi = _bound(end, "end", end=True) if end else None
    if lo is None and hi is None:
        return first_day(this), last_day(this)
    if lo is None:
        lo = first_day(month_of(hi or this))
    if hi is None:
        hi = last_day(max(this, month_of(lo)))
    if lo > hi:
        raise UsageError(_("{lo} is after the end of the period ({hi})").format(lo=lo, hi=hi), field="start")
    return lo, hi
