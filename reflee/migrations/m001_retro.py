"""Migration m001_retro."""

from __future__ import annotations

import sqlite3

from reflee.migrations.runner import migration, script


@migration
def m001_retro(conn: sqlite3.Connection) -> None:
    script(
        conn,
        """
        CREATE TABLE retro (
            id TEXT PRIMARY KEY,
            entry_date TEXT NOT NULL,
            purpose TEXT NOT NULL DEFAULT '',
            content TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            version INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        );
        CREATE INDEX retro_by_date ON retro (entry_date, created_at);
        CREATE INDEX retro_by_hash ON retro (content_hash);
        CREATE INDEX retro_by_updated ON retro (updated_at);
        CREATE TABLE retro_tag (
            retro_id TEXT NOT NULL REFERENCES retro (id) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            PRIMARY KEY (retro_id, tag)
        ) WITHOUT ROWID;
        CREATE INDEX retro_tag_by_tag ON retro_tag (tag);
        CREATE VIRTUAL TABLE retro_fts USING fts5 (
            purpose, content, content='retro', content_rowid='rowid', tokenize='trigram'
        );
        CREATE TRIGGER retro_fts_ai AFTER INSERT ON retro BEGIN
            INSERT INTO retro_fts (rowid, purpose, content) VALUES (new.rowid, new.purpose, new.content);
        END;
        CREATE TRIGGER retro_fts_ad AFTER DELETE ON retro BEGIN
            INSERT INTO retro_fts (retro_fts, rowid, purpose, content)
            VALUES ('delete', old.rowid, old.purpose, old.content);
        END;
        CREATE TRIGGER retro_fts_au AFTER UPDATE OF purpose, content ON retro BEGIN
            INSERT INTO retro_fts (retro_fts, rowid, purpose, content)
            VALUES ('delete', old.rowid, old.purpose, old.content);
            INSERT INTO retro_fts (rowid, purpose, content) VALUES (new.rowid, new.purpose, new.content);
        END;
        """,
    )
