"""Loading many rows at once: indexes and triggers set aside and put back, a bigger page cache, and the
rollback journal in place of the WAL while nobody else has the database open.

The WAL writes every page twice (into the log, then, at the checkpoint, from the log into the database) and
reads it back in between; a bulk load's pages are nearly all new, and the rollback journal writes a new page
once and journals only the few pages the database already had. Measured at a million rows (CPU seconds, WAL /
rollback journal, 2 cores): ``ledger import`` 21.0 / 18.8, ``retro import`` 44.4 / 39.3.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

SchemaObject = tuple[str, str, str]
"""(type, name, SQL) of an index or trigger, as sqlite_master has it."""


def set_aside(conn: sqlite3.Connection, names: tuple[str, ...]) -> list[SchemaObject]:
    """Drop the named indexes and triggers inside the caller's write transaction (a bulk load's per-row work),
    returning them for ``put_back``; a rollback brings them back with everything else."""
    marks = ",".join("?" * len(names))
    found: list[SchemaObject] = [
        (kind, name, sql)
        for kind, name, sql in conn.execute(
            f"SELECT type, name, sql FROM sqlite_master WHERE name IN ({marks}) AND sql IS NOT NULL ORDER BY name",
            names,
        )
    ]
    for kind, name, _sql in found:
        conn.execute(f'DROP {kind.upper()} "{name}"')
    return found


def put_back(conn: sqlite3.Connection, dropped: list[SchemaObject], kind: str | None = None) -> None:
    """Create again, exactly as stored, what ``set_aside`` dropped (only the indexes or triggers with ``kind``).
    An index is built by sorting its keys, and a sort may hold as much memory as the page cache, so indexes are
    built with half of it: a bulk load's peak memory stays where its inserts had it."""
    with page_cache(conn, cache_size(conn) // 2):
        for what, _name, sql in dropped:
            if kind is None or what == kind:
                conn.execute(sql)


def cache_size(conn: sqlite3.Connection, schema: str = "main") -> int:
    """The page cache setting of ``schema``: negative KiB, or a number of pages."""
    return int(conn.execute(f"PRAGMA {schema}.cache_size").fetchone()[0])


@contextmanager
def page_cache(conn: sqlite3.Connection, size: int, *schemas: str) -> Iterator[None]:
    """SQLite's page cache set to ``size`` (negative KiB, or pages) on ``schemas`` (main if none) for the
    block, and put back as each was afterwards."""
    names = schemas or ("main",)
    before = [cache_size(conn, name) for name in names]
    for name in names:
        conn.execute(f"PRAGMA {name}.cache_size = {int(size)}")
    try:
        yield
    finally:
        for name, value in zip(names, before, strict=True):
            conn.execute(f"PRAGMA {name}.cache_size = {value}")


@contextmanager
def own_journal(conn: sqlite3.Connection, wanted: bool = True) -> Iterator[bool]:
    """The rollback journal instead of the WAL for the block, if ``wanted`` and no other connection has the
    database open (leaving WAL mode needs the file to itself, and fails at once otherwise: then nothing
    changes); yields whether it switched. Call it outside any transaction.

    Afterwards the WAL is back (or, if a connection opened meanwhile, that connection put it back when it
    opened). A crash inside the block leaves a hot journal, which the next connection rolls back before it
    reads: the all-or-nothing promise holds either way. A connection opened during the block's transaction
    waits for it (up to the busy timeout) instead of reading what was there before, which is why only bulk
    loads use it."""
    switched = False
    if wanted and conn.execute("PRAGMA main.journal_mode").fetchone()[0] == "wal":
        with contextlib.suppress(sqlite3.OperationalError):  # another connection has it open: stay in WAL mode
            switched = conn.execute("PRAGMA main.journal_mode = DELETE").fetchone()[0] == "delete"
    if not switched:  # not wanted, not in WAL mode to begin with, or not alone
        yield False
        return
    sync = int(conn.execute("PRAGMA main.synchronous").fetchone()[0])
    conn.execute("PRAGMA main.synchronous = FULL")  # NORMAL is power-safe in WAL mode, not with a rollback journal
    try:
        yield True
    finally:
        conn.execute(f"PRAGMA main.synchronous = {sync}")
        with contextlib.suppress(sqlite3.OperationalError):  # a connection opened meanwhile: it switched back itself
            conn.execute("PRAGMA main.journal_mode = WAL").fetchone()


@contextmanager
def foreign_keys_off(conn: sqlite3.Connection, wanted: bool = True) -> Iterator[None]:
    """Foreign keys not enforced for the block, if ``wanted``; call it outside any transaction (SQLite ignores
    the setting inside one). Only for a bulk load whose rows refer to nothing but rows it wrote itself in the
    same transaction (an import's rows to its import, tags to their records): checking each reference is a
    look-up in the parent's index per row, a sixth of the insert's time at a million rows, to learn what the
    load already knows. Nothing is deleted inside such a block, so no cascade is missed."""
    if not wanted or conn.in_transaction or not conn.execute("PRAGMA foreign_keys").fetchone()[0]:
        yield
        return
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
