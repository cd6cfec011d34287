"""SQL for the collector: its run log (``policy_collect``), its change log (``policy_change``), and removing
policies that left their source (a tombstone on ``policy``)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from typing import Any

from reflee.policy.changes import Change

RUN_COLS = (
    "id", "source", "mode", "since", "status", "pid", "started_at", "finished_at", "duration_ms", "pages",
    "records_read", "new", "changed", "unchanged", "removed", "reported", "unreadable", "error_code", "error",
    "created_at", "updated_at",
)  # fmt: skip
COUNTS = ("pages", "records_read", "new", "changed", "unchanged", "removed", "reported", "unreadable")


def start_run(conn: sqlite3.Connection, row: dict[str, Any]) -> None:
    cols = [c for c in RUN_COLS if c in row]
    conn.execute(
        f"INSERT INTO policy_collect ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
        [row[c] for c in cols],
    )


def finish_run(conn: sqlite3.Connection, run_id: str, row: dict[str, Any]) -> None:
    cols = [c for c in row if c in RUN_COLS and c != "id"]
    conn.execute(
        f"UPDATE policy_collect SET {', '.join(f'{c} = ?' for c in cols)} WHERE id = ?",
        [*(row[c] for c in cols), run_id],
    )


def mark_interrupted(conn: sqlite3.Connection, now: str) -> int:
    """Runs still 'running' whose process is gone (killed, or the machine stopped) become 'interrupted'."""
    gone = [
        r[0] for r in conn.execute("SELECT id, pid FROM policy_collect WHERE status = 'running'") if not alive(r[1])
    ]
    conn.executemany(
        "UPDATE policy_collect SET status = 'interrupted', updated_at = ? WHERE id = ?", [(now, i) for i in gone]
    )
    return len(gone)


def alive(pid: int | None) -> bool:
    if not pid:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists but is not ours
        return True
    return True


def runs(conn: sqlite3.Connection, *, source: str | None, limit: int | None) -> list[dict[str, Any]]:
    sql = f"SELECT {', '.join(RUN_COLS)} FROM policy_collect WHERE deleted_at IS NULL"
    params: list[Any] = []
    if source:
        sql += " AND source = ?"
        params.append(source)
    sql += " ORDER BY started_at DESC, id DESC"
    if limit:
        sql += " LIMIT ?"
        params.append(limit)
    cur = conn.execute(sql, params)
    return [dict(zip(RUN_COLS, r, strict=True)) for r in cur]


def last_ok(conn: sqlite3.Connection, source: str, mode: str | None = None) -> str | None:
    """When the last successful run of a source (of ``mode``) started."""
    sql = "SELECT max(started_at) FROM policy_collect WHERE source = ? AND status = 'ok'"
    params: list[Any] = [source]
    if mode:
        sql += " AND mode = ?"
        params.append(mode)
    return conn.execute(sql, params).fetchone()[0]


def live_ids(conn: sqlite3.Connection, source: str) -> dict[str, str]:
    """source_id -> policy id of the source's policies that are not removed."""
    return {
        r[0]: r[1]
        for r in conn.execute("SELECT source_id, id FROM policy WHERE source = ? AND deleted_at IS NULL", (source,))
    }


def removed_ids(conn: sqlite3.Connection, source: str) -> set[str]:
    return {r[0] for r in conn.execute("SELECT id FROM policy WHERE source = ? AND deleted_at IS NOT NULL", (source,))}


def titles(conn: sqlite3.Connection, ids: Iterable[str]) -> dict[str, str]:
    wanted = list(ids)
    out: dict[str, str] = {}
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        marks = ",".join("?" * len(chunk))
        out.update({r[0]: r[1] for r in conn.execute(f"SELECT id, title FROM policy WHERE id IN ({marks})", chunk)})
    return out


def remove(conn: sqlite3.Connection, ids: list[str], now: str) -> None:
    """Tombstone policies that left their source (updated_at moves too, so stored matches are recomputed)."""
    conn.executemany("UPDATE policy SET deleted_at = ?, updated_at = ? WHERE id = ?", [(now, now, i) for i in ids])


def add_changes(conn: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> None:
    """Rows of (id, run_id, policy_id, source, source_id, title, kind, field, old, new, created_at)."""
    conn.executemany(
        "INSERT INTO policy_change (id, run_id, policy_id, source, source_id, title, kind, field, old_value,"
        " new_value, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(*r, r[-1]) for r in rows],
    )


def changes(conn: sqlite3.Connection, *, since: str | None, source: str | None, limit: int | None) -> list[Change]:
    sql = (
        "SELECT policy_id, source, source_id, title, kind, field, old_value, new_value, created_at, run_id"
        " FROM policy_change WHERE deleted_at IS NULL"
    )
    params: list[Any] = []
    if since:
        sql += " AND created_at >= ?"
        params.append(since)
    if source:
        sql += " AND source = ?"
        params.append(source)
    sql += " ORDER BY created_at DESC, id"
    if limit:
        sql += " LIMIT ?"
        params.append(limit)
    return [Change(*r) for r in conn.execute(sql, params)]
