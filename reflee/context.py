"""The composition root: builds services from paths and settings. Both front ends call it.

Nothing here runs at import time; the database opens on first use.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from reflee.config import Settings, load_settings
from reflee.paths import Paths, resolve_paths


@dataclass
class AppContext:
    paths: Paths
    debug: bool = False
    _settings: Settings | None = field(default=None, repr=False)
    _conn: sqlite3.Connection | None = field(default=None, repr=False)

    @classmethod
    def create(cls, home: str | None = None, *, debug: bool = False) -> AppContext:
        return cls(paths=resolve_paths(home), debug=debug)

    @property
    def settings(self) -> Settings:
        """Loaded on first use, so `config path` works even when the file is broken."""
        if self._settings is None:
            self._settings = load_settings(self.paths.config_file)
        return self._settings

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            from reflee import db

            self._conn = db.connect(self.paths.db_file)
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    @property
    def retro(self):  # -> RetroService
        from reflee.retro.service import RetroService

        return RetroService(self.conn, on_saved=self._feedback_outbox())

    # -- feedback and the model ----------------------------------------------------------
    def _feedback_outbox(self):
        """The outbox hook: queue feedback in the same transaction as the retrospect, unless feedback is off."""
        if self.settings["feedback.mode"] == "off":
            return None
        attempts = self.settings["feedback.max_attempts"]

        def outbox(conn, retro_id: str, version: int):
            from reflee.feedback.service import enqueue  # loaded only when something is written

            return enqueue(conn, retro_id, version, max_attempts=attempts)

        return outbox

    @property
    def llm_settings(self):  # -> LLMSettings
        from reflee.llm.types import LLMSettings

        return LLMSettings.from_settings(self.settings)

    @property
    def prompts_dir(self):
        return self.paths.config_dir / "prompts"

    def response_cache(self):  # -> ResponseCache
        from reflee.llm.cache import ResponseCache

        return ResponseCache(self.paths.cache_dir / "llm", self.settings["cache.ttl_days"])

    def llm_client(self):  # -> LLMClient
        from reflee.llm.client import LLMClient

        return LLMClient(self.llm_settings, cache=self.response_cache(), log_conn=self.conn)

    @property
    def feedback(self):  # -> FeedbackService
        from reflee.feedback.service import FeedbackService

        return FeedbackService(self.conn, max_attempts=self.settings["feedback.max_attempts"])

    def feedback_processor(self):  # -> Processor
        from reflee.feedback.runner import Processor

        self.conn  # noqa: B018 - make sure the schema exists before workers open their own connections
        return Processor(
            db_path=self.paths.db_file,
            llm_settings=self.llm_settings,
            cache_dir=self.paths.cache_dir / "llm",
            cache_ttl_days=self.settings["cache.ttl_days"],
            prompts_dir=self.prompts_dir,
            lease_seconds=self.settings["feedback.lease_seconds"],
            backoff_seconds=self.settings["feedback.backoff_seconds"],
            max_attempts=self.settings["feedback.max_attempts"],
        )

    @property
    def notify(self):  # -> NotifyService
        from reflee.notify.service import NotifyService

        return NotifyService(self.conn)

    @property
    def ledger(self):  # -> LedgerService
        from reflee.ledger.service import LedgerService

        return LedgerService(self.conn)

    # -- profile and policies ------------------------------------------------------------
    def _income_by_month(self):
        """The ledger's monthly income for profile inference, or None while reflee has no ledger."""
        try:
            import reflee.ledger.service  # noqa: F401
        except ImportError:
            return None
        if not hasattr(type(self), "ledger"):
            return None
        return lambda first, last, currency="KRW": self.ledger.income_by_month(first, last, currency)

    @property
    def profile(self):  # -> ProfileService
        from reflee.profile.service import ProfileService

        return ProfileService(self.conn, income_by_month=self._income_by_month())

    @property
    def policy(self):  # -> PolicyService
        from reflee.policy.service import PolicyService

        return PolicyService(
            self.conn,
            profile_of=self.profile.get,
            raise_notification=self.notify.raise_,
            remind_days=self.settings["policy.remind_days"],
        )
