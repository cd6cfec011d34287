"""Every model call recorded in SQLite (like `llm logs`): what was asked, what came back, how long it took."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from reflee import db, ids
from reflee.dates import utc_now
from reflee.errors import UsageError
from reflee.i18n import _
from reflee.llm.models import CallRecord

__all__ = ["CallRecord", "new_record", "recent", "record"]


def record(conn: sqlite3.Connection, rec: CallRecord) -> None:
    row = (
        rec.id, rec.provider, rec.model, rec.purpose,
        json.dumps(rec.messages, ensure_ascii=False), json.dumps(rec.options, ensure_ascii=False),
        json.dumps(rec.schema, ensure_ascii=False) if rec.schema is not None else None,
        rec.response, rec.done_reason, rec.error, rec.prompt_tokens, rec.completion_tokens,
        rec.total_ms, rec.load_ms, rec.wall_ms, rec.created_at,
    )  # fmt: skip
    sql = "INSERT INTO llm_call VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    if conn.in_transaction:
        conn.execute(sql, row)
    else:
        with db.transaction(conn):
            conn.execute(sql, row)


def new_record(**fields: Any) -> CallRecord:
    return CallRecord(id=ids.new_id(), created_at=utc_now(), **fields)


def recent(conn: sqlite3.Connection, limit: int = 20) -> list[CallRecord]:
    if limit < 1:
        raise UsageError(_("must be at least 1"), field="limit")
    rows = conn.execute("SELECT * FROM llm_call ORDER BY created_at DESC, id DESC LIMIT ?", (limit,)).fetchall()
    out = []
    for r in rows:
        data = dict(r)
        data["messages"] = json.loads(data["messages"])
        data["options"] = json.loads(data["options"])
        data["schema"] = json.loads(data["schema"]) if data["schema"] else None
        out.append(CallRecord(**data))
    return out


def prompt_samples(conn: sqlite3.Connection, model: str, limit: int = 20) -> list[tuple[list[dict[str, str]], int]]:
    """(messages, the server's prompt token count) of recent answered calls to ``model``: what a token estimate
    is calibrated against."""
    rows = conn.execute(
        "SELECT messages, prompt_tokens FROM llm_call WHERE model = ? AND error IS NULL AND prompt_tokens > 0"
        " ORDER BY created_at DESC LIMIT ?",
        (model, limit),
    ).fetchall()
    return [(json.loads(m), int(n)) for m, n in rows]
