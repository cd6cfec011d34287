"""Import retrospects from our JSON or JSONL export, or from jrnl's JSON export (`jrnl --format json`).

The format is detected from the content. JSON lines are read, checked and staged a batch at a time (memory
stays flat at a million records); a JSON document is read whole. Everything happens in one transaction, so
a bad record anywhere imports nothing. Records whose ID or content hash (date, purpose, content) is already
known, or came earlier in the same file, are skipped, so importing the same file twice adds nothing. A large
file into an empty journal skips the staging and writes its records straight into the table
(reflee.retro.bulkload), with the same outcome.
"""

from __future__ import annotations

import io
import json
import json.scanner
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import UTC, date, datetime
from itertools import chain
from typing import TYPE_CHECKING, Any, BinaryIO

from reflee import bulkdb, db, heap, ids
from reflee.dates import to_utc_iso, utc_now
from reflee.errors import DataError, UsageError
from reflee.i18n import _
from reflee.migrations.m011_sync import by_id
from reflee.retro import bulkload
from reflee.retro.exporter import FORMAT_NAME, FORMAT_VERSION
from reflee.retro.models import CheckedRetro, Retro
from reflee.retro.results import ImportResult
from reflee.retro.validate import check_content, check_content_utf8, check_purpose, normalize_tags

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
        raise DataError(
            _("{name}: not valid UTF-8 (byte 0x{data:02x} at offset {start})").format(
                name=name, data=data[exc.start], start=exc.start
            )
        ) from None


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}.get(
        type(value), "a number"
    )


def read_records(text: str, name: str) -> tuple[str, list[Record]]:
    """Detect the format by content and return it with the raw records."""
    lines = text.split("\n")  # not splitlines(): JSON text may hold U+2028 and friends
    first = next((ln for ln in lines if ln.strip()), None)
    if first is None:
        raise DataError(_("{name}: empty file; nothing to import").format(name=name))
    try:
        head = json.loads(first)
    except ValueError:
        head = None
    if isinstance(head, dict) and not {"format", "entries", "retros"} & head.keys():
        return "reflee-jsonl", list(_jsonl(lines, name))
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(
            _("{name}: not valid JSON at line {lineno}, column {colno}: {msg}").format(
                name=name, lineno=exc.lineno, colno=exc.colno, msg=exc.msg
            )
        ) from None
    if isinstance(doc, dict) and "format" in doc:
        if doc["format"] != FORMAT_NAME:
            raise DataError(
                _('{name}: "format": {value_format!r} is not {format_name!r}').format(
                    name=name, value_format=doc["format"], format_name=FORMAT_NAME
                )
            )
        if doc.get("version") != FORMAT_VERSION:
            raise DataError(
                _('{name}: "version": {get!r} is not supported (expected {format_version})').format(
                    name=name, get=doc.get("version"), format_version=FORMAT_VERSION
                )
            )
        retros = doc.get("retros")
        if not isinstance(retros, list):
            raise DataError(_('{name}: "retros": expected a list, got {kind}').format(name=name, kind=_kind(retros)))
        return "reflee-json", [(f"entry {i}", r) for i, r in enumerate(retros, 1)]
    if isinstance(doc, dict) and isinstance(doc.get("entries"), list):
        return "jrnl-json", [(f"entry {i}", r) for i, r in enumerate(doc["entries"], 1)]
    if isinstance(doc, list):  # e.g. the output of `reflee retro list --json`
        return "reflee-json", [(f"entry {i}", r) for i, r in enumerate(doc, 1)]
    raise DataError(
        _(
            '{name}: not a reflee export ({{"format": "{format_name}", ...}}), JSON '
            'lines, or jrnl JSON ({{"entries": [...]}})'
        ).format(name=name, format_name=FORMAT_NAME)
    )


def _jsonl(lines: list[str], name: str) -> Iterator[Record]:
    return _jsonl_stream(enumerate(lines, 1), name)


class _Fields:
    """Typed access to one record's fields; every problem names the file, the record and the field."""

    def __init__(self, name: str, label: str, record: Any) -> None:
        self.where = f"{name}: {label}"
        if not isinstance(record, dict):
            raise DataError(
                _("{where}: expected a JSON object, got {kind}").format(where=self.where, kind=_kind(record))
            )
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
    day = f.date("entry_date")
    purpose = f.checked("purpose", check_purpose, f.text("purpose", ""))
    content, utf8 = f.checked("content", check_content_utf8, f.text("content"))
    return CheckedRetro(
        id=rid,
        entry_date=day,
        purpose=purpose,
        content=content,
        utf8=utf8,
        tags=f.tags("tags"),
        version=version,
        created_at=created or now,
        updated_at=f.timestamp("updated_at", created) or now,
        deleted_at=f.timestamp("deleted_at", None),
    )


_HEX32 = re.compile(r"[0-9a-f]{32}\Z")


def _ours_fast(record: dict[str, Any], now: str) -> Retro | None:
    """``_ours`` in fewer steps for a record as our own export writes it (canonical ID and timestamps, not
    deleted), with the same outcome; None for anything else, which ``_ours`` then checks field by field and
    names what is wrong. A million records spend a third of their import in these checks."""
    get = record.get
    rid, day, created, updated = get("id"), get("entry_date"), get("created_at"), get("updated_at")
    purpose, content, version, tags = get("purpose", ""), get("content"), get("version", 1), get("tags")
    if not (
        type(rid) is str
        and _HEX32.match(rid)
        and type(day) is str
        and _DATE.match(day)
        and type(created) is str
        and _CANONICAL_TS.match(created)
        and type(updated) is str
        and _CANONICAL_TS.match(updated)
        and get("deleted_at") is None
        and type(version) is int
        and 1 <= version <= MAX_VERSION
        and type(purpose) is str
        and type(content) is str
        and _encodable(purpose)
    ):
        return None
    try:
        tag_list = _tags_fast(tags) if tags else []
        if tag_list is None:
            return None
        datetime.fromisoformat(created)
        datetime.fromisoformat(updated)
        if day not in _DAYS:
            date.fromisoformat(day)  # a real date (it is then written as given: ASCII YYYY-MM-DD)
            if len(_DAYS) < DAYS_KEPT:
                _DAYS.add(day)
        content, utf8 = check_content_utf8(content)  # an unpaired surrogate raises UnicodeEncodeError here
        return CheckedRetro(
            id=rid,
            entry_date=day,
            purpose=check_purpose(purpose),
            content=content,
            tags=tag_list,
            version=version,
            created_at=created,
            updated_at=updated,
            utf8=utf8,
        )
    except (ValueError, UsageError):
        return None


_DAYS: set[str] = set()
"""Entry dates already found real: a file's million records fall on a few thousand days."""
DAYS_KEPT = 100_000


_TAG_LISTS: dict[tuple[str, ...], list[str]] = {}
"""Tag lists already normalized: a file repeats the same few, and normalizing each costs as much as the rest of
a record's checks."""
TAG_LISTS_KEPT = 1024


def _tags_fast(tags: Any) -> list[str] | None:
    """``normalize_tags`` for a list of text, remembered; None for anything else (the field checks name it).
    A list found among those remembered holds text only (JSON gives no other value equal to a string), so only
    a new one is checked item by item."""
    if type(tags) is not list:
        return None
    key = tuple(tags)
    try:
        found = _TAG_LISTS.get(key)
    except TypeError:  # a list or an object among the tags (unhashable): the field checks name it
        return None
    if found is None:
        if not all(type(t) is str and _encodable(t) for t in tags):
            return None
        found = normalize_tags(tags)
        if len(_TAG_LISTS) < TAG_LISTS_KEPT:
            _TAG_LISTS[key] = found
    return list(found)


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


@contextmanager
def _file_faults(name: str) -> Iterator[None]:
    """Turn what no check foresaw in a file (deep nesting, huge numbers, odd types) into a DataError naming it:
    still the file's fault, never a crash."""
    try:
        yield
    except RecursionError:
        raise DataError(
            _("{name}: nested too deeply to be retrospects; nothing was imported").format(name=name)
        ) from None
    except (OverflowError, ValueError, TypeError) as exc:  # a value no check foresaw: still the file's fault
        problem = f"{type(exc).__name__}: {exc}"[:200]
        raise DataError(
            _("{name}: cannot be read ({problem}); nothing was imported").format(name=name, problem=problem)
        ) from None


def parse(data: bytes, name: str) -> tuple[str, list[Retro]]:
    """Decode, detect and check every record; raise a one-line DataError on the first bad one. Whatever the
    bytes, the outcome is the records or a DataError (exit 5), never a crash."""
    with _file_faults(name):
        return _parse(data, name)


def _parse(data: bytes, name: str) -> tuple[str, list[Retro]]:
    fmt, records = read_records(decode(data, name), name)
    return fmt, list(_convert(fmt, records, name))


def _convert(fmt: str, records: Iterable[Record], name: str) -> Iterator[Retro]:
    now = utc_now()
    if fmt == "jrnl-json":
        return (_jrnl(_Fields(name, label, rec)) for label, rec in records)
    return (
        (type(rec) is dict and _ours_fast(rec, now)) or _ours(_Fields(name, label, rec), now) for label, rec in records
    )


def _lines(fh: BinaryIO, name: str, start: int = 0, offset: int = 0) -> Iterator[tuple[int, str]]:
    """(line number, text) of each line of ``fh``, decoded as UTF-8 one line at a time (a BOM is dropped);
    ``start`` lines and ``offset`` bytes were read before."""
    for number, raw in enumerate(fh, start + 1):
        text = _decode(raw, number, offset, name)
        offset += len(raw)
        yield number, text


def _decode(raw: bytes, number: int, offset: int, name: str) -> str:
    """Line ``number`` (``offset`` bytes into the file) as text, or the error naming the byte that is not UTF-8."""
    try:
        return raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(
            _("{name}: not valid UTF-8 (byte 0x{raw:02x} at offset {value})").format(
                name=name, raw=raw[exc.start], value=offset + exc.start
            )
        ) from None


_scan: Callable[[str, int], tuple[Any, int]] = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[arg-type]
"""What ``json.loads`` runs on a string once it has stepped over leading white space (typeshed misnames the
parameter's type)."""
_JSON_SPACE = " \t\n\r"


def _loads(line: str) -> Any:
    """``json.loads(line)`` without its pure-Python steps for a line that starts with its value and ends with
    JSON white space; anything else goes to ``json.loads`` (and its error messages)."""
    try:
        value, end = _scan(line, 0)
    except StopIteration:
        return json.loads(line)
    if end != len(line) and line[end:].strip(_JSON_SPACE):
        return json.loads(line)
    return value


def _jsonl_stream(lines: Iterable[tuple[int, str]], name: str) -> Iterator[Record]:
    for number, line in lines:
        if not line or line.isspace():  # blank (str.strip() would copy every line to find out)
            continue
        try:
            yield f"line {number}", _loads(line)
        except json.JSONDecodeError as exc:
            raise _not_json(name, number, exc) from None


def _not_json(name: str, number: int, exc: json.JSONDecodeError) -> DataError:
    return DataError(
        _("{name}: line {number}: not valid JSON (column {colno}: {msg})").format(
            name=name, number=number, colno=exc.colno, msg=exc.msg
        )
    )


def _jsonl_file(fh: BinaryIO, name: str, start: int, offset: int) -> Iterator[Record]:
    """``_jsonl_stream`` over the rest of ``fh`` (after ``start`` lines, ``offset`` bytes), decoding each line
    in the same loop: a million records spend a fifth of a second on one more generator between the two."""
    for number, raw in enumerate(fh, start + 1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            _decode(raw, number, offset, name)  # raises the error that names the byte
            raise
        offset += len(raw)
        if not line or line.isspace():
            continue
        try:
            yield f"line {number}", _loads(line)
        except json.JSONDecodeError as exc:
            raise _not_json(name, number, exc) from None


def read_stream(fh: BinaryIO, name: str) -> tuple[str, Iterator[Record], int | None]:
    """Detect the format from the first line: JSON lines are read one at a time (flat memory whatever the
    size); a JSON document is read whole. Returns the format, the records and how many (None if unknown)."""
    head: list[tuple[int, str]] = []
    offset = 0
    for number, raw in enumerate(fh, 1):
        head.append((number, _decode(raw, number, offset, name)))
        offset += len(raw)
        if head[-1][1].strip():
            break
    first = head[-1][1] if head and head[-1][1].strip() else None
    try:
        value = json.loads(first) if first is not None else None
    except ValueError:
        value = None
    if isinstance(value, dict) and not {"format", "entries", "retros"} & value.keys():
        rest = _jsonl_file(fh, name, len(head), offset)
        return "reflee-jsonl", chain(_jsonl_stream(head, name), rest), _count_records(fh)
    text = "".join(t for _, t in chain(head, _lines(fh, name, len(head), offset)))
    fmt, records = read_records(text, name)
    return fmt, iter(records), len(records)


def _count_records(fh: BinaryIO) -> int | None:
    """Non-blank lines from the start of a seekable file (for progress), leaving the position as it was."""
    if not fh.seekable():
        return None
    here = fh.tell()
    fh.seek(0)
    count = sum(1 for raw in fh if raw and not raw.isspace())
    fh.seek(here)
    return count


_STAGE = (
    "CREATE TABLE stage.retro_import (id TEXT PRIMARY KEY, entry_date TEXT, purpose TEXT, content TEXT,"
    " digest BLOB UNIQUE, version INTEGER, created_at TEXT, updated_at TEXT, deleted_at TEXT,"
    " fresh INTEGER NOT NULL DEFAULT 1)"
)
"""The records being imported. The content hash is staged as its 32 bytes (``store.content_digest``): a million
of them in the unique index take half the pages of their hexadecimal text, which is what that index spends
its time reading and writing."""
_STAGED = "id, entry_date, purpose, content, digest, version, created_at, updated_at, deleted_at"
_FROM_STAGE = "id, entry_date, purpose, content, lower(hex(digest)), version, created_at, updated_at, deleted_at"
_STAGE_TAGS = "CREATE TABLE stage.retro_import_tag (retro_id TEXT, tag TEXT, seq INTEGER)"
"""The records' tags, each with its record's place in the file (``seq``), which is also the staged record's
rowid: the tags of a record skipped for an ID an earlier one had stay out with it."""


def _stage(conn: sqlite3.Connection, batch: list[Retro], first: int) -> int:
    """Into the staging tables (``first``: the place in the file of the batch's first record); a record whose
    ID or text an earlier one had is ignored (the first wins). Returns how many were staged."""
    rows = []
    for n, r in enumerate(batch):
        utf8, digest = bulkload.utf8_and_digest(r)
        rows.append(
            (
                first + n,
                r.id,
                r.entry_date,
                r.purpose,
                utf8,
                digest,
                r.version,
                r.created_at,
                r.updated_at,
                r.deleted_at,
            )
        )
    staged = conn.executemany(
        f"INSERT OR IGNORE INTO stage.retro_import (rowid, {_STAGED})"
        f" VALUES (?, ?, ?, ?, {bulkload.CONTENT}, ?, ?, ?, ?, ?)",
        rows,
    ).rowcount
    conn.executemany(
        "INSERT INTO stage.retro_import_tag (retro_id, tag, seq) VALUES (?, ?, ?)",
        [(r.id, t, first + n) for n, r in enumerate(batch) for t in r.tags],
    )
    return staged


DEFER_MIN = 10_000
"""From this many new records on, the import stores them without indexing them for search and lists them in
the backlog (reflee.retro.backlog), indexed after the import commits; fewer are indexed as they are stored."""


def _copy_fresh(conn: sqlite3.Connection, staged: int, dry_run: bool) -> tuple[int, int]:
    """Mark staged records already stored (same ID or same text), copy the rest into ``retro``; how many, and
    how many of them wait in the search-index backlog. ``staged`` is how many records the staging table holds.
    Each pass over a staged million records reads a gigabyte back, so the count comes from the marking (none
    at all into an empty table) rather than from another pass."""
    last = conn.execute("SELECT coalesce(max(rowid), 0) FROM main.retro").fetchone()[0]
    stale = 0
    if last:
        stale = conn.execute(
            "UPDATE stage.retro_import SET fresh = 0"
            " WHERE EXISTS (SELECT 1 FROM main.retro m WHERE m.id = retro_import.id)"
            " OR EXISTS (SELECT 1 FROM main.retro m WHERE m.content_hash = lower(hex(retro_import.digest)))"
        ).rowcount
    fresh = staged - stale
    if dry_run:
        return fresh, 0
    # One statement: FTS5 flushes its pending index at every statement end, so this is far faster than one
    # INSERT per record, and the triggers still index every row (or, for many, the backlog lists them).
    deferred = fresh >= DEFER_MIN
    if deferred:
        stored = conn.execute("SELECT count(*) FROM main.retro").fetchone()[0]
    with bulkload.in_bulk(conn, last, fresh >= stored * bulkload.REBUILD_RATIO) if deferred else nullcontext():
        conn.execute(
            f"INSERT INTO main.retro ({_COLUMNS}) SELECT {_FROM_STAGE} FROM stage.retro_import"
            f" {'WHERE fresh ' if stale else ''}ORDER BY rowid"
        )
        # The tags of the records just copied, found in the ID indexes rather than by another pass over the
        # staged records: the staged record with the tag's ID is the tag's own (not an earlier one with its ID),
        # and was copied (a record skipped for its text has an ID that is not among the new rows; when none was
        # marked as stored already, every staged record was copied).
        copied = " AND EXISTS (SELECT 1 FROM main.retro m WHERE m.id = t.retro_id AND m.rowid > ?)" if stale else ""
        conn.execute(
            "INSERT OR IGNORE INTO retro_tag (retro_id, tag) SELECT t.retro_id, t.tag FROM stage.retro_import_tag t"
            f" WHERE EXISTS (SELECT 1 FROM stage.retro_import r {by_id('retro_import')}"
            f" WHERE r.id = t.retro_id AND r.rowid = t.seq){copied}",
            (last,) if stale else (),
        )
    return fresh, fresh if deferred else 0


PROGRESS_EVERY = 500
"""Records checked between two progress reports (and cancel checks)."""
BATCH = 2000
"""Records checked and staged together; memory holds about one batch, whatever the file's size."""


def import_retros(
    conn: sqlite3.Connection,
    data: bytes,
    name: str,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> ImportResult:
    """Import all records of ``data`` (named ``name`` in messages); see ``import_stream``."""
    return import_stream(conn, io.BytesIO(data), name, dry_run=dry_run, progress=progress, cancel=cancel)


def import_stream(
    conn: sqlite3.Connection,
    fh: BinaryIO,
    name: str,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> ImportResult:
    """Import every record read from ``fh`` (named ``name`` in messages) atomically, skipping known ones.

    Records are checked and staged in a temporary table a batch at a time, then copied in with one
    statement, all inside one transaction: a bad record anywhere, a cancel or a crash leaves nothing
    imported. ``progress(done, total)`` is called as records are checked (total is None when it cannot be
    known, e.g. JSON lines on a pipe); cancelling ``cancel`` before the end raises CancelledError.
    Whatever the bytes, the outcome is the result or a DataError (exit 5), never a crash."""
    with _file_faults(name):
        return _import_stream(conn, fh, name, dry_run=dry_run, progress=progress, cancel=cancel)


def _import_stream(
    conn: sqlite3.Connection,
    fh: BinaryIO,
    name: str,
    *,
    dry_run: bool,
    progress: Progress | None,
    cancel: CancelToken | None,
) -> ImportResult:
    fmt, records, total = read_stream(fh, name)
    retros = _convert(fmt, records, name)

    def tick(done: int) -> None:
        if progress is not None:
            progress(done, total)
        if cancel is not None:
            cancel.raise_if_cancelled()

    def run() -> ImportResult:
        if bulk and total is not None and bulkload.is_empty(conn):
            done, fresh = bulkload.into_empty(conn, retros, total, tick, PROGRESS_EVERY)
            waiting = fresh  # every record written straight in waits in the search-index backlog
        else:
            conn.execute(_STAGE)
            conn.execute(_STAGE_TAGS)
            staged = done = 0
            tick(0)
            for batch in bulkload.batched(retros, BATCH, tick, PROGRESS_EVERY):
                staged += _stage(conn, batch, done + 1)
                done += len(batch)
            fresh, waiting = _copy_fresh(conn, staged, dry_run)
        tick(done)  # the last chance to cancel: the transaction is not committed yet
        return ImportResult(fmt, fresh, done - fresh, dry_run, name, unindexed=waiting)

    bulk = not dry_run and total is not None and total >= DEFER_MIN
    with (
        heap.few_collections(),
        bulkdb.own_journal(conn, bulk),
        bulkdb.foreign_keys_off(conn, bulk),  # tags refer to records written in the same transaction
        _staging(conn),
        bulkdb.page_cache(conn, -CACHE_KB, "main", "stage"),
    ):
        if dry_run:
            return run()
        with db.transaction(conn):
            return run()


CACHE_KB = 32 * 1024
"""The page cache of the database and of the staging tables while importing (SQLite's default is 2 MB): the
hash and short-ID indexes take random inserts, and with the default cache a million records cost more system
time re-reading and re-writing their pages than the rest of the import. Peak memory at a million records is
about 120 MB."""


STAGE_PAGE = 16 * 1024
"""The staging database's page size (SQLite's default is 4 KiB): a million staged records are a gigabyte that
spills to a temporary file, and larger pages move it in a quarter of the system calls. Measured at 1M records,
whole import: 4 KiB 46.8 s, 16 KiB 42.3 s, 32 KiB 42.2 s CPU; at 300k 12.1 / 11.3 / 11.3 s."""


@contextmanager
def _staging(conn: sqlite3.Connection) -> Iterator[None]:
    """A private scratch database (``stage``) for the records being checked, attached for the import and
    detached afterwards: SQLite deletes its file then, where dropping a staged million-row table would read
    every page of it back to free them. Nothing in it is worth a sync to disk."""
    if any(row[1] == "stage" for row in conn.execute("PRAGMA database_list")):
        conn.execute("DETACH DATABASE stage")  # left by an import interrupted in this session
    conn.execute("ATTACH DATABASE '' AS stage")
    try:
        conn.execute(f"PRAGMA stage.page_size = {STAGE_PAGE}")  # before anything is created in it
        conn.execute("PRAGMA stage.journal_mode = MEMORY")
        conn.execute("PRAGMA stage.synchronous = OFF")
        yield
    finally:
        conn.execute("DETACH DATABASE stage")
