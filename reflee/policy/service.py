"""Policy use cases: import, list, search, show, match, recommend, favourites and reminders.

Front ends call this; it validates input, owns transactions and returns plain dataclasses. The profile
is another domain: it arrives as a callable (ProfileService.get), handed in by the composition root.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from reflee import db
from reflee.dates import local_today
from reflee.errors import AmbiguousError, NotFoundError, UsageError
from reflee.policy import codes, store
from reflee.policy.favorites import Favorite, FavoriteService, Reminder
from reflee.policy.matching import MatchRun, MatchService
from reflee.policy.models import ApplyStatus, ImportReport, Policy
from reflee.policy.periods import status as apply_status
from reflee.policy.results import MatchResult

NOUN = "policy"
DEFAULT_RECOMMEND = 5


@dataclass
class Listed:
    policy: Policy
    apply: ApplyStatus
    score: float | None = None

    def to_json(self) -> dict[str, Any]:
        p = self.policy
        data = {
            "id": p.id,
            "short_id": p.short_id or p.id[:8],
            "source": p.source,
            "source_id": p.source_id,
            "title": p.title,
            "category": p.category,
            "org_name": p.org_name,
            "region_scope": p.region_scope,
            "apply": {**self.apply.to_json(), "kind": p.apply_kind, "text": p.apply_text},
            "detail_url": p.detail_url,
        }
        if self.score is not None:
            data["score"] = round(self.score, 3)
        return data


@dataclass
class PolicyService:
    conn: sqlite3.Connection
    profile_of: Callable[[date], Any]
    raise_notification: Callable[..., tuple[Any, bool]]
    remind_days: int = 7
    today: Callable[[], date] = field(default=local_today)

    def __post_init__(self) -> None:
        self.matches = MatchService(self.conn, self.profile_of, self.today)
        self.favorites = FavoriteService(self.conn, self.resolve, self.raise_notification, self.remind_days, self.today)

    # --- importing ---------------------------------------------------------------------------------------------
    def import_files(
        self, files: list[tuple[str, bytes]], progress: Callable[[int, int], None] | None = None
    ) -> ImportReport:
        """Import policy files; ``progress(done, total)`` is called as records are written."""
        from reflee.policy import importer  # the parsers: only needed when importing

        if not files:
            raise UsageError("FILE: give one or more policy files")
        return importer.import_files(self.conn, files, progress)

    # --- reading -----------------------------------------------------------------------------------------------
    def resolve(self, ref: str) -> str:
        """A policy by its source ID (plcyNo, 서비스ID), 'source:source_id', or any unambiguous ID prefix."""
        ref = ref.strip()
        if not ref:
            raise UsageError("ID: empty policy ID")
        found = store.by_source_id(self.conn, ref)
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise AmbiguousError(f"policy {ref!r} exists in several sources; write it as SOURCE:{ref}")
        if re.fullmatch(r"[0-9a-fA-F-]+", ref):
            return db.resolve_id(self.conn, store.TABLE, ref, NOUN)
        raise NotFoundError(f"no policy with ID {ref!r} (use the ID from 'reflee policy list', a plcyNo or a 서비스ID)")

    def get(self, ref: str) -> Policy:
        pid = self.resolve(ref)
        policy = store.get(self.conn, pid)
        assert policy is not None
        policy.short_id = store.short_ids(self.conn, [pid])[pid]
        return policy

    def show(self, ref: str, on: date | None = None) -> tuple[Policy, ApplyStatus, MatchResult | None]:
        on = on or self.today()
        policy = self.get(ref)
        match = self.matches.for_policy(policy.id, on)
        return policy, apply_status(policy.apply_kind, policy.apply_windows, on), match

    def list(
        self,
        *,
        category: str | None = None,
        open_only: bool = False,
        source: str | None = None,
        limit: int | None = None,
        on: date | None = None,
    ) -> list[Listed]:
        on = on or self.today()
        if limit is not None and limit < 1:
            raise UsageError("--limit: must be at least 1")
        wanted = codes.category(category) if category else None
        rows = store.select(self.conn, category=wanted, ends_from=on.isoformat() if open_only else None, source=source)
        out = []
        for p in rows:
            st = apply_status(p.apply_kind, p.apply_windows, on)
            if open_only and st.state != "open":
                continue
            out.append(Listed(p, st))
            if limit and len(out) >= limit:
                break
        self._shorten([x.policy for x in out])
        return out

    def categories(self) -> list[tuple[str, int]]:
        return store.categories(self.conn)

    def search(self, query: str, *, limit: int = 20, on: date | None = None) -> list[Listed]:
        on = on or self.today()
        from reflee.policy import search

        hits = search.search(self.conn, query, limit=limit)
        self._shorten([p for p, _ in hits])
        return [Listed(p, apply_status(p.apply_kind, p.apply_windows, on), score) for p, score in hits]

    def _shorten(self, policies: list[Policy]) -> None:
        if policies:
            shorts = store.short_ids(self.conn, [p.id for p in policies])
            for p in policies:
                p.short_id = shorts.get(p.id, "")

    def count(self) -> int:
        return store.count(self.conn)

    # --- matching ----------------------------------------------------------------------------------------------
    def match(self, *, include_all: bool = False, on: date | None = None, limit: int | None = None) -> MatchRun:
        """Policies that fit the profile, best first; closed and ineligible ones only with ``include_all``.
        Also raises the favourites' deadline reminders."""
        run = self.matches.run(on, include_ineligible=include_all, include_closed=include_all, limit=limit)
        self.favorites.remind()
        return run

    def recommend(self, n: int = DEFAULT_RECOMMEND, on: date | None = None) -> MatchRun:
        if n < 1:
            raise UsageError("-n: must be at least 1")
        return self.match(on=on, limit=n)

    # --- favourites --------------------------------------------------------------------------------------------
    def fav_add(self, ref: str, note: str | None = None) -> Favorite:
        return self.favorites.add(ref, note)

    def fav_remove(self, ref: str) -> Favorite:
        return self.favorites.remove(ref)

    def fav_list(self) -> list[Favorite]:
        """Favourites, soonest deadline first; raises the reminders due."""
        self.favorites.remind()
        return self.favorites.list()

    def remind(self, days: int | None = None) -> list[Reminder]:
        return self.favorites.remind(days)
