"""`reflee cron ...`: run what is due under a lock, print the schedule, install it, and say what runs did.

A run takes the lock in the data directory (a second run at the same time stops at once with BusyError),
records itself in ``cron_run``, runs each step of ``reflee.cron.steps.STEPS`` in turn (a step that fails is
recorded and the others still run), and writes a line per step to a rotating log file,
``<data dir>/logs/cron.log``. It prints nothing itself: the front end prints one line per problem.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from reflee import db, ids
from reflee.cron import schedule, store
from reflee.cron.lock import RunLock, held
from reflee.cron.models import CronRun, CronStatus, InstallResult, Schedule, StepResult
from reflee.cron.steps import STEPS, CronContext, Step
from reflee.dates import to_utc_iso, utc_now
from reflee.errors import ExitCode, RefleeError, UsageError
from reflee.i18n import _

if TYPE_CHECKING:
    from pathlib import Path

    from reflee.services import Services

LOG_BYTES = 512 * 1024
LOG_BACKUPS = 3


@dataclass
class CronService:
    session: Services
    steps: list[tuple[str, Step]] | None = None
    """The steps to run (default: reflee.cron.steps.STEPS)."""

    @property
    def lock_file(self) -> Path:
        return self.session.paths.data_dir / "cron.lock"

    @property
    def log_file(self) -> Path:
        return self.session.paths.data_dir / "logs" / "cron.log"

    # -- running --------------------------------------------------------------------------------
    def run(self, at: datetime | None = None) -> CronRun:
        """Do what is due now (or as if it were ``at``, local time). Raises BusyError when another run holds
        the lock; a failing step is recorded in the result (``problems``), never raised."""
        now = (at or datetime.now()).astimezone()
        with RunLock(self.lock_file):
            log = self._logger()
            try:
                return self._run(now, log)
            finally:
                for h in list(log.handlers):
                    h.close()
                    log.removeHandler(h)

    def _run(self, now: datetime, log: logging.Logger) -> CronRun:
        conn = self.session.conn
        started = to_utc_iso(now) if now.tzinfo else utc_now()
        notes = []
        with db.transaction(conn):
            died = store.mark_died(conn)
            last = store.last_started(conn)
            run_id = ids.new_id()
            store.start(conn, run_id, started, now.isoformat(timespec="seconds"), os.getpid())
        if died:
            log.warning("%d earlier run(s) ended without finishing (killed?); their work is picked up now", died)
        if last is not None and last > started:
            note = _("the clock is behind the last run ({last}); nothing is done twice, as every step is keyed").format(
                last=last
            )
            notes.append(note)
            log.warning(note)
        ctx = CronContext(self.session, now, started, log)
        results: list[StepResult] = []
        for name, step in self.steps if self.steps is not None else STEPS:
            try:
                result = step(ctx)
            except RefleeError as exc:
                result = StepResult(name, "problem", message=exc.describe(), exit_code=int(exc.exit_code))
            except sqlite3.Error as exc:
                result = StepResult(name, "problem", message=f"database: {exc}", exit_code=int(ExitCode.STORAGE))
            except Exception as exc:  # a bug in one step must not stop the others
                log.exception("%s failed", name)
                result = StepResult(
                    name, "problem", message=f"{type(exc).__name__}: {exc}", exit_code=int(ExitCode.ERROR)
                )
            results.append(result)
            level = logging.WARNING if result.status == "problem" else logging.INFO
            log.log(
                level,
                "%s: %s %s%s",
                name,
                result.status,
                " ".join(result.did),
                f" ({result.message})" if result.message else "",
            )
        finished = utc_now()
        run = CronRun(run_id, started, finished, now.isoformat(timespec="seconds"), results, notes)
        with db.transaction(conn):
            store.finish(conn, run_id, finished, "problems" if run.problems else "ok", [r.to_json() for r in results])
        return run

    def _logger(self) -> logging.Logger:
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        log = logging.getLogger(f"reflee.cron.{id(self)}")
        log.propagate = False
        log.setLevel(logging.INFO)
        handler = logging.handlers.RotatingFileHandler(
            self.log_file, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(asctime)s pid=%(process)d %(levelname)s %(message)s"))
        log.addHandler(handler)
        return log

    # -- the schedule -----------------------------------------------------------------------------
    def schedule(self) -> Schedule:
        return schedule.build(self.session.paths, self.session.settings.cron.interval_minutes)

    def install(self, systemd: bool = False) -> InstallResult:
        s = self.schedule()
        return schedule.install_systemd(s) if systemd else schedule.install_crontab(s)

    def uninstall(self, systemd: bool = False) -> InstallResult:
        s = self.schedule()
        return schedule.uninstall_systemd(s) if systemd else schedule.uninstall_crontab(s)

    def status(self, limit: int = 10) -> CronStatus:
        if limit < 1:
            raise UsageError(_("must be at least 1"), field="limit")
        s = self.schedule()
        return CronStatus(
            runs=store.recent(self.session.conn, limit),
            installed={"crontab": schedule.crontab_installed(s), "systemd": schedule.systemd_installed(s)},
            running=held(self.lock_file),
            log_file=str(self.log_file),
            lock_file=str(self.lock_file),
        )
