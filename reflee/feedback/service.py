"""Feedback use cases for front ends: show, regenerate, generate now, run the queue, status, retry.

The outbox: ``enqueue`` is called by the retro service inside the transaction that writes the
retrospect, so a feedback job exists exactly when the change it is for was saved.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reflee import db, ids, jobs
from reflee.errors import AmbiguousError, NotFoundError, UsageError
from reflee.feedback import store
from reflee.feedback.models import KIND, Feedback, Outcome, QueueStatus, RunSummary
from reflee.i18n import _

if TYPE_CHECKING:
    from reflee.cancel import CancelToken
    from reflee.feedback.evalmodels import EvalComparison, EvalRun
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

    def latest_for(self, retro_ids: list[str]) -> dict[str, Feedback]:
        """The newest feedback of each of these retrospects that has one (chat grounds answers in it)."""
        out: dict[str, Feedback] = {}
        for retro_id in retro_ids:
            found = store.for_retro(self.conn, retro_id)
            if found:
                out[retro_id] = found[0]
        return out

    def regen(self, ref: str) -> str:
        """Queue a fresh answer for the current version; earlier feedback stays in the history."""
        retro = self._retro(ref)
        if retro.deleted_at:
            raise NotFoundError(_("retrospect {short_id} is deleted; restore it first").format(short_id=retro.short_id))
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

    def job_short_id(self, job_id: str) -> str:
        """The short ID a feedback job is shown and typed by."""
        return db.short_ids(self.conn, "job", [job_id])[job_id]

    def generate(
        self,
        job_id: str,
        *,
        on_token: Callable[[str], None] | None = None,
        cancel: CancelToken | None = None,
        on_status: Callable[[str], None] | None = None,
    ) -> Outcome:
        """Generate the feedback of one queued job now, streaming the answer's pieces to ``on_token``
        (reflee.feedback.partial reads the sections out of them) and telling ``on_status('repair')`` when a
        repair prompt goes out.

        Model trouble never raises: the Outcome says what happened (``done`` with the feedback; ``queued``
        when the server is away or the fault is worth retrying, with ``error`` and ``hint``; ``failed``;
        ``skipped`` when the job is not waiting). Cancelling ``cancel`` stops a streaming answer at once,
        gives the job back to the queue with its attempt not counted, and raises CancelledError.
        """
        return self._processor().run_job(self.conn, job_id, on_token=on_token, cancel=cancel, on_status=on_status)

    def run_queue(
        self,
        concurrency: int = 1,
        watch: bool = False,
        on_outcome: Callable[[Outcome], None] | None = None,
        cancel: CancelToken | None = None,
        time_budget: float | None = None,
        reclaim: bool = False,
    ) -> RunSummary:
        """Work through the queued jobs with ``concurrency`` workers (each with its own connection), calling
        ``on_outcome`` for each job finished; with ``watch`` keep taking new jobs until cancelled.
        Cancelling gives every held job back to the queue and raises CancelledError. With ``time_budget``
        (seconds) no new job is taken once it is spent (`cron run`); a job under way is finished.

        Jobs held by a worker on this machine that is no longer running are taken over at once; ``reclaim``
        takes over every running job first, whoever holds it (a worker on another machine that died)."""
        if not 1 <= concurrency <= 64:
            raise UsageError(
                _("{concurrency} is not between 1 and 64").format(concurrency=concurrency), field="concurrency"
            )
        if time_budget is not None and time_budget <= 0:
            raise UsageError(_("must be more than 0"), field="time_budget")
        if reclaim:
            jobs.reclaim(self.conn, KIND)
        stop = threading.Event()
        timer = threading.Timer(time_budget, stop.set) if time_budget is not None else None
        if timer is not None:
            timer.daemon = True
            timer.start()
        try:
            return self._processor().run(
                concurrency=concurrency, watch=watch, on_outcome=on_outcome, stop=stop, cancel=cancel
            )
        finally:
            if timer is not None:
                timer.cancel()

    def latest(self, retro_ids: list[str]) -> dict[str, Feedback]:
        """The newest feedback of each of these retrospects that has any (for reports)."""
        out: dict[str, Feedback] = {}
        for rid in retro_ids:
            found = store.for_retro(self.conn, rid)
            if found:
                out[rid] = found[0]
        return out

    # -- the evaluation harness ------------------------------------------------------------
    def evaluate(
        self,
        *,
        template: str | None = None,
        model: str | None = None,
        compare: str | None = None,
        judge: str | None = None,
        language: str | None = None,
        limit: int | None = None,
        progress: Callable[[int, int], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> EvalRun | EvalComparison:
        """Run ``template`` ('v1', 'v2', 'user', a file; default: what feedback uses now) with ``model`` (default
        llm.model) over the bundled evaluation set, score every answer, store the run and return it. With
        ``compare`` ('template=NAME', 'model=NAME', or a stored run's ID) run or load a second one and return both.
        ``judge`` names a model that also grades each answer with the written rubric. ``progress(done, total)``
        follows each entry; a server that cannot be reached raises LLMUnreachable (nothing is stored)."""
        from reflee.feedback import evalservice
        from reflee.feedback.evalmodels import EvalComparison

        other = evalservice.parse_compare(compare) if compare else None
        if other and other[0] == "run":
            evalservice.load(self.conn, other[1])  # a bad ID fails before the model works for minutes

        def one(template: str | None, model: str | None) -> EvalRun:
            return evalservice.run(
                self.conn, self._processor(), template=template, model=model, judge=judge, language=language,
                limit=limit, progress=progress, cancel=cancel,
            )  # fmt: skip

        first = one(template, model)
        if other is None:
            return first
        kind, value = other
        if kind == "run":
            return EvalComparison(evalservice.load(self.conn, value), first)
        second = one(value if kind == "template" else template, value if kind == "model" else model)
        return EvalComparison(first, second)

    def eval_runs(self, limit: int = 20) -> list[EvalRun]:
        """Stored eval runs, newest first (without their items)."""
        from reflee.feedback import evalstore

        if limit < 1:
            raise UsageError(_("must be at least 1"), field="limit")
        return evalstore.recent(self.conn, limit)

    def eval_show(self, ref: str) -> EvalRun:
        """One stored eval run with its items (an ID or unambiguous prefix)."""
        from reflee.feedback import evalservice

        return evalservice.load(self.conn, ref)

    def status(self, limit: int = 20) -> QueueStatus:
        def brief(job: jobs.Job) -> dict[str, Any]:
            return {
                "job_id": job.id,
                "job_short_id": job.short_id,
                "retro_id": job.payload.get("retro_id"),
                "attempts": job.attempts,
                "failure": job.failure,
                "last_error": job.last_error,
                "updated_at": job.updated_at,
            }

        failed = [brief(j) for j in jobs.select(self.conn, KIND, ("failed",), limit)]
        running = [brief(j) for j in jobs.select(self.conn, KIND, ("running",), limit)]
        shorts = db.short_ids(self.conn, "retro", sorted({b["retro_id"] for b in failed + running if b["retro_id"]}))
        for b in failed + running:
            b["retro_short_id"] = shorts.get(b["retro_id"] or "", "")
        return QueueStatus(
            counts=jobs.counts(self.conn, KIND),
            failed=failed,
            running=running,
            next_retry_at=jobs.next_due(self.conn, KIND),
        )

    def retry(self, ref: str | None = None, *, all_failed: bool = False) -> int:
        if all_failed == (ref is not None):
            raise UsageError(_("give a job or retrospect ID, or ask for every failed job (not both)"))
        if all_failed:
            ids_ = [j.id for j in jobs.select(self.conn, KIND, ("failed",), limit=1_000_000)]
        else:
            assert ref is not None
            ids_ = self._failed_jobs_for(ref)
        return jobs.retry(self.conn, ids_)

    def _failed_jobs_for(self, ref: str) -> list[str]:
        """A retrospect ID whose failed feedback jobs should run again (what `feedback status` shows), or a job
        ID. The retrospect comes first: a job is made in the same moment as its retrospect, so their time-ordered
        IDs share a prefix, and other kinds of job (embeddings) share it too."""
        try:
            retro = self._retro(ref)
        except (NotFoundError, AmbiguousError):
            retro = None
        if retro is not None:
            rows = self.conn.execute(
                "SELECT id FROM job WHERE kind = ? AND state = 'failed' AND json_extract(payload, '$.retro_id') = ?",
                (KIND, retro.id),
            ).fetchall()
            if rows:
                return [r[0] for r in rows]
        try:
            return [db.resolve_id(self.conn, "job", ref, "feedback job")]
        except NotFoundError:
            if retro is None:
                raise
            raise NotFoundError(
                _("retrospect {short_id} has no failed feedback job").format(short_id=retro.short_id)
            ) from None
