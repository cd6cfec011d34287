"""Months and periods: 'YYYY-MM' strings, their first and last days, and inclusive ranges."""

from __future__ import annotations

from datetime import date

from reflee.dates import days_in_month, local_today, parse_date, parse_month, read_month
from reflee.errors import UsageError
from reflee.i18n import _


def month_of(day: date | str) -> str:
    return (day.isoformat() if isinstance(day, date) else day)[:7]


def check_month(text: str, field: str = "month", today: date | None = None) -> str:
    """'YYYY-MM' for a month as people write it (2026-11, 11월, 지난달, last month, -1: see reflee.dates)."""
    return parse_month(text, today, field=field)


def first_day(month: str) -> str:
    return f"{month}-01"


def last_day(month: str) -> str:
    return f"{month}-{days_in_month(int(month[:4]), int(month[5:7])):02d}"


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


def _bound(text: str, field: str, today: date, *, end: bool) -> str:
    """A period's first or last day from a month (its first or last day) or a day."""
    found = read_month(text, today, field=field)
    if found is not None:
        month = f"{found[0]:04d}-{found[1]:02d}"
        return last_day(month) if end else first_day(month)
    try:
        return parse_date(text, today, field=field).isoformat()
    except UsageError as exc:  # reflee.dates labels its message with the field it is given; ours carry it
        raise UsageError(exc.message.removeprefix(f"{field}: "), field=field, hint=exc.hint) from None


def resolve(month: str | None, start: str | None, end: str | None, today: date | None = None) -> tuple[str, str]:
    """(first day, last day) of ``month``, or of ``start``..``end`` (months or dates); default: this month."""
    if month and (start or end):
        raise UsageError(_("give a month or a from/to period, not both"), field="month")
    if month:
        m = check_month(month, today=today)
        return first_day(m), last_day(m)
    today = today or local_today()
    this = month_of(today)
    lo = _bound(start, "start", today, end=False) if start else None
    hi = _bound(end, "end", today, end=True) if end else None
    if lo is None and hi is None:
        return first_day(this), last_day(this)
    if lo is None:
        lo = first_day(month_of(hi or this))
    if hi is None:
        hi = last_day(max(this, month_of(lo)))
    if lo > hi:
        raise UsageError(_("{lo} is after the end of the period ({hi})").format(lo=lo, hi=hi), field="start")
    return lo, hi
