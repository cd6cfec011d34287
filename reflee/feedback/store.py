"""SQL for feedback rows."""

from __future__ import annotations

import json
import sqlite3

from reflee.feedback.models import FIELDS, Feedback

_LISTS = FIELDS[1:]


def insert(conn: sqlite3.Connection, fb: Feedback) -> None:
    conn.execute(
        "INSERT INTO feedback (id, retro_id, retro_version, job_id, language, provider, model, template_version,"
        " summary, strengths, weaknesses, keep_doing, recommendations, notice, created_at, updated_at, quality)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            fb.id, fb.retro_id, fb.retro_version, fb.job_id, fb.language, fb.provider, fb.model,
            fb.template_version, fb.summary,
            *(json.dumps(getattr(fb, k), ensure_ascii=False) for k in _LISTS),
            fb.notice, fb.created_at, fb.created_at, json.dumps(fb.quality, ensure_ascii=False),
        ),
    )  # fmt: skip


def _row(row: sqlite3.Row) -> Feedback:
    data = {k: row[k] for k in row.keys() if k not in ("updated_at", "deleted_at")}  # noqa: SIM118
    for k in _LISTS:
        data[k] = json.loads(data[k])
    data["quality"] = json.loads(data["quality"] or "[]")
    return Feedback(**data)


def for_retro(conn: sqlite3.Connection, retro_id: str) -> list[Feedback]:
    """Newest first."""
    rows = conn.execute(
        "SELECT * FROM feedback WHERE retro_id = ? AND deleted_at IS NULL ORDER BY created_at DESC, id DESC",
        (retro_id,),
    ).fetchall()
    return [_row(r) for r in rows]


def count(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM feedback WHERE deleted_at IS NULL").fetchone()[0]
