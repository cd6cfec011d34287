"""SQL for favourites (``policy_favorite``); a removed favourite keeps a tombstone for sync."""

from __future__ import annotations

import sqlite3
from typing import Any


def put(conn: sqlite3.Connection, policy_id: str, note: str, now: str) -> None:
    """Add (or bring back) a favourite; an empty note keeps the one it had."""
    conn.execute(
        "INSERT INTO policy_favorite (policy_id, note, created_at, updated_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (policy_id) DO UPDATE SET note = CASE WHEN ? THEN excluded.note ELSE note END,"
        " created_at = CASE WHEN deleted_at IS NULL THEN created_at ELSE excluded.created_at END,"
        " updated_at = excluded.updated_at, deleted_at = NULL",
        (policy_id, note, now, now, bool(note)),
    )


def remove(conn: sqlite3.Connection, policy_id: str, now: str) -> bool:
    cur = conn.execute(
        "UPDATE policy_favorite SET deleted_at = ?, updated_at = ? WHERE policy_id = ? AND deleted_at IS NULL",
        (now, now, policy_id),
    )
    return cur.rowcount == 1


def live(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """(policy_id, note, created_at) of every favourite, oldest first."""
    return [
        (r[0], r[1], r[2])
        for r in conn.execute(
            "SELECT policy_id, note, created_at FROM policy_favorite WHERE deleted_at IS NULL ORDER BY created_at"
        )
    ]


def one(conn: sqlite3.Connection, policy_id: str) -> Any:
    """(policy_id, note, created_at, deleted_at) or None."""
    return conn.execute(
        "SELECT policy_id, note, created_at, deleted_at FROM policy_favorite WHERE policy_id = ?", (policy_id,)
    ).fetchone()
