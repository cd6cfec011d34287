"""What shell completion offers: categories, tags and accounts from your own database, setting keys and profile
fields. Completion runs on every Tab, so each answer is one small read-only query on the database file (no
session, no migrations, no locks), read through an index where one exists, and a missing or unreadable file
simply offers nothing. Only the standard library is imported at module level.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path

LIMIT = 100
"""At most this many suggestions (a shell shows no more than a screen anyway)."""
RECENT_ROWS = 20_000
"""Accounts have no index of their own: they come from this many most recent transactions."""
_TOP = "\U0010ffff"
TOTAL = "*"
"""How the overall (all categories) budget is stored."""

# Distinct values of an indexed column without reading every row: each step jumps to the next value (skip scan).
_DISTINCT = """
WITH RECURSIVE v(x) AS (
    SELECT min({col}) FROM {table} WHERE {col} >= :lo AND {col} < :hi AND {col} != ''
    UNION ALL
    SELECT (SELECT min({col}) FROM {table} WHERE {col} > v.x AND {col} < :hi) FROM v WHERE v.x IS NOT NULL
    LIMIT :limit
)
SELECT x FROM v WHERE x IS NOT NULL
"""


def db_file(home: str | os.PathLike[str] | None = None) -> Path:
    from reflee.paths import resolve_paths

    return resolve_paths(home).db_file


def _rows(home: str | os.PathLike[str] | None, sql: str, params: dict[str, object]) -> list[str]:
    path = db_file(home)
    if not path.is_file():
        return []
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=0.2)
    except sqlite3.Error:
        return []
    try:
        return [str(r[0]) for r in conn.execute(sql, params) if r[0]]
    except sqlite3.Error:  # an old schema, a locked or damaged file: nothing to offer
        return []
    finally:
        conn.close()


def _distinct(home: str | os.PathLike[str] | None, table: str, col: str, prefix: str) -> list[str]:
    sql = _DISTINCT.format(table=table, col=col)
    return _rows(home, sql, {"lo": prefix, "hi": prefix + _TOP, "limit": LIMIT})


def _merge(*lists: Iterable[str]) -> list[str]:
    return sorted(dict.fromkeys(x for values in lists for x in values))[:LIMIT]


def categories(prefix: str = "", home: str | os.PathLike[str] | None = None) -> list[str]:
    """Categories used by transactions or budgets, starting with ``prefix`` (not the overall budget's marker)."""
    found = _merge(
        _distinct(home, "ledger_txn", "category", prefix),
        _distinct(home, "ledger_budget", "category", prefix),
    )
    return [c for c in found if c != TOTAL]


def budget_categories(prefix: str = "", home: str | os.PathLike[str] | None = None) -> list[str]:
    """What `budget set` takes: the categories, and ``total`` for the overall budget."""
    return categories(prefix, home) + (["total"] if "total".startswith(prefix) else [])


def tags(prefix: str = "", home: str | os.PathLike[str] | None = None) -> list[str]:
    """Retrospect tags starting with ``prefix`` (a leading # is ignored)."""
    return _distinct(home, "retro_tag", "tag", prefix.lstrip("#").lower())


def accounts(prefix: str = "", home: str | os.PathLike[str] | None = None) -> list[str]:
    """Accounts of the most recent transactions, starting with ``prefix``."""
    sql = (
        "SELECT DISTINCT account FROM (SELECT account FROM ledger_txn ORDER BY rowid DESC LIMIT :recent)"
        " WHERE account >= :lo AND account < :hi ORDER BY account LIMIT :limit"
    )
    return _rows(home, sql, {"recent": RECENT_ROWS, "lo": prefix, "hi": prefix + _TOP, "limit": LIMIT})


def config_keys(prefix: str = "") -> list[tuple[str, str]]:
    """(key, what it does) of every setting starting with ``prefix``."""
    from reflee.config import SETTINGS

    return [(key, s.doc) for key, s in SETTINGS.items() if key.startswith(prefix)]


def profile_fields(prefix: str = "") -> list[tuple[str, str]]:
    """(field, its Korean label) of every profile field whose name or label starts with ``prefix``."""
    from reflee.profile.models import FIELD_LABELS

    out = []
    for name, label in FIELD_LABELS.items():
        if name.startswith(prefix):
            out.append((name, label))
        elif prefix and label.startswith(prefix):  # a Korean label is accepted too; one with a space is offered
            out.append((name, label) if " " in label else (label, name))  # by its name (no quoting needed)
    return out
