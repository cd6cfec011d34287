"""A large ``retro import``: the per-row work of triggers and random-keyed indexes done once for all the new
rows (``in_bulk``), and, into an empty journal, the records written straight into ``retro`` (``into_empty``).

The importer's general path checks and stages every record in a scratch database, then copies the new ones
into ``retro`` in one statement: a million records are a gigabyte written to the scratch file, read back and
written again. A journal with no rows yet (someone moving in with their whole history) has nothing stored to
compare against, so only the file's own repeats need finding: the records go straight into ``retro`` as they
are checked, a batch at a time, and the first of each ID and each text is found by the ID index and by a
table of content digests (``firstseen``). The outcome, rows, tags, short IDs, outbox and search backlog, is the
general path's, record for record (tests/test_retro_import_fast.py).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from typing import Any

from reflee import bulkdb, db
from reflee.migrations import m013_short_ids as short_ids
from reflee.migrations.m011_sync import by_id, outbox_added
from reflee.retro import backlog, store
from reflee.retro.firstseen import FirstSeen
from reflee.retro.models import CheckedRetro, Retro

SET_ASIDE = (*backlog.INSERT_TRIGGERS, "sync_retro_insert", "sync_retro_tag_insert", "retro_sid_ai")
"""The per-row insert triggers a deferred import sets aside: the full-text indexes (left to the backlog), the
sync outbox and the short IDs (both done for all the rows at once afterwards, to the same effect)."""


RANDOM_INDEXES = ("retro_by_hash", "retro_sid")
"""Indexes of ``retro`` whose keys an import's rows hit in no particular order (hashes, short IDs): built again
by sorting after an import that is large next to the table. (Dates mostly come in order; each rebuild reads
the whole table once more.)"""
REBUILD_RATIO = 0.25
"""Rebuild RANDOM_INDEXES when the import adds at least this many rows per row already stored. Inserting a
million rows into them one by one spills and re-reads their pages through the WAL five times over."""


@contextmanager
def in_bulk(conn: sqlite3.Connection, last: int, rebuild: bool) -> Iterator[None]:
    """Inside the caller's transaction: rows inserted into ``retro`` and ``retro_tag`` in the block skip the
    per-row insert triggers. Afterwards, in the same transaction, the rows are listed for the search-index
    backlog, reach the sync outbox in one statement, and any short ID already taken is moved, as the triggers
    would have done; the triggers are then put back exactly as stored (their SQL from sqlite_master). A
    failure anywhere rolls it all back with the transaction. ``last`` is the largest rowid before the block.

    When the import is large next to the table, the new rows are read from the ID index (which holds each
    row's ID and rowid), not from the table: at a million records the table is a gigabyte, and every pass over
    it reads that back."""
    triggers = bulkdb.set_aside(conn, SET_ASIDE + (RANDOM_INDEXES if rebuild else ()))
    yield
    if rebuild:
        bulkdb.put_back(conn, triggers, "index")  # the short-ID fix below looks short IDs up
    # otherwise the table's new rows are few next to the ID index of all of them
    through = by_id("retro") if rebuild else ""
    conn.execute(f"INSERT INTO retro_unindexed (rowid) SELECT rowid FROM main.retro {through} WHERE rowid > ?", (last,))
    outbox_added(conn, "retrospect", "retro", last, many=rebuild)
    short_ids.fix_added(conn, "retro", last, many=rebuild)
    bulkdb.put_back(conn, triggers, "trigger")


def is_empty(conn: sqlite3.Connection) -> bool:
    """Whether ``retro`` has no rows at all (deleted ones included)."""
    return conn.execute("SELECT 1 FROM main.retro LIMIT 1").fetchone() is None


BATCH = 2000
"""Records checked and written together."""
CONTENT = "CAST(? AS TEXT)"
"""The content is bound as its UTF-8 bytes, which SQLite takes as the text (the database's encoding is UTF-8):
the bytes the checks made are hashed and stored, not encoded twice more (the text of a million records is
gigabytes of UTF-8)."""
_INSERT = (
    "INSERT INTO main.retro (rowid, id, entry_date, purpose, content, content_hash, version, created_at, updated_at,"
    f" deleted_at) VALUES (?, ?, ?, ?, {CONTENT}, ?, ?, ?, ?, ?)"
)
_HASH_AT = 5
"""Where a row of _INSERT holds its content hash."""


def utf8_and_digest(r: Retro) -> tuple[bytes, bytes]:
    """The record's content as UTF-8 (from its checks when it has it) and its content digest."""
    utf8 = r.utf8 if type(r) is CheckedRetro else r.content.encode()
    return utf8, store.content_digest_utf8(r.entry_date, r.purpose, utf8)


def digest_key(digest: bytes) -> int:
    """The 64 bits of a content digest the table of first texts is keyed by."""
    return int.from_bytes(digest[:8], "little", signed=True)


class _Loader:
    """The records of one import going into an empty ``retro``, batch by batch."""

    def __init__(self, conn: sqlite3.Connection, expected: int) -> None:
        self.conn = conn
        self.digests = FirstSeen(expected)
        self.stored = 0
        self.rows: list[tuple[Any, ...]] = []
        self.written = 0
        """Rows already written to the table (rowids up to this)."""
        self.hash = ""

    def take(self, batch: list[Retro]) -> None:
        """Write the records of ``batch`` that are the first with their ID and their text."""
        taken = db.present(self.conn, "main.retro", "id", [r.id for r in batch])  # earlier batches' records
        rows, tags = self.rows, []
        for r in batch:
            if r.id in taken:
                continue
            utf8, digest = utf8_and_digest(r)
            self.hash = digest.hex()
            rowid = self.stored + 1
            if self.digests.first(digest_key(digest), rowid, self._same):
                continue  # the same text came earlier (a record skipped for its text leaves its ID free)
            taken.add(r.id)
            self.stored = rowid
            row = (
                rowid,
                r.id,
                r.entry_date,
                r.purpose,
                utf8,
                self.hash,
                r.version,
                r.created_at,
                r.updated_at,
                r.deleted_at,
            )
            rows.append(row)
            tags += [(r.id, t) for t in r.tags]
        self.conn.executemany(_INSERT, rows)
        self.conn.executemany("INSERT OR IGNORE INTO retro_tag (retro_id, tag) VALUES (?, ?)", tags)
        self.written = self.stored
        rows.clear()

    def _same(self, rowid: int) -> bool:
        """Whether the record stored at ``rowid`` has the text of the one being checked (``self.hash``)."""
        if rowid > self.written:
            return bool(self.rows[rowid - self.written - 1][_HASH_AT] == self.hash)
        found = self.conn.execute("SELECT content_hash FROM main.retro WHERE rowid = ?", (rowid,)).fetchone()
        return found is not None and found[0] == self.hash


def into_empty(
    conn: sqlite3.Connection, retros: Iterable[Retro], expected: int, tick: Callable[[int], None], every: int
) -> tuple[int, int]:
    """Write ``retros`` into an empty ``retro`` inside the caller's transaction, keeping the first record of each
    ID and of each text (date, purpose, content), as the general path does; ``tick(done)`` every ``every``
    records. Returns (records read, records stored); every stored record waits in the search-index backlog."""
    loader = _Loader(conn, expected)
    done = 0
    with in_bulk(conn, 0, rebuild=True):
        for batch in batched(retros, BATCH, tick, every):
            loader.take(batch)
            done += len(batch)
    return done, loader.stored


def batched(retros: Iterable[Retro], size: int, tick: Callable[[int], None], every: int) -> Iterator[list[Retro]]:
    """``retros`` in lists of ``size`` (the last one may be shorter, or empty), read up to the next tick or the
    end of the batch at a time (by islice, not a Python step per record); ``tick(done)`` after every ``every``
    records read, as if they were read one at a time."""
    records = iter(retros)
    batch: list[Retro] = []
    done = 0
    while True:
        had = len(batch)
        want = min(every - done % every, size - had)  # up to the next tick or the end of the batch
        batch.extend(islice(records, want))
        got = len(batch) - had
        done += got
        if got < want:
            break
        if done % every == 0:
            tick(done)
        if len(batch) >= size:
            yield batch
            batch = []
    yield batch
