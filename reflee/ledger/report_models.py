"""What `ledger report` answers with: plain dataclasses, and ``percent``.

Apart from reflee.ledger.models, so that a report loads only its own few classes (each dataclass costs a
fraction of a millisecond to define, and scripts run `ledger report --json` often). Front ends reach these
through reflee.ledger.models, as before.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2 ms of a start-up)
if TYPE_CHECKING:
    from typing import Any


def percent(part: int, whole: int) -> float | None:
    """part/whole in percent with one decimal, from integer maths (a ratio, not money)."""
    if whole <= 0:
        return None
    return round(part * 1000 / whole) / 10


@dataclass
class Line:
    key: str
    income: int = 0
    expense: int = 0
    count: int = 0

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


@dataclass
class CategoryLine:
    category: str
    kind: str
    amount: int
    count: int
    share_pct: float | None
    """Share of all income or all expense (by kind) in the period."""

    def to_json(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "kind": self.kind,
            "amount": self.amount,
            "count": self.count,
            "share_pct": self.share_pct,
        }


@dataclass
class Report:
    first_day: str
    last_day: str
    currency: str
    by: str
    totals: Line
    rows: list[Any]
    trend: list[Line]
    other_currencies: dict[str, int] = field(default_factory=dict)
    """Transactions in the period in other currencies (not in these totals): code -> count."""

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


@dataclass
class Recurring:
    name: str
    """The payee (or the memo when there is no payee) as last written."""
    category: str
    amount: int
    """The typical (median) charge, in minor units."""
    currency: str
    months: int
    """How many different months it was charged in."""
    count: int
    first_date: str
    last_date: str
    next_date: str
    """When the next charge is expected: a month after the last one."""
    active: bool
    """Charged within the last 45 days."""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
