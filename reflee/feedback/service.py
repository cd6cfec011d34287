"""Feedback use cases for front ends: show, regenerate, generate now, run the queue, status, retry.

The outbox: ``enqueue`` is called by the retro service inside the transaction that writes the
retrospect, so a feedback job exists exactly when the change it is for was saved.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reflee import db, ids, jobs
from reflee.errors import NotFoundError, UsageError
from reflee.feedback import store
from reflee.feedback.models import KIND, Feedback, Outcome, QueueStatus, RunSummary

if TYPE_CHECKING:
    from reflee.cancel import CancelToken
    from reflee.feedback.runner import Processor

__all__ = ["KIND", "FeedbackService", "FeedbackView", "enqueue"]


def enqueue(conn: sqlite3.Connection, retro_id: str, version: int, *, max_attempts: int = 5) -> str | None:
    """Queue feedback for one version of a retrospect (inside the caller's transaction); once per version."""
    return jobs.enqueue(
        conn,
        KIND,
        {"retro_id": retro_id, "version": version},
        dedup_key=f"feedback:{retro_id}:v{version}",
        max_attempts=max_attempts,
    )


@dataclass
class FeedbackView:
    retro_id: str
    retro_short_id: str
    retro_version: int
    latest: Feedback | None
    history: list[Feedback]
    job: dict[str, Any] | None
    """The newest job for this retrospect: its state and last error."""

    def to_json(self) -> dict[str, Any]:
        return {
            "retro_id": self.retro_id,
            "retro_version": self.retro_version,
            "feedback": self.latest.to_json() if self.latest else None,
            "history": [f.to_json() for f in self.history],
            "job": self.job,
        }


@dataclass
class FeedbackService:
    conn: sqlite3.Connection
    max_attempts: int = 5
    processor: Callable[[], Processor] | None = None
    """Builds the processor that talks to the model (handed in by the session)."""

    def _retro(self, ref: str) -> Any:
        from reflee.retro.service import RetroService

        return RetroService(self.conn).get(ref)

    def _latest_job(self, retro_id: str) -> dict[str, Any] | None:
        row = self.conn.execute(
            "SELECT id FROM job WHERE kind = ? AND json_extract(payload, '$.retro_id') = ?"
            " ORDER BY created_at DESC, id DESC LIMIT 1",
            (KIND, retro_id),
        ).fetchone()
        return jobs.get(self.conn, row[0]).to_json() if row else None

    def _processor(self) -> Processor:
        if self.processor is None:
            raise RuntimeError("this FeedbackService was built without a processor (open it through a session)")
        return self.processor()

    def job_for(self, retro_id: str, version: int) -> str | None:
        """The queued feedback job for one version of a retrospect (what `retro add` generates inline)."""
        row = self.conn.execute(
            "SELECT id FROM job WHERE dedup_key = ? AND state = 'queued'", (f"feedback:{retro_id}:v{version}",)
        ).fetchone()
        return row[0] if row else None

    def show(self, ref: str) -> FeedbackView:
        retro = self._retro(ref)
        history = store.for_retro(self.conn, retro.id)
        return FeedbackView(
            retro.id,
            retro.short_id,
            retro.version,
            history[0] if history else None,
            history,
            self._latest_job(retro.id),
        )

    def regen(self, ref: str) -> str:
        """Queue a fresh answer for the current version; earlier feedback stays in the history."""
        retro = self._retro(ref)
        if retro.deleted_at:
            raise NotFoundError(f"retrospect {retro.short_id} is deleted; restore it first")
        with db.transaction(self.conn):
            job_id = jobs.enqueue(
                self.conn,
                KIND,
                {"retro_id": retro.id, "version": retro.version, "regen": True},
                dedup_key=f"feedback:{retro.id}:v{retro.version}:regen:{ids.new_id()}",
                max_attempts=self.max_attempts,
            )
        assert job_id is not None
        return job_id

    def generate(
        self,
        job_id: str,
        *,
        on_token: Callable[[str], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> Outcome:
        """Generate the feedback of one queued job now, streaming the answer's pieces to ``on_token``.

        Model trouble never raises: the Outcome says what happened (``done`` with the feedback; ``queued``
        when the server is away or the fault is worth retrying, with ``error`` and ``hint``; ``failed``;
        ``skipped`` when the job is not waiting). Cancelling ``cancel`` stops a streaming answer at once,
        gives the job back to the queue with its attempt not counted, and raises CancelledError.
        """
        return self._processor().run_job(self.conn, job_id, on_token=on_token, cancel=cancel)

    def run_queue(
        self,
        concurrency: int = 1,
        watch: bool = False,
        on_outcome: Callable[[Outcome], None] | None = None,
        cancel: CancelToken | None = None,
        *,
        reclaim: bool = False,
    ) -> RunSummary:
        """Work through the queued jobs with ``concurrency`` workers (each with its own connection), calling
        ``on_outcome`` for each job finished; with ``watch`` keep taking new jobs until cancelled.
        Cancelling gives every held job back to the queue and raises CancelledError.

        Jobs held by a worker on this machine that is no longer running are taken over at once; ``reclaim``
        takes over every running job first, whoever holds it (a worker on another machine that died)."""
        if not 1 <= concurrency <= 64:
            raise UsageError(f"{concurrency} is not between 1 and 64", field="concurrency")
        if reclaim:
            jobs.reclaim(self.conn, KIND)
        return self._processor().run(concurrency=concurrency, watch=watch, on_outcome=on_outcome, cancel=cancel)

    def status(self, limit: int = 20) -> QueueStatus:
        def brief(job: jobs.Job) -> dict[str, Any]:
            return {
                "job_id": job.id,
                "retro_id": job.payload.get("retro_id"),
                "attempts": job.attempts,
                "failure": job.failure,
                "last_error": job.last_error,
                "updated_at": job.updated_at,
            }

        return QueueStatus(
            counts=jobs.counts(self.conn, KIND),
            failed=[brief(j) for j in jobs.select(self.conn, KIND, ("failed",), limit)],
            running=[brief(j) for j in jobs.select(self.conn, KIND, ("running",), limit)],
            next_retry_at=jobs.next_due(self.conn, KIND),
        )

    def retry(self, ref: str | None = None, *, all_failed: bool = False) -> int:
        if all_failed == (ref is not None):
            raise UsageError("give a job or retrospect ID, or ask for every failed job (not both)")
        if all_failed:
            ids_ = [j.id for j in jobs.select(self.conn, KIND, ("failed",), limit=1_000_000)]
        else:
            assert ref is not None
            ids_ = self._failed_jobs_for(ref)
        return jobs.retry(self.conn, ids_)

    def _failed_jobs_for(self, ref: str) -> list[str]:
        """A job ID, or a retrospect ID whose failed feedback jobs should run again."""
        try:
            return [db.resolve_id(self.conn, "job", ref, "feedback job")]
        except NotFoundError:
            retro = self._retro(ref)
            rows = self.conn.execute(
                "SELECT id FROM job WHERE kind = ? AND state = 'failed' AND json_extract(payload, '$.retro_id') = ?",
                (KIND, retro.id),
            ).fetchall()
            if not rows:
                raise NotFoundError(f"retrospect {retro.short_id} has no failed feedback job") from None
            return [r[0] for r in rows]
