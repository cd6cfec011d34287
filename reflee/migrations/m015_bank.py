"""Migration m015_bank: the transactions an import adds reach the sync outbox in one statement, not one
trigger run each.

m011_sync's insert trigger on ledger_txn ran once per row (an upsert into sync_outbox, a random change ID, a
timestamp): about half the cost of importing a million rows. Rows an import adds (``import_id`` set) are now
written to the outbox by the importer itself, in the same transaction, with one INSERT … SELECT
(``import_store.outbox_import``); every other insert keeps the trigger, unchanged.
"""

from __future__ import annotations

import sqlite3

from reflee.migrations.m011_sync import NOW, UPSERT
from reflee.migrations.runner import migration, script


@migration
def m015_bank(conn: sqlite3.Connection) -> None:
    script(
        conn,
        f"""
        DROP TRIGGER IF EXISTS sync_ledger_txn_insert;
        CREATE TRIGGER sync_ledger_txn_insert AFTER INSERT ON ledger_txn WHEN new.import_id IS NULL BEGIN
            INSERT INTO sync_outbox (kind, record_id, change_id, changed_at)
            VALUES ('transaction', new.id, lower(hex(randomblob(16))), {NOW}){UPSERT};
        END;
        """,
    )
