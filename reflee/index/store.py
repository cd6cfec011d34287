"""The embeddings index's SQL: one row per retrospect (its vector for one model and version), and a
generation counter that goes up with every change so that a session's in-memory copy knows when to reload.

It reads the ``retro`` table's id, version, entry date and tombstone (the rows it indexes) and nothing else.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from reflee.dates import utc_now


def generation(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT value FROM index_meta WHERE key = 'generation'").fetchone()
    return int(row[0]) if row else 0


def _bump(conn: sqlite3.Connection) -> None:
    conn.execute("UPDATE index_meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")


def meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM index_meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO index_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def upsert(
    conn: sqlite3.Connection, retro_id: str, model: str, version: int, dims: int, vector: bytes, signs: bytes
) -> None:
    """Inside the caller's transaction."""
    now = utc_now()
    conn.execute(
        "INSERT INTO embedding (retro_id, model, version, dims, vector, signs, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (retro_id) DO UPDATE SET model = excluded.model,"
        " version = excluded.version, dims = excluded.dims, vector = excluded.vector, signs = excluded.signs,"
        " updated_at = excluded.updated_at",
        (retro_id, model, version, dims, vector, signs, now, now),
    )
    _bump(conn)


def clear(conn: sqlite3.Connection) -> int:
    n = conn.execute("DELETE FROM embedding").rowcount
    _bump(conn)
    return n


def live_version(conn: sqlite3.Connection, retro_id: str) -> int | None:
    row = conn.execute("SELECT version FROM retro WHERE id = ? AND deleted_at IS NULL", (retro_id,)).fetchone()
    return row[0] if row else None


def vector_of(conn: sqlite3.Connection, retro_id: str, model: str) -> bytes | None:
    row = conn.execute("SELECT vector FROM embedding WHERE retro_id = ? AND model = ?", (retro_id, model)).fetchone()
    return row[0] if row else None


def all_signs(conn: sqlite3.Connection, model: str) -> tuple[list[str], list[bytes]]:
    """Every stored vector's retro ID and sign bits for ``model`` (deleted retrospects are filtered later)."""
    ids: list[str] = []
    signs: list[bytes] = []
    for retro_id, blob in conn.execute("SELECT retro_id, signs FROM embedding WHERE model = ?", (model,)):
        ids.append(retro_id)
        signs.append(blob)
    return ids, signs


def vectors_of(conn: sqlite3.Connection, model: str, retro_ids: list[str]) -> list[tuple[str, bytes]]:
    """(retro ID, vector) of the named ones, by primary key (deleted retrospects included: filter after)."""
    out: list[tuple[str, bytes]] = []
    for i in range(0, len(retro_ids), 500):
        chunk = retro_ids[i : i + 500]
        rows = conn.execute(
            f"SELECT retro_id, vector FROM embedding WHERE model = ? AND retro_id IN ({','.join('?' * len(chunk))})",
            [model, *chunk],
        )
        out.extend((r[0], r[1]) for r in rows)
    return out


def deleted_among(conn: sqlite3.Connection, retro_ids: list[str]) -> set[str]:
    if not retro_ids:
        return set()
    marks = ",".join("?" * len(retro_ids))
    rows = conn.execute(f"SELECT id FROM retro WHERE id IN ({marks}) AND deleted_at IS NOT NULL", retro_ids)
    return {r[0] for r in rows}


def live_vectors(
    conn: sqlite3.Connection,
    model: str,
    retro_ids: Iterable[str] | None = None,
    *,
    since: str | None = None,
    until: str | None = None,
) -> list[tuple[str, bytes]]:
    """(retro ID, vector) of live retrospects: the ones named, or every one in the date range."""
    sql = (
        "SELECT e.retro_id, e.vector FROM embedding e JOIN retro r ON r.id = e.retro_id"
        " WHERE e.model = ? AND r.deleted_at IS NULL"
    )
    params: list[object] = [model]
    if since:
        sql += " AND r.entry_date >= ?"
        params.append(since)
    if until:
        sql += " AND r.entry_date <= ?"
        params.append(until)
    if retro_ids is None:
        return [(r[0], r[1]) for r in conn.execute(sql, params)]
    wanted = list(retro_ids)
    out: list[tuple[str, bytes]] = []
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        rows = conn.execute(sql + f" AND e.retro_id IN ({','.join('?' * len(chunk))})", [*params, *chunk])
        out.extend((r[0], r[1]) for r in rows)
    return out


def count_in_range(conn: sqlite3.Connection, since: str | None, until: str | None) -> int:
    sql, params = "SELECT count(*) FROM retro WHERE deleted_at IS NULL", []
    if since:
        sql += " AND entry_date >= ?"
        params.append(since)
    if until:
        sql += " AND entry_date <= ?"
        params.append(until)
    return int(conn.execute(sql, params).fetchone()[0])


def needing(conn: sqlite3.Connection, model: str, *, everything: bool = False) -> list[tuple[str, int]]:
    """(retro ID, version) of live retrospects without a current vector for ``model`` (all of them with
    ``everything``)."""
    if everything:
        rows = conn.execute("SELECT id, version FROM retro WHERE deleted_at IS NULL ORDER BY id")
    else:
        rows = conn.execute(
            "SELECT r.id, r.version FROM retro r LEFT JOIN embedding e ON e.retro_id = r.id"
            " WHERE r.deleted_at IS NULL AND (e.retro_id IS NULL OR e.model != ? OR e.version != r.version)"
            " ORDER BY r.id",
            (model,),
        )
    return [(r[0], r[1]) for r in rows]


def counts(conn: sqlite3.Connection, model: str) -> dict[str, int]:
    row = conn.execute(
        "SELECT count(*),"
        " coalesce(sum(e.retro_id IS NOT NULL AND e.model = ? AND e.version = r.version), 0),"
        " coalesce(sum(e.retro_id IS NOT NULL AND (e.model != ? OR e.version != r.version)), 0)"
        " FROM retro r LEFT JOIN embedding e ON e.retro_id = r.id WHERE r.deleted_at IS NULL",
        (model, model),
    ).fetchone()
    live, current, stale = int(row[0]), int(row[1]), int(row[2])
    dims = conn.execute("SELECT dims FROM embedding WHERE model = ? LIMIT 1", (model,)).fetchone()
    return {
        "retros": live,
        "current": current,
        "stale": stale,
        "missing": live - current - stale,
        "dims": int(dims[0]) if dims else 0,
    }


PURPOSE_WEIGHT = 5.0


def keyword_hits(
    conn: sqlite3.Connection, words: list[str], limit: int, *, since: str | None = None, until: str | None = None
) -> list[tuple[str, float]]:
    """(retro ID, score) of live retrospects containing a word that starts with any of ``words``, best
    (bm25, the purpose weighted above the content) first."""
    if not words:
        return []
    match = " OR ".join('"' + w.replace('"', '""') + '"*' for w in words)
    sql = (
        "SELECT r.id, -bm25(retro_word_fts, ?, 1.0) AS score FROM retro_word_fts"
        " JOIN retro r ON r.rowid = retro_word_fts.rowid WHERE retro_word_fts MATCH ? AND r.deleted_at IS NULL"
    )
    params: list[object] = [PURPOSE_WEIGHT, match]
    if since:
        sql += " AND r.entry_date >= ?"
        params.append(since)
    if until:
        sql += " AND r.entry_date <= ?"
        params.append(until)
    rows = conn.execute(sql + " ORDER BY score DESC LIMIT ?", [*params, limit])
    return [(r[0], float(r[1])) for r in rows]
