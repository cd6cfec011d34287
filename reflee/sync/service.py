"""Sync use cases: what is waiting and what would leave the machine, push, and the push log.

``SyncService.push`` is also what an unattended step (``reflee cron run`` with sync.auto on) calls:
``session.sync.push(auto=True)`` does nothing when sync.auto is off or nobody is logged in.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable

from reflee.cancel import CancelToken
from reflee.config import SyncSettings
from reflee.dates import utc_now
from reflee.db import transaction
from reflee.errors import RefleeError, UsageError
from reflee.i18n import _
from reflee.ids import new_id
from reflee.sync import store
from reflee.sync.auth import AuthService
from reflee.sync.models import GROUPS, INCLUDABLE, PRIVATE, PushLogEntry, PushResult, SyncStatus

Progress = Callable[[int, int | None], None]


class SyncService:
    def __init__(self, conn: sqlite3.Connection, settings: SyncSettings, auth: AuthService) -> None:
        self.conn = conn
        self.settings = settings
        self.auth = auth

    # -- what is shared ------------------------------------------------------------------------------------
    def include(self) -> list[str]:
        """sync.include as a checked list (retros, feedback, chat)."""
        items = [w.strip() for w in self.settings.include.replace(" ", ",").split(",") if w.strip()]
        for item in items:
            if item not in INCLUDABLE:
                raise UsageError(
                    _("{item!r} is not one of {choices}").format(item=item, choices=", ".join(INCLUDABLE)),
                    field="sync.include",
                )
        if "feedback" in items and "retros" not in items:
            raise UsageError(_("feedback travels with its retrospect: include retros too"), field="sync.include")
        return items

    def shared_groups(self) -> list[str]:
        include = self.include()
        return [g for g in GROUPS if g not in PRIVATE or g in include]

    def _selected(self, only: Iterable[str] | None) -> list[str]:
        if only is None:
            return list(GROUPS)
        chosen = [g.strip() for g in only if g.strip()]
        for g in chosen:
            if g not in GROUPS:
                raise UsageError(
                    _("{group!r} is not one of {choices}").format(group=g, choices=", ".join(GROUPS)), field="only"
                )
        return [g for g in GROUPS if g in chosen]

    # -- reading ----------------------------------------------------------------------------------------------
    def status(self) -> SyncStatus:
        counts = store.outbox_counts(self.conn)
        pending = {g: counts.get(k, 0) for g, k in GROUPS.items()}
        server = self.settings.server
        account = None
        where = None
        if server:
            try:
                acct = self.auth.status()
            except RefleeError:
                acct = None
            if acct is not None:
                account, where = acct.email, acct.token_store
        shared = self.shared_groups()
        last = store.pushes(self.conn, 1)
        return SyncStatus(
            server=server,
            account=account,
            token_store=where,
            include=self.include(),
            pending=pending,
            leaves=shared,
            held_back=[g for g in GROUPS if g not in shared],
            last_push=last[0] if last else None,
            auto=self.settings.auto,
        )

    def log(self, limit: int = 20) -> list[PushLogEntry]:
        if limit < 1:
            raise UsageError(_("must be at least 1"), field="limit")
        return store.pushes(self.conn, limit)

    # -- pushing ----------------------------------------------------------------------------------------------
    def push(
        self,
        *,
        only: Iterable[str] | None = None,
        dry_run: bool = False,
        prefer: str | None = None,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
        auto: bool = False,
    ) -> PushResult | None:
        """Send what changed since the last push. ``auto``: the unattended form for cron, None when sync.auto
        is off or nobody is logged in here (nothing to do is not an error there)."""
        if prefer not in (None, "local", "server"):
            raise UsageError(_("must be local or server"), field="prefer")
        if auto and (not self.settings.auto or not self.settings.server):
            return None
        server = self.auth.server()
        if auto and self.auth.tokens.load(server) is None:
            return None
        tokens = self.auth.require(server)
        account = f"{server}|{tokens.user_id or tokens.email}"
        selected = self._selected(only)
        shared = self.shared_groups()
        counts = store.outbox_counts(self.conn)
        result = PushResult(server=server, account=tokens.email, dry_run=dry_run)
        groups = [g for g in selected if g in shared]
        result.pending = {g: counts.get(GROUPS[g], 0) for g in groups}
        result.held_back = {g: counts.get(GROUPS[g], 0) for g in selected if g not in shared}
        if dry_run:
            if store.meta(self.conn, "account") not in (None, account):
                result.pending = {g: -1 for g in groups}  # unknown until the switch re-reads everything
            return result
        from reflee.sync.pusher import Pusher  # httpx: only when something is sent

        started = time.monotonic()
        with transaction(self.conn):
            pushed_to = store.meta(self.conn, "account")
            if pushed_to != account:
                if pushed_to is not None:
                    store.forget_server_state(self.conn)
                else:  # the first push: every record is new to the server (bulk imports wrote no outbox rows)
                    store.seed(self.conn)
                store.set_meta(self.conn, "account", account)
            result.push_id = new_id()
            store.start_push(self.conn, result.push_id, server, tokens.email, utc_now())
        counts = store.outbox_counts(self.conn)
        result.pending = {g: counts.get(GROUPS[g], 0) for g in groups}
        token = cancel or CancelToken()
        error: str | None = None
        try:
            with self.auth.client(server, tokens, token) as api:
                Pusher(
                    self.conn,
                    api,
                    result,
                    feedback="feedback" in self.include(),
                    batch_size=self.settings.batch_size,
                    concurrency=self.settings.concurrency,
                    prefer=prefer,
                    progress=progress,
                    cancel=token,
                    total=sum(result.pending.values()),
                ).run([GROUPS[g] for g in groups])
        except BaseException as exc:
            error = exc.message if isinstance(exc, RefleeError) else (str(exc) or type(exc).__name__)
            raise
        finally:
            result.seconds = time.monotonic() - started
            status = "failed" if error else ("ok" if result.complete else "partial")
            counts_now = {
                "sent": result.sent, "skipped": result.skipped, "conflicts": result.conflicts,
                "failed": result.failed,
            }  # fmt: skip
            with transaction(self.conn):
                store.finish_push(self.conn, result.push_id, utc_now(), status, counts_now, error)
        return result
