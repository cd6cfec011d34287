"""Ledger records as plain dataclasses. Amounts are integer minor units with an ISO currency code."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from reflee.ledger.amounts import format_plain

INCOME = "income"
EXPENSE = "expense"
KINDS = (INCOME, EXPENSE)


@dataclass
class Txn:
    id: str
    date: str
    """The local calendar day of the transaction, YYYY-MM-DD."""
    kind: str
    """'income' (수입) or 'expense' (지출)."""
    amount: int
    """Always positive, in minor units of ``currency`` (KRW: won; USD: cents)."""
    currency: str = "KRW"
    category: str = ""
    """Empty means uncategorized (미분류)."""
    account: str = ""
    payee: str = ""
    memo: str = ""
    tags: list[str] = field(default_factory=list)
    import_id: str | None = None
    import_key: str | None = None
    created_at: str = ""
    updated_at: str = ""
    deleted_at: str | None = None
    short_id: str = ""

    @property
    def signed(self) -> int:
        return self.amount if self.kind == INCOME else -self.amount

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("short_id")
        data.pop("import_key")
        return {
            "id": self.id,
            "short_id": self.short_id or self.id[:8],
            **{k: v for k, v in data.items() if k != "id"},
            "amount_decimal": format_plain(self.amount, self.currency),
        }


@dataclass
class Totals:
    currency: str
    income: int = 0
    expense: int = 0
    count: int = 0

    @property
    def net(self) -> int:
        return self.income - self.expense

    def to_json(self) -> dict[str, Any]:
        return {
            "currency": self.currency,
            "income": self.income,
            "expense": self.expense,
            "net": self.net,
            "count": self.count,
        }


@dataclass
class TxnList:
    first_day: str | None
    last_day: str | None
    transactions: list[Txn]
    totals: list[Totals]

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.first_day,
            "to": self.last_day,
            "transactions": [t.to_json() for t in self.transactions],
            "totals": [t.to_json() for t in self.totals],
        }


@dataclass
class Suggestion:
    category: str
    """The suggested category."""
    from_id: str
    """The earlier transaction it came from."""
    matched: str
    """The memo or payee text of that earlier transaction."""
    score: float
    """Similarity in 0..1 (a ratio, not money)."""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class AddResult:
    txn: Txn
    suggestion: Suggestion | None = None
    alerts: list[str] = field(default_factory=list)
    """Budget notifications raised by this change (their titles)."""

    def to_json(self) -> dict[str, Any]:
        return {
            **self.txn.to_json(),
            "suggested_category": self.suggestion.to_json() if self.suggestion else None,
            "alerts": self.alerts,
        }


@dataclass
class CategoryCount:
    category: str
    kind: str
    count: int
    total: int
    currency: str
    last_date: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class RenameResult:
    old: str
    new: str
    transactions: int
    budgets_moved: int
    budgets_dropped: int
    rules: int
    merged: bool
    """True when NEW already existed (the two categories are now one)."""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
