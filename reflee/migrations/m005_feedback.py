"""Migration m005_feedback."""

from __future__ import annotations

import sqlite3

from reflee.migrations.runner import migration, script


@migration
def m005_feedback(conn: sqlite3.Connection) -> None:
    script(
        conn,
        """
        CREATE TABLE job (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            payload TEXT NOT NULL,
            dedup_key TEXT UNIQUE,
            state TEXT NOT NULL DEFAULT 'queued'
                CHECK (state IN ('queued', 'running', 'done', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            max_attempts INTEGER NOT NULL DEFAULT 5,
            run_after TEXT NOT NULL,
            lease_until TEXT,
            lease_token TEXT,
            last_error TEXT,
            failure TEXT CHECK (failure IN ('permanent', 'exhausted')),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            finished_at TEXT
        );
        CREATE INDEX job_ready ON job (kind, state, run_after);
        CREATE TABLE feedback (
            id TEXT PRIMARY KEY,
            retro_id TEXT NOT NULL REFERENCES retro (id) ON DELETE CASCADE,
            retro_version INTEGER NOT NULL,
            job_id TEXT UNIQUE REFERENCES job (id),
            language TEXT NOT NULL,
            provider TEXT NOT NULL,
            model TEXT NOT NULL,
            template_version TEXT NOT NULL,
            summary TEXT NOT NULL,
            strengths TEXT NOT NULL,
            weaknesses TEXT NOT NULL,
            keep_doing TEXT NOT NULL,
            recommendations TEXT NOT NULL,
            notice TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        );
        CREATE INDEX feedback_by_retro ON feedback (retro_id, created_at);
        CREATE TABLE llm_call (
            id TEXT PRIMARY KEY,
            provider TEXT NOT NULL,
            model TEXT NOT NULL,
            purpose TEXT NOT NULL,
            messages TEXT NOT NULL,
            options TEXT NOT NULL,
            schema TEXT,
            response TEXT,
            done_reason TEXT,
            error TEXT,
            prompt_tokens INTEGER,
            completion_tokens INTEGER,
            total_ms REAL,
            load_ms REAL,
            wall_ms REAL NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX llm_call_by_time ON llm_call (created_at);
        """,
    )
