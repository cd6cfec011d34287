"""Migration m003_ledger."""

from __future__ import annotations

import sqlite3

from reflee.migrations.runner import migration, script


@migration
def m003_ledger(conn: sqlite3.Connection) -> None:
    script(
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
