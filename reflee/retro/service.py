"""Retrospect use cases: write, find, change, delete and restore.

Front ends call this module; it validates input, owns transactions and returns
plain dataclasses.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from reflee import db, ids
from reflee.dates import local_today, utc_now
from reflee.errors import NotFoundError, UsageError
from reflee.retro import store
from reflee.retro.models import Retro, TagCount

MAX_CONTENT_BYTES = 1_000_000
"""A retrospect's content may be up to 1 MB of UTF-8 (about 330,000 Hangul syllables)."""
MAX_PURPOSE_CHARS = 2_000
MAX_TAG_CHARS = 50
NOUN = "retrospect"
_TAG_BAD = re.compile(r"[\s,]")


def normalize_tag(raw: str) -> str:
    tag = unicodedata.normalize("NFC", raw.strip()).lstrip("#@").lower()
    if not tag:
        raise UsageError(f"--tag: empty tag {raw!r}")
    if _TAG_BAD.search(tag):
        raise UsageError(f"--tag: {raw!r} contains spaces or commas; use one word per tag (e.g. 'side-project')")
    if len(tag) > MAX_TAG_CHARS:
        raise UsageError(f"--tag: {raw[:20]!r}… is longer than {MAX_TAG_CHARS} characters")
    return tag


def normalize_tags(raw: list[str] | None) -> list[str]:
    seen: dict[str, None] = {}
    for item in raw or []:
        for part in item.split(","):
            if part.strip():
                seen[normalize_tag(part)] = None
    return sorted(seen)


def check_content(content: str, field: str = "content") -> str:
    content = unicodedata.normalize("NFC", content).strip("\n").rstrip()
    if not content.strip():
        raise UsageError(f"{field}: empty retrospect; write what happened")
    size = len(content.encode("utf-8"))
    if size > MAX_CONTENT_BYTES:
        raise UsageError(
            f"{field}: {size / 1_000_000:.1f} MB is over the {MAX_CONTENT_BYTES // 1_000_000} MB limit "
            "for one retrospect; split it into several"
        )
    return content


def check_purpose(purpose: str | None) -> str:
    purpose = unicodedata.normalize("NFC", (purpose or "").strip())
    if len(purpose) > MAX_PURPOSE_CHARS:
        raise UsageError(f"--purpose: {len(purpose)} characters is over the {MAX_PURPOSE_CHARS} limit")
    return purpose


OnSaved = Callable[[sqlite3.Connection, str, int], object]
"""Called inside the saving transaction with (conn, retro id, version) when purpose or content is new:
the outbox hook (the session wires the feedback queue here)."""


@dataclass
class RetroService:
    conn: sqlite3.Connection
    on_saved: OnSaved | None = None

    # --- writing -----------------------------------------------------------------
    def add(
        self,
        content: str,
        *,
        purpose: str | None = None,
        entry_date: date | None = None,
        tags: list[str] | None = None,
    ) -> Retro:
        now = utc_now()
        retro = Retro(
            id=ids.new_id(),
            entry_date=(entry_date or local_today()).isoformat(),
            purpose=check_purpose(purpose),
            content=check_content(content),
            tags=normalize_tags(tags),
            created_at=now,
            updated_at=now,
        )
        with db.transaction(self.conn):
            store.insert(self.conn, retro)
            if self.on_saved:
                self.on_saved(self.conn, retro.id, retro.version)
        return self.get(retro.id)

    def edit(
        self,
        ref: str,
        *,
        content: str | None = None,
        purpose: str | None = None,
        entry_date: date | None = None,
        add_tags: list[str] | None = None,
        remove_tags: list[str] | None = None,
        set_tags: list[str] | None = None,
    ) -> Retro:
        with db.transaction(self.conn):
            retro = self._live(ref)
            changed_text = False
            if content is not None:
                new = check_content(content)
                changed_text |= new != retro.content
                retro.content = new
            if purpose is not None:
                new = check_purpose(purpose)
                changed_text |= new != retro.purpose
                retro.purpose = new
            if entry_date is not None:
                retro.entry_date = entry_date.isoformat()
            tags = set(normalize_tags(set_tags) if set_tags is not None else retro.tags)
            tags |= set(normalize_tags(add_tags))
            tags -= set(normalize_tags(remove_tags))
            retro.tags = sorted(tags)
            if changed_text:
                retro.version += 1
            retro.updated_at = utc_now()
            store.update(self.conn, retro)
            if changed_text and self.on_saved:
                self.on_saved(self.conn, retro.id, retro.version)
        return self.get(retro.id)

    def remove(self, ref: str) -> Retro:
        """Soft delete: the row stays with a deleted_at tombstone and can be restored."""
        with db.transaction(self.conn):
            retro = self._live(ref)
            retro.deleted_at = retro.updated_at = utc_now()
            store.update(self.conn, retro)
        return self.get(retro.id)

    def restore(self, ref: str) -> Retro:
        with db.transaction(self.conn):
            retro = self.get(ref)
            if retro.deleted_at is None:
                raise UsageError(f"retrospect {retro.short_id} is not deleted")
            retro.deleted_at = None
            retro.updated_at = utc_now()
            store.update(self.conn, retro)
        return self.get(retro.id)

    # --- reading -----------------------------------------------------------------
    def resolve(self, ref: str) -> str:
        return db.resolve_id(self.conn, store.TABLE, ref, NOUN)

    def get(self, ref: str) -> Retro:
        """By full ID or unambiguous prefix, deleted ones included."""
        retro = store.get(self.conn, self.resolve(ref))
        assert retro is not None
        return retro

    def _live(self, ref: str) -> Retro:
        retro = self.get(ref)
        if retro.deleted_at is not None:
            raise NotFoundError(
                f"retrospect {retro.short_id} is deleted; run 'reflee retro restore {retro.short_id}' first"
            )
        return retro

    def list(
        self,
        *,
        since: date | None = None,
        until: date | None = None,
        tags: list[str] | None = None,
        limit: int | None = None,
        deleted: bool = False,
    ) -> list[Retro]:
        if since and until and since > until:
            raise UsageError(f"--since {since} is after --until {until}")
        if limit is not None and limit < 1:
            raise UsageError("--limit: must be at least 1")
        return store.select(
            self.conn,
            since=since.isoformat() if since else None,
            until=until.isoformat() if until else None,
            tags=normalize_tags(tags),
            limit=limit,
            deleted=deleted,
        )

    def tags(self) -> list[TagCount]:
        return store.tag_counts(self.conn)
