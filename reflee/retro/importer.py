"""Import retrospects from our JSON or JSONL export, or from jrnl's JSON export (`jrnl --format json`).

The format is detected from the content. The whole file is read and every record
checked before anything is written; then all new records go in one transaction.
Records whose ID or content hash (date, purpose, content) is already known are
skipped, so importing the same file twice adds nothing.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from reflee import db, ids
from reflee.dates import to_utc_iso, utc_now
from reflee.errors import DataError, UsageError
from reflee.i18n import _
from reflee.retro import store
from reflee.retro.exporter import FORMAT_NAME, FORMAT_VERSION
from reflee.retro.models import Retro
from reflee.retro.results import ImportResult
from reflee.retro.validate import check_content, check_purpose, normalize_tags

if TYPE_CHECKING:
    from reflee.cancel import CancelToken

Progress = Callable[[int, int | None], None]

STARRED_TAG = "starred"
"""jrnl's star becomes this tag."""
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_CANONICAL_TS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")
_COLUMNS = "id, entry_date, purpose, content, content_hash, version, created_at, updated_at, deleted_at"


MAX_VERSION = 2**63 - 1
"""The largest edit count SQLite can store."""
Record = tuple[str, Any]
"""(where it is in the file: 'entry 3' or 'line 7', the decoded JSON value)."""


def decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(f"{name}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})") from None


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}.get(
        type(value), "a number"
    )


def read_records(text: str, name: str) -> tuple[str, list[Record]]:
    """Detect the format by content and return it with the raw records."""
    lines = text.split("\n")  # not splitlines(): JSON text may hold U+2028 and friends
    first = next((ln for ln in lines if ln.strip()), None)
    if first is None:
        raise DataError(f"{name}: empty file; nothing to import")
    try:
        head = json.loads(first)
    except ValueError:
        head = None
    if isinstance(head, dict) and not {"format", "entries", "retros"} & head.keys():
        return "reflee-jsonl", list(_jsonl(lines, name))
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(f"{name}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    if isinstance(doc, dict) and "format" in doc:
        if doc["format"] != FORMAT_NAME:
            raise DataError(f'{name}: "format": {doc["format"]!r} is not {FORMAT_NAME!r}')
        if doc.get("version") != FORMAT_VERSION:
            raise DataError(f'{name}: "version": {doc.get("version")!r} is not supported (expected {FORMAT_VERSION})')
        retros = doc.get("retros")
        if not isinstance(retros, list):
            raise DataError(f'{name}: "retros": expected a list, got {_kind(retros)}')
        return "reflee-json", [(f"entry {i}", r) for i, r in enumerate(retros, 1)]
    if isinstance(doc, dict) and isinstance(doc.get("entries"), list):
        return "jrnl-json", [(f"entry {i}", r) for i, r in enumerate(doc["entries"], 1)]
    if isinstance(doc, list):  # e.g. the output of `reflee retro list --json`
        return "reflee-json", [(f"entry {i}", r) for i, r in enumerate(doc, 1)]
    raise DataError(
        f'{name}: not a reflee export ({{"format": "{FORMAT_NAME}", ...}}), JSON lines,'
        ' or jrnl JSON ({"entries": [...]})'
    )


def _jsonl(lines: list[str], name: str) -> Iterator[Record]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield f"line {number}", json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataError(f"{name}: line {number}: not valid JSON (column {exc.colno}: {exc.msg})") from None


class _Fields:
    """Typed access to one record's fields; every problem names the file, the record and the field."""

    def __init__(self, name: str, label: str, record: Any) -> None:
        self.where = f"{name}: {label}"
        if not isinstance(record, dict):
            raise DataError(f"{self.where}: expected a JSON object, got {_kind(record)}")
        self.record = record

    def bad(self, key: str, problem: str) -> DataError:
        return DataError(f'{self.where}: "{key}": {problem}')

    def checked(self, key: str, check: Callable[..., Any], *args: Any) -> Any:
        try:
            return check(*args)
        except UsageError as exc:
            raise self.bad(key, exc.message) from None

    def text(self, key: str, default: str | None = None) -> str:
        value = self.record.get(key, default)
        if value is None:
            raise self.bad(key, "missing")
        if not isinstance(value, str):
            raise self.bad(key, f"expected text, got {_kind(value)} {value!r}"[:200])
        if not _encodable(value):
            raise self.bad(key, _("not valid Unicode text (an unpaired surrogate)"))
        return value

    def date(self, key: str) -> str:
        value = self.text(key)
        try:
            if not _DATE.match(value):
                raise ValueError
            return date.fromisoformat(value).isoformat()
        except ValueError:
            raise self.bad(key, f"{value!r} is not a date (expected YYYY-MM-DD)") from None

    def timestamp(self, key: str, default: str | None) -> str | None:
        value = self.record.get(key)
        if value is None:
            return default
        try:
            moment = datetime.fromisoformat(self.text(key))
        except ValueError:
            raise self.bad(key, f"{value!r} is not an ISO-8601 timestamp") from None
        if _CANONICAL_TS.match(value):  # already what we store (our own exports): keep the text
            return value
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        try:
            return to_utc_iso(moment)
        except OverflowError:  # 9999-12-31T23:59:59-14:00 is in year 10000 in UTC
            raise self.bad(key, _("{value} is outside the times reflee can store").format(value=repr(value))) from None

    def tags(self, key: str) -> list[str]:
        value = self.record.get(key) or []
        if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
            raise self.bad(key, f"expected a list of text, got {value!r}"[:200])
        if not all(_encodable(t) for t in value):
            raise self.bad(key, _("not valid Unicode text (an unpaired surrogate)"))
        return self.checked(key, normalize_tags, value)


def _ours(f: _Fields, now: str) -> Retro:
    raw_id = f.record.get("id")
    rid: str | None
    if raw_id is None:
        rid = ids.new_id()
    else:
        rid = ids.normalize_prefix(raw_id) if isinstance(raw_id, str) else None
        if rid is None or len(rid) != 32:
            raise f.bad("id", f"{raw_id!r} is not a reflee ID (32 hexadecimal digits)")
    version = f.record.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= MAX_VERSION:
        raise f.bad("version", f"{version!r} is not a whole number from 1 to {MAX_VERSION}"[:200])
    created = f.timestamp("created_at", now)
    return Retro(
        id=rid,
        entry_date=f.date("entry_date"),
        purpose=f.checked("purpose", check_purpose, f.text("purpose", "")),
        content=f.checked("content", check_content, f.text("content")),
        tags=f.tags("tags"),
        version=version,
        created_at=created or now,
        updated_at=f.timestamp("updated_at", created) or now,
        deleted_at=f.timestamp("deleted_at", None),
    )


def _jrnl(f: _Fields) -> Retro:
    title, body = f.text("title"), f.text("body", "")
    day = f.date("date")
    time = f.text("time", "00:00")
    m = _TIME.match(time)
    if not m or int(m[1]) > 23 or int(m[2]) > 59:
        raise f.bad("time", f"{time!r} is not a time (expected HH:MM)")
    tags = f.tags("tags")
    starred = f.record.get("starred", False)
    if not isinstance(starred, bool):
        raise f.bad("starred", f"expected true or false, got {starred!r}")
    if starred and STARRED_TAG not in tags:
        tags = sorted([*tags, STARRED_TAG])
    written = to_utc_iso(datetime.fromisoformat(f"{day}T{int(m[1]):02d}:{m[2]}"))  # jrnl times are local
    return Retro(
        id=ids.new_id(),
        entry_date=day,
        purpose="",
        content=f.checked("title", check_content, f"{title}\n{body}" if body.strip() else title),
        tags=tags,
        created_at=written,
        updated_at=written,
    )


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def parse(data: bytes, name: str) -> tuple[str, list[Retro]]:
    """Decode, detect and check every record; raise a one-line DataError on the first bad one. Whatever the
    bytes, the outcome is the records or a DataError (exit 5), never a crash."""
    try:
        return _parse(data, name)
    except RecursionError:
        raise DataError(
            _("{name}: nested too deeply to be retrospects; nothing was imported").format(name=name)
        ) from None
    except (OverflowError, ValueError, TypeError) as exc:  # a value no check foresaw: still the file's fault
        problem = f"{type(exc).__name__}: {exc}"[:200]
        raise DataError(
            _("{name}: cannot be read ({problem}); nothing was imported").format(name=name, problem=problem)
        ) from None


def _parse(data: bytes, name: str) -> tuple[str, list[Retro]]:
    fmt, records = read_records(decode(data, name), name)
    now = utc_now()
    if fmt == "jrnl-json":
        return fmt, [_jrnl(_Fields(name, label, rec)) for label, rec in records]
    return fmt, [_ours(_Fields(name, label, rec), now) for label, rec in records]


def _bulk_insert(conn: sqlite3.Connection, retros: list[Retro]) -> None:
    """Stage rows in a temp table, then copy them with one INSERT ... SELECT.

    Same rows as ``store.insert`` one by one, and the FTS triggers still index them, but FTS5
    flushes its pending index at every statement, so one statement instead of 100k makes a
    large import about four times faster.
    """
    conn.execute("DROP TABLE IF EXISTS temp.retro_import")
    conn.execute(f"CREATE TEMP TABLE retro_import AS SELECT {_COLUMNS} FROM main.retro WHERE 0")
    conn.executemany(
        f"INSERT INTO temp.retro_import ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                r.id,
                r.entry_date,
                r.purpose,
                r.content,
                store.content_hash(r.entry_date, r.purpose, r.content),
                r.version,
                r.created_at,
                r.updated_at,
                r.deleted_at,
            )
            for r in retros
        ),
    )
    conn.execute(f"INSERT INTO main.retro ({_COLUMNS}) SELECT {_COLUMNS} FROM temp.retro_import ORDER BY rowid")
    conn.execute("DROP TABLE temp.retro_import")
    conn.executemany(
        "INSERT OR IGNORE INTO retro_tag (retro_id, tag) VALUES (?, ?)", ((r.id, t) for r in retros for t in r.tags)
    )


PROGRESS_EVERY = 500
"""Records checked between two progress reports (and cancel checks)."""


def import_retros(
    conn: sqlite3.Connection,
    data: bytes,
    name: str,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> ImportResult:
    """Import all records of ``data`` (named ``name`` in messages) atomically, skipping known ones.

    ``progress(done, total)`` is called as records are checked; cancelling ``cancel`` before the end rolls
    everything back (nothing is imported) and raises CancelledError."""
    fmt, retros = parse(data, name)
    total = len(retros)

    def tick(done: int) -> None:
        if progress is not None:
            progress(done, total)
        if cancel is not None:
            cancel.raise_if_cancelled()

    def run() -> ImportResult:
        seen_ids: set[str] = set()
        seen_hashes: set[str] = set()
        fresh: list[Retro] = []
        tick(0)
        for done, retro in enumerate(retros, 1):
            digest = store.content_hash(retro.entry_date, retro.purpose, retro.content)
            if done % PROGRESS_EVERY == 0:
                tick(done)
            if retro.id in seen_ids or digest in seen_hashes:
                continue
            seen_ids.add(retro.id)
            seen_hashes.add(digest)
            if not store.exists(conn, retro.id) and not store.hash_exists(conn, digest):
                fresh.append(retro)
        if not dry_run:
            _bulk_insert(conn, fresh)
        tick(total)  # the last chance to cancel: the transaction is not committed yet
        return ImportResult(fmt, len(fresh), total - len(fresh), dry_run, name)

    if dry_run:
        return run()
    with db.transaction(conn):
        return run()
