"""SQL for policies and their conditions. Only the policy package's SQL modules (this one, ``match_store``,
``cache``, ``fav_store``) know the policy tables."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from collections.abc import Iterable
from typing import Any

from reflee import db
from reflee.policy.models import Condition, Policy, Window

TABLE = "policy"
_COLS = (
    "id, source, source_id, title, summary, benefit, target, exclusions, keywords, category, subcategories,"
    " benefit_types, user_types, org_name, org_code, org_level, region_scope, region_size, apply_kind,"
    " apply_start, apply_end, apply_windows, apply_text, apply_method, apply_url, detail_url, contact, popularity,"
    " registered_at, source_updated_at, content_hash, created_at, updated_at, deleted_at"
)
_LIST_COLS = (
    "id, source, source_id, title, category, org_name, org_level, region_scope, region_size, apply_kind,"
    " apply_windows, apply_text, apply_url, detail_url, popularity, summary"
)


def _values(p: Policy, digest: str) -> tuple[Any, ...]:
    dumps = json.dumps
    return (
        p.id,
        p.source,
        p.source_id,
        p.title,
        p.summary,
        p.benefit,
        p.target,
        p.exclusions,
        dumps(p.keywords, ensure_ascii=False),
        p.category,
        dumps(p.subcategories, ensure_ascii=False),
        dumps(p.benefit_types, ensure_ascii=False),
        dumps(p.user_types, ensure_ascii=False),
        p.org_name,
        p.org_code,
        p.org_level,
        p.region_scope,
        p.region_size,
        p.apply_kind,
        p.apply_start,
        p.apply_end,
        dumps([w.to_json() for w in p.apply_windows]),
        p.apply_text,
        p.apply_method,
        p.apply_url,
        p.detail_url,
        p.contact,
        p.popularity,
        p.registered_at,
        p.source_updated_at,
        digest,
        p.created_at,
        p.updated_at,
        p.deleted_at,
    )


def known(conn: sqlite3.Connection) -> dict[tuple[str, str], tuple[str, str, str]]:
    """(source, source_id) -> (id, content_hash, created_at) of every stored policy."""
    return {
        (r[0], r[1]): (r[2], r[3], r[4])
        for r in conn.execute("SELECT source, source_id, id, content_hash, created_at FROM policy")
    }


def insert(conn: sqlite3.Connection, p: Policy, digest: str, raw: str) -> None:
    marks = ", ".join("?" * 34)
    conn.execute(f"INSERT INTO policy ({_COLS}) VALUES ({marks})", _values(p, digest))
    conn.execute("INSERT INTO policy_raw (policy_id, raw) VALUES (?, ?)", (p.id, _pack(raw)))
    _put_conditions(conn, p)


def replace(conn: sqlite3.Connection, p: Policy, digest: str, raw: str) -> None:
    """Update a stored policy in place (same id and rowid, so the FTS index follows) and its conditions."""
    names = [c.strip() for c in _COLS.split(",")]
    sets = ", ".join(f"{n} = ?" for n in names[1:])
    values = _values(p, digest)
    conn.execute(f"UPDATE policy SET {sets} WHERE id = ?", (*values[1:], p.id))
    conn.execute(
        "INSERT INTO policy_raw (policy_id, raw) VALUES (?, ?)"
        " ON CONFLICT (policy_id) DO UPDATE SET raw = excluded.raw",
        (p.id, _pack(raw)),
    )
    conn.execute("DELETE FROM policy_condition WHERE policy_id = ?", (p.id,))
    _put_conditions(conn, p)


def _condition_row(c: Condition) -> tuple[Any, ...]:
    """(dimension, op, min, max, unit, values_json, text, origin, confidence) as stored."""
    values = json.dumps(list(c.values), ensure_ascii=False) if c.op == "in" else None
    return (c.dimension, c.op, c.min, c.max, c.unit, values, c.text, c.origin, c.confidence)


def signature(row: tuple[Any, ...]) -> int:
    """A 64-bit fingerprint of a condition's content: alike conditions (the same age band, the same area) share
    it, so matching evaluates each once."""
    digest = hashlib.blake2b(repr(row).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _put_conditions(conn: sqlite3.Connection, p: Policy) -> None:
    rows = [_condition_row(c) for c in p.conditions]
    conn.executemany(
        "INSERT INTO policy_condition (policy_id, sig, dimension, op, min_value, max_value, unit, values_json, text,"
        " origin, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(p.id, signature(row), *row) for row in rows],
    )


def _pack(raw_json: str) -> bytes:
    """Source records are kept verbatim (to read them again when the parsers improve), zlib-compressed:
    they are a third of their size that way and written once."""
    return zlib.compress(raw_json.encode(), 1)


def raw(conn: sqlite3.Connection, source: str, source_id: str) -> Any:
    """The source record a policy was read from, as it arrived."""
    row = conn.execute(
        "SELECT r.raw FROM policy_raw r JOIN policy p ON p.id = r.policy_id WHERE p.source = ? AND p.source_id = ?",
        (source, source_id),
    ).fetchone()
    return json.loads(zlib.decompress(row[0])) if row else None


def condition_from_row(row: Iterable[Any]) -> Condition:
    dimension, op, lo, hi, unit, values, text, origin, confidence = row
    return Condition(
        dimension,
        op,
        origin,
        min=lo,
        max=hi,
        unit=unit,
        values=tuple(json.loads(values)) if values else (),
        text=text,
        confidence=confidence,
    )


def conditions(conn: sqlite3.Connection, policy_id: str) -> list[Condition]:
    return [
        condition_from_row(r)
        for r in conn.execute(
            "SELECT dimension, op, min_value, max_value, unit, values_json, text, origin, confidence"
            " FROM policy_condition WHERE policy_id = ? ORDER BY rowid",
            (policy_id,),
        )
    ]


def _policy(row: sqlite3.Row, full: bool) -> Policy:
    loads = json.loads
    keys = row.keys()
    p = Policy(
        source=row["source"],
        source_id=row["source_id"],
        title=row["title"],
        category=row["category"],
        org_name=row["org_name"],
        org_level=row["org_level"],
        region_scope=row["region_scope"],
        region_size=row["region_size"],
        apply_kind=row["apply_kind"],
        apply_windows=[Window(w["start"], w["end"]) for w in loads(row["apply_windows"])],
        apply_text=row["apply_text"],
        apply_url=row["apply_url"],
        detail_url=row["detail_url"],
        popularity=row["popularity"],
        summary=row["summary"],
        id=row["id"],
    )
    if full and "benefit" in keys:
        p.benefit, p.target, p.exclusions = row["benefit"], row["target"], row["exclusions"]
        p.keywords, p.subcategories = loads(row["keywords"]), loads(row["subcategories"])
        p.benefit_types, p.user_types = loads(row["benefit_types"]), loads(row["user_types"])
        p.org_code, p.apply_method, p.contact = row["org_code"], row["apply_method"], row["contact"]
        p.registered_at, p.source_updated_at = row["registered_at"], row["source_updated_at"]
        p.created_at, p.updated_at, p.deleted_at = row["created_at"], row["updated_at"], row["deleted_at"]
    return p


def get(conn: sqlite3.Connection, policy_id: str) -> Policy | None:
    row = conn.execute(f"SELECT {_COLS} FROM policy WHERE id = ?", (policy_id,)).fetchone()
    if row is None:
        return None
    p = _policy(row, True)
    p.conditions = conditions(conn, policy_id)
    return p


def by_source_id(conn: sqlite3.Connection, ref: str) -> list[str]:
    """IDs of policies whose source ID is ``ref`` (or 'source:source_id')."""
    if ":" in ref:
        source, sid = ref.split(":", 1)
        rows = conn.execute("SELECT id FROM policy WHERE source = ? AND source_id = ?", (source, sid)).fetchall()
    else:
        rows = conn.execute("SELECT id FROM policy WHERE source_id = ?", (ref,)).fetchall()
    return [r[0] for r in rows]


def listing(conn: sqlite3.Connection, where: str = "", params: Iterable[Any] = ()) -> list[Policy]:
    sql = f"SELECT {_LIST_COLS} FROM policy WHERE deleted_at IS NULL {where}"
    return [_policy(r, False) for r in conn.execute(sql, list(params))]


def select(
    conn: sqlite3.Connection, *, category: str | None, ends_from: str | None, source: str | None
) -> list[Policy]:
    """Live policies, newest registration first. ``ends_from``: only those that may still be open that day."""
    where, params = [], []
    if category:
        where.append("AND (category = ? OR subcategories LIKE ?)")
        params += [category, f'%"{category}"%']
    if source:
        where.append("AND source = ?")
        params.append(source)
    if ends_from:
        where.append("AND (apply_kind = 'always' OR (apply_kind = 'period' AND apply_end >= ?))")
        params.append(ends_from)
    return listing(conn, " ".join(where) + " ORDER BY registered_at DESC, id DESC", params)


def categories(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    return [
        (r[0], r[1])
        for r in conn.execute(
            "SELECT category, count(*) FROM policy WHERE deleted_at IS NULL AND category IS NOT NULL"
            " GROUP BY category ORDER BY count(*) DESC"
        )
    ]


def fingerprint(conn: sqlite3.Connection) -> str:
    """Changes whenever a policy is added or changed (for the match cache)."""
    count, latest = conn.execute("SELECT count(*), max(updated_at) FROM policy").fetchone()
    return f"{count}:{latest}"


def short_ids(conn: sqlite3.Connection, wanted: Iterable[str]) -> dict[str, str]:
    """The short ID (``sid``) of each wanted policy ID."""
    return db.short_ids(conn, TABLE, list(wanted))


def count(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM policy WHERE deleted_at IS NULL").fetchone()[0]
