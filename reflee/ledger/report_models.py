"""What `ledger report` answers with, and ``percent``.

Apart from reflee.ledger.models, and plain records rather than dataclasses (see reflee.records), so that
the report, which scripts run often, loads only these three classes. Front ends reach them through
reflee.ledger.models, as before.
"""

from __future__ import annotations

from reflee.records import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2 ms of a start-up)
if TYPE_CHECKING:
    from typing import Any


def percent(part: int, whole: int) -> float | None:
    """part/whole in percent with one decimal, from integer maths (a ratio, not money)."""
    if whole <= 0:
        return None
    return round(part * 1000 / whole) / 10


class Line(Record):
    """Income, expense and their count under one key: a month, a category, an account or the whole period."""

    __slots__ = ("key", "income", "expense", "count")  # noqa: RUF023  (the fields' order)
    key: str
    income: int
    expense: int
    count: int

    def __init__(self, key: str, income: int = 0, expense: int = 0, count: int = 0) -> None:
        self.key = key
        self.income = income
        self.expense = expense
        self.count = count

    @property
    def net(self) -> int:
        return self.income - self.expense

    @property
    def savings_rate(self) -> float | None:
        """Net as a percentage of income (one decimal); None without income."""
        return percent(self.net, self.income)

    def to_json(self, key_name: str) -> dict[str, Any]:
        return {
            key_name: self.key,
            "income": self.income,
            "expense": self.expense,
            "net": self.net,
            "savings_rate": self.savings_rate,
            "count": self.count,
        }


class CategoryLine(Record):
    __slots__ = ("category", "kind", "amount", "count", "share_pct")  # noqa: RUF023  (the fields' order)
    category: str
    kind: str
    amount: int
    count: int
    share_pct: float | None
    """Share of all income or all expense (by kind) in the period."""

    def __init__(self, category: str, kind: str, amount: int, count: int, share_pct: float | None) -> None:
        self.category = category
        self.kind = kind
        self.amount = amount
        self.count = count
        self.share_pct = share_pct

    def to_json(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "kind": self.kind,
            "amount": self.amount,
            "count": self.count,
            "share_pct": self.share_pct,
        }


class Report(Record):
    __slots__ = ("first_day", "last_day", "currency", "by", "totals", "rows", "trend", "other_currencies")  # noqa: RUF023
    first_day: str
    last_day: str
    currency: str
    by: str
    totals: Line
    rows: list[Any]
    """CategoryLine by category, else Line by month or account."""
    trend: list[Line]
    other_currencies: dict[str, int]
    """Transactions in the period in other currencies (not in these totals): code -> count."""

    def __init__(
        self,
        first_day: str,
        last_day: str,
        currency: str,
        by: str,
        totals: Line,
        rows: list[Any],
        trend: list[Line],
        other_currencies: dict[str, int] | None = None,
    ) -> None:
        self.first_day = first_day
        self.last_day = last_day
        self.currency = currency
        self.by = by
        self.totals = totals
        self.rows = rows
        self.trend = trend
        self.other_currencies = {} if other_currencies is None else other_currencies

    def to_json(self) -> dict[str, Any]:
        if self.by == "category":
            rows = [r.to_json() for r in self.rows]
        else:
            rows = [r.to_json(self.by) for r in self.rows]
        total = self.totals.to_json("period")
        total.pop("period")
        return {
            "from": self.first_day,
            "to": self.last_day,
            "currency": self.currency,
            **total,
            "by": self.by,
            "rows": rows,
            "trend": [t.to_json("month") for t in self.trend],
            "other_currencies": self.other_currencies,
        }
