"""Local records as the sync API's shapes (docs/sync-api.openapi.json), read straight from their tables.

Sync replicates rows, so it reads them the way the triggers that fill its outbox see them: by table, read
only, in batches. ``Local.data`` is None for a record that is deleted (a tombstone) or gone.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass
class Local:
    server_id: str | None
    """The record's ID on the server (a favourite's policy key); None: it cannot be sent."""
    data: dict[str, Any] | None


def load(conn: sqlite3.Connection, kind: str, ids: Sequence[str], *, feedback: bool) -> dict[str, Local]:
    if kind == "transaction":
        return _transactions(conn, ids)
    if kind == "budget":
        return _budgets(conn, ids)
    if kind == "profile":
        return {"me": _profile(conn)}
    if kind == "favorite":
        return _favorites(conn, ids)
    if kind == "retrospect":
        return _retrospects(conn, ids, feedback=feedback)
    return {}  # chat sessions: no local chat store yet


def _rows(conn: sqlite3.Connection, sql: str, ids: Sequence[str]) -> list[sqlite3.Row | tuple[Any, ...]]:
    out: list[Any] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        out.extend(conn.execute(sql.format(marks=",".join("?" * len(chunk))), tuple(chunk)).fetchall())
    return out


def _transactions(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, Local]:
    out: dict[str, Local] = {}
    for r in _rows(
        conn,
        "SELECT id, txn_date, kind, amount, currency, category, account, payee, memo, tags, created_at,"
        " updated_at, deleted_at FROM ledger_txn WHERE id IN ({marks})",
        ids,
    ):
        data = None
        if r[12] is None:
            data = {
                "id": r[0], "txn_date": r[1], "kind": r[2], "amount": r[3], "currency": r[4], "category": r[5],
                "account": r[6], "payee": r[7], "memo": r[8], "tags": r[9].split() if r[9] else [],
                "created_at": r[10], "updated_at": r[11],
            }  # fmt: skip
        out[r[0]] = Local(r[0], data)
    return out


def _budgets(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, Local]:
    out: dict[str, Local] = {}
    for r in _rows(
        conn,
        "SELECT id, category, currency, start_month, amount, rollover, created_at, updated_at, deleted_at"
        " FROM ledger_budget WHERE id IN ({marks})",
        ids,
    ):
        data = None
        if r[8] is None:
            data = {
                "id": r[0], "category": r[1], "currency": r[2], "start_month": r[3], "amount": r[4],
                "rollover": bool(r[5]), "created_at": r[6], "updated_at": r[7],
            }  # fmt: skip
        out[r[0]] = Local(r[0], data)
    return out


def _profile(conn: sqlite3.Connection) -> Local:
    rows = conn.execute("SELECT field, value, updated_at, deleted_at FROM profile_field ORDER BY field").fetchall()
    if not rows:
        return Local("me", None)
    fields = {r[0]: _value(r[1]) for r in rows if r[3] is None}
    return Local("me", {"fields": fields, "updated_at": max(r[2] for r in rows)})


def _favorites(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, Local]:
    out: dict[str, Local] = {}
    for r in _rows(
        conn,
        "SELECT f.policy_id, p.source, p.source_id, f.note, f.created_at, f.updated_at, f.deleted_at"
        " FROM policy_favorite f LEFT JOIN policy p ON p.id = f.policy_id WHERE f.policy_id IN ({marks})",
        ids,
    ):
        key = f"{r[1]}:{r[2]}" if r[1] is not None else None
        data = None
        if r[6] is None and key is not None:
            data = {"policy_key": key, "note": r[3], "created_at": r[4], "updated_at": r[5]}
        out[r[0]] = Local(key, data)
    return out


def _retrospects(conn: sqlite3.Connection, ids: Sequence[str], *, feedback: bool) -> dict[str, Local]:
    out: dict[str, Local] = {}
    tags: dict[str, list[str]] = {}
    for rid, tag in _rows(conn, "SELECT retro_id, tag FROM retro_tag WHERE retro_id IN ({marks}) ORDER BY tag", ids):
        tags.setdefault(rid, []).append(tag)
    feedbacks: dict[str, list[dict[str, Any]]] = {}
    if feedback:
        for f in _rows(
            conn,
            "SELECT retro_id, id, summary, strengths, weaknesses, keep_doing, recommendations, model, created_at"
            " FROM feedback WHERE deleted_at IS NULL AND retro_id IN ({marks}) ORDER BY created_at",
            ids,
        ):
            feedbacks.setdefault(f[0], []).append(
                {
                    "id": f[1],
                    "summary": f[2],
                    "strength": _lines(f[3]),
                    "weakness": _lines(f[4]),
                    "keep_doing": _lines(f[5]),
                    "recommendation": _lines(f[6]),
                    "model": f[7],
                    "created_at": f[8],
                }
            )
    for r in _rows(
        conn,
        "SELECT id, entry_date, purpose, content, created_at, updated_at, deleted_at FROM retro WHERE id IN ({marks})",
        ids,
    ):
        data = None
        if r[6] is None:
            data = {
                "id": r[0], "entry_date": r[1], "purpose": r[2], "content": r[3], "tags": tags.get(r[0], []),
                "created_at": r[4], "updated_at": r[5],
            }  # fmt: skip
            if feedback:
                data["feedbacks"] = feedbacks.get(r[0], [])
        out[r[0]] = Local(r[0], data)
    return out


def _value(text: str) -> Any:
    """A profile value as stored (JSON), or the text itself."""
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return text


def _lines(text: str) -> str:
    """The feedback's lists (stored as JSON arrays) as the API's one text per field, one item a line."""
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return text or ""
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return str(value)
