"""Fixing transactions after an import: re-categorise existing rows by rules, and edit many rows at once.

``categorize`` runs category rules ('REGEX=CATEGORY', the same rules `ledger import` uses: the first whose
pattern is found in the memo or the payee wins) over the live transactions a filter selects. A dry run only
reports what would change; otherwise every change is written in one transaction. ``edit_many`` applies the
same change to several transactions, all or nothing: an ID that names no live transaction changes nothing.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Callable
from datetime import date

from reflee import db
from reflee.dates import utc_now
from reflee.errors import UsageError
from reflee.i18n import _
from reflee.ledger import fields, import_store, periods, store
from reflee.ledger.fix_models import CategorizeResult, Change, Edit, EditManyResult, Selection
from reflee.ledger.models import Txn

SHOWN_CHANGES = 10_000
"""The most changes a result lists row by row (the count is always exact)."""


def rules_for(conn: sqlite3.Connection, one_off: list[str], profile: str | None) -> list[tuple[str, str]]:
    """The rules to run: the one-off ones first, then those of the profile named (or of every saved profile)."""
    from reflee.ledger.csvimport import parse_rule

    rules = [parse_rule(r, "rules") for r in one_off]
    if profile is not None:
        saved = import_store.get_profile(conn, profile)
        if saved is None:
            names = ", ".join(p.name for p in import_store.profiles(conn)) or _("none saved")
            raise UsageError(
                _("no import profile named {name!r} (saved: {names})").format(name=profile, names=names),
                field="profile",
            )
        rules += saved.rules
    elif not one_off:
        for p in import_store.profiles(conn):
            rules += p.rules
    rules = list(dict.fromkeys(rules))
    if not rules:
        raise UsageError(
            _("no category rules: give one with a rule, or save rules in an import profile"),
            field="rules",
            hint=_("e.g. --rule '스타벅스|커피=카페'"),
        )
    return rules


def _memo_pattern(text: str) -> re.Pattern[str]:
    try:
        return re.compile(text, re.IGNORECASE)
    except re.error as exc:
        raise UsageError(
            _("{pattern!r} is not a valid regular expression ({error})").format(pattern=text, error=exc), field="memo"
        ) from None


def select(conn: sqlite3.Connection, sel: Selection, today: date) -> list[Txn]:
    if sel.empty() and not sel.everything:
        raise UsageError(
            _("say which transactions: a month or period, a payee, a memo pattern, uncategorised, or all"),
            field="selection",
        )
    if sel.uncategorized and sel.category is not None:
        raise UsageError(_("give a category or ask for uncategorised ones, not both"), field="category")
    if sel.kind is not None and sel.kind not in ("income", "expense"):
        raise UsageError(_("{kind!r} is not income or expense").format(kind=sel.kind), field="kind")
    lo = hi = None
    if sel.month or sel.start or sel.end:
        lo, hi = periods.resolve(sel.month, sel.start, sel.end, today)
    category = "" if sel.uncategorized else (fields.category(sel.category) if sel.category is not None else None)
    f = store.Filter(first_day=lo, last_day=hi, kind=sel.kind, category=category)
    payee = fields.clean_text(sel.payee or "").lower() or None
    memo = _memo_pattern(sel.memo) if sel.memo else None
    out = []
    for t in store.iter_rows(conn, f):
        if payee is not None and payee not in t.payee.lower():
            continue
        if memo is not None and not memo.search(t.memo):
            continue
        out.append(t)
    return out


def categorize(
    conn: sqlite3.Connection,
    sel: Selection,
    rules: list[tuple[str, str]],
    *,
    dry_run: bool,
    today: date,
    alerts: Callable[[list[Txn]], list[str]],
) -> CategorizeResult:
    from reflee.ledger.csvimport import compile_rules

    compiled = compile_rules(rules, "rules")
    # one transaction to read and write in (a dry run only reads: no write lock)
    with contextlib.nullcontext() if dry_run else db.transaction(conn):
        rows = select(conn, sel, today)
        changes: list[Change] = []
        unmatched = 0
        for t in rows:
            new = next((c for p, c in compiled if p.search(t.memo) or (t.payee and p.search(t.payee))), None)
            if new is None:
                unmatched += 1
            elif new != t.category:
                changes.append(Change(t, t.category, new))
        if not dry_run and changes:
            now = utc_now()
            conn.executemany(
                "UPDATE ledger_txn SET category = ?, updated_at = ? WHERE id = ?",
                [(c.new, now, c.txn.id) for c in changes],
            )
            for c in changes:
                c.txn.category, c.txn.updated_at = c.new, now
            alerts([c.txn for c in changes])
    return CategorizeResult(dry_run, len(rows), len(changes), changes[:SHOWN_CHANGES], rules, unmatched)


def apply_edit(t: Txn, e: Edit) -> None:
    if e.amount is not None:
        t.amount, t.currency = e.amount.minor, e.amount.currency
    if e.kind is not None:
        t.kind = e.kind
    if e.category is not None:
        t.category = fields.category(e.category)
    if e.memo is not None:
        t.memo = fields.memo(e.memo)
    if e.payee is not None:
        t.payee = fields.payee(e.payee)
    if e.on is not None:
        t.date = e.on.isoformat()
    if e.account is not None:
        t.account = fields.account(e.account)
    added, removed = fields.tags(e.add_tags, "add_tags"), fields.tags(e.remove_tags, "remove_tags")
    t.tags = sorted((set(t.tags) | set(added)) - set(removed))


def edit_many(
    conn: sqlite3.Connection,
    refs: list[str],
    e: Edit,
    *,
    live: Callable[[str], Txn],
    alerts: Callable[[list[Txn]], list[str]],
) -> EditManyResult:
    """Every ID is looked up before anything is written; the first that names no live transaction stops it all."""
    if not refs:
        raise UsageError(_("give at least one transaction ID"), field="ref")
    with db.transaction(conn):
        found: dict[str, Txn] = {}
        for ref in refs:
            t = live(ref)
            found.setdefault(t.id, t)
        now = utc_now()
        changed = []
        for t in found.values():
            before = Txn(**{**t.__dict__, "tags": list(t.tags)})
            apply_edit(t, e)
            t.updated_at = now
            store.update(conn, t)
            if t.__dict__ != {**before.__dict__, "updated_at": now}:
                changed.append(t)
        raised = alerts(list(found.values()))
    txns = [live(t.id) for t in found.values()]
    return EditManyResult(txns, len(changed), raised)
