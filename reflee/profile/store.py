"""SQL for the profile: one row per field (``profile_field``), so each field syncs on its own."""

from __future__ import annotations

import json
import sqlite3
from typing import Any


def live(conn: sqlite3.Connection) -> dict[str, tuple[Any, str]]:
    """field -> (value, updated_at) for every field that is set."""
    return {
        row[0]: (json.loads(row[1]), row[2])
        for row in conn.execute("SELECT field, value, updated_at FROM profile_field WHERE deleted_at IS NULL")
    }


def put(conn: sqlite3.Connection, name: str, value: Any, now: str) -> None:
    conn.execute(
        "INSERT INTO profile_field (field, value, created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, NULL)"
        " ON CONFLICT (field) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at,"
        " deleted_at = NULL",
        (name, json.dumps(value, ensure_ascii=False), now, now),
    )


def remove(conn: sqlite3.Connection, name: str, now: str) -> bool:
    cur = conn.execute(
        "UPDATE profile_field SET deleted_at = ?, updated_at = ? WHERE field = ? AND deleted_at IS NULL",
        (now, now, name),
    )
    return cur.rowcount == 1
