"""Retrospect use cases: write, find, change, delete and restore.

Front ends call this module; it validates input, owns transactions and returns
plain dataclasses.
"""

from __future__ import annotations

import builtins
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from reflee import db, ids, private
from reflee.dates import local_today, utc_now
from reflee.errors import NotFoundError, UsageError
from reflee.i18n import _
from reflee.retro import store
from reflee.retro.models import Retro, RetroStream, TagCount
from reflee.retro.validate import (
    MAX_CONTENT_BYTES,
    MAX_PURPOSE_CHARS,
    MAX_TAG_CHARS,
    check_content,
    check_limit,
    check_purpose,
    check_range,
    normalize_tag,
    normalize_tags,
)

if TYPE_CHECKING:
    from reflee.cancel import CancelToken
    from reflee.retro.results import BacklogResult, ExportResult, ImportResult, RetroStats, SearchResult

__all__ = [
    "MAX_CONTENT_BYTES",
    "MAX_PURPOSE_CHARS",
    "MAX_TAG_CHARS",
    "OnSaved",
    "RetroService",
    "check_content",
    "check_purpose",
    "normalize_tag",
    "normalize_tags",
]

NOUN = "retrospect"
DEFAULT_SEARCH_LIMIT = 20
DEFAULT_STATS_WEEKS = 12
Progress = Callable[[int, int | None], None]


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


OnSaved = Callable[[sqlite3.Connection, str, int], object]
"""Called inside the saving transaction with (conn, retro id, version) when purpose or content is new:
the outbox hook (the session wires the feedback queue here)."""


@dataclass
class RetroService:
    conn: sqlite3.Connection
    on_saved: OnSaved | None = None
    week_start: str = "monday"
    """The first day of a week for ``stats`` (the week_start setting)."""

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
                raise UsageError(_("retrospect {short_id} is not deleted").format(short_id=retro.short_id))
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
                _("retrospect {short_id} is deleted; run 'reflee retro restore {short_id}' first").format(
                    short_id=retro.short_id
                )
            )
        return retro

    def list(
        self,
        *,
        since: date | None = None,
        until: date | None = None,
        tags: builtins.list[str] | None = None,
        limit: int | None = None,
        deleted: bool = False,
    ) -> builtins.list[Retro]:
        return builtins.list(self.list_stream(since=since, until=until, tags=tags, limit=limit, deleted=deleted))

    def list_stream(
        self,
        *,
        since: date | None = None,
        until: date | None = None,
        tags: builtins.list[str] | None = None,
        limit: int | None = None,
        deleted: bool = False,
    ) -> RetroStream:
        """Like ``list``, newest first, read in batches as the stream is consumed (the request is checked now)."""
        check_range(_iso(since), _iso(until))
        check_limit(limit)
        return RetroStream(
            store.iter_select(
                self.conn,
                since=_iso(since),
                until=_iso(until),
                tags=normalize_tags(tags),
                limit=limit,
                deleted=deleted,
            )
        )

    def tags(self) -> builtins.list[TagCount]:
        return store.tag_counts(self.conn)

    def search(
        self,
        query: str,
        *,
        limit: int = DEFAULT_SEARCH_LIMIT,
        since: date | None = None,
        until: date | None = None,
        tags: builtins.list[str] | None = None,
        stream: bool = False,
        progress: Progress | None = None,
    ) -> SearchResult:
        """Live retrospects matching ``query`` (words and "quoted phrases" that must all match, -words that must
        not; literal text, Korean by substring), best first, with the matches marked in the purpose and in a
        one-line snippet. With ``stream`` the hits are an iterator read in batches as it is consumed, so all
        hits of a common word never sit in memory at once; the request is checked before this returns.
        Retrospects a large import left unindexed are indexed first (``progress(done, total)`` follows that)."""
        from reflee.retro import tagsearch
        from reflee.retro.results import SearchResult
        from reflee.retro.validate import check_limit, normalize_tags

        check_limit(limit)
        self.index_backlog(progress=progress)  # a large import's records, before they can be missed
        hits = tagsearch.iter_hits(
            self.conn, query, limit=limit, since=_iso(since), until=_iso(until), tags=normalize_tags(tags)
        )
        if stream:  # check the request now, not when the first hit is read
            first = next(hits, None)
            hits = iter(()) if first is None else _chain(first, hits)
        return SearchResult(query, limit, hits if stream else builtins.list(hits))

    # --- moving retrospects in and out ---------------------------------------------
    def export(
        self,
        fmt: str,
        write: Callable[[str], Any],
        *,
        since: date | None = None,
        until: date | None = None,
    ) -> ExportResult:
        """Stream live retrospects, oldest first, as ``fmt`` (json, jsonl or md) through ``write``."""
        from reflee.retro import exporter
        from reflee.retro.results import ExportResult

        return ExportResult(exporter.export(self.conn, fmt, write, since=_iso(since), until=_iso(until)))

    def export_to_file(
        self,
        output: Path,
        fmt: str,
        *,
        since: date | None = None,
        until: date | None = None,
    ) -> ExportResult:
        """Export into the file ``output``: written to a temporary file beside it and renamed into place only
        when complete, so a failed export never leaves half a file."""
        target = output.expanduser()
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            with private.open_file(tmp, "w", encoding="utf-8", newline="\n") as fh:
                result = self.export(fmt, fh.write, since=since, until=until)
            os.replace(tmp, target)
        except FileNotFoundError:
            raise NotFoundError(
                _("the directory {parent} does not exist").format(parent=target.parent), field="output"
            ) from None
        except OSError as exc:
            raise UsageError(
                _("cannot write {target}: {strerror}").format(target=target, strerror=exc.strerror), field="output"
            ) from None
        finally:
            tmp.unlink(missing_ok=True)
        result.path = str(target)
        return result

    def import_(
        self,
        data: bytes,
        name: str,
        *,
        dry_run: bool = False,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> ImportResult:
        """Import a reflee JSON/JSONL export or jrnl's JSON export (detected from the content), all or nothing;
        records already here (same ID, or same date and text) are skipped. ``name`` names the data in errors.
        ``progress(done, total)`` follows the records checked; cancelling imports nothing."""
        from reflee.retro import importer

        return importer.import_retros(self.conn, data, name, dry_run=dry_run, progress=progress, cancel=cancel)

    def import_stream(
        self,
        fh: BinaryIO,
        name: str,
        *,
        dry_run: bool = False,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> ImportResult:
        """Like ``import_``, reading an open binary file: JSON lines are read and staged a batch at a time, so a
        million records import with flat memory (still all or nothing: one transaction)."""
        from reflee.retro import importer

        return importer.import_stream(self.conn, fh, name, dry_run=dry_run, progress=progress, cancel=cancel)

    def index_backlog(self, *, progress: Progress | None = None, cancel: CancelToken | None = None) -> BacklogResult:
        """Index for search the retrospects a large import stored without indexing (reflee.retro.backlog), a
        chunk per transaction: stopping keeps what is done. ``progress(done, total)`` follows the chunks."""
        from reflee.retro import backlog
        from reflee.retro.results import BacklogResult

        if not backlog.pending(self.conn):
            return BacklogResult(0, 0)
        done = backlog.index(self.conn, progress=progress, cancel=cancel)
        return BacklogResult(done, backlog.pending(self.conn))

    # --- statistics ------------------------------------------------------------------
    def day_counts(self, since: date, until: date) -> dict[str, int]:
        """Live retrospects per entry date (YYYY-MM-DD) from ``since`` to ``until``; days without any are absent.
        One aggregate query: what reports need without loading every entry."""
        check_range(_iso(since), _iso(until))
        return store.day_counts(self.conn, since.isoformat(), until.isoformat())

    def streak(self, until: date) -> int:
        """Consecutive days written ending on ``until``, or on the day before when ``until`` has none yet (the
        current streak of `retro stats`, as of any day)."""
        n = store.streak_ending(self.conn, until.isoformat())
        return n or store.streak_ending(self.conn, (until - timedelta(days=1)).isoformat())

    def stats(
        self,
        *,
        today: date | None = None,
        weeks: int = DEFAULT_STATS_WEEKS,
        week_start: str | None = None,
    ) -> RetroStats:
        """Entries per week for the last ``weeks`` weeks, days written, streaks and a calendar heat map, as of
        ``today`` (default: the local date), weeks starting on ``week_start`` (default: the setting)."""
        from reflee.retro import stats

        return stats.compute(
            self.conn, today=today or local_today(), weeks=weeks, week_start=week_start or self.week_start
        )


def _chain(first: Any, rest: Any) -> Any:
    yield first
    yield from rest
