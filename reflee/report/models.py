"""A growth report as plain data: the facts of one week or month, and the stored record of a report.

Every figure a rendering shows is here, under a stable JSON key (`report show --format json`); money is in
integer minor units with its currency, dates are ISO. Text the user wrote (tags, themes, categories, payees)
is carried as it is and escaped by each renderer.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from reflee.report.periods import Period

SCHEMA_VERSION = 1


@dataclass
class Theme:
    """A strength, weakness or recommendation that recurs across the period's feedback."""

    kind: str
    """strength | weakness | recommendation"""
    text: str
    retro_ids: list[str]
    """Short IDs of the retrospects whose feedback says it."""

    @property
    def count(self) -> int:
        return len(self.retro_ids)

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "count": self.count, "retro_ids": self.retro_ids}


@dataclass
class FollowUp:
    """One of last period's recommendations, and whether this period's entries show it done."""

    text: str
    from_ids: list[str]
    done: bool
    evidence_ids: list[str]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class RetroFacts:
    entries: int = 0
    days_written: int = 0
    days_in_period: int = 0
    current_streak: int = 0
    """Consecutive days written ending on the period's last day (or the day before)."""
    longest_streak: int = 0
    """The longest run of consecutive days written inside the period."""
    words: int = 0
    previous_entries: int = 0
    tags: list[tuple[str, int]] = field(default_factory=list)
    top_words: list[tuple[str, int]] = field(default_factory=list)
    per_day: list[tuple[str, int]] = field(default_factory=list)
    """(date, entries) for every day of the period."""
    retro_ids: list[str] = field(default_factory=list)
    """Short IDs of the period's retrospects, oldest first."""
    with_feedback: int = 0
    themes: list[Theme] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "entries": self.entries,
            "previous_entries": self.previous_entries,
            "days_written": self.days_written,
            "days_in_period": self.days_in_period,
            "current_streak": self.current_streak,
            "longest_streak": self.longest_streak,
            "words": self.words,
            "tags": [{"tag": t, "count": n} for t, n in self.tags],
            "top_words": [{"word": w, "count": n} for w, n in self.top_words],
            "per_day": [{"date": d, "entries": n} for d, n in self.per_day],
            "retro_ids": self.retro_ids,
            "with_feedback": self.with_feedback,
            "themes": [t.to_json() for t in self.themes],
            "follow_ups": [f.to_json() for f in self.follow_ups],
        }


@dataclass
class CategoryChange:
    category: str
    amount: int
    previous: int

    @property
    def change(self) -> int:
        return self.amount - self.previous

    def to_json(self) -> dict[str, Any]:
        return {"category": self.category, "amount": self.amount, "previous": self.previous, "change": self.change}


@dataclass
class BudgetUse:
    category: str
    budget: int
    spent: int
    used_pct: float | None

    @property
    def remaining(self) -> int:
        return self.budget - self.spent

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "remaining": self.remaining}


@dataclass
class RecurringChange:
    name: str
    category: str
    amount: int
    first_date: str
    last_date: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class MoneyFacts:
    currency: str
    income: int = 0
    expense: int = 0
    transactions: int = 0
    previous_income: int = 0
    previous_expense: int = 0
    expenses: list[CategoryChange] = field(default_factory=list)
    """Spending per category this period (with the previous period's), largest first."""
    income_lines: list[CategoryChange] = field(default_factory=list)
    changes: list[CategoryChange] = field(default_factory=list)
    """The biggest changes in spending from the previous period."""
    budget_month: str | None = None
    budgets: list[BudgetUse] = field(default_factory=list)
    budget_total: BudgetUse | None = None
    recurring_started: list[RecurringChange] = field(default_factory=list)
    recurring_stopped: list[RecurringChange] = field(default_factory=list)
    other_currencies: dict[str, int] = field(default_factory=dict)

    @property
    def net(self) -> int:
        return self.income - self.expense

    @property
    def savings_rate(self) -> float | None:
        return _percent(self.net, self.income)

    def to_json(self) -> dict[str, Any]:
        return {
            "currency": self.currency,
            "income": self.income,
            "expense": self.expense,
            "net": self.net,
            "savings_rate": self.savings_rate,
            "transactions": self.transactions,
            "previous": {
                "income": self.previous_income,
                "expense": self.previous_expense,
                "net": self.previous_income - self.previous_expense,
            },
            "expenses_by_category": [c.to_json() for c in self.expenses],
            "income_by_category": [c.to_json() for c in self.income_lines],
            "biggest_changes": [c.to_json() for c in self.changes],
            "budget_month": self.budget_month,
            "budgets": [b.to_json() for b in self.budgets],
            "budget_total": self.budget_total.to_json() if self.budget_total else None,
            "recurring_started": [r.to_json() for r in self.recurring_started],
            "recurring_stopped": [r.to_json() for r in self.recurring_stopped],
            "other_currencies": self.other_currencies,
        }


@dataclass
class PolicyItem:
    id: str
    short_id: str
    title: str
    deadline: str | None = None
    days_left: int | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class PolicyChangeItem:
    """A change the collector logged in the period to a policy that fits or is a favourite."""

    id: str
    short_id: str
    title: str
    kind: str
    """new | removed | changed | restored"""
    field: str | None = None
    old: str | None = None
    new: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class PolicyFacts:
    matching: int = 0
    new_matches: list[PolicyItem] = field(default_factory=list)
    closing_soon: list[PolicyItem] = field(default_factory=list)
    matching_ids: list[str] = field(default_factory=list)
    """Every policy that fits now (the next report's "new since the last report" compares with these)."""
    changes: list[PolicyChangeItem] = field(default_factory=list)
    """What the collector changed in the period in policies that fit or are favourites."""
    new_policies: int = 0
    removed_policies: int = 0
    """How many policies the sources added and withdrew in the period (all, not only those that fit)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "matching": self.matching,
            "new_matches": [p.to_json() for p in self.new_matches],
            "closing_soon": [p.to_json() for p in self.closing_soon],
            "changes": [c.to_json() for c in self.changes],
            "new_policies": self.new_policies,
            "removed_policies": self.removed_policies,
            "matching_ids": self.matching_ids,
        }


@dataclass
class TrendPoint:
    """One week of the 12-week trend."""

    start: str
    entries: int
    expense: int
    income: int

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Claim:
    text: str
    ids: list[str]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Narrative:
    status: str
    """written | off (--no-llm) | unavailable (the model server is away) | timeout | failed (bad answer)"""
    claims: list[Claim] = field(default_factory=list)
    model: str | None = None
    cached: bool = False
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "claims": [c.to_json() for c in self.claims],
            "model": self.model,
            "cached": self.cached,
            "error": self.error,
        }


@dataclass
class Report:
    kind: str
    period: Period
    today: str
    """The day the report was made (local); a report of an unfinished period covers up to this day."""
    week_start: str
    language: str
    retro: RetroFacts
    money: MoneyFacts
    policy: PolicyFacts
    trend: list[TrendPoint]
    narrative: Narrative
    generated_at: str = ""

    @property
    def complete(self) -> bool:
        return self.period.end.isoformat() < self.today

    @property
    def empty(self) -> bool:
        return self.retro.entries == 0 and self.money.transactions == 0

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_VERSION,
            "kind": self.kind,
            "period": self.period.to_json(),
            "complete": self.complete,
            "today": self.today,
            "week_start": self.week_start,
            "language": self.language,
            "generated_at": self.generated_at,
            "retro": self.retro.to_json(),
            "money": self.money.to_json(),
            "policy": self.policy.to_json(),
            "trend": [t.to_json() for t in self.trend],
            "narrative": self.narrative.to_json(),
        }


@dataclass
class StoredReport:
    """A report as kept: its row, where its files are, and (when asked) its data."""

    id: str
    short_id: str
    kind: str
    period_key: str
    period_start: str
    period_end: str
    complete: bool
    language: str
    narrative_status: str
    created_at: str
    files: dict[str, str]
    """format (md | html | json) -> path"""
    made: bool = False
    """Made by this call (False: an existing report was returned)."""
    data: dict[str, Any] | None = field(default=None, repr=False)
    content: str | None = field(default=None, repr=False)
    """The text of the asked-for format, when a front end is to print it."""
    fmt: str = "md"
    out: str | None = None
    """Where --out wrote the report, if asked."""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "short_id": self.short_id,
            "kind": self.kind,
            "period": {"key": self.period_key, "start": self.period_start, "end": self.period_end},
            "complete": self.complete,
            "language": self.language,
            "narrative": self.narrative_status,
            "created_at": self.created_at,
            "made": self.made,
            "files": self.files,
            "out": self.out,
            **({"report": self.data} if self.data is not None else {}),
        }


def _percent(part: int, whole: int) -> float | None:
    if whole <= 0:
        return None
    return round(part * 1000 / whole) / 10
