"""Migration m011_sync: the sync outbox (filled by triggers, so every local change lands in it in the same
transaction as the change itself), the server versions last seen, the changes in flight, and the push log."""

from __future__ import annotations

import sqlite3

from reflee.migrations.runner import migration, script

# (table, outbox kind, the record's ID as an expression over NEW / OLD / the table)
WATCHED = (
    ("ledger_txn", "transaction", "{row}.id"),
    ("ledger_budget", "budget", "{row}.id"),
    ("profile_field", "profile", "'me'"),
    ("policy_favorite", "favorite", "{row}.policy_id"),
    ("retro", "retrospect", "{row}.id"),
    ("retro_tag", "retrospect", "{row}.retro_id"),
    ("feedback", "retrospect", "{row}.retro_id"),
)
NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
UPSERT = " ON CONFLICT (kind, record_id) DO UPDATE SET change_id = excluded.change_id, changed_at = excluded.changed_at"


def by_id(table: str) -> str:
    """The clause that reads ``table`` through the index SQLite makes for its ID primary key (it holds each row's
    ID and rowid): a fraction of the pages of a table whose rows carry text."""
    return f"INDEXED BY sqlite_autoindex_{table}_1"


def ever_pushed(conn: sqlite3.Connection) -> bool:
    """Whether this database was ever pushed to a sync account (the first push records it in ``sync_meta``)."""
    return conn.execute("SELECT 1 FROM sync_meta WHERE key = 'account'").fetchone() is not None


def outbox_added(conn: sqlite3.Connection, kind: str, table: str, after_rowid: int, *, many: bool = False) -> None:
    """The outbox rows the insert trigger would have written for the rows a bulk load added to ``table`` (rowid
    above ``after_rowid``) while it was set aside, in one statement. ``many`` (the new rows are many next to the
    table's): read their IDs from the ID index rather than from the rows.

    None at all in a database that was never pushed: its first push seeds the outbox with every record that
    exists (``seed_outbox``), so a bulk load there needs none (a million imported rows are 200 MB of outbox and
    a second of CPU), and ``unseeded`` counts them as waiting meanwhile."""
    if not ever_pushed(conn):
        return
    conn.execute(
        "INSERT INTO sync_outbox (kind, record_id, change_id, changed_at)"
        f" SELECT ?, id, lower(hex(randomblob(16))), {NOW} FROM {table} {by_id(table) if many else ''}"
        f" WHERE rowid > ? {UPSERT}",
        (kind, after_rowid),
    )


def triggers() -> str:
    """One outbox row per record; every change renews its change_id (the push acknowledges exactly the one it
    sent, so a change made during a push is sent by the next one)."""
    out = []
    for table, kind, rid in WATCHED:
        for event, row in (("INSERT", "new"), ("UPDATE", "new"), ("DELETE", "old")):
            out.append(
                f"CREATE TRIGGER sync_{table}_{event.lower()} AFTER {event} ON {table} BEGIN\n"
                f"    INSERT INTO sync_outbox (kind, record_id, change_id, changed_at)\n"
                f"    VALUES ('{kind}', {rid.format(row=row)}, lower(hex(randomblob(16))), {NOW}){UPSERT};\n"
                "END;"
            )
    return "\n".join(out)


def _seeded() -> tuple[tuple[str, str, str], ...]:
    return tuple(w for w in WATCHED if w[0] not in ("retro_tag", "feedback"))  # their retrospect is seeded itself


def seed_outbox(conn: sqlite3.Connection) -> None:
    """Every record that exists is a change the server has not seen: the first push sends them all (also used
    when the account changes)."""
    for table, kind, rid in _seeded():
        conn.execute(
            "INSERT INTO sync_outbox (kind, record_id, change_id, changed_at) "
            f"SELECT DISTINCT '{kind}', {rid.format(row=table)}, lower(hex(randomblob(16))), {NOW} FROM {table} "
            "WHERE true ON CONFLICT (kind, record_id) DO NOTHING"
        )


def unseeded(conn: sqlite3.Connection) -> dict[str, int]:
    """Per outbox kind, how many records ``seed_outbox`` would add now (those with no outbox row yet), counted
    without reading every record: the records, less the outbox rows of records that still exist."""
    found: dict[str, int] = {}
    for table, kind, rid in _seeded():
        if rid == "{row}.id":  # one row per record
            sql = (
                f"SELECT (SELECT count(*) FROM {table}) - (SELECT count(*) FROM sync_outbox o WHERE o.kind = ?"
                f" AND EXISTS (SELECT 1 FROM {table} t WHERE t.id = o.record_id))"
            )
        else:  # a few rows (profile fields, favourites) per record
            sql = (
                f"SELECT count(*) FROM (SELECT DISTINCT {rid.format(row=table)} AS rid FROM {table})"
                " WHERE rid NOT IN (SELECT record_id FROM sync_outbox WHERE kind = ?)"
            )
        count = int(conn.execute(sql, (kind,)).fetchone()[0])
        if count:
            found[kind] = found.get(kind, 0) + count
    return found


@migration
def m011_sync(conn: sqlite3.Connection) -> None:
    script(
        conn,
        """
        CREATE TABLE sync_outbox (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            record_id TEXT NOT NULL,
            change_id TEXT NOT NULL,
            changed_at TEXT NOT NULL,
            UNIQUE (kind, record_id)
        );
        CREATE INDEX sync_outbox_by_kind ON sync_outbox (kind, id);
        CREATE TABLE sync_record (
            kind TEXT NOT NULL,
            record_id TEXT NOT NULL,
            server_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            change_id TEXT NOT NULL,
            PRIMARY KEY (kind, record_id)
        ) WITHOUT ROWID;
        CREATE TABLE sync_sent (
            kind TEXT NOT NULL,
            record_id TEXT NOT NULL,
            change_id TEXT NOT NULL,
            PRIMARY KEY (kind, record_id, change_id)
        ) WITHOUT ROWID;
        CREATE TABLE sync_meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE sync_push (
            id TEXT PRIMARY KEY,
            server TEXT NOT NULL,
            account TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL CHECK (status IN ('running', 'ok', 'partial', 'failed')),
            sent INTEGER NOT NULL DEFAULT 0,
            skipped INTEGER NOT NULL DEFAULT 0,
            conflicts INTEGER NOT NULL DEFAULT 0,
            failed INTEGER NOT NULL DEFAULT 0,
            error TEXT
        );
        CREATE INDEX sync_push_by_time ON sync_push (started_at);
        CREATE TABLE sync_issue (
            push_id TEXT NOT NULL REFERENCES sync_push (id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            record_id TEXT NOT NULL,
            code TEXT NOT NULL CHECK (code IN ('conflict', 'rejected')),
            field TEXT,
            message TEXT NOT NULL,
            local TEXT,
            server TEXT,
            PRIMARY KEY (push_id, kind, record_id)
        ) WITHOUT ROWID;
        """,
    )
    script(conn, triggers())
    seed_outbox(conn)
