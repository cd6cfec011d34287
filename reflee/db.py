"""The one SQLite file: opening it safely, applying migrations, transactions, ID lookup.

Hot read paths use the standard library's sqlite3 directly; sqlite-utils is
imported only where it earns its ~50 ms (bulk inserts, table introspection).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reflee import bigrams as grams
from reflee import ids
from reflee.errors import AmbiguousError, NotFoundError, StorageError, UsageError
from reflee.migrations import MIGRATIONS, MIGRATIONS_TABLE, applied_names, apply_pending

BUSY_TIMEOUT_MS = 10_000
SHORT_ID_BATCH = 500


def connect(path: Path, *, migrate: bool = True) -> sqlite3.Connection:
    """Open (creating if needed) the database at ``path`` with WAL, foreign keys and a busy timeout.

    Applies pending migrations unless ``migrate`` is false. Every failure becomes a one-line StorageError.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"cannot create the data directory {path.parent}: {exc.strerror}") from None
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.Error as exc:
        raise StorageError(f"cannot open the database {path}: {exc}") from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode != "wal":  # e.g. a read-only file that is still in rollback mode
            conn.execute("PRAGMA journal_mode").fetchone()
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.create_function(grams.SQL_NAME, 1, grams.bigrams, deterministic=True)
        if migrate:
            ensure_schema(conn)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise _storage_error(path, exc) from None
    conn.row_factory = sqlite3.Row
    return conn


def _storage_error(path: Path, exc: sqlite3.Error) -> StorageError:
    text = str(exc)
    if "not a database" in text or "malformed" in text:
        return StorageError(f"{path} is not a reflee database (SQLite says: {text})")
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return StorageError(f"cannot write to {path}: the file or its directory is read-only")
    return StorageError(f"database {path}: {text}")


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Apply pending migrations. ``PRAGMA user_version`` holds how many are applied, so an
    up-to-date database costs one pragma read."""
    version = schema_version(conn)
    if version == len(MIGRATIONS):
        return
    if version > len(MIGRATIONS):
        raise StorageError(
            f"this database has schema {version}, newer than this reflee knows ({len(MIGRATIONS)}); upgrade reflee"
        )
    apply_pending(conn)


def pending_migrations(conn: sqlite3.Connection) -> list[str]:
    done = applied_names(conn)
    return [name for name, _ in MIGRATIONS if name not in done]


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A write transaction taken with BEGIN IMMEDIATE, so concurrent writers wait instead of failing."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise StorageError(f"cannot start a write: {exc}") from None
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        try:
            conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            conn.execute("ROLLBACK")
            raise StorageError(f"cannot save: {exc}") from None


def resolve_id(conn: sqlite3.Connection, table: str, ref: str, noun: str) -> str:
    """Turn a full ID or any unambiguous prefix into the full ID of a row in ``table``."""
    prefix = ids.normalize_prefix(ref)
    if prefix is None:
        raise UsageError(f"{noun} ID {ref!r} is not an ID (expected hexadecimal digits)")
    rows = conn.execute(
        f"SELECT id FROM {table} WHERE id >= ? AND id < ? ORDER BY id LIMIT 3",
        (prefix, prefix + "g"),
    ).fetchall()
    if not rows:
        raise NotFoundError(f"no {noun} with ID {ref!r}")
    if len(rows) > 1:
        shown = ", ".join(r[0][: len(prefix) + 4] for r in rows[:2])
        raise AmbiguousError(f"{noun} ID {ref!r} matches more than one {noun} ({shown}, …); type more characters")
    return rows[0][0]


def short_ids(conn: sqlite3.Connection, table: str, full_ids: list[str]) -> dict[str, str]:
    """Shortest unambiguous display form (at least 8 hex digits) of each ID, from its two neighbours.

    One statement per 500 IDs (the neighbours are looked up inside SQLite), not two per ID."""
    out: dict[str, str] = {}
    for start in range(0, len(full_ids), SHORT_ID_BATCH):
        chunk = full_ids[start : start + SHORT_ID_BATCH]
        for ident, prev, nxt in conn.execute(
            f"SELECT j.value, (SELECT max(id) FROM {table} WHERE id < j.value),"
            f" (SELECT min(id) FROM {table} WHERE id > j.value) FROM json_each(?) j",
            (json.dumps(chunk),),
        ):
            out[ident] = ident[: ids.short_len(ident, [prev or "", nxt or ""])]
    return out


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Row counts of reflee's own tables (not FTS shadow tables or the migrations record)."""
    import sqlite_utils  # ~50 ms; fine for `db status`

    db = sqlite_utils.Database(conn)
    index = ("_fts", "_bigram")
    names = [t for t in db.table_names() if not t.startswith(("_", "sqlite_")) and not any(i in t for i in index)]
    return {name: db[name].count for name in sorted(names)}


__all__ = [
    "MIGRATIONS",
    "MIGRATIONS_TABLE",
    "connect",
    "ensure_schema",
    "pending_migrations",
    "resolve_id",
    "schema_version",
    "short_ids",
    "table_counts",
    "transaction",
]
