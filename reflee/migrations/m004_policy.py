"""Migration m004_policy."""

from __future__ import annotations

import sqlite3

from reflee.migrations.runner import migration, script


@migration
def m004_policy(conn: sqlite3.Connection) -> None:
    script(
        conn,
        """
        CREATE TABLE profile_field (
            field TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        );
        CREATE TABLE policy (
            id TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            source_id TEXT NOT NULL,
            title TEXT NOT NULL,
            category TEXT,
            apply_kind TEXT NOT NULL,
            apply_windows TEXT NOT NULL DEFAULT '[]',
            apply_start TEXT,
            apply_end TEXT,
            region_scope TEXT NOT NULL,
            region_size INTEGER,
            popularity INTEGER,
            org_name TEXT,
            org_code TEXT,
            org_level TEXT,
            registered_at TEXT,
            source_updated_at TEXT,
            content_hash TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT,
            summary TEXT NOT NULL DEFAULT '',
            benefit TEXT NOT NULL DEFAULT '',
            target TEXT NOT NULL DEFAULT '',
            exclusions TEXT NOT NULL DEFAULT '',
            keywords TEXT NOT NULL DEFAULT '[]',
            subcategories TEXT NOT NULL DEFAULT '[]',
            benefit_types TEXT NOT NULL DEFAULT '[]',
            user_types TEXT NOT NULL DEFAULT '[]',
            apply_text TEXT NOT NULL DEFAULT '',
            apply_method TEXT NOT NULL DEFAULT '',
            apply_url TEXT,
            detail_url TEXT,
            contact TEXT NOT NULL DEFAULT '',
            UNIQUE (source, source_id)
        );
        CREATE INDEX policy_by_source_id ON policy (source_id);
        CREATE INDEX policy_by_category ON policy (category);
        CREATE INDEX policy_by_apply_end ON policy (apply_end);
        CREATE INDEX policy_by_updated ON policy (updated_at);
        CREATE INDEX policy_for_match
            ON policy (deleted_at, id, apply_kind, apply_windows, region_size, popularity, title);
        CREATE TABLE policy_raw (
            policy_id TEXT PRIMARY KEY REFERENCES policy (id) ON DELETE CASCADE,
            raw BLOB NOT NULL
        );
        CREATE TABLE policy_condition (
            policy_id TEXT NOT NULL REFERENCES policy (id) ON DELETE CASCADE,
            sig INTEGER NOT NULL,
            dimension TEXT NOT NULL,
            op TEXT NOT NULL CHECK (op IN ('range', 'in', 'text')),
            min_value INTEGER,
            max_value INTEGER,
            unit TEXT,
            values_json TEXT,
            text TEXT,
            origin TEXT NOT NULL,
            confidence TEXT NOT NULL DEFAULT 'coded',
            PRIMARY KEY (policy_id, dimension, origin)
        );
        CREATE INDEX policy_condition_by_sig ON policy_condition (sig);
        CREATE INDEX policy_condition_sigs ON policy_condition (policy_id, sig);
        CREATE VIRTUAL TABLE policy_fts USING fts5 (
            title, summary, benefit, target, org_name, keywords,
            content='policy', content_rowid='rowid', tokenize='trigram'
        );
        CREATE TRIGGER policy_fts_ai AFTER INSERT ON policy BEGIN
            INSERT INTO policy_fts (rowid, title, summary, benefit, target, org_name, keywords)
            VALUES (new.rowid, new.title, new.summary, new.benefit, new.target, new.org_name, new.keywords);
        END;
        CREATE TRIGGER policy_fts_ad AFTER DELETE ON policy BEGIN
            INSERT INTO policy_fts (policy_fts, rowid, title, summary, benefit, target, org_name, keywords)
            VALUES ('delete', old.rowid, old.title, old.summary, old.benefit, old.target, old.org_name, old.keywords);
        END;
        CREATE TRIGGER policy_fts_au AFTER UPDATE OF title, summary, benefit, target, org_name, keywords ON policy
        BEGIN
            INSERT INTO policy_fts (policy_fts, rowid, title, summary, benefit, target, org_name, keywords)
            VALUES ('delete', old.rowid, old.title, old.summary, old.benefit, old.target, old.org_name, old.keywords);
            INSERT INTO policy_fts (rowid, title, summary, benefit, target, org_name, keywords)
            VALUES (new.rowid, new.title, new.summary, new.benefit, new.target, new.org_name, new.keywords);
        END;
        CREATE TABLE policy_match (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            cache_key TEXT NOT NULL,
            computed_at TEXT NOT NULL,
            results TEXT NOT NULL
        );
        CREATE TABLE policy_favorite (
            policy_id TEXT PRIMARY KEY REFERENCES policy (id) ON DELETE CASCADE,
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        );
        """,
    )
