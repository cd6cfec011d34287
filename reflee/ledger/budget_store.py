"""SQL for monthly budgets (예산). A row is in effect from its start month until a later row replaces it."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass
class BudgetRow:
    id: str
    category: str
    """A category, or '*' for the overall budget."""
    currency: str
    start_month: str
    amount: int
    """0 means: no budget from this month on."""
    rollover: bool
    created_at: str
    updated_at: str


_COLUMNS = "id, category, currency, start_month, amount, rollover, created_at, updated_at"


def _row(r: tuple) -> BudgetRow:
    return BudgetRow(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6], r[7])


def rows(conn: sqlite3.Connection, currency: str, *, until_month: str | None = None) -> list[BudgetRow]:
    """Live budget rows of a currency, by category then start month."""
    sql = f"SELECT {_COLUMNS} FROM ledger_budget WHERE deleted_at IS NULL AND currency = ?"
    args: list[object] = [currency]
    if until_month:
        sql += " AND start_month <= ?"
        args.append(until_month)
    return [_row(r) for r in conn.execute(sql + " ORDER BY category, start_month", args)]


def at(conn: sqlite3.Connection, category: str, currency: str, month: str) -> BudgetRow | None:
    """The row in effect for a category in a month."""
    r = conn.execute(
        f"SELECT {_COLUMNS} FROM ledger_budget WHERE deleted_at IS NULL AND category = ? AND currency = ?"
        " AND start_month <= ? ORDER BY start_month DESC LIMIT 1",
        (category, currency, month),
    ).fetchone()
    return _row(r) if r else None


def upsert(conn: sqlite3.Connection, row: BudgetRow) -> None:
    cur = conn.execute(
        "UPDATE ledger_budget SET amount = ?, rollover = ?, updated_at = ?"
        " WHERE deleted_at IS NULL AND category = ? AND currency = ? AND start_month = ?",
        (row.amount, int(row.rollover), row.updated_at, row.category, row.currency, row.start_month),
    )
    if cur.rowcount == 0:
        conn.execute(
            f"INSERT INTO ledger_budget ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                row.id,
                row.category,
                row.currency,
                row.start_month,
                row.amount,
                int(row.rollover),
                row.created_at,
                row.updated_at,
            ),
        )


def rename(conn: sqlite3.Connection, old: str, new: str, now: str) -> tuple[int, int]:
    """Move OLD's rows to NEW where NEW has none for the same currency and month; tombstone the others."""
    dropped = conn.execute(
        "UPDATE ledger_budget SET deleted_at = ?, updated_at = ? WHERE deleted_at IS NULL AND category = ?"
        " AND EXISTS (SELECT 1 FROM ledger_budget b WHERE b.deleted_at IS NULL AND b.category = ?"
        " AND b.currency = ledger_budget.currency AND b.start_month = ledger_budget.start_month)",
        (now, now, old, new),
    ).rowcount
    moved = conn.execute(
        "UPDATE ledger_budget SET category = ?, updated_at = ? WHERE deleted_at IS NULL AND category = ?",
        (new, now, old),
    ).rowcount
    return moved, dropped


def category_has_budget(conn: sqlite3.Connection, category: str) -> bool:
    return (
        conn.execute(
            "SELECT 1 FROM ledger_budget WHERE deleted_at IS NULL AND category = ? LIMIT 1", (category,)
        ).fetchone()
        is not None
    )


def drop_category(conn: sqlite3.Connection, category: str, now: str) -> int:
    return conn.execute(
        "UPDATE ledger_budget SET deleted_at = ?, updated_at = ? WHERE deleted_at IS NULL AND category = ?",
        (now, now, category),
    ).rowcount


_NEXT_CATEGORY = """
WITH RECURSIVE v(x) AS (
    SELECT min(category) FROM {table} WHERE category != ''
    UNION ALL
    SELECT (SELECT min(category) FROM {table} WHERE category > v.x) FROM v WHERE v.x IS NOT NULL
)
SELECT x FROM v WHERE x IS NOT NULL
"""


def known_categories(conn: sqlite3.Connection) -> set[str]:
    """Every category a transaction (deleted ones too) or a budget has used, by stepping through the category
    index one value at a time (a million transactions cost as much as a few)."""
    found: set[str] = set()
    for table in ("ledger_txn", "ledger_budget"):
        found.update(r[0] for r in conn.execute(_NEXT_CATEGORY.format(table=table)))
    return found
