"""What the overview returns: plain dataclasses, each part optional so an empty home still has a dashboard."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class LastRetro:
    id: str
    short_id: str
    entry_date: str
    title: str
    """The purpose, or the first line of the content."""
    feedback_summary: str | None = None
    feedback_state: str = "none"
    """done | queued | running | failed | none"""


@dataclass
class BudgetBar:
    category: str
    spent: int
    budget: int
    currency: str

    @property
    def ratio(self) -> float:
        return self.spent / self.budget if self.budget > 0 else 0.0


@dataclass
class MonthSpend:
    month: str
    expense: int
    income: int


@dataclass
class PolicyPick:
    id: str
    short_id: str
    title: str
    eligibility: str
    deadline: str | None
    days_left: int | None


@dataclass
class NoteLine:
    id: str
    title: str
    created_at: str


@dataclass
class Overview:
    today: str
    currency: str
    total_entries: int = 0
    current_streak: int = 0
    longest_streak: int = 0
    last_retro: LastRetro | None = None
    month: str = ""
    budgets: list[BudgetBar] = field(default_factory=list)
    month_expense: int = 0
    trend: list[MonthSpend] = field(default_factory=list)
    """The last six months, oldest first."""
    policies: list[PolicyPick] = field(default_factory=list)
    unread: int = 0
    notifications: list[NoteLine] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
