"""SQL for the record of `cron run`s and the runner's small state (what was last shown on the desktop)."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

KEEP_RUNS = 500


def last_started(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT max(started_at) FROM cron_run").fetchone()
    return row[0] if row else None


def mark_died(conn: sqlite3.Connection) -> int:
    """Runs still marked running when the lock is free again were killed: say so."""
    return conn.execute("UPDATE cron_run SET status = 'died' WHERE status = 'running'").rowcount


def start(conn: sqlite3.Connection, ident: str, started_at: str, local_time: str, pid: int) -> None:
    conn.execute(
        "INSERT INTO cron_run (id, started_at, local_time, status, pid) VALUES (?, ?, ?, 'running', ?)",
        (ident, started_at, local_time, pid),
    )


def finish(conn: sqlite3.Connection, ident: str, finished_at: str, status: str, steps: list[dict[str, Any]]) -> None:
    conn.execute(
        "UPDATE cron_run SET finished_at = ?, status = ?, steps = ? WHERE id = ?",
        (finished_at, status, json.dumps(steps, ensure_ascii=False), ident),
    )
    conn.execute(
        "DELETE FROM cron_run WHERE started_at < (SELECT started_at FROM cron_run ORDER BY started_at DESC"
        " LIMIT 1 OFFSET ?)",
        (KEEP_RUNS - 1,),
    )


def recent(conn: sqlite3.Connection, limit: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT id, started_at, finished_at, local_time, status, steps, pid FROM cron_run"
        " ORDER BY started_at DESC LIMIT ?",
        (limit,),
    ).fetchall()
    return [
        {
            "id": r["id"],
            "started_at": r["started_at"],
            "finished_at": r["finished_at"],
            "local_time": r["local_time"],
            "status": r["status"],
            "pid": r["pid"],
            "steps": json.loads(r["steps"]),
        }
        for r in rows
    ]


def get_state(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM cron_state WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def set_state(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO cron_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
