"""Migration m018_unused_indexes: drop the ``updated_at`` indexes of ``retro`` and ``ledger_txn``.

They were made for a sync that would ask "what changed since?"; sync reads its outbox instead (m011_sync), and
no query filters or sorts these tables by ``updated_at``. Each index cost every insert and edit a B-tree
update, and a million-row import about 40 MB more to write (twice: into the WAL, then into the database).
"""

from __future__ import annotations

import sqlite3

from reflee.migrations.runner import migration, script


@migration
def m018_unused_indexes(conn: sqlite3.Connection) -> None:
    script(
        conn,
        """
        DROP INDEX IF EXISTS retro_by_updated;
        DROP INDEX IF EXISTS ledger_txn_by_updated;
        """,
    )
