"""What `ledger budget` answers with: budget lines against what was spent, as plain dataclasses.

Apart from reflee.ledger.models for the same reason as reflee.ledger.report_models; front ends reach these
through reflee.ledger.models, as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reflee.ledger.report_models import percent


@dataclass
class BudgetLine:
    category: str
    """A category name, or 'total' for the overall line."""
    currency: str
    base: int
    """The budget set for this month (carried forward from ``since``)."""
    carried_in: int
    """Unspent budget rolled over from earlier months (0 without roll-over)."""
    spent: int
    rollover: bool = False
    since: str | None = None
    """The month the budget in effect was set for."""
    explicit: bool = True
    """For the total line: False when it is the sum of the category budgets."""

    @property
    def budget(self) -> int:
        return self.base + self.carried_in

    @property
    def remaining(self) -> int:
        return self.budget - self.spent

    @property
    def used_pct(self) -> float | None:
        return percent(self.spent, self.budget)

    @property
    def over(self) -> bool:
        return self.spent > self.budget

    def to_json(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "currency": self.currency,
            "budget": self.budget,
            "base": self.base,
            "carried_in": self.carried_in,
            "rollover": self.rollover,
            "since": self.since,
            "spent": self.spent,
            "remaining": self.remaining,
            "used_pct": self.used_pct,
            "over": self.over,
            "explicit": self.explicit,
        }


@dataclass
class BudgetReport:
    month: str
    currency: str
    lines: list[BudgetLine]
    total: BudgetLine | None
    unbudgeted: list[tuple[str, int]]
    """(category, spent) of spending in categories without a budget."""

    def to_json(self) -> dict[str, Any]:
        return {
            "month": self.month,
            "currency": self.currency,
            "categories": [line.to_json() for line in self.lines],
            "total": self.total.to_json() if self.total else None,
            "unbudgeted": [{"category": c, "spent": s} for c, s in self.unbudgeted],
        }


@dataclass
class BudgetSet:
    """What ``BudgetService.set_budget`` did: the budget line for the month it starts in, and the titles of
    the notifications raised (lowering a budget below what was spent crosses 80 % / 100 % at once)."""

    line: BudgetLine
    alerts: list[str] = field(default_factory=list)
    new_category: bool = False
    """No transaction or budget had used this category before."""

    def to_json(self) -> dict[str, Any]:
        return {**self.line.to_json(), "alerts": self.alerts, "new_category": self.new_category}
