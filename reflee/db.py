"""The one SQLite file: opening it safely, applying migrations, transactions, ID lookup.

Hot read paths use the standard library's sqlite3 directly; sqlite-utils is
imported only where it earns its ~50 ms (bulk inserts, table introspection).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reflee import bigrams as grams
from reflee import ids, private
from reflee.errors import (
    DB_WAIT_SECONDS,
    AmbiguousError,
    NotFoundError,
    StorageError,
    UsageError,
    database_busy,
    is_busy,
)
from reflee.i18n import N_, _
from reflee.migrations.runner import MIGRATIONS, MIGRATIONS_TABLE, applied_names, apply_pending, rollback

BUSY_TIMEOUT_MS = DB_WAIT_SECONDS * 1000
SHORT_ID_BATCH = 500
PAGE_SIZE = 16 * 1024
"""The page size of a new database (SQLite's default is 4 KiB; an existing database keeps its own). A retrospect
is a kilobyte or more of text, and big imports and index builds write each page twice (to the WAL, then into
the database): with 16 KiB pages a million-record import makes a quarter of the system calls. Measured whole
import, CPU seconds, 4 KiB / 16 KiB: retrospects 300k 15.5 / 11.9, 1M 52 / 42; transactions 1M 24.1 / 21.9. Top-20
searches and listings are unchanged; listing every hit of a three-syllable word at 1M is 2.4 / 2.8 s (each row
read brings a larger page with it). See tests/bench."""
AMBIGUOUS_SHOWN = 3


def connect(path: Path, *, migrate: bool = True) -> sqlite3.Connection:
    """Open (creating if needed) the database at ``path`` with WAL, foreign keys and a busy timeout.

    Applies pending migrations unless ``migrate`` is false. Every failure becomes a one-line StorageError.
    """
    try:
        private.make_dir(path.parent)
    except OSError as exc:
        raise StorageError(
            _("cannot create the data directory {parent}: {strerror}").format(parent=path.parent, strerror=exc.strerror)
        ) from None
    with contextlib.suppress(OSError):  # read-only media or directory: SQLite says what it can and cannot do
        private.create_file(path)  # 0600 before SQLite opens it: the -wal and -shm files take its mode
    private.tighten_all(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm"))
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.Error as exc:
        read_only = _read_only(path, exc, migrate)
        if read_only is None:
            raise StorageError(_("cannot open the database {path}: {exc}").format(path=path, exc=exc)) from None
        return read_only
    try:
        _setup(conn)
        if migrate:
            ensure_schema(conn)
    except sqlite3.DatabaseError as exc:
        conn.close()
        fallback = _read_only(path, exc, migrate)
        if fallback is None:
            raise _storage_error(path, exc) from None
        return fallback
    conn.row_factory = sqlite3.Row
    return conn


def _setup(conn: sqlite3.Connection, *, writable: bool = True) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if writable:
        conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # only takes effect in a database with nothing in it yet
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode != "wal":  # e.g. a read-only file that is still in rollback mode
            conn.execute("PRAGMA journal_mode").fetchone()
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.create_function(grams.SQL_NAME, 1, grams.bigrams, deterministic=True)  # the bigram index's triggers


class ReadOnlyConnection(sqlite3.Connection):
    """A connection opened read-only because the storage cannot be written, and why (for the error a write
    then gives)."""

    reason: str = ""


def disk_full(directory: Path) -> bool:
    """Whether the filesystem holding ``directory`` has (almost) no room left for reflee's process."""
    try:
        st = os.statvfs(directory)
    except OSError:
        return False
    blocks = st.f_bfree if hasattr(os, "geteuid") and os.geteuid() == 0 else st.f_bavail
    return blocks * st.f_frsize < 64 * 1024


def _is_read_only(exc: sqlite3.Error) -> bool:
    text = str(exc)
    return "readonly" in text or "read-only" in text or "unable to open" in text


def _read_only(path: Path, exc: sqlite3.Error, migrate: bool) -> sqlite3.Connection | None:
    """Read-only media (a read-only mount, an immutable file, a directory reflee may not write): open the
    database read-only, so that reading still works and each write says clearly why it cannot happen.

    ``mode=ro`` first (it reads a WAL that is there); when SQLite cannot even make its shared-memory file,
    ``immutable=1``, but only when no WAL file holds changes that it would not see. None when the file
    cannot be read either (the caller reports the original error)."""
    full = "disk I/O error" in str(exc) and disk_full(path.parent)  # SQLite could not make its -shm file
    if not (_is_read_only(exc) or full) or not path.is_file():
        return None
    wal = path.with_name(path.name + "-wal")
    uri = path.resolve().as_uri()
    options = ["mode=ro"] + ([] if wal.exists() and wal.stat().st_size else ["immutable=1"])
    for option in options:
        try:
            conn = sqlite3.connect(
                f"{uri}?{option}",
                uri=True,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                factory=ReadOnlyConnection,
            )
        except sqlite3.Error:
            continue
        conn.reason = "full" if full else "read-only"
        try:
            _setup(conn, writable=False)
            version = schema_version(conn)
        except sqlite3.DatabaseError:
            conn.close()
            continue
        if migrate and version != len(MIGRATIONS):
            conn.close()
            if version > len(MIGRATIONS):
                raise _newer(version)
            raise StorageError(
                _("{path} is read-only and needs {count} schema upgrade(s) before this reflee can use it").format(
                    path=path, count=len(MIGRATIONS) - version
                )
            )
        conn.row_factory = sqlite3.Row
        return conn
    return None


def _newer(version: int) -> StorageError:
    return StorageError(
        _("this database has schema {version}, newer than this reflee knows ({len}); upgrade reflee").format(
            version=version, len=len(MIGRATIONS)
        )
    )


def _storage_error(path: Path, exc: sqlite3.Error) -> StorageError:
    text = str(exc)
    if is_busy(exc):  # another process holds it (a bulk import has it to itself until it commits)
        return database_busy()
    if "not a database" in text or "malformed" in text:
        return StorageError(_("{path} is not a reflee database (SQLite says: {text})").format(path=path, text=text))
    if _is_read_only(exc):
        return StorageError(_("cannot write to {path}: the file or its directory is read-only").format(path=path))
    if "full" in text or ("disk I/O error" in text and disk_full(path.parent)):
        return StorageError(
            _("cannot write to {path}: the disk is full (SQLite says: {error})").format(path=path, error=text)
        )
    return StorageError(_("database {path}: {text}").format(path=path, text=text))


def _write_failure(exc: sqlite3.Error, conn: sqlite3.Connection | None = None) -> StorageError | None:
    """A write that failed because of the storage itself (full disk, read-only media, I/O error) or because
    another process held the database for the whole busy timeout, as the error a person reads; None for
    anything else (a constraint, a bug), which callers handle themselves."""
    text = str(exc)
    if is_busy(exc):
        return database_busy()
    if "full" in text or (isinstance(conn, ReadOnlyConnection) and conn.reason == "full"):
        return StorageError(
            _("cannot save: the disk is full (SQLite says: {error}); nothing was changed").format(error=text)
        )
    if "readonly" in text or "read-only" in text:
        return StorageError(
            _("cannot save: the database is read-only ({error}); nothing was changed").format(error=text)
        )
    if "disk I/O error" in text:
        return StorageError(_("cannot save: the disk reported an I/O error; nothing was changed"))
    return None


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Apply pending migrations. ``PRAGMA user_version`` holds how many are applied, so an
    up-to-date database costs one pragma read."""
    version = schema_version(conn)
    if version == len(MIGRATIONS):
        return
    if version > len(MIGRATIONS):
        raise _newer(version)
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
        raise (_write_failure(exc, conn) or StorageError(_("cannot start a write: {exc}").format(exc=exc))) from None
    try:
        yield conn
    except sqlite3.OperationalError as exc:
        rollback(conn)
        failure = _write_failure(exc, conn)
        if failure is None:
            raise
        raise failure from None
    except BaseException:
        rollback(conn)
        raise
    else:
        try:
            conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            rollback(conn)
            raise (_write_failure(exc, conn) or StorageError(_("cannot save: {exc}").format(exc=exc))) from None


def data_version(conn: sqlite3.Connection) -> int:
    """Changes when another connection commits to the database (a cheap 'has anything changed?')."""
    return int(conn.execute("PRAGMA data_version").fetchone()[0])


RESOLVED_NOUNS = (N_("retrospect"), N_("transaction"), N_("policy"), N_("notification"), N_("feedback job"))
RESOLVED_NOUNS_MORE = (N_("eval run"), N_("report"), N_("chat session"))
"""The nouns resolve_id is given (its messages show them translated)."""


def resolve_id(conn: sqlite3.Connection, table: str, ref: str, noun: str) -> str:
    """Turn what a person typed into the full ID of a row in ``table``: its short ID (the ``sid`` column, shown
    in every list) first, then the full ID or a prefix of it of at least ``ids.MIN_PREFIX`` hex digits.

    Not an ID -> UsageError (exit 2); nothing matches -> NotFoundError (3); a prefix of several full IDs ->
    AmbiguousError (4) naming a few of them by their short IDs."""
    noun = _(noun)
    key = ids.normalize_prefix(ref)
    if key is None:
        raise UsageError(
            _("{noun} ID {ref!r} is not an ID (expected the short ID shown in lists, or hexadecimal digits)").format(
                noun=noun, ref=ref
            )
        )
    if len(key) <= ids.SHORT_MAX:
        row = conn.execute(f"SELECT id FROM {table} WHERE sid = ? LIMIT 1", (key,)).fetchone()
        if row is not None:
            return str(row[0])
    rows = conn.execute(
        f"SELECT id, sid FROM {table} WHERE id >= ? AND id < ? ORDER BY id LIMIT {AMBIGUOUS_SHOWN + 1}",
        (key, key + "g"),
    ).fetchall()
    shown = ", ".join(str(r[1]) for r in rows[:AMBIGUOUS_SHOWN]) + (", …" if len(rows) > AMBIGUOUS_SHOWN else "")
    if rows and len(key) < ids.MIN_PREFIX:
        raise AmbiguousError(
            _("{noun} ID {ref!r} is too short: a full-ID prefix needs {count} digits ({shown}); use a short ID").format(
                noun=noun, ref=ref, count=ids.MIN_PREFIX, shown=shown
            )
        )
    if not rows:
        raise NotFoundError(_("no {noun} with ID {ref!r}").format(noun=noun, ref=ref))
    if len(rows) > 1:
        raise AmbiguousError(
            _("{noun} ID {ref!r} is the start of more than one {noun}'s ID ({shown}); use its short ID").format(
                noun=noun, ref=ref, shown=shown
            )
        )
    return str(rows[0][0])


def short_ids(conn: sqlite3.Connection, table: str, full_ids: list[str]) -> dict[str, str]:
    """The short ID (the ``sid`` column, see migration m013) of each ID, one statement per 500 IDs."""
    out: dict[str, str] = {}
    for start in range(0, len(full_ids), SHORT_ID_BATCH):
        chunk = full_ids[start : start + SHORT_ID_BATCH]
        for ident, sid in conn.execute(
            f"SELECT id, sid FROM {table} WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(chunk),)
        ):
            out[ident] = sid
    for ident in full_ids:  # a row gone meanwhile: its natural short ID
        out.setdefault(ident, ids.natural_sid(ident))
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


def present(conn: sqlite3.Connection, table: str, column: str, values: list[str]) -> set[str]:
    """Which of ``values`` ``table.column`` holds, looked up 900 at a time (under SQLite's parameter limit)."""
    found: set[str] = set()
    for start in range(0, len(values), 900):
        chunk = values[start : start + 900]
        marks = ",".join("?" * len(chunk))
        found.update(r[0] for r in conn.execute(f"SELECT {column} FROM {table} WHERE {column} IN ({marks})", chunk))
    return found
