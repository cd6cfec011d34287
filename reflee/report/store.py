"""SQL for stored reports. Only this module knows the report table."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from reflee import db

TABLE = "report"
_COLUMNS = "id, kind, period_key, period_start, period_end, complete, language, narrative_status, file_stem, created_at"


def by_period(conn: sqlite3.Connection, kind: str, key: str) -> sqlite3.Row | None:
    return conn.execute(
        f"SELECT {_COLUMNS} FROM report WHERE kind = ? AND period_key = ? AND deleted_at IS NULL", (kind, key)
    ).fetchone()


def get(conn: sqlite3.Connection, ident: str) -> sqlite3.Row | None:
    return conn.execute(f"SELECT {_COLUMNS} FROM report WHERE id = ?", (ident,)).fetchone()


def data(conn: sqlite3.Connection, ident: str) -> dict[str, Any]:
    row = conn.execute("SELECT data FROM report WHERE id = ?", (ident,)).fetchone()
    return json.loads(row[0]) if row else {}


def select(conn: sqlite3.Connection, kind: str | None, limit: int | None) -> list[sqlite3.Row]:
    sql = f"SELECT {_COLUMNS} FROM report WHERE deleted_at IS NULL"
    args: list[Any] = []
    if kind:
        sql += " AND kind = ?"
        args.append(kind)
    sql += " ORDER BY period_start DESC, kind"
    if limit is not None:
        sql += " LIMIT ?"
        args.append(limit)
    return conn.execute(sql, args).fetchall()


def matching_before(conn: sqlite3.Connection, kind: str, period_start: str) -> set[str] | None:
    """The policies that fitted at the last report of this kind before ``period_start`` (None: no report)."""
    row = conn.execute(
        "SELECT json_extract(data, '$.policy.matching_ids') FROM report"
        " WHERE kind = ? AND period_start < ? AND deleted_at IS NULL ORDER BY period_start DESC LIMIT 1",
        (kind, period_start),
    ).fetchone()
    if row is None:
        return None
    return set(json.loads(row[0] or "[]"))


def save(conn: sqlite3.Connection, values: dict[str, Any], replace_id: str | None) -> str:
    """Insert a report, or overwrite the row ``replace_id`` (a re-made report keeps its ID)."""
    if replace_id is None:
        conn.execute(
            "INSERT INTO report (id, kind, period_key, period_start, period_end, complete, language, data,"
            " narrative_status, file_stem, created_at, updated_at)"
            " VALUES (:id, :kind, :period_key, :period_start, :period_end, :complete, :language, :data,"
            " :narrative_status, :file_stem, :now, :now)",
            values,
        )
        return str(values["id"])
    conn.execute(
        "UPDATE report SET complete = :complete, language = :language, data = :data,"
        " narrative_status = :narrative_status, file_stem = :file_stem, created_at = :now, updated_at = :now"
        " WHERE id = :replace_id",
        {**values, "replace_id": replace_id},
    )
    return replace_id


def resolve(conn: sqlite3.Connection, ref: str) -> str:
    return db.resolve_id(conn, TABLE, ref, "report")


def short_ids(conn: sqlite3.Connection, full_ids: list[str]) -> dict[str, str]:
    return db.short_ids(conn, TABLE, full_ids)
