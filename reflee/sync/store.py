"""The sync bookkeeping's SQL: the outbox (filled by triggers, see m011_sync), the server versions last seen,
the changes in flight, the account the bookkeeping belongs to, and the push log."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from reflee.sync.models import Issue, PushLogEntry


def outbox_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Changes waiting to be pushed, per outbox kind: the outbox, and in a database never pushed also every
    record not in it yet (the first push seeds them; a bulk import there writes no outbox rows)."""
    from reflee.migrations.m011_sync import unseeded

    counts = {kind: n for kind, n in conn.execute("SELECT kind, count(*) FROM sync_outbox GROUP BY kind")}
    if meta(conn, "account") is None:
        for kind, n in unseeded(conn).items():
            counts[kind] = counts.get(kind, 0) + n
    return counts


def outbox_page(conn: sqlite3.Connection, kind: str, after: int, limit: int) -> list[tuple[int, str, str]]:
    """(outbox id, record id, change id) in the order the records first changed."""
    return [
        (r[0], r[1], r[2])
        for r in conn.execute(
            "SELECT id, record_id, change_id FROM sync_outbox WHERE kind = ? AND id > ? ORDER BY id LIMIT ?",
            (kind, after, limit),
        )
    ]


def versions(conn: sqlite3.Connection, kind: str, ids: Sequence[str]) -> dict[str, tuple[int, str]]:
    """record id -> (the server's version last seen, the record's ID on the server)."""
    out: dict[str, tuple[int, str]] = {}
    for chunk in _chunks(ids, 500):
        marks = ",".join("?" * len(chunk))
        for rid, version, server_id in conn.execute(
            f"SELECT record_id, version, server_id FROM sync_record WHERE kind = ? AND record_id IN ({marks})",
            (kind, *chunk),
        ):
            out[rid] = (version, server_id)
    return out


def mark_sent(conn: sqlite3.Connection, kind: str, pairs: Iterable[tuple[str, str]]) -> None:
    """Remember the change IDs about to be sent: if the answer is lost, the next push recognises the server's
    copy as its own write (not another device's) and does not call it a conflict."""
    conn.executemany(
        "INSERT OR IGNORE INTO sync_sent (kind, record_id, change_id) VALUES (?, ?, ?)",
        ((kind, rid, cid) for rid, cid in pairs),
    )


def in_flight(conn: sqlite3.Connection, kind: str, ids: Sequence[str]) -> set[str]:
    """Which of these records have a change that was sent but never acknowledged (the server may hold it)."""
    out: set[str] = set()
    for chunk in _chunks(ids, 500):
        marks = ",".join("?" * len(chunk))
        out.update(
            r[0]
            for r in conn.execute(
                f"SELECT DISTINCT record_id FROM sync_sent WHERE kind = ? AND record_id IN ({marks})", (kind, *chunk)
            )
        )
    return out


def sent_before(conn: sqlite3.Connection, kind: str, record_id: str) -> set[str]:
    return {
        r[0]
        for r in conn.execute("SELECT change_id FROM sync_sent WHERE kind = ? AND record_id = ?", (kind, record_id))
    }


Ack = tuple[str, str, str, int, str]
"""(record id, change id we sent, the record's ID on the server, its version there, its change id there)"""


def acknowledge(conn: sqlite3.Connection, kind: str, rows: Iterable[Ack]) -> None:
    """The server holds these records at these versions. The outbox row goes only if it still carries the
    change we sent (a local change made meanwhile stays for the next push)."""
    rows = list(rows)
    conn.executemany(
        "INSERT INTO sync_record (kind, record_id, server_id, version, change_id) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (kind, record_id) DO UPDATE SET server_id = excluded.server_id, version = excluded.version,"
        " change_id = excluded.change_id",
        ((kind, rid, sid, version, server_cid) for rid, _cid, sid, version, server_cid in rows),
    )
    conn.executemany(
        "DELETE FROM sync_outbox WHERE kind = ? AND record_id = ? AND change_id = ?",
        ((kind, rid, cid) for rid, cid, _s, _v, _c in rows),
    )
    conn.executemany("DELETE FROM sync_sent WHERE kind = ? AND record_id = ?", ((kind, r[0]) for r in rows))


def drop_unsent(conn: sqlite3.Connection, kind: str, rows: Iterable[tuple[str, str]]) -> None:
    """Nothing to send for these (deleted before they were ever pushed): the change is done with."""
    conn.executemany(
        "DELETE FROM sync_outbox WHERE kind = ? AND record_id = ? AND change_id = ?",
        ((kind, rid, cid) for rid, cid in rows),
    )


def meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM sync_meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO sync_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def seed(conn: sqlite3.Connection) -> None:
    """Every record that exists into the outbox (the ones already there keep their place)."""
    from reflee.migrations.m011_sync import seed_outbox

    seed_outbox(conn)


def forget_server_state(conn: sqlite3.Connection) -> None:
    """Another account (or server): what the old one held says nothing about the new one."""
    conn.execute("DELETE FROM sync_record")
    conn.execute("DELETE FROM sync_sent")
    seed(conn)


# -- the push log ------------------------------------------------------------------------------------------
def start_push(conn: sqlite3.Connection, push_id: str, server: str, account: str, now: str) -> None:
    conn.execute(
        "INSERT INTO sync_push (id, server, account, started_at, status) VALUES (?, ?, ?, ?, 'running')",
        (push_id, server, account, now),
    )


def finish_push(
    conn: sqlite3.Connection, push_id: str, now: str, status: str, counts: dict[str, int], error: str | None
) -> None:
    conn.execute(
        "UPDATE sync_push SET finished_at = ?, status = ?, sent = ?, skipped = ?, conflicts = ?, failed = ?,"
        " error = ? WHERE id = ?",
        (now, status, counts["sent"], counts["skipped"], counts["conflicts"], counts["failed"], error, push_id),
    )


def add_issues(conn: sqlite3.Connection, push_id: str, issues: Iterable[Issue]) -> None:
    conn.executemany(
        "INSERT OR REPLACE INTO sync_issue (push_id, kind, record_id, code, field, message, local, server)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        ((push_id, i.kind, i.record_id, i.code, i.field, i.message, _dump(i.local), _dump(i.server)) for i in issues),
    )


def pushes(conn: sqlite3.Connection, limit: int) -> list[PushLogEntry]:
    rows = conn.execute(
        "SELECT id, server, account, started_at, finished_at, status, sent, skipped, conflicts, failed, error"
        " FROM sync_push ORDER BY started_at DESC, rowid DESC LIMIT ?",
        (limit,),
    ).fetchall()
    out = []
    for r in rows:
        entry = PushLogEntry(*tuple(r))
        entry.issues = [
            Issue(kind, rid, code, message, field, _load(local), _load(server))
            for kind, rid, code, field, message, local, server in conn.execute(
                "SELECT kind, record_id, code, field, message, local, server FROM sync_issue WHERE push_id = ?"
                " ORDER BY kind, record_id",
                (entry.id,),
            )
        ]
        out.append(entry)
    return out


def _dump(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _load(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _chunks(items: Sequence[str], size: int) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
