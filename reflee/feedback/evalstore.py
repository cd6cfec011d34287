"""SQL for stored eval runs (feedback_eval_run, feedback_eval_item)."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from reflee import db
from reflee.feedback.evalmodels import EvalItem, EvalRun


def _j(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def insert(conn: sqlite3.Connection, run: EvalRun) -> None:
    from reflee import ids

    with db.transaction(conn):
        conn.execute(
            "INSERT INTO feedback_eval_run (id, template, template_versions, provider, model, judge_model, cases,"
            " scores, model_ms, wall_ms, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                run.id, run.template, _j(run.template_versions), run.provider, run.model, run.judge_model,
                run.cases, _j(run.scores), run.model_ms, run.wall_ms, run.created_at, run.created_at,
            ),
        )  # fmt: skip
        conn.executemany(
            "INSERT INTO feedback_eval_item (id, run_id, case_id, language, raw, guarded, judge, answer, error,"
            " calls, model_ms, wall_ms, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    ids.new_id(), run.id, i.case_id, i.language, _j(i.raw), _j(i.guarded), _j(i.judge),
                    _j(i.answer), i.error, i.calls, i.model_ms, i.wall_ms, run.created_at, run.created_at,
                )
                for i in run.items
            ],
        )  # fmt: skip
        run.short_id = conn.execute("SELECT sid FROM feedback_eval_run WHERE id = ?", (run.id,)).fetchone()[0]


def _run(row: sqlite3.Row, items: list[EvalItem]) -> EvalRun:
    return EvalRun(
        id=row["id"], template=row["template"], template_versions=json.loads(row["template_versions"]),
        provider=row["provider"], model=row["model"], judge_model=row["judge_model"], cases=row["cases"],
        scores=json.loads(row["scores"]), model_ms=row["model_ms"], wall_ms=row["wall_ms"],
        created_at=row["created_at"], items=items, short_id=row["sid"],
    )  # fmt: skip


def get(conn: sqlite3.Connection, run_id: str) -> EvalRun:
    row = conn.execute("SELECT * FROM feedback_eval_run WHERE id = ?", (run_id,)).fetchone()
    items = [
        EvalItem(
            case_id=r["case_id"],
            language=r["language"],
            raw=json.loads(r["raw"]),
            guarded=json.loads(r["guarded"]),
            judge=json.loads(r["judge"]) if r["judge"] else None,
            answer=json.loads(r["answer"]) if r["answer"] else None,
            error=r["error"],
            calls=r["calls"],
            model_ms=r["model_ms"],
            wall_ms=r["wall_ms"],
        )
        for r in conn.execute("SELECT * FROM feedback_eval_item WHERE run_id = ? ORDER BY case_id", (run_id,))
    ]
    return _run(row, items)


def recent(conn: sqlite3.Connection, limit: int) -> list[EvalRun]:
    rows = conn.execute(
        "SELECT * FROM feedback_eval_run WHERE deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT ?", (limit,)
    ).fetchall()
    return [_run(r, []) for r in rows]
