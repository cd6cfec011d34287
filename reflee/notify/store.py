"""SQL for notifications."""

from __future__ import annotations

import sqlite3

from reflee import db
from reflee.notify.models import Notification

TABLE = "notification"
_COLUMNS = "id, kind, title, body, link_type, link_id, dedup_key, created_at, read_at"


def _row(row: sqlite3.Row) -> Notification:
    return Notification(**{k: row[k] for k in row.keys()})  # noqa: SIM118 - sqlite3.Row


def hydrate(conn: sqlite3.Connection, rows: list[sqlite3.Row]) -> list[Notification]:
    out = [_row(r) for r in rows]
    shorts = db.short_ids(conn, TABLE, [n.id for n in out])
    for n in out:
        n.short_id = shorts[n.id]
    return out


def insert_unless_duplicate(conn: sqlite3.Connection, n: Notification) -> bool:
    cur = conn.execute(
        f"INSERT INTO notification ({_COLUMNS}, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (dedup_key) DO NOTHING",
        (n.id, n.kind, n.title, n.body, n.link_type, n.link_id, n.dedup_key, n.created_at, n.read_at, n.created_at),
    )
    return cur.rowcount == 1


def get(conn: sqlite3.Connection, ident: str) -> Notification:
    row = conn.execute(f"SELECT {_COLUMNS} FROM notification WHERE id = ?", (ident,)).fetchone()
    return hydrate(conn, [row])[0]


def by_key(conn: sqlite3.Connection, key: str) -> Notification | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM notification WHERE dedup_key = ?", (key,)).fetchone()
    return hydrate(conn, [row])[0] if row else None


def select(conn: sqlite3.Connection, *, unread: bool, limit: int | None) -> list[Notification]:
    sql = f"SELECT {_COLUMNS} FROM notification WHERE deleted_at IS NULL"
    if unread:
        sql += " AND read_at IS NULL"
    sql += " ORDER BY created_at DESC, id DESC"
    params: list[object] = []
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return hydrate(conn, conn.execute(sql, params).fetchall())


def mark_read(conn: sqlite3.Connection, ident: str | None, when: str) -> int:
    if ident is None:
        cur = conn.execute(
            "UPDATE notification SET read_at = ?, updated_at = ? WHERE read_at IS NULL AND deleted_at IS NULL",
            (when, when),
        )
    else:
        cur = conn.execute(
            "UPDATE notification SET read_at = ?, updated_at = ? WHERE id = ? AND read_at IS NULL",
            (when, when, ident),
        )
    return cur.rowcount


def unread_count(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM notification WHERE read_at IS NULL AND deleted_at IS NULL").fetchone()[0]
