"""Favourite policies (관심 정책) and deadline reminders.

A favourite whose application closes within ``policy.remind_days`` days raises one notification per
policy and deadline (the notification's dedup key holds both), however often reminders run. Reminders are
raised only by ``remind`` (the `policy remind` step, e.g. from cron); listing favourites never writes.
"""

from __future__ import annotations

import builtins
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from reflee import db
from reflee.dates import local_today, utc_now
from reflee.errors import UsageError
from reflee.i18n import _
from reflee.ids import natural_sid
from reflee.policy import fav_store, store
from reflee.policy.models import ApplyStatus, Policy
from reflee.policy.periods import status as apply_status

KIND = "policy.deadline"
MAX_NOTE = 500


@dataclass
class Favorite:
    policy: Policy
    apply: ApplyStatus
    note: str
    created_at: str
    deleted_at: str | None = None

    def to_json(self) -> dict[str, Any]:
        p = self.policy
        return {
            "policy": {
                "id": p.id,
                "short_id": p.short_id or natural_sid(p.id),
                "source": p.source,
                "source_id": p.source_id,
                "title": p.title,
                "category": p.category,
                "org_name": p.org_name,
                "detail_url": p.detail_url,
            },
            "apply": self.apply.to_json(),
            "note": self.note,
            "created_at": self.created_at,
            "deleted_at": self.deleted_at,
        }


@dataclass
class Reminder:
    favorite: Favorite
    notification: Any
    new: bool

    def to_json(self) -> dict[str, Any]:
        return {**self.favorite.to_json(), "notification": self.notification.to_json(), "new": self.new}


@dataclass
class FavoriteService:
    conn: sqlite3.Connection
    resolve: Callable[[str], str]
    raise_notification: Callable[..., tuple[Any, bool]]
    """reflee.notify's NotifyService.raise_."""
    remind_days: int = 7
    today: Callable[[], date] = field(default=local_today)

    def add(self, ref: str, note: str | None = None) -> Favorite:
        note = (note or "").strip()
        if len(note) > MAX_NOTE:
            raise UsageError(
                _("{len} characters is over the {max_note} limit").format(len=len(note), max_note=MAX_NOTE),
                field="note",
            )
        pid = self.resolve(ref)
        with db.transaction(self.conn):
            fav_store.put(self.conn, pid, note, utc_now())
        return self._one(pid)

    def remove(self, ref: str) -> Favorite:
        pid = self.resolve(ref)
        with db.transaction(self.conn):
            if not fav_store.remove(self.conn, pid, utc_now()):
                raise UsageError(_("policy {ref} is not a favourite").format(ref=ref))
        return self._one(pid)

    def list(self, on: date | None = None) -> list[Favorite]:
        return self._hydrate(fav_store.live(self.conn), on or self.today())

    def _one(self, pid: str) -> Favorite:
        row = fav_store.one(self.conn, pid)
        fav = self._hydrate([row[:3]], self.today())[0]
        fav.deleted_at = row[3]
        return fav

    def _hydrate(self, rows: builtins.list[Any], on: date) -> builtins.list[Favorite]:
        if not rows:
            return []
        marks = ",".join("?" * len(rows))
        found = {p.id: p for p in store.listing(self.conn, f"AND id IN ({marks})", [r[0] for r in rows])}
        shorts = store.short_ids(self.conn, [r[0] for r in rows])
        out = []
        for pid, note, created in rows:
            p = found.get(pid) or store.get(self.conn, pid)
            if p is None:
                continue
            p.short_id = shorts.get(pid, "")
            out.append(Favorite(p, apply_status(p.apply_kind, p.apply_windows, on), note, created))
        out.sort(key=lambda f: (f.apply.deadline is None, f.apply.deadline or "", f.created_at))
        return out

    def remind(self, days: int | None = None, on: date | None = None) -> builtins.list[Reminder]:
        """Raise a notification for each favourite closing within ``days`` (default: the setting)."""
        days = self.remind_days if days is None else days
        if days < 0:
            raise UsageError(_("must be 0 or more"), field="days")
        out = []
        for fav in self.list(on):
            st = fav.apply
            if st.state != "open" or st.deadline is None or st.days_left is None or st.days_left > days:
                continue
            p = fav.policy
            when = _("closes today") if st.days_left == 0 else f"D-{st.days_left}"
            notification, new = self.raise_notification(
                KIND,
                _("Favourite closing soon ({when}): {title}").format(when=when, title=p.title),
                _("You can apply until {deadline}.").format(deadline=st.deadline)
                + (f" {p.org_name}" if p.org_name else "")
                + (f"\n{p.detail_url}" if p.detail_url else ""),
                link_type="policy",
                link_id=p.id,
                dedup_key=f"{KIND}:{p.id}:{st.deadline}",
            )
            out.append(Reminder(fav, notification, new))
        return out
