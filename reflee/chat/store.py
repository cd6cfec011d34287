"""The chat's SQL: sessions and messages (with a trigram full-text index over message text)."""

from __future__ import annotations

import json
import sqlite3

from reflee import db
from reflee.chat.models import ChatMessage, ChatSession, Source

SESSIONS = "chat_session"
_SESSION_COLS = (
    "id, title, model, title_source, system_prompt, summary, summary_upto, created_at, updated_at, deleted_at"
)
_MESSAGE_COLS = (
    "id, session_id, role, content, status, intent, model, sources, dropped_citations, error, prompt_tokens,"
    " completion_tokens, first_token_ms, total_ms, created_at, updated_at, deleted_at"
)


def _session(row: sqlite3.Row, count: int = 0) -> ChatSession:
    return ChatSession(**{k: row[k] for k in _SESSION_COLS.split(", ")}, messages=count)


def _message(row: sqlite3.Row) -> ChatMessage:
    data = {k.strip(): row[k.strip()] for k in _MESSAGE_COLS.split(",")}
    data["sources"] = [Source.from_json(s) for s in json.loads(data["sources"] or "[]")]
    data["dropped_citations"] = json.loads(data["dropped_citations"] or "[]")
    return ChatMessage(**data)


def _with_short_ids(conn: sqlite3.Connection, sessions: list[ChatSession]) -> list[ChatSession]:
    shorts = db.short_ids(conn, SESSIONS, [s.id for s in sessions])
    for s in sessions:
        s.short_id = shorts[s.id]
    return sessions


def insert_session(conn: sqlite3.Connection, s: ChatSession) -> None:
    conn.execute(
        f"INSERT INTO chat_session ({_SESSION_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (s.id, s.title, s.model, s.title_source, s.system_prompt, s.summary, s.summary_upto, s.created_at,
         s.updated_at, s.deleted_at),
    )  # fmt: skip


def update_session(conn: sqlite3.Connection, s: ChatSession) -> None:
    conn.execute(
        "UPDATE chat_session SET title = ?, model = ?, title_source = ?, system_prompt = ?, summary = ?,"
        " summary_upto = ?, updated_at = ?, deleted_at = ? WHERE id = ?",
        (s.title, s.model, s.title_source, s.system_prompt, s.summary, s.summary_upto, s.updated_at, s.deleted_at,
         s.id),
    )  # fmt: skip


def get_session(conn: sqlite3.Connection, session_id: str) -> ChatSession | None:
    row = conn.execute(f"SELECT {_SESSION_COLS} FROM chat_session WHERE id = ?", (session_id,)).fetchone()
    if row is None:
        return None
    count = conn.execute(
        "SELECT count(*) FROM chat_message WHERE session_id = ? AND deleted_at IS NULL", (session_id,)
    ).fetchone()[0]
    return _with_short_ids(conn, [_session(row, count)])[0]


def list_sessions(conn: sqlite3.Connection, limit: int | None = None) -> list[ChatSession]:
    rows = conn.execute(
        f"SELECT {', '.join('s.' + c for c in _SESSION_COLS.split(', '))},"
        " (SELECT count(*) FROM chat_message m WHERE m.session_id = s.id AND m.deleted_at IS NULL) AS n"
        " FROM chat_session s WHERE s.deleted_at IS NULL ORDER BY s.updated_at DESC, s.id DESC LIMIT ?",
        (limit if limit is not None else -1,),
    ).fetchall()
    return _with_short_ids(conn, [_session(r, r["n"]) for r in rows])


def last_session(conn: sqlite3.Connection) -> str | None:
    row = conn.execute(
        "SELECT id FROM chat_session WHERE deleted_at IS NULL ORDER BY updated_at DESC, id DESC LIMIT 1"
    ).fetchone()
    return row[0] if row else None


def insert_message(conn: sqlite3.Connection, m: ChatMessage) -> None:
    conn.execute(
        f"INSERT INTO chat_message ({_MESSAGE_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (m.id, m.session_id, m.role, m.content, m.status, m.intent, m.model,
         json.dumps([s.to_json() for s in m.sources], ensure_ascii=False),
         json.dumps(m.dropped_citations, ensure_ascii=False), m.error, m.prompt_tokens, m.completion_tokens,
         m.first_token_ms, m.total_ms, m.created_at, m.updated_at, m.deleted_at),
    )  # fmt: skip


def messages(conn: sqlite3.Connection, session_id: str) -> list[ChatMessage]:
    rows = conn.execute(
        f"SELECT {_MESSAGE_COLS} FROM chat_message WHERE session_id = ? AND deleted_at IS NULL ORDER BY created_at, id",
        (session_id,),
    ).fetchall()
    return [_message(r) for r in rows]


def search(conn: sqlite3.Connection, terms: list[str], limit: int) -> list[ChatMessage]:
    """Live messages of live sessions containing every term (trigram index for 3+ characters, LIKE below)."""
    long_terms = [t for t in terms if len(t) >= 3]
    short_terms = [t for t in terms if len(t) < 3]
    cols = ", ".join("m." + c.strip() for c in _MESSAGE_COLS.split(","))
    where = ["m.deleted_at IS NULL", "s.deleted_at IS NULL"]
    params: list[object] = []
    for t in short_terms:
        where.append("m.content LIKE ? ESCAPE '\\'")
        params.append("%" + t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
    if long_terms:
        sql = (
            f"SELECT {cols} FROM chat_message_fts f JOIN chat_message m ON m.rowid = f.rowid"
            " JOIN chat_session s ON s.id = m.session_id WHERE chat_message_fts MATCH ? AND "
            + " AND ".join(where)
            + " ORDER BY bm25(chat_message_fts), m.created_at DESC LIMIT ?"
        )
        match = " AND ".join('"' + t.replace('"', '""') + '"' for t in long_terms)
        rows = conn.execute(sql, [match, *params, limit]).fetchall()
    else:
        sql = (
            f"SELECT {cols} FROM chat_message m JOIN chat_session s ON s.id = m.session_id WHERE "
            + " AND ".join(where)
            + " ORDER BY m.created_at DESC LIMIT ?"
        )
        rows = conn.execute(sql, [*params, limit]).fetchall()
    return [_message(r) for r in rows]
