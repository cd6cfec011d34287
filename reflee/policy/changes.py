"""What changed in a policy, in the fields that matter to someone deciding whether and when to apply.

``diff(old, new)`` compares two versions of one policy and returns ``(field, old, new)`` for each of: the
deadline, the application period, the title, the benefit (지원내용, where amounts are written) and each kind of
eligibility condition (age, income, region, employment, …). Views, counts and descriptions changing are not
reported. Values are short texts (a region list is shown by its size when long).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reflee.ids import natural_sid
from reflee.policy.models import Condition, Policy

FIELDS = (
    "title", "deadline", "apply_period", "benefit",
    "age", "income", "region", "employment", "education", "major", "marital", "gender",
    "special", "personal", "household", "user_type", "business", "conditions",
)  # fmt: skip
"""Every field a change can name, in the order they are listed."""
DEADLINE_FIELDS = ("deadline", "apply_period")
MAX_TEXT = 160
MAX_VALUES = 6


@dataclass
class Change:
    policy_id: str
    source: str
    source_id: str
    title: str
    kind: str
    """new | removed | changed | restored"""
    field: str | None = None
    old: str | None = None
    new: str | None = None
    at: str = ""
    run_id: str = ""
    short_id: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "policy_id": self.policy_id,
            "short_id": self.short_id or natural_sid(self.policy_id),
            "source": self.source,
            "source_id": self.source_id,
            "title": self.title,
            "kind": self.kind,
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "at": self.at,
            "run_id": self.run_id,
        }


def diff(old: Policy, new: Policy) -> list[tuple[str, str | None, str | None]]:
    out: list[tuple[str, str | None, str | None]] = []

    def put(name: str, a: str | None, b: str | None) -> None:
        if (a or None) != (b or None):
            out.append((name, a or None, b or None))

    put("title", old.title, new.title)
    if (old.apply_end or None) != (new.apply_end or None):
        put("deadline", old.apply_end or _period(old), new.apply_end or _period(new))
    else:
        put("apply_period", _period(old), _period(new))
    put("benefit", _short(old.benefit), _short(new.benefit))
    before, after = _by_dimension(old.conditions), _by_dimension(new.conditions)
    for dimension in sorted(set(before) | set(after), key=_order):
        a, b = before.get(dimension, []), after.get(dimension, [])
        if [_key(c) for c in a] != [_key(c) for c in b]:
            out.append((dimension, _shown(a, b) or None, _shown(b, a) or None))
    return out


def _order(dimension: str) -> int:
    return FIELDS.index(dimension) if dimension in FIELDS else len(FIELDS)


def _period(p: Policy) -> str:
    if p.apply_kind == "period" and p.apply_windows:
        return ", ".join(f"{w.start or ''}~{w.end or ''}" for w in p.apply_windows)
    return {"always": "always", "closed": "closed"}.get(p.apply_kind, p.apply_text or "unknown")


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _by_dimension(conditions: list[Condition]) -> dict[str, list[Condition]]:
    grouped: dict[str, list[Condition]] = {}
    for c in sorted(conditions, key=lambda c: c.origin):
        grouped.setdefault(c.dimension, []).append(c)
    return grouped


def _key(c: Condition) -> tuple[Any, ...]:
    if c.unit == "rule":  # a rule read from the record's text changes when its text does; its values are derived
        return (c.op, c.unit, c.text, c.origin)  # (e.g. from the region list, whose change is reported itself)
    return (c.op, c.min, c.max, c.unit, tuple(sorted(c.values)), c.text, c.origin)


def _shown(mine: list[Condition], other: list[Condition]) -> str:
    """One dimension's conditions in a few words; a long list by its size, and what it gained over ``other``."""
    theirs = {v for c in other if c.op == "in" for v in c.values}
    return "; ".join(_condition(c, theirs) for c in mine)


def _condition(c: Condition, theirs: set[str]) -> str:
    if c.op == "range":
        lo = "" if c.min is None else str(c.min)
        hi = "" if c.max is None else str(c.max)
        return f"{lo}~{hi}" + (f" {c.unit}" if c.unit else "")
    if c.op == "in":
        values = list(c.values)
        if len(values) <= MAX_VALUES:
            shown = ", ".join(values)
        else:
            gained = [v for v in values if v not in theirs] if theirs else []
            shown = f"{len(values)} values" + (f" (+{', '.join(gained[:MAX_VALUES])})" if gained else "")
        return shown + (f" ({c.unit})" if c.unit else "")
    return _short(c.text or "")
