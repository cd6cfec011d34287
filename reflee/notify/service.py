"""The one place any module raises a notification, and where the user reads them."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from reflee import db, ids
from reflee.dates import utc_now
from reflee.errors import UsageError
from reflee.i18n import _
from reflee.notify import store
from reflee.notify.models import Notification


@dataclass
class NotifyService:
    conn: sqlite3.Connection

    def raise_(
        self,
        kind: str,
        title: str,
        body: str = "",
        *,
        link_type: str | None = None,
        link_id: str | None = None,
        dedup_key: str | None = None,
    ) -> tuple[Notification, bool]:
        """Raise a notification. With ``dedup_key``, a second raise with the same key is a no-op.

        Returns the notification and whether it is new. Joins the caller's transaction if one is open.
        """
        if not kind.strip() or not title.strip():
            raise UsageError(_("notification: kind and title must not be empty"))
        n = Notification(
            id=ids.new_id(),
            kind=kind,
            title=title,
            body=body,
            link_type=link_type,
            link_id=link_id,
            dedup_key=dedup_key,
            created_at=utc_now(),
        )
        if self.conn.in_transaction:
            created = store.insert_unless_duplicate(self.conn, n)
        else:
            with db.transaction(self.conn):
                created = store.insert_unless_duplicate(self.conn, n)
        if not created and dedup_key is not None:
            existing = store.by_key(self.conn, dedup_key)
            assert existing is not None
            return existing, False
        return store.get(self.conn, n.id), True

    def list(self, *, unread: bool = False, limit: int | None = None) -> list[Notification]:
        if limit is not None and limit < 1:
            raise UsageError(_("must be at least 1"), field="limit")
        return store.select(self.conn, unread=unread, limit=limit)

    def read(self, ref: str) -> Notification:
        ident = db.resolve_id(self.conn, store.TABLE, ref, "notification")
        with db.transaction(self.conn):
            store.mark_read(self.conn, ident, utc_now())
        return store.get(self.conn, ident)

    def read_all(self) -> int:
        with db.transaction(self.conn):
            return store.mark_read(self.conn, None, utc_now())

    def unread_count(self) -> int:
        return store.unread_count(self.conn)
