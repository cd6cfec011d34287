"""SQL for retrospects. Only this module knows the retro tables."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Iterator

from reflee.retro.models import Retro, TagCount

TABLE = "retro"
_COLUMNS = "id, entry_date, purpose, content, version, created_at, updated_at, deleted_at, sid"
"""What every read selects: the short ID (``sid``, migration m013) comes with the row, not from a second query."""


def content_hash(entry_date: str, purpose: str, content: str) -> str:
    return content_digest(entry_date, purpose, content).hex()


def content_digest(entry_date: str, purpose: str, content: str) -> bytes:
    """The SHA-256 behind ``content_hash``, as 32 bytes rather than 64 hexadecimal digits."""
    return content_digest_utf8(entry_date, purpose, content.encode())


def content_digest_utf8(entry_date: str, purpose: str, content: bytes) -> bytes:
    """``content_digest`` of a text already encoded as UTF-8."""
    digest = hashlib.sha256(f"{entry_date}\x1f{purpose}\x1f".encode())
    digest.update(content)
    return digest.digest()


def _row(row: sqlite3.Row, tags: list[str]) -> Retro:
    return Retro(
        id=row["id"],
        entry_date=row["entry_date"],
        purpose=row["purpose"],
        content=row["content"],
        tags=tags,
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        deleted_at=row["deleted_at"],
        short_id=row["sid"],
    )


def tags_for(conn: sqlite3.Connection, retro_ids: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {i: [] for i in retro_ids}
    for start in range(0, len(retro_ids), 500):
        chunk = retro_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for rid, tag in conn.execute(
            f"SELECT retro_id, tag FROM retro_tag WHERE retro_id IN ({marks}) ORDER BY tag", chunk
        ):
            out[rid].append(tag)
    return out


def hydrate(conn: sqlite3.Connection, rows: list[sqlite3.Row]) -> list[Retro]:
    tags = tags_for(conn, [r["id"] for r in rows])
    return [_row(r, tags[r["id"]]) for r in rows]


def get(conn: sqlite3.Connection, retro_id: str) -> Retro | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM retro WHERE id = ?", (retro_id,)).fetchone()
    return hydrate(conn, [row])[0] if row else None


def insert(conn: sqlite3.Connection, retro: Retro) -> None:
    conn.execute(
        "INSERT INTO retro (id, entry_date, purpose, content, content_hash, version, created_at, updated_at,"
        " deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            retro.id,
            retro.entry_date,
            retro.purpose,
            retro.content,
            content_hash(retro.entry_date, retro.purpose, retro.content),
            retro.version,
            retro.created_at,
            retro.updated_at,
            retro.deleted_at,
        ),
    )
    set_tags(conn, retro.id, retro.tags)


def set_tags(conn: sqlite3.Connection, retro_id: str, tags: Iterable[str]) -> None:
    conn.execute("DELETE FROM retro_tag WHERE retro_id = ?", (retro_id,))
    conn.executemany("INSERT OR IGNORE INTO retro_tag (retro_id, tag) VALUES (?, ?)", [(retro_id, t) for t in tags])


def update(conn: sqlite3.Connection, retro: Retro) -> None:
    conn.execute(
        "UPDATE retro SET entry_date = ?, purpose = ?, content = ?, content_hash = ?, version = ?,"
        " updated_at = ?, deleted_at = ? WHERE id = ?",
        (
            retro.entry_date,
            retro.purpose,
            retro.content,
            content_hash(retro.entry_date, retro.purpose, retro.content),
            retro.version,
            retro.updated_at,
            retro.deleted_at,
            retro.id,
        ),
    )
    set_tags(conn, retro.id, retro.tags)


def exists(conn: sqlite3.Connection, retro_id: str) -> bool:
    return conn.execute("SELECT 1 FROM retro WHERE id = ?", (retro_id,)).fetchone() is not None


def hash_exists(conn: sqlite3.Connection, digest: str) -> bool:
    return conn.execute("SELECT 1 FROM retro WHERE content_hash = ? LIMIT 1", (digest,)).fetchone() is not None


def _filters(since: str | None, until: str | None, tags: list[str] | None, deleted: bool) -> tuple[str, list[object]]:
    where = ["deleted_at IS NOT NULL" if deleted else "deleted_at IS NULL"]
    params: list[object] = []
    if since:
        where.append("entry_date >= ?")
        params.append(since)
    if until:
        where.append("entry_date <= ?")
        params.append(until)
    for tag in tags or []:
        where.append("id IN (SELECT retro_id FROM retro_tag WHERE tag = ?)")
        params.append(tag)
    return " AND ".join(where), params


def select(
    conn: sqlite3.Connection,
    *,
    since: str | None = None,
    until: str | None = None,
    tags: list[str] | None = None,
    limit: int | None = None,
    deleted: bool = False,
    oldest_first: bool = False,
) -> list[Retro]:
    return list(
        iter_select(conn, since=since, until=until, tags=tags, limit=limit, deleted=deleted, oldest_first=oldest_first)
    )


def iter_select(
    conn: sqlite3.Connection,
    *,
    since: str | None = None,
    until: str | None = None,
    tags: list[str] | None = None,
    limit: int | None = None,
    deleted: bool = False,
    oldest_first: bool = False,
    batch: int = 500,
) -> Iterator[Retro]:
    """Like ``select``, read and hydrated (tags, short IDs) ``batch`` rows at a time as it is consumed."""
    where, params = _filters(since, until, tags, deleted)
    order = "ASC" if oldest_first else "DESC"
    sql = f"SELECT {_COLUMNS} FROM retro WHERE {where} ORDER BY entry_date {order}, created_at {order}"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    cursor = conn.execute(sql, params)
    while rows := cursor.fetchmany(batch):
        yield from hydrate(conn, rows)


def iter_all(
    conn: sqlite3.Connection, *, since: str | None = None, until: str | None = None, batch: int = 1000
) -> Iterator[Retro]:
    """Oldest first, in batches, without holding everything in memory."""
    where, params = _filters(since, until, None, False)
    cursor = conn.execute(f"SELECT {_COLUMNS} FROM retro WHERE {where} ORDER BY entry_date, created_at", params)
    while rows := cursor.fetchmany(batch):
        ids = [r["id"] for r in rows]
        tags = tags_for(conn, ids)
        for r in rows:
            yield _row(r, tags[r["id"]])


def tag_counts(conn: sqlite3.Connection) -> list[TagCount]:
    return [
        TagCount(tag, count)
        for tag, count in conn.execute(
            "SELECT t.tag, count(*) FROM retro_tag t JOIN retro r ON r.id = t.retro_id"
            " WHERE r.deleted_at IS NULL GROUP BY t.tag ORDER BY count(*) DESC, t.tag"
        )
    ]


def dates(conn: sqlite3.Connection) -> list[str]:
    """Entry dates of every live retrospect (one per retrospect), oldest first."""
    return [r[0] for r in conn.execute("SELECT entry_date FROM retro WHERE deleted_at IS NULL ORDER BY entry_date")]


def day_counts(conn: sqlite3.Connection, since: str, until: str) -> dict[str, int]:
    """Live retrospects per entry date in [since, until] (days without one are absent)."""
    return dict(
        conn.execute(
            "SELECT entry_date, count(*) FROM retro WHERE deleted_at IS NULL AND entry_date BETWEEN ? AND ?"
            " GROUP BY entry_date",
            (since, until),
        ).fetchall()
    )


def streak_ending(conn: sqlite3.Connection, day: str) -> int:
    """How many consecutive days, ending on ``day``, have a live retrospect (0 when ``day`` has none): one index
    seek per day of the streak, however many entries there are."""
    return conn.execute(
        "WITH RECURSIVE run(day) AS ("
        " SELECT ? WHERE EXISTS (SELECT 1 FROM retro WHERE entry_date = ?1 AND deleted_at IS NULL)"
        " UNION ALL SELECT date(day, '-1 day') FROM run WHERE EXISTS ("
        "  SELECT 1 FROM retro WHERE entry_date = date(run.day, '-1 day') AND deleted_at IS NULL))"
        " SELECT count(*) FROM run",
        (day,),
    ).fetchone()[0]
