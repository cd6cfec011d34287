"""SQL that matching reads: distinct conditions, one compact row per policy, and what a result shows."""

from __future__ import annotations

import sqlite3
from typing import Any

from reflee.policy.results import PolicyBrief


def distinct_conditions(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    """One row per distinct condition: (sig, dimension, op, min, max, unit, values_json, text, origin, confidence)."""
    cur = conn.cursor()
    cur.row_factory = None
    return cur.execute(
        "SELECT sig, dimension, op, min_value, max_value, unit, values_json, text, origin, confidence"
        " FROM policy_condition WHERE rowid IN (SELECT min(rowid) FROM policy_condition GROUP BY sig)"
    ).fetchall()


def match_rows(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    """Per live policy: (id, apply_kind, apply_windows, region_size, popularity, title, 'sig,sig,…' or None)."""
    cur = conn.cursor()
    cur.row_factory = None
    return cur.execute(
        "SELECT id, apply_kind, apply_windows, region_size, popularity, title,"
        " (SELECT group_concat(sig) FROM policy_condition c WHERE c.policy_id = p.id)"
        " FROM policy p WHERE deleted_at IS NULL"
    ).fetchall()


def briefs(conn: sqlite3.Connection, policy_ids: list[str]) -> dict[str, PolicyBrief]:
    """What match results show of each policy, its short ID (``sid``) included."""
    out: dict[str, PolicyBrief] = {}
    cur = conn.cursor()
    cur.row_factory = None
    for start in range(0, len(policy_ids), 500):
        chunk = policy_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for row in cur.execute(
            "SELECT id, source, source_id, title, category, org_name, region_scope, apply_text, detail_url,"
            f" apply_url, exclusions, sid FROM policy WHERE id IN ({marks})",
            chunk,
        ):
            out[row[0]] = PolicyBrief(*row)
    return out


def favorite_ids(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT policy_id FROM policy_favorite WHERE deleted_at IS NULL")}
