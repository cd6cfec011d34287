"""Migration m009_chat: chat sessions and their messages (with a full-text index), the embeddings index, and a
word index over retrospects (FTS5 with the unicode61 tokenizer and prefix queries: Korean stems match the
words their particles attach to, 면접* finds 면접을 — what chat's keyword retrieval uses)."""

from __future__ import annotations

import sqlite3

from reflee.migrations.runner import migration, script


@migration
def m009_chat(conn: sqlite3.Connection) -> None:
    script(
        conn,
        """
        CREATE TABLE chat_session (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL DEFAULT '',
            title_source TEXT NOT NULL DEFAULT 'auto' CHECK (title_source IN ('auto', 'user')),
            model TEXT NOT NULL,
            system_prompt TEXT NOT NULL DEFAULT '',
            summary TEXT NOT NULL DEFAULT '',
            summary_upto TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        );
        CREATE INDEX chat_session_by_updated ON chat_session (updated_at);
        CREATE TABLE chat_message (
            id TEXT PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES chat_session (id) ON DELETE CASCADE,
            role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
            content TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'complete' CHECK (status IN ('complete', 'interrupted', 'failed')),
            intent TEXT,
            model TEXT,
            sources TEXT NOT NULL DEFAULT '[]',
            dropped_citations TEXT NOT NULL DEFAULT '[]',
            error TEXT,
            prompt_tokens INTEGER,
            completion_tokens INTEGER,
            first_token_ms REAL,
            total_ms REAL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        );
        CREATE INDEX chat_message_by_session ON chat_message (session_id, created_at);
        CREATE VIRTUAL TABLE chat_message_fts USING fts5 (
            content, content='chat_message', content_rowid='rowid', tokenize='trigram'
        );
        CREATE TRIGGER chat_message_fts_ai AFTER INSERT ON chat_message BEGIN
            INSERT INTO chat_message_fts (rowid, content) VALUES (new.rowid, new.content);
        END;
        CREATE TRIGGER chat_message_fts_ad AFTER DELETE ON chat_message BEGIN
            INSERT INTO chat_message_fts (chat_message_fts, rowid, content) VALUES ('delete', old.rowid, old.content);
        END;
        CREATE TRIGGER chat_message_fts_au AFTER UPDATE OF content ON chat_message BEGIN
            INSERT INTO chat_message_fts (chat_message_fts, rowid, content) VALUES ('delete', old.rowid, old.content);
            INSERT INTO chat_message_fts (rowid, content) VALUES (new.rowid, new.content);
        END;
        CREATE TABLE embedding (
            retro_id TEXT PRIMARY KEY REFERENCES retro (id) ON DELETE CASCADE,
            model TEXT NOT NULL,
            version INTEGER NOT NULL,
            dims INTEGER NOT NULL,
            vector BLOB NOT NULL,
            signs BLOB NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE index_meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        INSERT INTO index_meta (key, value) VALUES ('generation', '0');
        CREATE VIRTUAL TABLE retro_word_fts USING fts5 (
            purpose, content, content='retro', content_rowid='rowid',
            tokenize='unicode61 remove_diacritics 0', prefix='2'
        );
        CREATE TRIGGER retro_word_fts_ai AFTER INSERT ON retro BEGIN
            INSERT INTO retro_word_fts (rowid, purpose, content) VALUES (new.rowid, new.purpose, new.content);
        END;
        CREATE TRIGGER retro_word_fts_ad AFTER DELETE ON retro BEGIN
            INSERT INTO retro_word_fts (retro_word_fts, rowid, purpose, content)
            VALUES ('delete', old.rowid, old.purpose, old.content);
        END;
        CREATE TRIGGER retro_word_fts_au AFTER UPDATE OF purpose, content ON retro BEGIN
            INSERT INTO retro_word_fts (retro_word_fts, rowid, purpose, content)
            VALUES ('delete', old.rowid, old.purpose, old.content);
            INSERT INTO retro_word_fts (rowid, purpose, content) VALUES (new.rowid, new.purpose, new.content);
        END;
        INSERT INTO retro_word_fts (retro_word_fts) VALUES ('rebuild');
        """,
    )
