"""The migration registry and runner.

Rules: never edit or reorder a migration once released; add a new module ``m0NN_what.py`` with the next
number and list it in ``reflee/migrations/__init__.py``. Migrations run in name order, so the number is the
order. Each runs in its own BEGIN IMMEDIATE transaction together with the record of it having run, so two
processes opening a fresh database cannot both apply it. ``PRAGMA user_version`` mirrors the count of applied
migrations (a cheap check on open).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

MIGRATIONS_TABLE = "_reflee_migrations"
Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: list[tuple[str, Migration]] = []


def migration(fn: Migration) -> Migration:
    MIGRATIONS.append((fn.__name__, fn))
    MIGRATIONS.sort(key=lambda item: item[0])
    return fn


def script(conn: sqlite3.Connection, sql: str) -> None:
    """Run a multi-statement SQL script statement by statement (inside the caller's transaction)."""
    for statement in _split(sql):
        conn.execute(statement)


def _split(sql: str) -> list[str]:
    """Split a script on ';' at statement ends (triggers contain ';' inside BEGIN ... END)."""
    out, buf = [], []
    for line in sql.strip().splitlines():
        buf.append(line)
        joined = "\n".join(buf).strip()
        if joined.endswith(";") and sqlite3.complete_statement(joined):
            out.append(joined)
            buf = []
    if "\n".join(buf).strip():
        out.append("\n".join(buf))
    return out


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def applied_names(conn: sqlite3.Connection) -> set[str]:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (MIGRATIONS_TABLE,)
    ).fetchone()
    if not exists:
        return set()
    return {row[0] for row in conn.execute(f"SELECT name FROM {MIGRATIONS_TABLE}")}


def rollback(conn: sqlite3.Connection) -> None:
    """Undo the transaction, if SQLite has not already: on a full disk or an I/O error it rolls back by
    itself, and a second ROLLBACK ('no transaction is active') would hide the real cause."""
    if conn.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


def apply_pending(conn: sqlite3.Connection, *, stop_before: str | None = None) -> list[str]:
    """Apply every migration not yet recorded, in order; return the names applied."""
    conn.execute(f"CREATE TABLE IF NOT EXISTS {MIGRATIONS_TABLE} (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    done_now: list[str] = []
    for name, fn in MIGRATIONS:
        if name == stop_before:
            break
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute(f"SELECT 1 FROM {MIGRATIONS_TABLE} WHERE name = ?", (name,)).fetchone():
                conn.execute("ROLLBACK")
                continue
            fn(conn)
            conn.execute(f"INSERT INTO {MIGRATIONS_TABLE} (name, applied_at) VALUES (?, ?)", (name, _now()))
            count = conn.execute(f"SELECT count(*) FROM {MIGRATIONS_TABLE}").fetchone()[0]
            conn.execute(f"PRAGMA user_version = {int(count)}")
            conn.execute("COMMIT")
        except BaseException:
            rollback(conn)
            raise
        done_now.append(name)
    return done_now
