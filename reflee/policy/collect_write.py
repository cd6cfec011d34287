"""Writing one source's batch: upsert what changed, tombstone what left, and log each change that matters.

All of it happens in one transaction together with the run's record, so a run killed halfway leaves the
previous policies, change log and run log exactly as they were. A dry run computes the same changes and writes
nothing.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import nullcontext
from datetime import datetime

from reflee import db, ids
from reflee.cancel import CancelToken, check
from reflee.dates import utc_now
from reflee.policy import collect_store, store
from reflee.policy.changes import Change, diff
from reflee.policy.collect_models import SourceRun
from reflee.policy.collect_read import Batch
from reflee.policy.normalize import content_hash, policy_id

CHECK_EVERY = 256


def apply(
    conn: sqlite3.Connection, batch: Batch, run: SourceRun, *, dry_run: bool, cancel: CancelToken | None = None
) -> None:
    """Compare the batch with what is stored and (unless ``dry_run``) write the difference, filling ``run``."""
    now = utc_now()
    with nullcontext() if dry_run else db.transaction(conn):
        known = store.known(conn)
        removed_before = collect_store.removed_ids(conn, batch.source)
        changes: list[Change] = []
        for n, item in enumerate(batch.parsed):
            if n % CHECK_EVERY == 0:
                check(cancel)
            p = item.policy
            raw = json.dumps(item.raw, ensure_ascii=False, separators=(",", ":"))
            digest = content_hash(p.source, raw)
            found = known.get((p.source, p.source_id))
            if found is None:
                p.id = policy_id(p.source, p.source_id)
                p.created_at = p.updated_at = now
                if not dry_run:
                    store.insert(conn, p, digest, raw)
                run.new += 1
                changes.append(Change(p.id, p.source, p.source_id, p.title, "new", at=now))
                continue
            restored = found[0] in removed_before
            if found[1] == digest and not restored:
                run.unchanged += 1
                continue
            old = store.get(conn, found[0])
            p.id, p.created_at, p.updated_at = found[0], found[2], now
            if not dry_run:
                store.replace(conn, p, digest, raw)
            if restored:
                run.new += 1
                changes.append(Change(p.id, p.source, p.source_id, p.title, "restored", at=now))
                continue
            run.changed += 1
            for name, before, after in diff(old, p) if old is not None else []:
                changes.append(Change(p.id, p.source, p.source_id, p.title, "changed", name, before, after, now))
        if batch.complete:
            gone = {
                sid: pid for sid, pid in collect_store.live_ids(conn, batch.source).items() if sid not in batch.seen
            }
            titles = collect_store.titles(conn, gone.values())
            for sid, pid in sorted(gone.items()):
                changes.append(Change(pid, batch.source, sid, titles.get(pid, ""), "removed", at=now))
            run.removed = len(gone)
            if not dry_run:
                collect_store.remove(conn, list(gone.values()), now)
        run.changes = changes
        run.reported = len(changes)
        run.status = "dry_run" if dry_run else "ok"
        check(cancel)
        if not dry_run:
            for c in changes:
                c.run_id = run.id
            collect_store.add_changes(
                conn,
                [
                    (
                        ids.new_id(),
                        run.id,
                        c.policy_id,
                        c.source,
                        c.source_id,
                        c.title,
                        c.kind,
                        c.field,
                        c.old,
                        c.new,
                        now,
                    )
                    for c in changes
                ],
            )
            finish(conn, run)


def finish(conn: sqlite3.Connection, run: SourceRun) -> None:
    """Record how a run ended (inside the caller's transaction)."""
    run.finished_at = utc_now()
    started = datetime.fromisoformat(run.started_at.replace("Z", "+00:00"))
    ended = datetime.fromisoformat(run.finished_at.replace("Z", "+00:00"))
    run.duration_ms = int((ended - started).total_seconds() * 1000)
    collect_store.finish_run(
        conn,
        run.id,
        {
            "status": run.status,
            "finished_at": run.finished_at,
            "duration_ms": run.duration_ms,
            "pages": run.pages,
            "records_read": run.read,
            "new": run.new,
            "changed": run.changed,
            "unchanged": run.unchanged,
            "removed": run.removed,
            "reported": run.reported,
            "unreadable": run.unreadable,
            "error_code": run.error_code,
            "error": run.error,
            "updated_at": run.finished_at,
        },
    )
