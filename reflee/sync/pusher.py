"""The push itself: the outbox in pages, kind by kind in dependency order, as batches with a bounded number in
flight over one client; every answer settled locally in its own transaction.

Exactly-once in effect: a change is sent with its change_id as the idempotency key and is removed from the
outbox only after the server's answer is committed here. Killed at any moment, the next push sends what is
left; a change the server applied but whose answer was lost comes back as ``replayed`` (the same change_id)
or, if the record changed locally since, as a conflict whose server copy carries one of our own earlier
change IDs (``sync_sent``): that is recognised and the change is re-sent on the newer version, not reported.
The local data itself is never written here: only the bookkeeping tables.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

from reflee.cancel import CancelToken
from reflee.db import transaction
from reflee.errors import RefleeError
from reflee.i18n import _
from reflee.sync import snapshot, store
from reflee.sync.api import ApiClient, TooLarge
from reflee.sync.models import Issue, PushResult

Progress = Callable[[int, int | None], None]
MAX_REBASES = 3


@dataclass
class Change:
    kind: str
    record_id: str
    server_id: str
    op: str
    base_version: int | None
    change_id: str
    data: dict[str, Any] | None
    rebases: int = 0

    def wire(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "id": self.server_id,
            "op": self.op,
            "base_version": self.base_version,
            "change_id": self.change_id,
        }
        if self.op == "put":
            out["data"] = self.data
        return out


class Pusher:
    def __init__(
        self,
        conn: sqlite3.Connection,
        client: ApiClient,
        result: PushResult,
        *,
        feedback: bool,
        batch_size: int,
        concurrency: int,
        prefer: str | None,
        progress: Progress | None,
        cancel: CancelToken,
        total: int,
    ) -> None:
        self.conn = conn
        self.client = client
        self.result = result
        self.feedback = feedback
        self.batch_size = batch_size
        self.concurrency = concurrency
        self.prefer = prefer
        self.progress = progress
        self.cancel = cancel
        self.total = total
        self.done = 0

    def run(self, kinds: list[str]) -> None:
        with ThreadPoolExecutor(self.concurrency, thread_name_prefix="reflee-sync") as pool:
            try:
                for kind in kinds:  # dependency order: a kind starts when the one before it is settled
                    self._push_kind(pool, kind)
            except BaseException:
                self.cancel.cancel()  # workers stop waiting on Retry-After and back-offs
                raise

    def _push_kind(self, pool: ThreadPoolExecutor, kind: str) -> None:
        after = 0
        exhausted = False
        ready: deque[list[Change]] = deque()
        inflight: dict[Future[list[dict[str, Any]]], list[Change]] = {}
        fatal: BaseException | None = None
        while True:
            while fatal is None and len(inflight) < self.concurrency:
                self.cancel.raise_if_cancelled()
                if not ready and not exhausted:
                    page = store.outbox_page(self.conn, kind, after, self.batch_size)
                    if not page:
                        exhausted = True
                    else:
                        after = page[-1][0]
                        batch = self._prepare(kind, page)
                        if batch:
                            ready.append(batch)
                        continue
                if not ready:
                    break
                batch = ready.popleft()
                inflight[pool.submit(self.client.batch, [c.wire() for c in batch])] = batch
            if not inflight:
                break
            finished, _pending = wait(inflight, return_when=FIRST_COMPLETED)
            for future in finished:
                batch = inflight.pop(future)
                try:
                    answers = future.result()
                except TooLarge:
                    self._split(kind, batch, ready)
                except (RefleeError, OSError) as exc:
                    fatal = fatal or exc  # settle what is in flight, then stop
                else:
                    self._settle(kind, batch, answers, ready)
        if fatal is not None:
            raise fatal

    # -- before sending --------------------------------------------------------------------------------
    def _prepare(self, kind: str, page: list[tuple[int, str, str]]) -> list[Change]:
        ids = [rid for _oid, rid, _cid in page]
        local = snapshot.load(self.conn, kind, ids, feedback=self.feedback)
        known = store.versions(self.conn, kind, ids)
        maybe_there = store.in_flight(self.conn, kind, ids)
        batch: list[Change] = []
        nothing: list[tuple[str, str]] = []
        for _oid, rid, cid in page:
            here = local.get(rid)
            base = known.get(rid)
            server_id = base[1] if base else (here.server_id if here else None) or (rid if kind != "favorite" else None)
            if here is not None and here.data is not None and here.server_id is not None:
                batch.append(Change(kind, rid, here.server_id, "put", base[0] if base else None, cid, here.data))
            elif server_id is not None and (base is not None or rid in maybe_there):
                # deleted here; the server has it, or may (a sent change whose answer was lost)
                batch.append(Change(kind, rid, server_id, "delete", base[0] if base else None, cid, None))
            else:
                nothing.append((rid, cid))  # deleted (or its policy gone) before the server ever had it
        with transaction(self.conn):
            store.drop_unsent(self.conn, kind, nothing)
            store.mark_sent(self.conn, kind, ((c.record_id, c.change_id) for c in batch))
        self.result.skipped += len(nothing)
        self._advance(len(nothing))
        return batch

    def _split(self, kind: str, batch: list[Change], ready: deque[list[Change]]) -> None:
        """413: halve the batch (and the batch size from now on); a single record too large is rejected."""
        if len(batch) == 1:
            change = batch[0]
            self._record([], [self._issue(change, "rejected", _("the server says this record is too large"))])
            self.result.failed += 1
            self._advance(1)
            return
        half = len(batch) // 2
        self.batch_size = max(1, min(self.batch_size, half))
        ready.appendleft(batch[half:])
        ready.appendleft(batch[:half])

    # -- after the answer ------------------------------------------------------------------------------
    def _settle(
        self, kind: str, batch: list[Change], answers: list[dict[str, Any]], ready: deque[list[Change]]
    ) -> None:
        acks: list[store.Ack] = []
        issues: list[Issue] = []
        again: list[Change] = []
        finished = 0
        for change, answer in zip(batch, answers, strict=True):
            status = answer.get("status")
            current = answer.get("current") or {}
            if status in ("applied", "replayed"):
                version = int(answer.get("version") or current.get("version") or 0)
                acks.append((change.record_id, change.change_id, change.server_id, version, change.change_id))
                self.result.sent += 1
                finished += 1
            elif status == "conflict" and current:
                mine = current.get("change_id") in store.sent_before(self.conn, kind, change.record_id)
                if (mine or self.prefer == "local") and change.rebases < MAX_REBASES:
                    if not mine:
                        self.result.resolved["local"] = self.result.resolved.get("local", 0) + 1
                    change.base_version = int(current["version"])
                    change.rebases += 1
                    again.append(change)
                elif self.prefer == "server":
                    acks.append(
                        (change.record_id, change.change_id, change.server_id, int(current["version"]),
                         str(current.get("change_id")))
                    )  # fmt: skip
                    self.result.resolved["server"] = self.result.resolved.get("server", 0) + 1
                    finished += 1
                else:
                    issues.append(
                        self._issue(change, "conflict", _("changed on the server since the last push"), server=current)
                    )
                    self.result.conflicts += 1
                    finished += 1
            else:
                errors = answer.get("errors") or [{}]
                first = errors[0] if isinstance(errors[0], dict) else {}
                message = str(first.get("message") or _("rejected by the server"))
                issues.append(self._issue(change, "rejected", message, field=first.get("field")))
                self.result.failed += 1
                finished += 1
        self._record(acks, issues, kind)
        if again:
            ready.append(again)
        self._advance(finished)

    def _issue(
        self,
        change: Change,
        code: str,
        message: str,
        *,
        field: str | None = None,
        server: dict[str, Any] | None = None,
    ) -> Issue:
        return Issue(change.kind, change.record_id, code, message, field, change.data, server)

    def _record(self, acks: list[store.Ack], issues: list[Issue], kind: str | None = None) -> None:
        with transaction(self.conn):
            if acks and kind is not None:
                store.acknowledge(self.conn, kind, acks)
            if issues and self.result.push_id:
                store.add_issues(self.conn, self.result.push_id, issues)
        self.result.issues.extend(issues)

    def _advance(self, n: int) -> None:
        self.done += n
        if self.progress is not None and n:
            self.progress(self.done, self.total)
