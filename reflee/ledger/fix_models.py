"""What fixing transactions after an import returns and takes (reflee.ledger.fixes does the work)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from reflee.ledger.models import Txn


@dataclass
class Change:
    txn: Txn
    old: str
    new: str

    def to_json(self) -> dict[str, Any]:
        t = self.txn
        return {
            "id": t.id,
            "short_id": t.short_id,
            "date": t.date,
            "kind": t.kind,
            "amount": t.amount,
            "currency": t.currency,
            "payee": t.payee,
            "memo": t.memo,
            "old_category": self.old,
            "new_category": self.new,
        }


@dataclass
class CategorizeResult:
    dry_run: bool
    considered: int
    """Live transactions the filter selected."""
    changed: int
    """How many got (or would get) a different category."""
    changes: list[Change]
    rules: list[tuple[str, str]]
    unmatched: int = 0
    """Selected transactions no rule matched (left as they are)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "considered": self.considered,
            "changed": self.changed,
            "unmatched": self.unmatched,
            "rules": [{"pattern": p, "category": c} for p, c in self.rules],
            "changes": [c.to_json() for c in self.changes],
        }


@dataclass
class EditManyResult:
    txns: list[Txn] = field(default_factory=list)
    changed: int = 0
    alerts: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "changed": self.changed,
            "transactions": [t.to_json() for t in self.txns],
            "budget_alerts": self.alerts,
        }


@dataclass
class Selection:
    """Which live transactions ``categorize`` looks at; every part given must hold."""

    month: str | None = None
    start: str | None = None
    end: str | None = None
    payee: str | None = None
    memo: str | None = None
    category: str | None = None
    uncategorized: bool = False
    kind: str | None = None
    everything: bool = False

    def empty(self) -> bool:
        given = (self.month, self.start, self.end, self.payee, self.memo, self.category, self.kind)
        return all(v is None for v in given) and not self.uncategorized


@dataclass
class Edit:
    """The same change for every transaction named; None leaves a field as it is, '' clears a text field."""

    amount: Any = None
    """A checked reflee.ledger.amounts.Money."""
    kind: str | None = None
    category: str | None = None
    memo: str | None = None
    payee: str | None = None
    on: date | None = None
    account: str | None = None
    add_tags: list[str] | None = None
    remove_tags: list[str] | None = None

    def empty(self) -> bool:
        return all(v is None for v in self.__dict__.values())
