"""Migration m002_notification."""

from __future__ import annotations

import sqlite3

from reflee.migrations.runner import migration, script


@migration
def m002_notification(conn: sqlite3.Connection) -> None:
    script(
        conn,
        """
        CREATE TABLE notification (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            title TEXT NOT NULL,
            body TEXT NOT NULL DEFAULT '',
            link_type TEXT,
            link_id TEXT,
            dedup_key TEXT UNIQUE,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            read_at TEXT,
            deleted_at TEXT
        );
        CREATE INDEX notification_unread ON notification (read_at, created_at);
        """,
    )
