"""Recurring charges: the same payee (or memo), a similar amount, about once a month.

A group of expenses counts as recurring when, after dropping amounts more than 15 % away from its
median, it appears in at least ``min_months`` different months, at most about once per month, with
most gaps between charges 25–35 days (one skipped month is allowed).
"""

from __future__ import annotations

import itertools
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from reflee.dates import shift_months
from reflee.ledger import fields

TOLERANCE_PCT = 15
ACTIVE_DAYS = 45


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


def detect(
    rows: list[tuple[str, str, str, str, int]], currency: str, today: date, *, min_months: int = 3
) -> list[Recurring]:
    """``rows``: (date, payee, memo, category, amount) of expenses, oldest first."""
    groups: dict[str, list[tuple[str, str, str, str, int]]] = {}
    for row in rows:
        key = fields.normalize(row[1]) or fields.normalize(row[2])
        if key:
            groups.setdefault(key, []).append(row)
    found = []
    for items in groups.values():
        if len(items) < min_months:
            continue
        amounts = sorted(r[4] for r in items)
        median = amounts[len(amounts) // 2]
        similar = [r for r in items if abs(r[4] - median) * 100 <= median * TOLERANCE_PCT]
        month_set = {r[0][:7] for r in similar}
        if len(month_set) < min_months or len(similar) > len(month_set) * 5 // 4:
            continue
        days = [date.fromisoformat(r[0]) for r in similar]
        gaps = [(b - a).days for a, b in itertools.pairwise(days)]
        monthly = sum(1 for g in gaps if 25 <= g <= 35 or 55 <= g <= 66)
        if monthly * 3 < len(gaps) * 2:
            continue
        cats: dict[str, int] = {}
        for r in similar:
            cats[r[3]] = cats.get(r[3], 0) + 1
        last = similar[-1]
        typical = sorted(r[4] for r in similar)[len(similar) // 2]
        found.append(
            Recurring(
                name=last[1] or last[2],
                category=fields.show_category(max(cats, key=lambda c: cats[c])),
                amount=typical,
                currency=currency,
                months=len(month_set),
                count=len(similar),
                first_date=similar[0][0],
                last_date=last[0],
                next_date=shift_months(days[-1], 1).isoformat(),
                active=days[-1] >= today - timedelta(days=ACTIVE_DAYS),
            )
        )
    found.sort(key=lambda r: (not r.active, -r.amount, r.name))
    return found
