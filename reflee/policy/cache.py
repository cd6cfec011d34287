"""SQL for the stored match (``policy_match``): one row holding every policy's verdicts, ranked, under the
key they were computed for. Stored as one compact JSON document because a match always reads or replaces
all of it: one row is far cheaper to write and read than ten thousand."""

from __future__ import annotations

import json
import sqlite3
from typing import Any


def key(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT cache_key FROM policy_match WHERE id = 1").fetchone()
    return row[0] if row else None


def save(conn: sqlite3.Connection, cache_key: str, results: dict[str, Any], now: str) -> None:
    conn.execute(
        "INSERT INTO policy_match (id, cache_key, computed_at, results) VALUES (1, ?, ?, ?)"
        " ON CONFLICT (id) DO UPDATE SET cache_key = excluded.cache_key, computed_at = excluded.computed_at,"
        " results = excluded.results",
        (cache_key, now, json.dumps(results, ensure_ascii=False, separators=(",", ":"))),
    )


def load(conn: sqlite3.Connection) -> dict[str, Any] | None:
    row = conn.execute("SELECT results FROM policy_match WHERE id = 1").fetchone()
    return json.loads(row[0]) if row else None


def clear(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM policy_match")
