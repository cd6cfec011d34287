"""Embedding jobs on the durable queue: the outbox hook queues one per saved version of a retrospect, and a
runner claims them in batches, asks the embedding model, and stores each vector in the same transaction that
marks its job done (only while it still holds the job's lease), so a crash or kill -9 at any moment leaves
every job either done with its vector stored, or claimable again once its lease runs out.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reflee import db, jobs
from reflee.cancel import CancelToken
from reflee.errors import CancelledError
from reflee.index import store, vectors
from reflee.index.models import EmbedRun
from reflee.index.queue import KIND, enqueue
from reflee.llm.errors import LLMError, LLMModelMissing, LLMUnreachable

if TYPE_CHECKING:
    from reflee.llm.client import LLMClient

__all__ = ["KIND", "EmbedRunner", "enqueue", "text_of"]

MAX_TEXT_CHARS = 4000
"""What is embedded of a long entry: the purpose and the first characters of the content."""
Progress = Callable[[int, int | None], None]


def text_of(purpose: str, content: str) -> str:
    text = f"{purpose}\n{content}" if purpose else content
    return text[:MAX_TEXT_CHARS]


@dataclass
class EmbedRunner:
    conn: sqlite3.Connection
    client: Callable[[], LLMClient]
    model: str
    lease_seconds: float = 120
    batch: int = 16
    backoff_seconds: float = 2.0

    def run(
        self,
        *,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
        watch: bool = False,
        poll_seconds: float = 1.0,
        summary: EmbedRun | None = None,
    ) -> EmbedRun:
        """Work through the queued embedding jobs (with ``watch``, keep waiting for new ones until cancelled).
        An unreachable server or a missing model stops the run with that error, the jobs given back."""
        out = summary or EmbedRun()
        total = jobs.counts(self.conn, KIND)["queued"]
        seen = 0
        llm: LLMClient | None = None
        while True:
            if cancel is not None:
                cancel.raise_if_cancelled()
            claimed = self._claim()
            if not claimed:
                if watch and cancel is not None and not cancel.wait(poll_seconds):
                    continue
                if watch and cancel is None:
                    raise RuntimeError("watching the embedding queue needs a cancel token to stop it")
                break
            llm = llm or self.client()
            self._batch(llm, claimed, out, cancel)
            seen += len(claimed)
            if progress is not None:
                progress(seen, max(total, seen))
        out.queued = jobs.counts(self.conn, KIND)["queued"]
        return out

    def _claim(self) -> list[jobs.Job]:
        claimed: list[jobs.Job] = []
        while len(claimed) < self.batch:
            job = jobs.claim(self.conn, KIND, self.lease_seconds)
            if job is None:
                break
            claimed.append(job)
        return claimed

    def _batch(self, llm: LLMClient, claimed: list[jobs.Job], out: EmbedRun, cancel: CancelToken | None) -> None:
        todo: list[tuple[jobs.Job, str]] = []
        stale: list[jobs.Job] = []
        for job in claimed:
            row = self.conn.execute(
                "SELECT purpose, content, version FROM retro WHERE id = ? AND deleted_at IS NULL",
                (job.payload.get("retro_id"),),
            ).fetchone()
            if row is None or row["version"] != job.payload.get("version"):
                stale.append(job)
            else:
                todo.append((job, text_of(row["purpose"], row["content"])))
        try:
            vecs = llm.embed([t for _, t in todo], model=self.model, cancel=cancel) if todo else []
        except (KeyboardInterrupt, CancelledError):
            self._release(claimed, "interrupted")
            raise
        except LLMError as exc:
            if isinstance(exc, LLMModelMissing | LLMUnreachable):
                self._release(claimed, exc.message)
                raise
            for job, _ in todo:
                state = jobs.fail(
                    self.conn, job, exc.message, transient=exc.transient, backoff_base=self.backoff_seconds
                )
                if state == "failed":
                    out.failed += 1
                elif state == "queued":
                    out.retried += 1
            todo = []
        with db.transaction(self.conn):
            for job in stale:
                if jobs.complete(self.conn, job):
                    out.skipped += 1
            for (job, _), values in zip(todo, vecs, strict=True):
                if not jobs.complete(self.conn, job):
                    continue  # another worker holds it now; its result wins
                vec = vectors.normalize(values)
                retro_id = job.payload["retro_id"]
                if store.live_version(self.conn, retro_id) == job.payload["version"]:
                    store.upsert(
                        self.conn,
                        retro_id,
                        self.model,
                        job.payload["version"],
                        len(vec),
                        vectors.to_blob(vec),
                        vectors.signs_blob(vec),
                    )
                    out.done += 1
                else:
                    out.skipped += 1

    def _release(self, claimed: list[jobs.Job], note: str) -> None:
        for job in claimed:
            jobs.release(self.conn, job, note)
