"""The feedback processor: claim jobs, ask the model, store feedback and acknowledge — in parallel if asked.

Each worker thread has its own SQLite connection and model client. Storing the feedback and marking the
job done happen in one transaction that first checks the worker still holds the job's lease, so a job
taken over by another worker (after a lease expired) can never be stored twice.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from reflee import db, ids, jobs
from reflee.cancel import CancelToken
from reflee.dates import utc_now
from reflee.errors import CancelledError
from reflee.feedback import store
from reflee.feedback.generate import generate
from reflee.feedback.models import KIND, Feedback, Outcome, RunSummary
from reflee.i18n import _
from reflee.llm.base import OnToken
from reflee.llm.cache import ResponseCache
from reflee.llm.client import LLMClient
from reflee.llm.errors import LLMError, LLMUnreachable
from reflee.llm.types import LLMSettings

RETRY_HORIZON_SECONDS = 60.0
"""Without --watch, a run waits for retries due within this long, then leaves the rest queued."""
DEFER_SECONDS = 0.0
"""When no server answered, the job is due again after this long (its attempt not counted). The run that met
the downtime stops at once (and --watch backs off), so the job can be due at once: the next run takes it."""

__all__ = ["KIND", "Outcome", "Processor", "RunSummary"]


@dataclass
class Processor:
    db_path: Path
    llm_settings: LLMSettings
    cache_dir: Path
    cache_ttl_days: int
    prompts_dir: Path | None
    lease_seconds: float = 600
    backoff_seconds: float = 2.0
    max_attempts: int | None = None
    """The current feedback.max_attempts; None keeps each job's own limit."""
    max_age_seconds: float | None = 7 * 86400.0
    """feedback.max_age_days: a job no server has answered for this long goes to the dead letter."""
    now: Callable[[], datetime] | None = None
    """The clock (UTC); tests pass one they control to simulate a day of downtime without sleeping."""

    def _now(self) -> datetime:
        return self.now() if self.now is not None else datetime.now(UTC)

    def client(self, conn: sqlite3.Connection) -> LLMClient:
        return LLMClient(self.llm_settings, cache=ResponseCache(self.cache_dir, self.cache_ttl_days), log_conn=conn)

    # -- one job -----------------------------------------------------------------------
    def process(
        self,
        conn: sqlite3.Connection,
        llm: LLMClient,
        job: jobs.Job,
        on_token: OnToken | None = None,
        *,
        cancel: CancelToken | None = None,
        on_status: Callable[[str], None] | None = None,
    ) -> Outcome:
        """Run one claimed job to its end. When no server answered (unreachable, refused, nothing before the
        first byte) the job goes back with its attempt not counted, due again a little later; only its age
        (``max_age_seconds``) can send it to the dead letter. Cancelling (or Ctrl-C) gives the job back too,
        its attempt not counted, and raises CancelledError (KeyboardInterrupt)."""
        from reflee.errors import NotFoundError
        from reflee.retro.service import RetroService

        retro_id = job.payload.get("retro_id")
        try:
            retro = RetroService(conn).get(retro_id) if isinstance(retro_id, str) else None
        except NotFoundError:
            retro = None
        regen = bool(job.payload.get("regen"))
        if retro is None or retro.deleted_at or (not regen and retro.version != job.payload.get("version")):
            with db.transaction(conn):
                jobs.complete(conn, job)
            return Outcome(job.id, retro_id, "skipped")
        try:
            made = generate(
                llm,
                date=retro.entry_date,
                purpose=retro.purpose,
                content=retro.content,
                tags=retro.tags,
                prompts_dir=self.prompts_dir,
                on_token=on_token,
                use_cache=not regen,
                cancel=cancel,
                on_status=on_status,
            )
        except KeyboardInterrupt:
            jobs.release(conn, job, "interrupted")
            raise
        except CancelledError:
            jobs.release(conn, job, "cancelled")
            raise
        except LLMError as exc:
            message = exc.message + (f" ({exc.hint})" if exc.hint else "")
            if isinstance(exc, LLMUnreachable):  # no server answered: downtime costs no attempt
                state = jobs.defer(
                    conn, job, message, delay_seconds=DEFER_SECONDS, max_age_seconds=self.max_age_seconds,
                    now=self._now(),
                )  # fmt: skip
                if state == "failed":
                    self._notify_failed(conn, job, retro.short_id, message, None)
                return Outcome(job.id, retro.id, state, exc.message, exc.hint, unreachable=True)
            state = jobs.fail(
                conn,
                job,
                message,
                transient=exc.transient,
                backoff_base=self.backoff_seconds,
                max_attempts=self.max_attempts,
                now=self._now(),
            )
            if state == "failed":
                self._notify_failed(conn, job, retro.short_id, message, None if exc.transient else exc.hint)
            return Outcome(job.id, retro.id, state, exc.message, exc.hint)
        fb = Feedback(
            id=ids.new_id(),
            retro_id=retro.id,
            retro_version=retro.version if regen else job.payload["version"],
            language=made.language,
            provider=self.llm_settings.provider,
            model=made.model,
            template_version=made.template_version,
            notice=made.notice,
            job_id=job.id,
            created_at=utc_now(),
            quality=[f.to_json() for f in made.quality.flags],
            **made.fields,
        )
        with db.transaction(conn):
            if not jobs.complete(conn, job):
                return Outcome(job.id, retro.id, "lost", "another worker took this job over")
            store.insert(conn, fb)
        return Outcome(job.id, retro.id, "done", feedback=fb)

    def _notify_failed(
        self, conn: sqlite3.Connection, job: jobs.Job, short_id: str, message: str, fix: str | None
    ) -> None:
        """A permanent fault's notification names its fix (a setting to change); retrying only helps the rest."""
        from reflee.notify.service import NotifyService

        retry = f"reflee feedback retry {short_id}"
        then = _("{fix}, then: {retry}").format(fix=fix, retry=retry) if fix else retry
        NotifyService(conn).raise_(
            "feedback.failed",
            _("Feedback failed for {short_id}").format(short_id=short_id),
            f"{message}\n{then}",
            link_type="retro",
            link_id=job.payload.get("retro_id"),
            dedup_key=f"feedback.failed:{job.id}:{job.updated_at}",
        )

    def run_job(
        self,
        conn: sqlite3.Connection,
        job_id: str,
        on_token: OnToken | None = None,
        *,
        cancel: CancelToken | None = None,
        on_status: Callable[[str], None] | None = None,
    ) -> Outcome:
        """Process one particular job now (inline feedback after `retro add`)."""
        if cancel is not None:
            cancel.raise_if_cancelled()
        job = jobs.claim_one(conn, job_id, self.lease_seconds, now=self._now())
        if job is None:
            return Outcome(job_id, None, "skipped", "the job is not waiting (done, running or failed)")
        llm = self.client(conn)
        return self.process(conn, llm, job, on_token, cancel=cancel, on_status=on_status)

    # -- many jobs ---------------------------------------------------------------------
    def run(
        self,
        *,
        concurrency: int = 1,
        watch: bool = False,
        poll_seconds: float = 1.0,
        on_outcome: Callable[[Outcome], None] | None = None,
        stop: threading.Event | None = None,
        cancel: CancelToken | None = None,
    ) -> RunSummary:
        """Work through the queue. ``cancel`` stops every worker (a streaming answer at once), gives the jobs
        they hold back to the queue and raises CancelledError."""
        stop = stop or threading.Event()
        remove = cancel.on_cancel(stop.set) if cancel is not None else None
        try:
            summary = self._run(concurrency, watch, poll_seconds, on_outcome, stop, cancel)
        finally:
            if remove is not None:
                remove()
        if cancel is not None:
            cancel.raise_if_cancelled()
        return summary

    def _run(
        self,
        concurrency: int,
        watch: bool,
        poll_seconds: float,
        on_outcome: Callable[[Outcome], None] | None,
        stop: threading.Event,
        cancel: CancelToken | None,
    ) -> RunSummary:
        summary = RunSummary()
        lock = threading.Lock()
        held: dict[str, jobs.Job] = {}

        def report(o: Outcome) -> None:
            with lock:
                summary.add(o)
                if on_outcome:
                    on_outcome(o)
            if o.unreachable and not watch:
                stop.set()  # the server is down: leave the rest queued for the next run

        def loop() -> None:
            conn = db.connect(self.db_path)
            llm = self.client(conn)
            try:
                while not stop.is_set():
                    job = jobs.claim(conn, KIND, self.lease_seconds, now=self._now())
                    if job is None:
                        wait = _seconds_until(jobs.next_due(conn, KIND), self._now())
                        if watch:
                            stop.wait(min(poll_seconds, wait if wait is not None else poll_seconds))
                            continue
                        if wait is not None and wait <= RETRY_HORIZON_SECONDS:
                            stop.wait(max(wait, 0.05))
                            continue
                        return
                    held[threading.current_thread().name] = job
                    try:
                        report(self.process(conn, llm, job, cancel=cancel))
                    except CancelledError:
                        return  # process() gave the job back
                    finally:
                        held.pop(threading.current_thread().name, None)
                    if summary.unreachable and watch:
                        stop.wait(poll_seconds * 10)  # back off while the server is away
            finally:
                conn.close()

        if concurrency <= 1:
            loop()
            return summary
        threads = [threading.Thread(target=loop, name=f"feedback-{i}", daemon=True) for i in range(concurrency)]
        for t in threads:
            t.start()
        try:
            while any(t.is_alive() for t in threads):
                for t in threads:
                    t.join(timeout=0.2)
        except KeyboardInterrupt:
            stop.set()
            self._release_all(list(held.values()))
            raise
        return summary

    def _release_all(self, held: list[jobs.Job]) -> None:
        """Ctrl-C: give every job a worker thread holds back to the queue; a worker that finishes later
        fails the lease check and stores nothing."""
        if not held:
            return
        conn = db.connect(self.db_path)
        try:
            for job in held:
                jobs.release(conn, job, "interrupted")
        finally:
            conn.close()


def _seconds_until(iso: str | None, now: datetime) -> float | None:
    if iso is None:
        return None
    moment = datetime.strptime(iso, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    return max(0.0, (moment - now).total_seconds())
