"""Migration m017_retro_backlog: a large import's retrospects are indexed for search after it commits.

Filling the three full-text indexes (``retro_fts`` trigram, ``retro_bigram``, ``retro_word_fts``) costs
several times more than storing the rows, so ``retro import`` of many records stores them, lists their rowids
in ``retro_unindexed`` in the same transaction, and leaves the indexing to ``reflee.retro.backlog`` (right
after, in the background, or before the next search). Every trigger that keeps an index in step now skips a
row on that list: deleting or editing a row that was never indexed must not remove from an index what it
never held (external-content and contentless FTS5 tables trust the text they are given), and a new row that
reuses a listed rowid is indexed with the list, once.
"""

from __future__ import annotations

import sqlite3

from reflee import bigrams as grams
from reflee.migrations.runner import migration, script

LISTED_NEW = "EXISTS (SELECT 1 FROM retro_unindexed u WHERE u.rowid = new.rowid)"
LISTED_OLD = "EXISTS (SELECT 1 FROM retro_unindexed u WHERE u.rowid = old.rowid)"


def indexed_text(table: str, side: str) -> str:
    """The SQL for the text the full-text index ``table`` is given from the ``retro`` row ``side`` (new, old,
    or a row alias): the bigram index reads reflee_bigrams of each column, the others the columns."""
    if table == "retro_bigram":
        return f"{grams.SQL_NAME}({side}.purpose), {grams.SQL_NAME}({side}.content)"
    return f"{side}.purpose, {side}.content"


def _triggers(table: str) -> str:
    add = f"INSERT INTO {table} (rowid, purpose, content) VALUES (new.rowid, {indexed_text(table, 'new')});"
    old = indexed_text(table, "old")
    remove = f"INSERT INTO {table} ({table}, rowid, purpose, content) VALUES ('delete', old.rowid, {old});"
    return f"""
        DROP TRIGGER {table}_ai;
        DROP TRIGGER {table}_ad;
        DROP TRIGGER {table}_au;
        CREATE TRIGGER {table}_ai AFTER INSERT ON retro WHEN NOT {LISTED_NEW} BEGIN
            {add}
        END;
        CREATE TRIGGER {table}_ad AFTER DELETE ON retro WHEN NOT {LISTED_OLD} BEGIN
            {remove}
        END;
        CREATE TRIGGER {table}_au AFTER UPDATE OF purpose, content ON retro WHEN NOT {LISTED_OLD} BEGIN
            {remove}
            {add}
        END;
    """


@migration
def m017_retro_backlog(conn: sqlite3.Connection) -> None:
    conn.create_function(grams.SQL_NAME, 1, grams.bigrams, deterministic=True)  # also on a bare connection
    script(
        conn,
        "CREATE TABLE retro_unindexed (rowid INTEGER PRIMARY KEY);\n"
        + "".join(_triggers(t) for t in ("retro_fts", "retro_word_fts", "retro_bigram")),
    )
