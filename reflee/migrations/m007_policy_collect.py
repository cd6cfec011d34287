"""Migration m007_policy_collect: the policy collector's run log and change log."""

from __future__ import annotations

import sqlite3

from reflee.migrations.runner import migration, script


@migration
def m007_policy_collect(conn: sqlite3.Connection) -> None:
    script(
        conn,
        """
        CREATE TABLE policy_collect (
            id TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            mode TEXT NOT NULL,
            since TEXT,
            status TEXT NOT NULL,
            pid INTEGER,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            duration_ms INTEGER,
            pages INTEGER NOT NULL DEFAULT 0,
            records_read INTEGER NOT NULL DEFAULT 0,
            new INTEGER NOT NULL DEFAULT 0,
            changed INTEGER NOT NULL DEFAULT 0,
            unchanged INTEGER NOT NULL DEFAULT 0,
            removed INTEGER NOT NULL DEFAULT 0,
            reported INTEGER NOT NULL DEFAULT 0,
            unreadable INTEGER NOT NULL DEFAULT 0,
            error_code TEXT,
            error TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        );
        CREATE INDEX policy_collect_by_source ON policy_collect (source, started_at);
        CREATE TABLE policy_change (
            id TEXT PRIMARY KEY,
            run_id TEXT NOT NULL REFERENCES policy_collect (id),
            policy_id TEXT NOT NULL,
            source TEXT NOT NULL,
            source_id TEXT NOT NULL,
            title TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('new', 'removed', 'changed', 'restored')),
            field TEXT,
            old_value TEXT,
            new_value TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        );
        CREATE INDEX policy_change_by_time ON policy_change (created_at);
        CREATE INDEX policy_change_by_policy ON policy_change (policy_id);
        """,
    )
