"""Reports: income, expense, net and savings rate for a period, grouped by category, month or account,
with a month-by-month trend; and detection of recurring charges. All sums come from aggregate SQL."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date

from reflee.dates import local_today
from reflee.errors import UsageError
from reflee.i18n import _
from reflee.ledger import periods, sums
from reflee.ledger.money import INCOME, check_currency, show_account, show_category
from reflee.ledger.report_models import CategoryLine, Line, Report, percent
from reflee.records import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2 ms of a start-up)
if TYPE_CHECKING:
    from typing import Any

    from reflee.ledger.recurring import Recurring

GROUPS = ("category", "month", "account")
TREND_MONTHS = 6
"""A one-month report shows the trend of this many months ending with it."""


def _lines(raw: list[tuple[str, str, int, int]]) -> dict[str, Line]:
    out: dict[str, Line] = {}
    for key, kind, total, count in raw:
        line = out.setdefault(key, Line(key))
        setattr(line, kind, total)
        line.count += count
    return out


class ReportService(Record):
    """Reports over the ledger's live transactions; a plain record (see reflee.records), not a dataclass."""

    __slots__ = ("conn", "default_currency", "today")
    _hidden = ("today",)

    def __init__(
        self, conn: sqlite3.Connection, default_currency: str = "KRW", today: Callable[[], date] = local_today
    ) -> None:
        self.conn = conn
        self.default_currency = default_currency
        self.today = today

    def report(
        self,
        *,
        month: str | None = None,
        start: str | None = None,
        end: str | None = None,
        by: str = "category",
        currency: str | None = None,
    ) -> Report:
        if by not in GROUPS:
            raise UsageError(_("{by!r} is not one of {join}").format(by=by, join=", ".join(GROUPS)), field="by")
        cur = check_currency(currency or self.default_currency)
        lo, hi = periods.resolve(month, start, end, self.today())
        first_m, last_m = lo[:7], hi[:7]
        if first_m == last_m:
            trend_lo = periods.first_day(periods.add_months(first_m, 1 - TREND_MONTHS))
            trend_months = periods.months(trend_lo[:7], last_m)
            trend_raw = sums.grouped(self.conn, cur, trend_lo, hi, "month")
            if lo != periods.first_day(first_m):  # part of a month: its own totals cover only [lo, hi]
                trend_raw = [r for r in trend_raw if r[0] != first_m] + self._month_rows(cur, lo, hi)
            trend_lines = _lines(trend_raw)
        else:
            trend_months = periods.months(first_m, last_m)
            trend_lines = _lines(sums.grouped(self.conn, cur, lo, hi, "month"))
        trend = [trend_lines.get(m, Line(m)) for m in trend_months]
        if first_m == last_m:
            totals = trend_lines.get(first_m, Line(first_m))
        else:
            totals = Line("period")
            for t in trend:
                totals.income += t.income
                totals.expense += t.expense
                totals.count += t.count
        if by == "month":
            rows: list[Any] = trend if first_m != last_m else [totals]
        elif by == "account":
            rows = sorted(
                _lines(sums.grouped(self.conn, cur, lo, hi, "account")).values(), key=lambda x: -(x.income + x.expense)
            )
            for r in rows:
                r.key = show_account(r.key)
        else:
            rows = [
                CategoryLine(
                    show_category(cat),
                    kind,
                    total,
                    count,
                    percent(total, totals.income if kind == INCOME else totals.expense),
                )
                for cat, kind, total, count in sums.grouped(self.conn, cur, lo, hi, "category")
            ]
            rows.sort(key=lambda r: (r.kind != INCOME, -r.amount, r.category))
        others = {c: n for c, n in sums.currencies(self.conn, lo, hi).items() if c != cur}
        return Report(lo, hi, cur, by, totals, rows, trend, others)

    def _month_rows(self, cur: str, lo: str, hi: str) -> list[tuple[str, str, int, int]]:
        """The report month's own totals, limited to [lo, hi] (which may be part of the month)."""
        return [
            (lo[:7], kind, total, count) for _k, kind, total, count in sums.grouped(self.conn, cur, lo, hi, "month")
        ]

    def income_by_month(self, first_month: str, last_month: str, currency: str = "KRW") -> dict[str, int]:
        """{"YYYY-MM": income in minor units} for every month in the inclusive range (0 when none);
        deleted transactions are left out. The profile infers an income from it (reflee.profile.inference)."""
        first = periods.check_month(first_month, "first_month")
        last = periods.check_month(last_month, "last_month")
        if first > last:
            raise UsageError(
                _("{first} is after last_month {last}").format(first=first, last=last), field="first_month"
            )
        cur = check_currency(currency, "currency")
        out = dict.fromkeys(periods.months(first, last), 0)
        for month, kind, total, _count in sums.grouped(
            self.conn, cur, periods.first_day(first), periods.last_day(last), "month"
        ):
            if kind == INCOME:
                out[month] = total
        return out

    def recurring(self, months: int = 12, currency: str | None = None, min_months: int = 3) -> list[Recurring]:
        if months < 2:
            raise UsageError(_("must be at least 2"), field="months")
        if min_months < 2:
            raise UsageError(_("must be at least 2"), field="min_months")
        cur = check_currency(currency or self.default_currency)
        today = self.today()
        since = periods.first_day(periods.add_months(periods.month_of(today), 1 - months))
        rows = sums.expenses_since(self.conn, cur, since)
        from reflee.ledger.recurring import detect  # not loaded by the reports scripts run often

        return detect(rows, cur, today, min_months=min_months)

    def expense_months(self, months: int = 12, currency: str | None = None) -> int:
        """In how many of the last ``months`` months there are expenses at all: when that is fewer than
        ``recurring``'s ``min_months``, nothing can recur yet (a front end says so)."""
        cur = check_currency(currency or self.default_currency)
        since = periods.first_day(periods.add_months(periods.month_of(self.today()), 1 - max(months, 1)))
        row = self.conn.execute(
            "SELECT count(DISTINCT substr(txn_date, 1, 7)) FROM ledger_txn"
            " WHERE deleted_at IS NULL AND kind = 'expense' AND currency = ? AND txn_date >= ?",
            (cur, since),
        ).fetchone()
        return int(row[0])
