"""Named, append-only schema migrations (the llm ``migrations.py`` pattern).

Rules: never edit or reorder a migration once released; add a new one with the next number
(``m0NN_what``). Migrations run in name order, so the number is the order.
Each runs in its own BEGIN IMMEDIATE transaction together with the record of it
having run, so two processes opening a fresh database cannot both apply it.
``PRAGMA user_version`` mirrors the count of applied migrations (a cheap check on open).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

MIGRATIONS_TABLE = "_reflee_migrations"
Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: list[tuple[str, Migration]] = []


def migration(fn: Migration) -> Migration:
    MIGRATIONS.append((fn.__name__, fn))
    MIGRATIONS.sort(key=lambda item: item[0])
    return fn


def _script(conn: sqlite3.Connection, sql: str) -> None:
    for statement in _split(sql):
        conn.execute(statement)


def _split(sql: str) -> list[str]:
    """Split a script on ';' at statement ends (triggers contain ';' inside BEGIN ... END)."""
    out, buf = [], []
    for line in sql.strip().splitlines():
        buf.append(line)
        joined = "\n".join(buf).strip()
        if joined.endswith(";") and sqlite3.complete_statement(joined):
            out.append(joined)
            buf = []
    if "\n".join(buf).strip():
        out.append("\n".join(buf))
    return out


@migration
def m001_retro(conn: sqlite3.Connection) -> None:
    _script(
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


@migration
def m002_notification(conn: sqlite3.Connection) -> None:
    _script(
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


@migration
def m005_feedback(conn: sqlite3.Connection) -> None:
    _script(
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


@migration
def m003_ledger(conn: sqlite3.Connection) -> None:
    _script(
        conn,
        """
        CREATE TABLE ledger_import (
            id TEXT PRIMARY KEY,
            file_name TEXT NOT NULL,
            file_sha256 TEXT NOT NULL,
            encoding TEXT NOT NULL,
            profile TEXT,
            rows_read INTEGER NOT NULL DEFAULT 0,
            rows_added INTEGER NOT NULL DEFAULT 0,
            rows_duplicate INTEGER NOT NULL DEFAULT 0,
            rows_invalid INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        );
        CREATE TABLE ledger_txn (
            id TEXT PRIMARY KEY,
            txn_date TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('income', 'expense')),
            amount INTEGER NOT NULL CHECK (amount > 0),
            currency TEXT NOT NULL,
            category TEXT NOT NULL DEFAULT '',
            account TEXT NOT NULL DEFAULT '',
            payee TEXT NOT NULL DEFAULT '',
            memo TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '',
            import_id TEXT REFERENCES ledger_import (id),
            import_key TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        );
        CREATE INDEX ledger_txn_by_date ON ledger_txn (txn_date, created_at);
        CREATE INDEX ledger_txn_totals ON ledger_txn (currency, txn_date, kind, category, account, amount)
            WHERE deleted_at IS NULL;
        CREATE INDEX ledger_txn_by_category ON ledger_txn (category, kind);
        CREATE INDEX ledger_txn_by_updated ON ledger_txn (updated_at);
        CREATE UNIQUE INDEX ledger_txn_import_key ON ledger_txn (import_key) WHERE import_key IS NOT NULL;
        CREATE TABLE ledger_budget (
            id TEXT PRIMARY KEY,
            category TEXT NOT NULL,
            currency TEXT NOT NULL,
            start_month TEXT NOT NULL,
            amount INTEGER NOT NULL CHECK (amount >= 0),
            rollover INTEGER NOT NULL DEFAULT 0 CHECK (rollover IN (0, 1)),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        );
        CREATE UNIQUE INDEX ledger_budget_key ON ledger_budget (category, currency, start_month)
            WHERE deleted_at IS NULL;
        CREATE TABLE ledger_import_profile (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            mapping TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        );
        CREATE UNIQUE INDEX ledger_import_profile_name ON ledger_import_profile (name) WHERE deleted_at IS NULL;
        CREATE TABLE ledger_import_rule (
            id TEXT PRIMARY KEY,
            profile_id TEXT NOT NULL REFERENCES ledger_import_profile (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            pattern TEXT NOT NULL,
            category TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        );
        CREATE INDEX ledger_import_rule_by_profile ON ledger_import_rule (profile_id, position);
        """,
    )


@migration
def m004_policy(conn: sqlite3.Connection) -> None:
    _script(
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


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def applied_names(conn: sqlite3.Connection) -> set[str]:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (MIGRATIONS_TABLE,)
    ).fetchone()
    if not exists:
        return set()
    return {row[0] for row in conn.execute(f"SELECT name FROM {MIGRATIONS_TABLE}")}


def apply_pending(conn: sqlite3.Connection, *, stop_before: str | None = None) -> list[str]:
    """Apply every migration not yet recorded, in order; return the names applied."""
    conn.execute(f"CREATE TABLE IF NOT EXISTS {MIGRATIONS_TABLE} (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    done_now: list[str] = []
    for name, fn in MIGRATIONS:
        if name == stop_before:
            break
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute(f"SELECT 1 FROM {MIGRATIONS_TABLE} WHERE name = ?", (name,)).fetchone():
                conn.execute("ROLLBACK")
                continue
            fn(conn)
            conn.execute(f"INSERT INTO {MIGRATIONS_TABLE} (name, applied_at) VALUES (?, ?)", (name, _now()))
            count = conn.execute(f"SELECT count(*) FROM {MIGRATIONS_TABLE}").fetchone()[0]
            conn.execute(f"PRAGMA user_version = {int(count)}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        done_now.append(name)
    return done_now
