"""Policy use cases: import, list, search, show, match, recommend, favourites and reminders.

Front ends call this; it validates input, owns transactions and returns plain dataclasses. The profile
is another domain: it arrives as a callable (ProfileService.get), handed in by the composition root.

Reading (list, search, show, match, recommend, fav_list) never changes the user's data: the only thing a
read may write is the stored match, a cache of results. Deadline reminders are raised by ``remind`` alone.
"""

from __future__ import annotations

import builtins
import re
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from reflee import db
from reflee.cancel import CancelToken
from reflee.dates import local_today
from reflee.errors import AmbiguousError, NotFoundError, UsageError
from reflee.i18n import _
from reflee.ids import natural_sid
from reflee.policy import codes, store
from reflee.policy.favorites import Favorite, FavoriteService, Reminder
from reflee.policy.matching import MatchRun, MatchService, Progress
from reflee.policy.models import ApplyStatus, ImportReport, Policy
from reflee.policy.periods import status as apply_status
from reflee.policy.results import PolicyDetail

ImportSource = str | Path | tuple[str, bytes]
"""A file to import: a path, or (name, content) for data that is not a file (stdin)."""

NOUN = "policy"
DEFAULT_RECOMMEND = 5


@dataclass
class Listed:
    policy: Policy
    apply: ApplyStatus
    score: float | None = None

    def to_json(self) -> dict[str, Any]:
        p = self.policy
        data: dict[str, Any] = {
            "id": p.id,
            "short_id": p.short_id or natural_sid(p.id),
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
class PolicyList:
    """``list``'s answer: the policies, and (when there are none) what is stored, to say why."""

    items: builtins.list[Listed]
    stored: int = 0
    """How many policies are stored at all (counted only when ``items`` is empty)."""
    categories: builtins.list[tuple[str, int]] = field(default_factory=list)
    """Each stored 분야 with its count (only when ``items`` is empty)."""

    def to_json(self) -> builtins.list[dict[str, Any]]:
        return [x.to_json() for x in self.items]


@dataclass
class SearchResult:
    query: str
    items: builtins.list[Listed]

    def to_json(self) -> builtins.list[dict[str, Any]]:
        return [x.to_json() for x in self.items]


@dataclass
class FavoriteList:
    items: builtins.list[Favorite]

    def to_json(self) -> builtins.list[dict[str, Any]]:
        return [f.to_json() for f in self.items]


@dataclass
class ReminderList:
    items: builtins.list[Reminder]

    @property
    def new(self) -> builtins.list[Reminder]:
        return [r for r in self.items if r.new]

    def to_json(self) -> builtins.list[dict[str, Any]]:
        return [r.to_json() for r in self.items]


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
    def import_(
        self,
        files: Sequence[ImportSource],
        progress: Callable[[int, int], None] | None = None,
        cancel: CancelToken | None = None,
        reading: Callable[[int, int], None] | None = None,
    ) -> ImportReport:
        """Import policy files (paths, or (name, content) pairs). Every file is read and checked before
        anything is written, then all records are written in one transaction: ``reading(done, total)`` is
        called as records are read and checked, ``progress(done, total)`` as they are written, and ``cancel``
        is checked between records (a cancelled import writes nothing)."""
        from reflee.policy import importer  # the parsers: only needed when importing

        if not files:
            raise UsageError(_("give one or more policy files"), field="file")
        return importer.import_files(self.conn, [_read(f) for f in files], progress, cancel, reading)

    def import_files(
        self, files: builtins.list[tuple[str, bytes]], progress: Callable[[int, int], None] | None = None
    ) -> ImportReport:
        """``import_`` for (name, content) pairs (kept for existing callers)."""
        return self.import_(files, progress)

    # --- reading -----------------------------------------------------------------------------------------------
    def resolve(self, ref: str) -> str:
        """A policy by its source ID (plcyNo, 서비스ID), 'source:source_id', or any unambiguous ID prefix."""
        ref = ref.strip()
        if not ref:
            raise UsageError(_("empty policy ID"), field="ident")
        found = store.by_source_id(self.conn, ref)
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise AmbiguousError(
                _("policy {ref!r} exists in several sources; write it as SOURCE:{ref}").format(ref=ref)
            )
        if re.fullmatch(r"[0-9a-fA-F-]+", ref):
            return db.resolve_id(self.conn, store.TABLE, ref, NOUN)
        raise NotFoundError(
            _("no policy with ID {ref!r} (use the ID from 'reflee policy list', a plcyNo or a 서비스ID)").format(
                ref=ref
            )
        )

    def get(self, ref: str) -> Policy:
        pid = self.resolve(ref)
        policy = store.get(self.conn, pid)
        assert policy is not None
        policy.short_id = store.short_ids(self.conn, [pid])[pid]
        return policy

    def show(self, ref: str, on: date | None = None) -> PolicyDetail:
        """One policy in full, where its application stands on ``on`` and how it matches the profile, with each
        condition in words."""
        from reflee.policy.match import describe
        from reflee.policy.models import dimension_label

        on = on or self.today()
        policy = self.get(ref)
        match = self.matches.for_policy(policy.id, on)
        described = [(dimension_label(c.dimension), describe(c)) for c in policy.conditions]
        return PolicyDetail(policy, apply_status(policy.apply_kind, policy.apply_windows, on), match, described)

    def list(
        self,
        *,
        category: str | None = None,
        open_only: bool = False,
        source: str | None = None,
        limit: int | None = None,
        on: date | None = None,
    ) -> PolicyList:
        on = on or self.today()
        if limit is not None and limit < 1:
            raise UsageError(_("must be at least 1"), field="limit")
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
        if out:
            return PolicyList(out)
        stored = self.count()
        return PolicyList(out, stored, self.categories() if stored else [])

    def categories(self) -> builtins.list[tuple[str, int]]:
        return store.categories(self.conn)

    def search(self, query: str, *, limit: int = 20, on: date | None = None) -> SearchResult:
        on = on or self.today()
        from reflee.policy import search

        hits = search.search(self.conn, query, limit=limit)
        self._shorten([p for p, _ in hits])
        return SearchResult(
            query, [Listed(p, apply_status(p.apply_kind, p.apply_windows, on), score) for p, score in hits]
        )

    def _shorten(self, policies: builtins.list[Policy]) -> None:
        if policies:
            shorts = store.short_ids(self.conn, [p.id for p in policies])
            for p in policies:
                p.short_id = shorts.get(p.id, "")

    def count(self) -> int:
        return store.count(self.conn)

    # --- matching ----------------------------------------------------------------------------------------------
    def match(
        self,
        *,
        include_all: bool = False,
        on: date | None = None,
        limit: int | None = None,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> MatchRun:
        """Policies that fit the profile, best first; closed and ineligible ones only with ``include_all``.

        Reads only: the results are stored for reuse (a cache), nothing else is written. ``progress(done,
        total)`` and ``cancel`` apply while the results are computed (a cancelled match stores nothing)."""
        if limit is not None and limit < 1:
            raise UsageError(_("must be at least 1"), field="limit")
        return self.matches.run(
            on,
            include_ineligible=include_all,
            include_closed=include_all,
            limit=limit,
            progress=progress,
            cancel=cancel,
        )

    def recommend(
        self,
        number: int = DEFAULT_RECOMMEND,
        on: date | None = None,
        *,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> MatchRun:
        """The ``number`` open policies that fit best (a read, like ``match``)."""
        if number < 1:
            raise UsageError(_("must be at least 1"), field="number")
        return self.match(on=on, limit=number, progress=progress, cancel=cancel)

    # --- favourites --------------------------------------------------------------------------------------------
    def fav_add(self, ref: str, note: str | None = None) -> Favorite:
        return self.favorites.add(ref, note)

    def fav_remove(self, ref: str) -> Favorite:
        return self.favorites.remove(ref)

    def fav_list(self, on: date | None = None) -> FavoriteList:
        """Favourites, soonest deadline first (a read: reminders are raised by ``remind``)."""
        return FavoriteList(self.favorites.list(on))

    def remind(self, days: int | None = None, on: date | None = None) -> ReminderList:
        """Raise a notification for each favourite closing within ``days`` (default: policy.remind_days), once
        per policy and deadline. The one policy step that writes notifications."""
        return ReminderList(self.favorites.remind(days, on))


def _read(source: ImportSource) -> tuple[str, bytes]:
    if isinstance(source, tuple):
        return source
    name = str(source)
    try:
        return name, Path(source).expanduser().read_bytes()
    except FileNotFoundError:
        raise NotFoundError(_("{name}: no such file").format(name=name)) from None
    except IsADirectoryError:
        raise UsageError(_("{name}: is a directory; give the JSON files inside it").format(name=name)) from None
    except OSError as exc:
        raise UsageError(_("{name}: cannot read: {strerror}").format(name=name, strerror=exc.strerror)) from None
