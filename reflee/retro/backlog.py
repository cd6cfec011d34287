"""The search-index backlog: retrospects stored by a large import but not yet in the full-text indexes.

``retro import`` of ``importer.DEFER_MIN`` new records or more stores them without indexing them (the three
indexes cost several times more than the rows) and lists their rowids in ``retro_unindexed``, in the same
transaction (see migration m017_retro_backlog). ``index`` then indexes the listed rows a chunk at a time,
each chunk in its own short write transaction, so it can be stopped (Ctrl-C, kill -9) anywhere and resumed,
and other commands can write between chunks. Whoever needs the indexes whole (search, chat's keyword
retrieval, the storage check) calls ``index`` first; after a large import the CLI starts it in the background
(``reflee retro index``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

from reflee import bulkdb, db
from reflee.migrations.m017_retro_backlog import indexed_text

if TYPE_CHECKING:
    from reflee.cancel import CancelToken

CHUNK = 5_000
"""Rows indexed per write transaction: about a second of work, so a waiting writer is never held long."""
TABLES = ("retro_fts", "retro_word_fts", "retro_bigram")
"""The full-text indexes of ``retro`` that a deferred import leaves to the backlog."""
INSERT_TRIGGERS = tuple(f"{table}_ai" for table in TABLES)
"""The triggers that index each new row; a deferred import sets them aside for its one big insert."""

Progress = Callable[[int, int], None]

BULK_FTS = {"hashsize": 8 << 20, "automerge": 8}
"""FTS5 settings while a chunk is indexed: a larger in-memory index before each flush (FTS5's default is 1 MB,
a few hundred retrospects) and fewer, larger merges. Measured at 100k: 24.6 s -> 15.3 s CPU. They are stored
settings, so each chunk puts FTS5's own back before it commits (and they roll back with it)."""
DEFAULT_FTS = {"hashsize": 1 << 20, "automerge": 4}
CACHE_KB = 8 * 1024
"""The page cache while indexing (SQLite's default is 2 MB): the merges re-read the segments they combine."""


def pending(conn: sqlite3.Connection) -> int:
    """How many retrospects wait to be indexed (0 on a database from before the backlog existed)."""
    try:
        return int(conn.execute("SELECT count(*) FROM retro_unindexed").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def _chunk(conn: sqlite3.Connection, size: int) -> int:
    """Index the first ``size`` listed rows and take them off the list, in one transaction; how many."""
    with db.transaction(conn):
        edge = conn.execute(
            "SELECT max(rowid), count(*) FROM (SELECT rowid FROM retro_unindexed ORDER BY rowid LIMIT ?)", (size,)
        ).fetchone()
        if not edge[1]:
            return 0
        before = _fts_settings(conn, BULK_FTS)
        listed = "SELECT rowid FROM retro_unindexed WHERE rowid <= ?"
        for table in TABLES:
            conn.execute(
                f"INSERT INTO {table} (rowid, purpose, content) SELECT r.rowid, {indexed_text(table, 'r')} FROM retro r"
                f" WHERE r.rowid IN ({listed}) ORDER BY r.rowid",
                (edge[0],),
            )
        conn.execute("DELETE FROM retro_unindexed WHERE rowid <= ?", (edge[0],))
        for table, values in before.items():
            _fts_settings(conn, values, (table,))
        return int(edge[1])


def _fts_settings(
    conn: sqlite3.Connection, values: dict[str, int], tables: tuple[str, ...] = TABLES
) -> dict[str, dict[str, int]]:
    """Set ``values`` on the full-text indexes ``tables``; return what each had (FTS5's defaults where unset)."""
    before: dict[str, dict[str, int]] = {}
    for table in tables:
        stored = dict(conn.execute(f"SELECT k, v FROM {table}_config WHERE k IN ('hashsize', 'automerge')"))
        before[table] = {k: int(stored.get(k, DEFAULT_FTS[k])) for k in values}
        for key, value in values.items():
            conn.execute(f"INSERT INTO {table} ({table}, rank) VALUES (?, ?)", (key, value))
    return before


def index(
    conn: sqlite3.Connection,
    *,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    chunk: int = CHUNK,
) -> int:
    """Index every listed retrospect, a chunk per transaction; how many this call indexed.

    Safe beside another indexer (each chunk reads the list inside its own write transaction) and after a
    crash (a chunk is indexed and unlisted together, or not at all). ``progress(done, total)`` follows the
    chunks; a cancel stops between two chunks with the work so far kept."""
    total = pending(conn)
    done = 0
    if not total:
        return 0
    with bulkdb.page_cache(conn, -CACHE_KB):
        while True:
            if cancel is not None:
                cancel.raise_if_cancelled()
            count = _chunk(conn, chunk)
            if not count:
                break
            done += count
            if progress is not None:
                progress(done, max(total, done))
    return done
