"""SQL for import batches and saved import profiles (column mapping + category rules)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from reflee import ids
from reflee.ledger.models import Profile
from reflee.migrations.m011_sync import outbox_added


def record_import(conn: sqlite3.Connection, values: dict[str, Any]) -> None:
    conn.execute(
        "INSERT INTO ledger_import (id, file_name, file_sha256, encoding, profile, rows_read, rows_added,"
        " rows_duplicate, rows_invalid, created_at, updated_at) VALUES (:id, :file_name, :file_sha256, :encoding,"
        " :profile, :rows_read, :rows_added, :rows_duplicate, :rows_invalid, :created_at, :created_at)",
        values,
    )


def finish_import(
    conn: sqlite3.Connection, import_id: str, *, rows: int, added: int, duplicates: int, invalid: int
) -> None:
    """The counts of an import recorded (by ``record_import``) before its rows were streamed in."""
    conn.execute(
        "UPDATE ledger_import SET rows_read = ?, rows_added = ?, rows_duplicate = ?, rows_invalid = ? WHERE id = ?",
        (rows, added, duplicates, invalid, import_id),
    )


def last_rowid(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT coalesce(max(rowid), 0) FROM ledger_txn").fetchone()[0])


def outbox_import(conn: sqlite3.Connection, after_rowid: int, *, many: bool = False) -> None:
    """The sync outbox rows of the transactions an import added (rowid above ``after_rowid``, inside the import's
    transaction: all of them are its rows), in one statement: the outbox's insert trigger skips rows with an
    import_id (migration m015_bank). ``many``: the rows are many next to the ledger's."""
    outbox_added(conn, "transaction", "ledger_txn", after_rowid, many=many)


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def insert_rows(
    conn: sqlite3.Connection,
    import_id: str,
    now: str,
    rows: Iterable[tuple[Any, ...]],
    *,
    currency: str | None = None,
) -> None:
    """Insert one import's transactions: ``rows`` are (id, date, kind, amount, category, account, payee, memo,
    import_key, currency, tags); what every row shares (the import, the times) is written into the statement
    once instead of bound a million times. With ``currency``, the rows share it and have no tags, and end at
    the import key."""
    columns = "id, txn_date, kind, amount, category, account, payee, memo, import_key, currency, tags"
    marks = "?, ?, ?, ?, ?, ?, ?, ?, ?, " + ("?, ?" if currency is None else f"{_literal(currency)}, ''")
    conn.executemany(
        f"INSERT INTO ledger_txn ({columns}, import_id, created_at, updated_at)"
        f" VALUES ({marks}, {_literal(import_id)}, {_literal(now)}, {_literal(now)})",
        rows,
    )


def _rules(conn: sqlite3.Connection, profile_id: str) -> list[tuple[str, str]]:
    return [
        (p, c)
        for p, c in conn.execute(
            "SELECT pattern, category FROM ledger_import_rule WHERE profile_id = ? AND deleted_at IS NULL"
            " ORDER BY position",
            (profile_id,),
        )
    ]


def get_profile(conn: sqlite3.Connection, name: str) -> Profile | None:
    r = conn.execute(
        "SELECT id, name, mapping, created_at, updated_at FROM ledger_import_profile"
        " WHERE name = ? AND deleted_at IS NULL",
        (name,),
    ).fetchone()
    if r is None:
        return None
    return Profile(r[1], json.loads(r[2]), _rules(conn, r[0]), r[0], r[3], r[4])


def profiles(conn: sqlite3.Connection) -> list[Profile]:
    names = [
        r[0] for r in conn.execute("SELECT name FROM ledger_import_profile WHERE deleted_at IS NULL ORDER BY name")
    ]
    return [p for p in (get_profile(conn, n) for n in names) if p is not None]


def save_profile(conn: sqlite3.Connection, profile: Profile, now: str) -> None:
    existing = get_profile(conn, profile.name)
    mapping = json.dumps(profile.mapping, ensure_ascii=False, sort_keys=True)
    if existing:
        profile.id, profile.created_at = existing.id, existing.created_at
        conn.execute(
            "UPDATE ledger_import_profile SET mapping = ?, updated_at = ? WHERE id = ?", (mapping, now, existing.id)
        )
        conn.execute(
            "UPDATE ledger_import_rule SET deleted_at = ?, updated_at = ? WHERE profile_id = ? AND deleted_at IS NULL",
            (now, now, existing.id),
        )
    else:
        profile.id, profile.created_at = ids.new_id(), now
        conn.execute(
            "INSERT INTO ledger_import_profile (id, name, mapping, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
            (profile.id, profile.name, mapping, now, now),
        )
    profile.updated_at = now
    conn.executemany(
        "INSERT INTO ledger_import_rule (id, profile_id, position, pattern, category, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(ids.new_id(), profile.id, i, p, c, now, now) for i, (p, c) in enumerate(profile.rules)],
    )


def delete_profile(conn: sqlite3.Connection, name: str, now: str) -> bool:
    existing = get_profile(conn, name)
    if existing is None:
        return False
    conn.execute(
        "UPDATE ledger_import_profile SET deleted_at = ?, updated_at = ? WHERE id = ?", (now, now, existing.id)
    )
    conn.execute(
        "UPDATE ledger_import_rule SET deleted_at = ?, updated_at = ? WHERE profile_id = ? AND deleted_at IS NULL",
        (now, now, existing.id),
    )
    return True


def rename_rule_category(conn: sqlite3.Connection, old: str, new: str, now: str) -> int:
    return conn.execute(
        "UPDATE ledger_import_rule SET category = ?, updated_at = ? WHERE category = ? AND deleted_at IS NULL",
        (new, now, old),
    ).rowcount
