"""The composition root: a typed session that every front end opens to reach the services.

    with reflee.services.open(home) as s:       # a CLI command, a TUI worker, a cron step
        s.retro.add("오늘 한 일…", purpose="주간 회고")
        s.ledger.list(month="2026-11")

A session owns one SQLite connection and builds each service once, on first use. SQLite connections belong
to the thread that opened them, so a session belongs to the first thread that uses one of its services: a TUI
worker or a cron step opens its own (or is handed ``fork()`` of the front end's session, which shares paths and
settings and opens a fresh connection on first use). Using a session from another thread then raises a clear
error instead of SQLite's ProgrammingError.

Nothing here runs at import time and every domain module is imported on first use, so opening a session costs
nothing until a service is asked for.
"""

from __future__ import annotations

import sqlite3
from _thread import get_ident  # what threading.get_ident is, without importing threading
from functools import cached_property
from pathlib import Path
from types import TracebackType

from reflee.config import Settings, load_settings
from reflee.paths import Paths, resolve_paths

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2 ms of a start-up)
if TYPE_CHECKING:
    from reflee.chat.service import ChatService
    from reflee.configservice import ConfigService
    from reflee.cron.service import CronService
    from reflee.feedback.runner import Processor
    from reflee.feedback.service import FeedbackService
    from reflee.index.service import IndexService
    from reflee.ledger.budget import BudgetService
    from reflee.ledger.report import ReportService
    from reflee.ledger.service import LedgerService
    from reflee.llm.cache import ResponseCache
    from reflee.llm.client import LLMClient
    from reflee.llm.records import CallLogService
    from reflee.llm.service import ModelService
    from reflee.llm.types import LLMSettings
    from reflee.notify.service import NotifyService
    from reflee.overview.service import OverviewService
    from reflee.policy.collector import CollectorService
    from reflee.policy.service import PolicyService
    from reflee.profile.service import ProfileService
    from reflee.report.service import ReportService as GrowthReportService
    from reflee.retro.service import OnSaved, RetroService
    from reflee.storage.service import DatabaseService
    from reflee.sync.auth import AuthService
    from reflee.sync.service import SyncService


class WrongThreadError(RuntimeError):
    """A session was used from a thread other than the one that opened it (a programming error)."""


class Services:
    """One session: paths, settings, one connection, and each domain's service built once."""

    def __init__(self, paths: Paths, settings: Settings | None = None, *, debug: bool = False) -> None:
        self.paths = paths
        self.debug = debug
        self._settings = settings
        self._conn: sqlite3.Connection | None = None
        self._thread: int | None = None
        """The thread that first used a service; the session belongs to it from then on."""
        self._closed = False
        self._chat_clients: dict[str, LLMClient] = {}
        """Model clients for chat, one per model name (see chat_llm)."""

    # -- the session itself --------------------------------------------------------------------
    @property
    def settings(self) -> Settings:
        """Loaded on first use, so `config path` works even when the file is broken."""
        if self._settings is None:
            self._settings = load_settings(self.paths.config_file)
        return self._settings

    def reload_settings(self) -> Settings:
        """Read config.toml again (after `config set`); services built from the old values are rebuilt."""
        self._settings = None
        self._chat_clients = {}
        for name in _SETTINGS_DEPENDENT:
            self.__dict__.pop(name, None)
        return self.settings

    @property
    def conn(self) -> sqlite3.Connection:
        """The session's connection, opened (and migrated) on first use. For services and tests: front
        ends never touch it (an import contract keeps them away from the stores that would)."""
        self._check_thread()
        if self._conn is None:
            if self._closed:
                raise RuntimeError("this session is closed")
            from reflee import db

            self._conn = db.connect(self.paths.db_file)
        return self._conn

    def _check_thread(self) -> None:
        current = get_ident()
        if self._thread is None:
            self._thread = current
        elif current != self._thread:
            raise WrongThreadError(
                "a reflee session belongs to the thread that opened it; open one per thread "
                "(reflee.services.open(...) or session.fork())"
            )

    def fork(self) -> Services:
        """A new session for another thread: same paths and settings, its own connection."""
        return Services(self.paths, self._settings, debug=self.debug)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        self._closed = True

    def __enter__(self) -> Services:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @cached_property
    def config(self) -> ConfigService:
        """Read and change config.toml; a change reloads this session's settings."""
        from reflee.configservice import ConfigService

        return ConfigService(self.paths.config_file, lambda: self.settings, self.reload_settings)

    # -- retrospects and their feedback ---------------------------------------------------------
    @cached_property
    def retro(self) -> RetroService:
        from reflee.retro.service import RetroService

        hooks = _compose(self._feedback_outbox(), self._embed_outbox())
        return RetroService(self.conn, on_saved=hooks, week_start=self.settings.week_start)

    def _feedback_outbox(self) -> OnSaved | None:
        """The outbox hook: queue feedback in the same transaction as the retrospect, unless feedback is off."""
        if self.settings.feedback.mode == "off":
            return None
        attempts = self.settings.feedback.max_attempts

        def outbox(conn: sqlite3.Connection, retro_id: str, version: int) -> str | None:
            from reflee.feedback.service import enqueue  # loaded only when something is written

            return enqueue(conn, retro_id, version, max_attempts=attempts)

        return outbox

    def _embed_outbox(self) -> OnSaved | None:
        """The outbox hook for the embeddings index: queue an embedding job with the entry, unless it is off."""
        model = self.settings.chat.embed_model
        if not model:
            return None
        attempts = self.settings.feedback.max_attempts

        def outbox(conn: sqlite3.Connection, retro_id: str, version: int) -> str | None:
            from reflee.index.queue import enqueue

            return enqueue(conn, retro_id, version, model, max_attempts=attempts)

        return outbox

    @cached_property
    def llm_settings(self) -> LLMSettings:
        from reflee.llm.types import LLMSettings

        return LLMSettings.from_settings(self.settings)

    @property
    def prompts_dir(self) -> Path:
        return self.paths.config_dir / "prompts"

    def response_cache(self) -> ResponseCache:
        from reflee.llm.cache import ResponseCache

        return ResponseCache(self.paths.cache_dir / "llm", self.settings.cache.ttl_days)

    @cached_property
    def feedback(self) -> FeedbackService:
        from reflee.feedback.service import FeedbackService

        return FeedbackService(
            self.conn, max_attempts=self.settings.feedback.max_attempts, processor=self.feedback_processor
        )

    def feedback_processor(self) -> Processor:
        from reflee.feedback.runner import Processor

        self.conn  # noqa: B018 - make sure the schema exists before workers open their own connections
        fb = self.settings.feedback
        return Processor(
            db_path=self.paths.db_file,
            llm_settings=self.llm_settings,
            cache_dir=self.paths.cache_dir / "llm",
            cache_ttl_days=self.settings.cache.ttl_days,
            prompts_dir=self.prompts_dir,
            lease_seconds=fb.lease_seconds,
            backoff_seconds=fb.backoff_seconds,
            max_attempts=fb.max_attempts,
            max_age_seconds=fb.max_age_days * 86400,
        )

    @cached_property
    def models(self) -> ModelService:
        from reflee.llm.service import ModelService

        return ModelService(self.llm_settings, failed_jobs=lambda: self.feedback.status().counts["failed"])

    @cached_property
    def llm_log(self) -> CallLogService:
        """The record of model calls and the answer cache."""
        from reflee.llm.records import CallLogService

        return CallLogService(lambda: self.conn, self.response_cache)

    # -- the database file itself ---------------------------------------------------------------
    @cached_property
    def database(self) -> DatabaseService:
        from reflee.storage.service import DatabaseService

        return DatabaseService(self.paths.db_file, lambda: self.conn)

    # -- notifications, ledger, profile, policies -----------------------------------------------
    @cached_property
    def notify(self) -> NotifyService:
        from reflee.notify.service import NotifyService

        return NotifyService(self.conn)

    @cached_property
    def ledger(self) -> LedgerService:
        from reflee.ledger.service import LedgerService

        return LedgerService(self.conn, default_currency=self.settings.ledger.currency)

    @cached_property
    def budget(self) -> BudgetService:
        from reflee.ledger.budget import BudgetService

        return BudgetService(self.conn, default_currency=self.settings.ledger.currency)

    @cached_property
    def reports(self) -> ReportService:
        """Ledger reports and recurring charges, in ledger.currency unless asked for another."""
        from reflee.ledger.report import ReportService

        return ReportService(self.conn, default_currency=self.settings.ledger.currency)

    @cached_property
    def profile(self) -> ProfileService:
        from reflee.profile.service import ProfileService

        return ProfileService(self.conn, income_by_month=self.reports.income_by_month)  # not the whole ledger

    @cached_property
    def policy(self) -> PolicyService:
        from reflee.policy.service import PolicyService

        return PolicyService(
            self.conn,
            profile_of=self.profile.get,
            raise_notification=self.notify.raise_,
            remind_days=self.settings.policy.remind_days,
        )

    # -- across domains -------------------------------------------------------------------------
    @cached_property
    def overview(self) -> OverviewService:
        """The day at a glance (the TUI's dashboard): reads through the other services, writes nothing."""
        from reflee.overview.service import OverviewService

        return OverviewService(
            retro=lambda: self.retro,
            feedback=lambda: self.feedback,
            budget=lambda: self.budget,
            reports=lambda: self.reports,
            policy=lambda: self.policy,
            notify=lambda: self.notify,
            currency=self.settings.ledger.currency,
        )

    # -- growth reports and the unattended runner ----------------------------------------------
    @cached_property
    def growth(self) -> GrowthReportService:
        """Weekly and monthly growth reports, made from the other services' data (reflee.report)."""
        from reflee.report.service import ReportService as GrowthReportService
        from reflee.report.sources import Sources

        settings = self.settings
        sources = Sources(
            retros=lambda lo, hi: self.retro.list(since=lo, until=hi),
            day_counts=lambda since, until: self.retro.day_counts(since, until),
            streak=lambda until: self.retro.streak(until),
            feedback=lambda retro_ids: self.feedback.latest(retro_ids),
            money=lambda lo, hi: self.reports.report(start=lo, end=hi),
            recurring=lambda: self.reports.recurring(months=12, min_months=2),
            budget=lambda month: self.budget.show(month),
            matches=lambda: self.policy.match().results,
            favorites=lambda: self.policy.fav_list().items,
            remind_days=settings.policy.remind_days,
            policy_changes=lambda lo, hi: [
                c for c in self.collector.changes(since=lo).items if c.at[:10] <= hi.isoformat()
            ],
        )
        return GrowthReportService(
            self.conn,
            self.paths.data_dir / "reports",
            sources,
            week_start=settings.week_start,
            llm_client=self._report_llm,
            narrative=settings.report.narrative,
            narrative_timeout=settings.report.narrative_timeout,
        )

    def _report_llm(self) -> object:
        """The model client for report narratives: the answer cache and the call log, like feedback's."""
        from dataclasses import replace

        from reflee.llm.client import LLMClient

        timeout = self.settings.report.narrative_timeout
        llm = replace(self.llm_settings, read_timeout=min(self.llm_settings.read_timeout, timeout))
        return LLMClient(llm, cache=self.response_cache(), log_conn=self.conn)

    @cached_property
    def cron(self) -> CronService:
        """`cron run`: what is due (feedback queue, reports, reminders), under a lock, with a log."""
        from reflee.cron.service import CronService

        return CronService(self)

    @cached_property
    def collector(self) -> CollectorService:
        """Keeps policies current from the live APIs (`policy fetch`), with a change log and a run log."""
        from reflee.policy.collector import CollectorService, CollectorSettings

        policy = self.policy

        def eligible_now() -> set[str]:
            return {r.policy.id for r in policy.match().results if r.eligibility == "eligible"}

        return CollectorService(
            self.conn,
            CollectorSettings.from_settings(self.settings.policy),
            raise_notification=self.notify.raise_,
            eligible_now=eligible_now,
        )

    # -- the account on the shared server, and pushing to it ------------------------------------------
    @cached_property
    def auth(self) -> AuthService:
        from reflee.sync.auth import AuthService
        from reflee.sync.tokens import TokenStore

        def remember_server(url: str) -> None:
            self.config.set("sync.server", url)

        return AuthService(
            self.settings.sync, TokenStore(self.paths.data_dir, str(self.paths.db_file)), remember_server
        )

    @cached_property
    def sync(self) -> SyncService:
        """Push local changes (also called by an unattended cron step: ``sync.push(auto=True)``)."""
        from reflee.sync.service import SyncService

        return SyncService(self.conn, self.settings.sync, self.auth)

    # -- chat and the embeddings index ----------------------------------------------------------
    def chat_llm(self, model: str | None = None) -> LLMClient:
        """A model client for chat (``model``, else chat.model, else llm.model), its calls in the call log."""
        from dataclasses import replace

        from reflee.llm.client import LLMClient

        name = model or self.settings.chat.model or self.llm_settings.model
        if name not in self._chat_clients:  # one per model: an HTTP client costs ~100 ms to build (TLS context)
            self._chat_clients[name] = LLMClient(
                replace(self.llm_settings, model=name), cache=self.response_cache(), log_conn=self.conn
            )
        return self._chat_clients[name]

    @cached_property
    def index(self) -> IndexService:
        """Embeddings of retrospects: semantic and hybrid search, similar entries, the embedding queue."""
        from reflee.index.service import IndexService

        c = self.settings.chat
        return IndexService(
            self.conn,
            c.embed_model,
            llm=self.chat_llm,
            retro=lambda: self.retro,
            lease_seconds=c.embed_lease_seconds,
            backoff_seconds=self.settings.feedback.backoff_seconds,
            max_attempts=self.settings.feedback.max_attempts,
        )

    @cached_property
    def chat(self) -> ChatService:
        """Chat sessions and questions grounded in the user's records."""
        from reflee.chat.retrieval import Grounding
        from reflee.chat.service import ChatService

        grounding = Grounding(
            retro=lambda: self.retro,
            index=lambda: self.index,
            feedback=lambda: self.feedback,
            ledger=lambda: self.ledger,
            reports=lambda: self.reports,
            budget=lambda: self.budget,
            profile=lambda: self.profile,
            policy=lambda: self.policy,
            currency=self.settings.ledger.currency,
        )
        c = self.settings.chat
        return ChatService(
            self.conn,
            llm=self.chat_llm,
            grounding=grounding,
            default_model=c.model or self.llm_settings.model,
            num_ctx=self.llm_settings.num_ctx,
            max_records=c.max_records,
            summarize=c.summarize,
            week_start=self.settings.week_start,
        )

    def __getattribute__(self, name: str) -> object:
        # Every service is reached through an attribute; checking the thread here turns a cross-thread call
        # into a clear error before it reaches SQLite. Private names and the session's own plumbing skip it.
        if name in _SERVICES:
            object.__getattribute__(self, "_check_thread")()
        return object.__getattribute__(self, name)


_SERVICES = frozenset(
    {
        "retro", "feedback", "models", "llm_log", "database", "notify",
        "ledger", "budget", "reports", "profile", "policy", "config", "growth", "cron", "collector",
        "overview", "auth", "sync", "index", "chat",
    }
)  # fmt: skip
_SETTINGS_DEPENDENT = (
    "retro", "llm_settings", "feedback", "models", "llm_log", "policy", "ledger", "budget", "reports",
    "growth", "cron", "collector", "overview", "auth", "sync", "index", "chat",
)  # fmt: skip


def _compose(*hooks: OnSaved | None) -> OnSaved | None:
    """One outbox hook that calls each of ``hooks`` (None when there are none)."""
    present = [h for h in hooks if h is not None]
    if not present:
        return None
    if len(present) == 1:
        return present[0]

    def both(conn: sqlite3.Connection, retro_id: str, version: int) -> None:
        for hook in present:
            hook(conn, retro_id, version)

    return both


def open(  # noqa: A001 - reflee.services.open reads as what it does
    home: str | Path | None = None,
    *,
    paths: Paths | None = None,
    settings: Settings | None = None,
    debug: bool = False,
) -> Services:
    """Open a session on ``home`` (or ``paths``); the default home is --home / REFLEE_HOME / the platform's."""
    return Services(paths or resolve_paths(str(home) if home is not None else None), settings, debug=debug)
