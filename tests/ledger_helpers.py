"""Shared by the ledger import tests."""

from __future__ import annotations

import sqlite3

REFUSED = "refused by the test"


def refuse_memo(conn: sqlite3.Connection, memo: str = "boom") -> None:
    """Make the database refuse any transaction with this memo (standing in for a full disk or a crash half-way
    through an import); committed at once. Drop it with ``DROP TRIGGER refuse_boom``."""
    conn.execute(
        f"CREATE TRIGGER refuse_boom BEFORE INSERT ON ledger_txn WHEN new.memo = '{memo}'"
        f" BEGIN SELECT RAISE(ABORT, '{REFUSED}'); END"
    )
    conn.commit()
