"""The policy collector (`policy fetch`, `policy changes`, `policy fetch-log`): keeps policies current from the
live 온통청년 and 공공서비스 APIs with the user's own keys, and says what changed.

Each source is read whole and checked before anything is written, then written in one transaction with its
change log and run record (reflee.policy.collect_write). 온통청년 has no "changed since" filter, so it is
always read whole and compared; 공공서비스 is read incrementally (services changed since the day before the
last successful run) while a full read is less than ``FULL_EVERY_DAYS`` old, and whole otherwise — only a
whole read can tell that a policy left its source.

Notifications are this step's side effect (fetching is an explicit write step): favourites whose deadline
changed or that left their source, and new policies that fit the profile.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from reflee import db, ids
from reflee.cancel import CancelToken
from reflee.dates import local_today, utc_now
from reflee.errors import NotFoundError, RefleeError, UsageError
from reflee.i18n import _
from reflee.policy import collect_store, fav_store
from reflee.policy.changes import DEADLINE_FIELDS
from reflee.policy.collect_models import ChangeList, CollectLog, FetchResult, SourceRun
from reflee.policy.sources import GOV24, KEY_ENV, SOURCES, YOUTH, missing_key

FULL_EVERY_DAYS = 7
Progress = Callable[[int, int | None], None]
"""(pages read, pages known in all so far)."""


@dataclass(frozen=True)
class CollectorSettings:
    youth_key: str = ""
    gov24_key: str = ""
    youth_url: str = "https://www.youthcenter.go.kr/go/ythip/getPlcy"
    gov24_url: str = "https://api.odcloud.kr/api/gov24/v3"
    concurrency: int = 4
    timeout: float = 30.0
    retries: int = 4
    backoff: float = 1.0

    @classmethod
    def from_settings(cls, policy: Any, env: Mapping[str, str] | None = None) -> CollectorSettings:
        """From the ``policy.*`` settings; an empty key falls back to its environment variable."""
        environ = os.environ if env is None else env
        return cls(
            youth_key=policy.youth_api_key or environ.get(KEY_ENV[YOUTH], ""),
            gov24_key=policy.gov24_api_key or environ.get(KEY_ENV[GOV24], ""),
            youth_url=policy.youth_url,
            gov24_url=policy.gov24_url,
            concurrency=policy.fetch_concurrency,
            timeout=policy.fetch_timeout,
            retries=policy.fetch_retries,
            backoff=policy.fetch_backoff_seconds,
        )

    def key(self, source: str) -> str:
        return (self.youth_key if source == YOUTH else self.gov24_key).strip()


@dataclass
class CollectorService:
    conn: sqlite3.Connection
    settings: CollectorSettings
    raise_notification: Callable[..., tuple[Any, bool]]
    """reflee.notify's NotifyService.raise_."""
    eligible_now: Callable[[], set[str]] = field(default=lambda: set())
    """IDs of open policies that fit the profile today (from PolicyService.match)."""
    today: Callable[[], date] = field(default=local_today)
    sleep: Callable[[float], None] = field(default=time.sleep)
    page_sizes: dict[str, int] = field(default_factory=dict)

    def fetch(
        self,
        source: str = "all",
        *,
        since: date | None = None,
        full: bool = False,
        dry_run: bool = False,
        files: Sequence[str | Path | tuple[str, bytes]] | None = None,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> FetchResult:
        """Fetch ``source`` (youth, gov24 or all) from its API — or read ``files`` instead — and write what
        changed, one source at a time. A source that fails leaves its policies as they were; the others are
        still written, and ``error`` holds the first failure."""
        if source not in (*SOURCES, "all"):
            raise UsageError(_("must be youth, gov24 or all"), field="source")
        if since is not None and since > self.today():
            raise UsageError(_("{day} is in the future").format(day=since.isoformat()), field="since")
        if full and since is not None:
            raise UsageError(_("give either a full read or a day to read changes since, not both"), field="full")
        if not dry_run:
            with db.transaction(self.conn):
                collect_store.mark_interrupted(self.conn, utc_now())
        if files:
            return self._from_files(files, dry_run, cancel)
        wanted = list(SOURCES) if source == "all" else [source]
        keyed = [s for s in wanted if self.settings.key(s)]
        if not keyed:
            raise missing_key(wanted)
        result = FetchResult([], dry_run, [s for s in wanted if s not in keyed])
        from reflee.policy.fetch import Fetcher  # httpx: only when fetching

        counter = _PageCounter(progress)
        for src in keyed:
            mode, since_day = self._mode(src, since, full)
            run = self._start(src, mode, since_day, dry_run)
            fetcher = Fetcher(
                self.settings.timeout, self.settings.retries, self.settings.backoff, self.settings.concurrency,
                self.sleep, cancel,
            )  # fmt: skip
            try:
                t0 = time.perf_counter()
                with fetcher:
                    batch = self._read(src, fetcher, since_day, counter.on_page)
                run.read_ms = int((time.perf_counter() - t0) * 1000)
                self._write(batch, run, dry_run, cancel)
            except RefleeError as exc:
                run.pages = fetcher.pages_read
                self._failed(run, exc, dry_run)
                result.error = result.error or exc
                if exc.exit_code == 130:  # cancelled: stop here
                    result.runs.append(run)
                    raise
            result.runs.append(run)
        if not dry_run:
            result.notifications = self._notify(result.runs)
        return result

    # --- reading and writing one source ------------------------------------------------------------------------
    def _mode(self, source: str, since: date | None, full: bool) -> tuple[str, date | None]:
        if source == YOUTH:
            return "full", None  # no "changed since" filter: read whole, compare
        if full:
            return "full", None
        if since is not None:
            return "incremental", since
        last_full = collect_store.last_ok(self.conn, source, "full")
        last = collect_store.last_ok(self.conn, source)
        if last_full and last and _day(last_full) >= self.today() - timedelta(days=FULL_EVERY_DAYS):
            return "incremental", _day(last) - timedelta(days=1)
        return "full", None

    def _read(self, source: str, fetcher: Any, since: date | None, on_page: Callable[[str, int], None]) -> Any:
        from reflee.policy import collect_read as r

        if source == YOUTH:
            ep = r.Endpoint(
                self.settings.youth_url, self.settings.key(YOUTH), self.page_sizes.get(YOUTH, r.YOUTH_PAGE_SIZE)
            )
            batch = r.read_youth_source(self.conn, fetcher, ep, on_page)
        else:
            ep = r.Endpoint(
                self.settings.gov24_url, self.settings.key(GOV24), self.page_sizes.get(GOV24, r.GOV24_PAGE_SIZE)
            )
            batch = r.read_gov24_source(self.conn, fetcher, ep, since, on_page)
        return batch

    def _write(self, batch: Any, run: SourceRun, dry_run: bool, cancel: CancelToken | None) -> None:
        from reflee.policy import collect_write

        run.pages, run.read = batch.pages, batch.read
        run.download_ms = int(batch.download_s * 1000)
        run.unreadable = len(batch.report.errors)
        run.problems = [*batch.report.errors, *batch.report.warnings]
        t0 = time.perf_counter()
        collect_write.apply(self.conn, batch, run, dry_run=dry_run, cancel=cancel)
        run.write_ms = int((time.perf_counter() - t0) * 1000)

    def _start(self, source: str, mode: str, since: date | None, dry_run: bool) -> SourceRun:
        now = utc_now()
        run = SourceRun(source, mode, since.isoformat() if since else None, id=ids.new_id(), started_at=now)
        if not dry_run:
            with db.transaction(self.conn):
                collect_store.start_run(
                    self.conn,
                    {
                        "id": run.id, "source": source, "mode": mode, "since": run.since, "status": "running",
                        "pid": os.getpid(), "started_at": now, "created_at": now, "updated_at": now,
                    },
                )  # fmt: skip
        return run

    def _failed(self, run: SourceRun, exc: RefleeError, dry_run: bool) -> None:
        from reflee.policy import collect_write

        run.status = "failed" if exc.exit_code != 130 else "interrupted"
        run.error_code = exc.exit_code.name.lower()
        run.error = exc.describe()
        run.changes, run.new, run.changed, run.unchanged, run.removed, run.reported = [], 0, 0, 0, 0, 0
        if not dry_run:
            with db.transaction(self.conn):
                collect_write.finish(self.conn, run)

    def _from_files(
        self, files: Sequence[str | Path | tuple[str, bytes]], dry_run: bool, cancel: CancelToken | None
    ) -> FetchResult:
        from reflee.policy import collect_read

        loaded = [_read_file(f) for f in files]
        result = FetchResult([], dry_run)
        for batch in collect_read.from_files(self.conn, loaded):
            run = self._start(batch.source, "file", None, dry_run)
            self._write(batch, run, dry_run, cancel)
            result.runs.append(run)
        if not dry_run:
            result.notifications = self._notify(result.runs)
        return result

    # --- notifications -----------------------------------------------------------------------------------------
    def _notify(self, runs: list[SourceRun]) -> int:
        """Favourites whose deadline changed or that left their source; new policies that fit the profile (not
        on a source's first fetch, when every policy is new)."""
        favourites = {row[0] for row in fav_store.live(self.conn)}
        raised = 0
        fresh: dict[str, Any] = {}
        for run in runs:
            if run.status != "ok":
                continue
            first = run.new == run.read - run.unreadable and run.changed == run.unchanged == 0
            for c in run.changes:
                if c.policy_id in favourites and c.kind == "changed" and c.field in DEADLINE_FIELDS:
                    raised += self._raise(
                        "policy.deadline_changed",
                        _("Deadline changed: {title}").format(title=c.title),
                        _("{old} → {new}").format(old=c.old or "?", new=c.new or "?"),
                        c.policy_id,
                        f"policy.deadline_changed:{c.policy_id}:{c.new}",
                    )
                elif c.policy_id in favourites and c.kind == "removed":
                    raised += self._raise(
                        "policy.removed",
                        _("A favourite policy is no longer offered: {title}").format(title=c.title),
                        _("It disappeared from {source} on {day}.").format(source=c.source, day=c.at[:10]),
                        c.policy_id,
                        f"policy.removed:{c.policy_id}:{c.at[:10]}",
                    )
                elif c.kind in ("new", "restored") and not first:
                    fresh[c.policy_id] = c
        if fresh:
            for pid in sorted(self.eligible_now() & set(fresh)):
                c = fresh[pid]
                raised += self._raise(
                    "policy.new_match",
                    _("New policy for you: {title}").format(title=c.title),
                    _("It fits your profile; see 'reflee policy show {ident}'.").format(ident=c.source_id),
                    pid,
                    f"policy.new_match:{pid}",
                )
        return raised

    def _raise(self, kind: str, title: str, body: str, pid: str, key: str) -> int:
        _n, new = self.raise_notification(kind, title, body, link_type="policy", link_id=pid, dedup_key=key)
        return 1 if new else 0

    # --- reading the logs --------------------------------------------------------------------------------------
    def changes(self, *, since: date | None = None, source: str | None = None, limit: int | None = None) -> ChangeList:
        """The change log, newest first: what the fetches found new, removed and changed (a read)."""
        if limit is not None and limit < 1:
            raise UsageError(_("must be at least 1"), field="limit")
        if source is not None and source not in SOURCES:
            raise UsageError(_("must be youth or gov24"), field="source")
        start = _start_of(since) if since else None
        items = collect_store.changes(self.conn, since=start, source=source, limit=limit)
        return ChangeList(items, since.isoformat() if since else None)

    def fetch_log(self, *, source: str | None = None, limit: int | None = 20) -> CollectLog:
        """Each fetch run, newest first (a read: runs whose process died show as interrupted)."""
        if limit is not None and limit < 1:
            raise UsageError(_("must be at least 1"), field="limit")
        if source is not None and source not in SOURCES:
            raise UsageError(_("must be youth or gov24"), field="source")
        runs = [SourceRun.from_row(r) for r in collect_store.runs(self.conn, source=source, limit=limit)]
        for run in runs:
            if run.status == "running" and not _running(self.conn, run.id):
                run.status = "interrupted"
        return CollectLog(runs)


class _PageCounter:
    """Adds up pages across endpoints for one progress callback."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.known: dict[str, int] = {}
        self.done = 0

    def on_page(self, endpoint: str, total: int) -> None:
        if endpoint in self.known:
            self.done += 1
        else:
            self.known[endpoint] = total
            self.done += 1
        if self.progress:
            self.progress(self.done, sum(self.known.values()))


def _running(conn: sqlite3.Connection, run_id: str) -> bool:
    row = conn.execute("SELECT pid FROM policy_collect WHERE id = ?", (run_id,)).fetchone()
    return bool(row) and collect_store.alive(row[0])


def _day(iso_utc: str) -> date:
    return datetime.fromisoformat(iso_utc.replace("Z", "+00:00")).astimezone().date()


def _start_of(day: date) -> str:
    """The stored (UTC) timestamp at which ``day`` begins where the user is."""
    moment = datetime.combine(day, datetime.min.time()).astimezone()
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _read_file(source: str | Path | tuple[str, bytes]) -> tuple[str, bytes]:
    if isinstance(source, tuple):
        return source
    try:
        return str(source), Path(source).expanduser().read_bytes()
    except FileNotFoundError:
        raise NotFoundError(_("{name}: no such file").format(name=source), field="from_file") from None
    except OSError as exc:
        raise UsageError(
            _("{name}: cannot read: {error}").format(name=source, error=exc.strerror), field="from_file"
        ) from None
