"""Migration m008_report: stored growth reports, and the record of unattended `cron run`s."""

from __future__ import annotations

import sqlite3

from reflee.migrations.runner import migration, script


@migration
def m008_report(conn: sqlite3.Connection) -> None:
    script(
        conn,
        """
        CREATE TABLE report (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('weekly', 'monthly')),
            period_key TEXT NOT NULL,
            period_start TEXT NOT NULL,
            period_end TEXT NOT NULL,
            complete INTEGER NOT NULL DEFAULT 1 CHECK (complete IN (0, 1)),
            language TEXT NOT NULL,
            data TEXT NOT NULL,
            narrative_status TEXT NOT NULL,
            file_stem TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        );
        CREATE UNIQUE INDEX report_period ON report (kind, period_key) WHERE deleted_at IS NULL;
        CREATE INDEX report_by_created ON report (created_at);
        CREATE TABLE cron_run (
            id TEXT PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            local_time TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('running', 'ok', 'problems', 'died')),
            steps TEXT NOT NULL DEFAULT '[]',
            pid INTEGER NOT NULL
        );
        CREATE INDEX cron_run_by_start ON cron_run (started_at);
        CREATE TABLE cron_state (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """,
    )
