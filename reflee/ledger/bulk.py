"""Bulk loading: an import that is large next to the ledger drops the ``ledger_txn`` indexes other than the ID's
(dates, totals, import keys, categories, short IDs) and the per-row insert triggers, inserts, then builds the
indexes again by sorting and does the triggers' work once for all the new rows, all inside the import's one
transaction (a failure or a kill rolls the schema back with the rows).

Why: an index on a random key takes one page-cache miss (and, once the cache is full, one page written to the
WAL) per row; at a million rows into an empty ledger that was three quarters of the import's time, where
sorting the finished table's keys once takes a few seconds. The category and short-ID indexes grow at a few
places only and stay in the cache, but each row still costs a descent of their B-trees with a comparison of
text keys at every level: building them by sorting afterwards takes 3 % fewer instructions for the whole
import (callgrind, a million rows into a new ledger). The ID index stays: duplicates are looked up in it.

While the import-key index is gone, the keys of the rows that were there before the import are looked up in a
temporary copy of them (none at all in a new ledger); the import's own keys are distinct by construction (the
occurrence number), and the unique index built again at the end still refuses a clash.

Every other import, however small, sets aside the per-row insert triggers only (``suspend(...,
indexes=False)``) and does their work once at the end the same way. The short-ID trigger looks each new short
ID up in its index, a random probe per row with the trigger's own set-up around it: without it, 100,000 rows
into a ledger of a million take 2.9 s of CPU instead of 4.4-4.7 s, 10,000 into 100,000 0.29 s instead of
0.42 s, 1,000 into 10,000 0.130 s instead of 0.140 s, and 50 rows cost the same (whole processes, medians).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field

from reflee import bulkdb, db
from reflee.ledger import store
from reflee.migrations import m013_short_ids as short_ids

TABLE = "ledger_txn"
INDEXES = (
    "ledger_txn_by_date",
    "ledger_txn_totals",
    "ledger_txn_import_key",
    "ledger_txn_by_category",
    "ledger_txn_sid",
)
"""Indexes dropped and built again (the short-ID one before the short IDs are checked for clashes)."""
TRIGGERS = ("sync_ledger_txn_insert", "ledger_txn_sid_ai")
"""Per-row insert triggers: the sync outbox one does nothing for imported rows (migration m015_bank; the
importer writes their outbox rows itself), and the short-ID one is replaced by ``m013_short_ids.fix_added``."""
MIN_ROWS = 5_000
"""Smaller imports insert row by row with every index in place. Measured (CPU seconds, row by row / bulk, 16 KiB
pages): 10k rows into a new ledger 0.44 / 0.29, 5k 0.30 / 0.22, 2k 0.18 / 0.17; 5k rows into a ledger of 10k
0.30 / 0.26, 2.5k 0.21 / 0.22."""
RATIO = 0.25
"""Bulk when the file has at least this many rows per row already in the ledger. Measured into a ledger of a
million rows (CPU seconds, row by row / bulk): 150k rows 7.2 / 8.0, 250k 11.3 / 11.3, 500k 23.3 / 17.6."""
OLD_KEYS = "temp.ledger_import_old_keys"


def wanted(expected: int | None, existing: int) -> bool:
    """Whether an import of about ``expected`` rows into a ledger of ``existing`` rows loads in bulk."""
    return expected is not None and expected >= MIN_ROWS and expected >= existing * RATIO


@dataclass
class Suspended:
    """What ``suspend`` dropped (type, name, SQL), to be created again by ``restore``."""

    after: int
    """The largest rowid before the import: the import's rows are above it."""
    bulk: bool = True
    """Whether the indexes were dropped too (a bulk load), or only the per-row triggers."""
    dropped: list[bulkdb.SchemaObject] = field(default_factory=list)
    old_keys: bool = False
    """Whether rows from before the import have import keys (copied to OLD_KEYS)."""


def suspend(conn: sqlite3.Connection, after: int, *, indexes: bool = True) -> Suspended:
    """Drop INDEXES and TRIGGERS (in the caller's write transaction), keeping a copy of the existing import
    keys for ``existing_keys``; without ``indexes``, the TRIGGERS only."""
    state = Suspended(after, bulk=indexes)
    if not indexes:
        state.dropped = bulkdb.set_aside(conn, TRIGGERS)
        return state
    state.old_keys = conn.execute(f"SELECT 1 FROM {TABLE} WHERE import_key IS NOT NULL LIMIT 1").fetchone() is not None
    if state.old_keys:
        conn.execute(f"CREATE TABLE {OLD_KEYS} (key TEXT PRIMARY KEY) WITHOUT ROWID")
        conn.execute(
            f"INSERT INTO {OLD_KEYS} SELECT import_key FROM {TABLE} WHERE import_key IS NOT NULL ORDER BY import_key"
        )
    state.dropped = bulkdb.set_aside(conn, (*INDEXES, *TRIGGERS))
    return state


def existing_keys(conn: sqlite3.Connection, state: Suspended, keys: Iterable[str]) -> set[str]:
    """Which of ``keys`` rows from before the import carry (the import's own rows are distinct by key); ``keys``
    are not read at all when no earlier row has an import key. With the indexes in place, the import-key
    index answers."""
    if not state.bulk:
        return store.existing_keys(conn, list(keys))
    return db.present(conn, OLD_KEYS, "key", list(keys)) if state.old_keys else set()


def restore(conn: sqlite3.Connection, state: Suspended) -> None:
    """Build the dropped indexes again, give the new rows whose short ID is taken another one (as the trigger
    would have), and create the triggers again."""
    bulkdb.put_back(conn, state.dropped, "index")  # with half the page cache for the sorts
    short_ids.fix_added(conn, TABLE, state.after, many=state.bulk)  # bulk only when the import is large next to it
    bulkdb.put_back(conn, state.dropped, "trigger")
    if state.old_keys:
        conn.execute(f"DROP TABLE {OLD_KEYS}")
