"""Migration m006_feedback_eval: quality flags on feedback, and the stored results of `reflee feedback eval`."""

from __future__ import annotations

import sqlite3

from reflee.migrations.runner import migration, script


@migration
def m006_feedback_eval(conn: sqlite3.Connection) -> None:
    script(
        conn,
        """
        ALTER TABLE feedback ADD COLUMN quality TEXT NOT NULL DEFAULT '[]';
        CREATE TABLE feedback_eval_run (
            id TEXT PRIMARY KEY,
            template TEXT NOT NULL,
            template_versions TEXT NOT NULL,
            provider TEXT NOT NULL,
            model TEXT NOT NULL,
            judge_model TEXT,
            cases INTEGER NOT NULL,
            scores TEXT NOT NULL,
            model_ms REAL NOT NULL,
            wall_ms REAL NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        );
        CREATE TABLE feedback_eval_item (
            id TEXT PRIMARY KEY,
            run_id TEXT NOT NULL REFERENCES feedback_eval_run (id) ON DELETE CASCADE,
            case_id TEXT NOT NULL,
            language TEXT NOT NULL,
            raw TEXT NOT NULL,
            guarded TEXT NOT NULL,
            judge TEXT,
            answer TEXT,
            error TEXT,
            calls INTEGER NOT NULL,
            model_ms REAL NOT NULL,
            wall_ms REAL NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        );
        CREATE INDEX feedback_eval_item_by_run ON feedback_eval_item (run_id, case_id);
        """,
    )
