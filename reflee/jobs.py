"""The durable queue: an outbox table with leases, retries with backoff, and a dead letter.

The original design sent each retrospect through a Kafka topic to a feedback processor. Here a
``job`` row is written in the same transaction as the change that needs work (so work is never lost
and never done for a change that rolled back); workers claim jobs with a lease (a visibility
timeout) and a fencing token, and only the holder of the current token can finish a job, so two
workers racing can never both complete it.

States: queued -> running -> done | failed. A running job whose lease has expired (its worker
crashed) is claimable again; so is, at once, a job whose worker is known to be dead: the lease token names
the worker (host, process ID and the process's start time), and a claim on the same host first frees the
jobs of workers that no longer run (``expire_orphans``). ``reclaim`` frees every running job on request
(`feedback run --reclaim`, for a worker on another host). When no server answered at all, ``defer`` gives the
job back without counting the attempt (capped by the job's age, not by a count). Transient faults go back to
queued with exponential backoff and jitter until ``max_attempts``; then, or at once for permanent faults, the
job is failed with its last error (``failure`` says which: 'exhausted' is the dead letter, 'permanent' needs a
fix).
"""

from __future__ import annotations

import json
import os
import random
import socket
import sqlite3
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from reflee import db, ids
from reflee.dates import utc_now

BACKOFF_BASE_SECONDS = 2.0
BACKOFF_MAX_SECONDS = 600.0


@dataclass
class Job:
    id: str
    kind: str
    payload: dict[str, Any]
    dedup_key: str | None
    state: str
    attempts: int
    max_attempts: int
    run_after: str
    lease_until: str | None
    lease_token: str | None
    last_error: str | None
    failure: str | None
    created_at: str
    updated_at: str
    finished_at: str | None
    short_id: str = ""

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("lease_token")
        return data


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _now_dt() -> datetime:
    return datetime.now(UTC)


def _row(row: sqlite3.Row) -> Job:
    data = dict(row)
    data["payload"] = json.loads(data["payload"])
    data.pop("sid_fix", None)
    data["short_id"] = data.pop("sid", None) or data["id"][17:24]
    return Job(**data)


def enqueue(
    conn: sqlite3.Connection,
    kind: str,
    payload: dict[str, Any],
    *,
    dedup_key: str | None = None,
    max_attempts: int = 5,
) -> str | None:
    """Add a job inside the caller's transaction. Returns its id, or None if ``dedup_key`` is queued already."""
    now = utc_now()
    job_id = ids.new_id()
    cur = conn.execute(
        "INSERT INTO job (id, kind, payload, dedup_key, max_attempts, run_after, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedup_key) DO NOTHING",
        (job_id, kind, json.dumps(payload, ensure_ascii=False), dedup_key, max_attempts, now, now, now),
    )
    return job_id if cur.rowcount == 1 else None


# -- who holds a lease: a worker is a process on a host, alive or not ---------------------------------------
_EPOCH = "1970-01-01T00:00:00.000000Z"
"""The lease_until of a job whose worker is gone: expired, so claimable at once."""


def _start_time(pid: int) -> str:
    """The process's start time in clock ticks since boot (Linux), so a reused PID is not taken for the
    worker that died; '' where /proc is not available."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return fh.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


def lease_owner() -> str:
    """This worker: 'host/pid/start time'."""
    pid = os.getpid()
    return f"{socket.gethostname()}/{pid}/{_start_time(pid)}"


def _new_token() -> str:
    return f"{ids.new_id()}@{lease_owner()}"


def owner_alive(token: str | None) -> bool | None:
    """Whether the worker named in a lease token still runs: None when it cannot be told (another host, an
    old token without an owner)."""
    if not token or "@" not in token:
        return None
    host, _, rest = token.split("@", 1)[1].partition("/")
    pid_text, _, started = rest.partition("/")
    if host != socket.gethostname() or not pid_text.isdigit():
        return None
    pid = int(pid_text)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, under another user
    except OverflowError:
        return False
    return not started or _start_time(pid) in ("", started)


def expire_orphans(conn: sqlite3.Connection, kind: str) -> int:
    """Inside the caller's transaction: let the running jobs of workers on this host that are no longer
    alive (killed, crashed) be claimed at once instead of after their lease. Returns how many."""
    freed = 0
    for row in conn.execute(
        "SELECT id, lease_token FROM job WHERE kind = ? AND state = 'running' AND lease_until > ?", (kind, _EPOCH)
    ).fetchall():
        if owner_alive(row[1]) is False:
            freed += conn.execute(
                "UPDATE job SET lease_until = ? WHERE id = ? AND lease_token = ?", (_EPOCH, row[0], row[1])
            ).rowcount
    return freed


def reclaim(conn: sqlite3.Connection, kind: str) -> int:
    """End every running job's lease now, whoever holds it (a worker on another host that will not come
    back). A worker still running loses its job at the fencing check and stores nothing. Returns how many."""
    with db.transaction(conn):
        return conn.execute(
            "UPDATE job SET lease_until = ? WHERE kind = ? AND state = 'running'", (_EPOCH, kind)
        ).rowcount


def claim(conn: sqlite3.Connection, kind: str, lease_seconds: float, *, now: datetime | None = None) -> Job | None:
    """Take the next ready job (queued and due, or running with an expired lease or a dead worker) under a
    fresh lease. ``now`` (UTC) replaces the clock, for a simulated day in tests."""
    now = now or _now_dt()
    with db.transaction(conn):
        expire_orphans(conn, kind)
        conn.execute(  # a job whose workers kept dying goes to the dead letter instead of looping
            "UPDATE job SET state = 'failed', failure = 'exhausted', lease_token = NULL, updated_at = ?,"
            " finished_at = ?, last_error = coalesce(last_error, 'the worker stopped before finishing')"
            " WHERE kind = ? AND state = 'running' AND lease_until < ? AND attempts >= max_attempts",
            (_iso(now), _iso(now), kind, _iso(now)),
        )
        row = conn.execute(
            "SELECT * FROM job WHERE kind = ? AND ((state = 'queued' AND run_after <= ?)"
            " OR (state = 'running' AND lease_until < ?)) ORDER BY run_after, id LIMIT 1",
            (kind, _iso(now), _iso(now)),
        ).fetchone()
        if row is None:
            return None
        token = _new_token()
        conn.execute(
            "UPDATE job SET state = 'running', attempts = attempts + 1, lease_token = ?, lease_until = ?,"
            " updated_at = ? WHERE id = ?",
            (token, _iso(now + timedelta(seconds=lease_seconds)), _iso(now), row["id"]),
        )
        return get(conn, row["id"])


def claim_one(
    conn: sqlite3.Connection, job_id: str, lease_seconds: float, *, now: datetime | None = None
) -> Job | None:
    """Take one particular job if it is queued (whatever its run_after) or its lease has expired (or its
    worker is dead)."""
    now = now or _now_dt()
    token = _new_token()
    with db.transaction(conn):
        kind = conn.execute("SELECT kind FROM job WHERE id = ?", (job_id,)).fetchone()
        if kind is not None:
            expire_orphans(conn, kind[0])
        cur = conn.execute(
            "UPDATE job SET state = 'running', attempts = attempts + 1, lease_token = ?, lease_until = ?,"
            " updated_at = ? WHERE id = ? AND (state = 'queued' OR (state = 'running' AND lease_until < ?))",
            (token, _iso(now + timedelta(seconds=lease_seconds)), _iso(now), job_id, _iso(now)),
        )
        return get(conn, job_id) if cur.rowcount == 1 else None


def get(conn: sqlite3.Connection, job_id: str) -> Job:
    return _row(conn.execute("SELECT * FROM job WHERE id = ?", (job_id,)).fetchone())


def holds_lease(conn: sqlite3.Connection, job: Job) -> bool:
    row = conn.execute("SELECT state, lease_token FROM job WHERE id = ?", (job.id,)).fetchone()
    return row is not None and row["state"] == "running" and row["lease_token"] == job.lease_token


def complete(conn: sqlite3.Connection, job: Job) -> bool:
    """Mark done, inside the caller's transaction, only if ``job`` still holds its lease (the fencing check)."""
    now = utc_now()
    cur = conn.execute(
        "UPDATE job SET state = 'done', lease_until = NULL, last_error = NULL, updated_at = ?, finished_at = ?"
        " WHERE id = ? AND state = 'running' AND lease_token = ?",
        (now, now, job.id, job.lease_token),
    )
    return cur.rowcount == 1


def backoff_seconds(attempts: int, base: float = BACKOFF_BASE_SECONDS, rng: random.Random | None = None) -> float:
    """Exponential backoff with jitter: a random delay in [c/2, c] where c = min(max, base * 2^(attempts-1))."""
    ceiling = min(BACKOFF_MAX_SECONDS, base * 2 ** max(0, attempts - 1))
    return (rng or random).uniform(ceiling / 2, ceiling)


def fail(
    conn: sqlite3.Connection,
    job: Job,
    error: str,
    *,
    transient: bool,
    backoff_base: float = BACKOFF_BASE_SECONDS,
    max_attempts: int | None = None,
    now: datetime | None = None,
) -> str:
    """Record a failed attempt. Returns the new state: 'queued' (will retry), 'failed', or 'lost' when
    another worker holds the job now. ``max_attempts`` (the current setting) overrides the job's own."""
    limit = max_attempts if max_attempts is not None else job.max_attempts
    now = now or _now_dt()
    with db.transaction(conn):
        current = conn.execute("SELECT attempts, lease_token FROM job WHERE id = ?", (job.id,)).fetchone()
        if current is None or current["lease_token"] != job.lease_token:
            return "lost"  # another worker took it over; its outcome wins
        if transient and current["attempts"] < limit:
            conn.execute(
                "UPDATE job SET state = 'queued', last_error = ?, lease_until = NULL, lease_token = NULL,"
                " run_after = ?, updated_at = ? WHERE id = ?",
                (
                    error,
                    _iso(now + timedelta(seconds=backoff_seconds(current["attempts"], backoff_base))),
                    _iso(now),
                    job.id,
                ),
            )
            return "queued"
        conn.execute(
            "UPDATE job SET state = 'failed', failure = ?, last_error = ?, lease_until = NULL, lease_token = NULL,"
            " updated_at = ?, finished_at = ? WHERE id = ?",
            ("exhausted" if transient else "permanent", error, _iso(now), _iso(now), job.id),
        )
        return "failed"


def defer(
    conn: sqlite3.Connection,
    job: Job,
    error: str,
    *,
    delay_seconds: float,
    max_age_seconds: float | None = None,
    now: datetime | None = None,
) -> str:
    """No server answered (down, refused, no first byte in time): give the job back with its attempt NOT
    counted, due again after ``delay_seconds``. Downtime never exhausts a job; only age does: a job older than
    ``max_age_seconds`` goes to the dead letter instead. Returns 'queued', 'failed' or 'lost'."""
    now = now or _now_dt()
    with db.transaction(conn):
        current = conn.execute("SELECT lease_token, created_at FROM job WHERE id = ?", (job.id,)).fetchone()
        if current is None or current["lease_token"] != job.lease_token:
            return "lost"
        created = datetime.strptime(current["created_at"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
        if max_age_seconds is not None and (now - created).total_seconds() > max_age_seconds:
            conn.execute(
                "UPDATE job SET state = 'failed', failure = 'exhausted', attempts = max(0, attempts - 1),"
                " last_error = ?, lease_until = NULL, lease_token = NULL, updated_at = ?, finished_at = ?"
                " WHERE id = ?",
                (error, _iso(now), _iso(now), job.id),
            )
            return "failed"
        conn.execute(
            "UPDATE job SET state = 'queued', attempts = max(0, attempts - 1), last_error = ?, lease_until = NULL,"
            " lease_token = NULL, run_after = ?, updated_at = ? WHERE id = ?",
            (error, _iso(now + timedelta(seconds=delay_seconds)), _iso(now), job.id),
        )
        return "queued"


def release(conn: sqlite3.Connection, job: Job, note: str | None = None) -> None:
    """Give a job back untouched (Ctrl-C, shutting down): queued again, the attempt not counted."""
    with db.transaction(conn):
        conn.execute(
            "UPDATE job SET state = 'queued', attempts = max(0, attempts - 1), lease_until = NULL,"
            " lease_token = NULL, last_error = coalesce(?, last_error), updated_at = ?"
            " WHERE id = ? AND lease_token = ?",
            (note, utc_now(), job.id, job.lease_token),
        )


def retry(conn: sqlite3.Connection, job_ids: list[str]) -> int:
    """Queue failed jobs again from scratch."""
    now = utc_now()
    with db.transaction(conn):
        total = 0
        for job_id in job_ids:
            cur = conn.execute(
                "UPDATE job SET state = 'queued', attempts = 0, failure = NULL, run_after = ?, updated_at = ?,"
                " finished_at = NULL WHERE id = ? AND state = 'failed'",
                (now, now, job_id),
            )
            total += cur.rowcount
        return total


def counts(conn: sqlite3.Connection, kind: str) -> dict[str, int]:
    out = {"queued": 0, "running": 0, "done": 0, "failed": 0}
    for state, n in conn.execute("SELECT state, count(*) FROM job WHERE kind = ? GROUP BY state", (kind,)):
        out[state] = n
    return out


def select(conn: sqlite3.Connection, kind: str, states: tuple[str, ...], limit: int = 50) -> list[Job]:
    marks = ",".join("?" * len(states))
    rows = conn.execute(
        f"SELECT * FROM job WHERE kind = ? AND state IN ({marks}) ORDER BY updated_at DESC LIMIT ?",
        (kind, *states, limit),
    ).fetchall()
    return [_row(r) for r in rows]


def next_due(conn: sqlite3.Connection, kind: str) -> str | None:
    row = conn.execute("SELECT min(run_after) FROM job WHERE kind = ? AND state = 'queued'", (kind,)).fetchone()
    return row[0]
