"""Migration m012_search_bigram: an index for one- and two-character search terms.

The trigram index ``retro_fts`` cannot match a term shorter than three characters, and most Korean words
people search for have two syllables (회고, 운동, 식비). ``retro_bigram`` indexes every pair of neighbouring
characters (see reflee.bigrams; the ``reflee_bigrams`` SQL function is registered by reflee.db.connect),
is filled here for the rows already stored, and is kept in step by triggers like ``retro_fts``. A small partial
index lists deleted retrospects, so a ranked search can leave them out without reading every hit's row.
"""

from __future__ import annotations

import sqlite3

from reflee import bigrams as grams
from reflee.migrations.runner import migration, script


@migration
def m012_search_bigram(conn: sqlite3.Connection) -> None:
    conn.create_function(grams.SQL_NAME, 1, grams.bigrams, deterministic=True)  # also on a bare connection
    script(
        conn,
        """
        CREATE VIRTUAL TABLE retro_bigram USING fts5 (
            purpose, content, content='', columnsize=0, tokenize='unicode61 remove_diacritics 0'
        );
        INSERT INTO retro_bigram (rowid, purpose, content)
            SELECT rowid, reflee_bigrams(purpose), reflee_bigrams(content) FROM retro;
        CREATE TRIGGER retro_bigram_ai AFTER INSERT ON retro BEGIN
            INSERT INTO retro_bigram (rowid, purpose, content)
            VALUES (new.rowid, reflee_bigrams(new.purpose), reflee_bigrams(new.content));
        END;
        CREATE TRIGGER retro_bigram_ad AFTER DELETE ON retro BEGIN
            INSERT INTO retro_bigram (retro_bigram, rowid, purpose, content)
            VALUES ('delete', old.rowid, reflee_bigrams(old.purpose), reflee_bigrams(old.content));
        END;
        CREATE TRIGGER retro_bigram_au AFTER UPDATE OF purpose, content ON retro BEGIN
            INSERT INTO retro_bigram (retro_bigram, rowid, purpose, content)
            VALUES ('delete', old.rowid, reflee_bigrams(old.purpose), reflee_bigrams(old.content));
            INSERT INTO retro_bigram (rowid, purpose, content)
            VALUES (new.rowid, reflee_bigrams(new.purpose), reflee_bigrams(new.content));
        END;
        CREATE INDEX retro_deleted ON retro (deleted_at) WHERE deleted_at IS NOT NULL;
        """,
    )
