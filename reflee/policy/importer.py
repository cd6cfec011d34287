"""Importing policy files: recognise each file, read every record, then upsert all in one transaction.

A file that is not a policy file (or is truncated) stops the import before anything is written. A record
that cannot be read is reported by its ID and skipped; the rest are imported. Policies are keyed by
(source, source ID): importing the same data again changes nothing.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from reflee import db
from reflee.cancel import CancelToken, check
from reflee.dates import utc_now
from reflee.errors import DataError
from reflee.i18n import _
from reflee.policy import formats, parse_gov24, parse_reflee, parse_youth, store
from reflee.policy.models import ImportProblem, ImportReport, Policy
from reflee.policy.normalize import RecordError, content_hash, policy_id

Progress = Callable[[int, int], None]
"""(done, total) after each record is written."""


_UNREADABLE = (TypeError, ValueError, OverflowError, RecursionError, AttributeError, KeyError, IndexError)
"""What a parser may raise on a value of a shape it never expected; the record is reported and skipped."""
SQLITE_INT = (-(2**63), 2**63 - 1)


def unreadable(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return _("nested too deeply to be a policy")
    return _("cannot be read: {problem}").format(problem=f"{type(exc).__name__}: {exc}"[:200])


def storable(policy: Policy, raw: Any) -> None:
    """Refuse, naming the field, what SQLite cannot store: whole numbers beyond 64 bits, text with unpaired
    surrogates (from JSON escapes such as \\ud800)."""

    def walk(value: Any, where: str) -> None:
        if isinstance(value, bool) or value is None:
            return
        if isinstance(value, int):
            if not SQLITE_INT[0] <= value <= SQLITE_INT[1]:
                raise RecordError(_("{field}: {value} is too large").format(field=where, value=value))
        elif isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise RecordError(_("{field}: not valid Unicode text").format(field=where)) from None
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for f in dataclasses.fields(value):
                walk(getattr(value, f.name), f"{where}.{f.name}" if where else f.name)
        elif isinstance(value, list | tuple):
            for i, item in enumerate(value):
                walk(item, f"{where}[{i}]")

    walk(policy, "")
    try:
        json.dumps(raw, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise RecordError(_("the record holds text that is not valid Unicode")) from None


@dataclass
class Parsed:
    file: str
    policy: Policy
    raw: Any


def read(
    conn: sqlite3.Connection,
    files: list[tuple[str, bytes]],
    report: ImportReport,
    cancel: CancelToken | None = None,
    reading: Progress | None = None,
) -> list[Parsed]:
    loaded = [formats.load(name, data) for name, data in files]  # raises DataError before anything is written
    return read_loaded(conn, loaded, report, cancel, reading)


def read_loaded(
    conn: sqlite3.Connection,
    loaded: list[formats.PolicyFile],
    report: ImportReport,
    cancel: CancelToken | None = None,
    reading: Progress | None = None,
) -> list[Parsed]:
    """Parse recognised files' records (the collector hands in API pages this way); a 공공서비스 serviceList row
    whose supportConditions row is not among them is joined with the stored one."""
    out: list[Parsed] = []
    keyed: dict[tuple[str, str], int] = {}

    def keep(parsed: Parsed) -> None:
        k = (parsed.policy.source, parsed.policy.source_id)
        if k in keyed:  # the same record twice: the later one wins
            out[keyed[k]] = parsed
            report.warnings.append(ImportProblem(parsed.file, k[1], "appears more than once; the last one was used"))
            report.total -= 1
        else:
            keyed[k] = len(out)
            out.append(parsed)

    # every record is checked once: a 공공서비스 row with its conditions, any other file's records one by one
    to_check = sum(len(f.records) for f in loaded if f.kind != "gov24_conditions")
    checked = 0

    def attempt(file: str, ident: str, make: Callable[[], tuple[Policy, list[str]]], raw: Any) -> None:
        nonlocal checked
        check(cancel)
        report.total += 1
        checked += 1
        if reading is not None:
            reading(min(checked, to_check), max(to_check, checked))
        try:
            policy, warnings = make()
            storable(policy, raw)
        except RecordError as exc:
            report.errors.append(ImportProblem(file, ident, str(exc)))
            return
        except _UNREADABLE as exc:  # a value of a type or size no parser expected: this record only
            report.errors.append(ImportProblem(file, ident, unreadable(exc)))
            return
        report.warnings.extend(ImportProblem(file, ident, w) for w in warnings)
        keep(Parsed(file, policy, raw))

    lists: dict[str, tuple[str, Any]] = {}
    conds: dict[str, tuple[str, Any]] = {}
    for f in loaded:
        for i, rec in enumerate(f.records, start=1):
            if f.kind == "youth":
                ident = (parse_youth.record_id(rec) if isinstance(rec, dict) else "") or f"#{i}"
                attempt(f.name, ident, partial(parse_youth.parse, rec), rec)
            elif f.kind == "reflee":
                ident = parse_reflee.record_id(rec) or f"#{i}"
                attempt(f.name, ident, partial(parse_reflee.parse, rec), rec)
            else:
                ident = parse_gov24.record_id(rec) if isinstance(rec, dict) else ""
                if not ident:
                    report.total += 1
                    report.errors.append(ImportProblem(f.name, f"#{i}", "서비스ID: missing"))
                    continue
                (lists if f.kind == "gov24_list" else conds)[ident] = (f.name, rec)
    for ident in [*lists, *(k for k in conds if k not in lists)]:
        stored = {} if ident in lists and ident in conds else (store.raw(conn, "gov24", ident) or {})
        file, row = lists.get(ident) or ("(stored)", stored.get("list"))
        cond_file, cond = conds.get(ident) or (None, stored.get("conditions"))
        if row is None:
            report.total += 1
            report.errors.append(
                ImportProblem(
                    cond_file or "", ident, "in supportConditions but in no serviceList; import its serviceList too"
                )
            )
            continue
        raw = {"list": row, "conditions": cond}
        attempt(file, ident, partial(parse_gov24.parse, row, cond), raw)
    return out


def write(
    conn: sqlite3.Connection,
    parsed: list[Parsed],
    report: ImportReport,
    progress: Progress | None,
    cancel: CancelToken | None = None,
) -> None:
    """Upsert every parsed record in one transaction; cancelling rolls all of it back."""
    now = utc_now()
    with db.transaction(conn):
        existing = store.known(conn)
        for done, item in enumerate(parsed, start=1):
            check(cancel)
            p = item.policy
            report.by_source[p.source] = report.by_source.get(p.source, 0) + 1
            raw = json.dumps(item.raw, ensure_ascii=False, separators=(",", ":"))
            digest = content_hash(p.source, raw)
            found = existing.get((p.source, p.source_id))
            if found is None:
                p.id = policy_id(p.source, p.source_id)
                p.created_at = p.updated_at = now
                store.insert(conn, p, digest, raw)
                report.inserted += 1
            elif found[1] == digest:
                report.unchanged += 1
            else:
                p.id, p.created_at, p.updated_at = found[0], found[2], now
                store.replace(conn, p, digest, raw)
                report.updated += 1
            if progress:
                progress(done, len(parsed))


def import_files(
    conn: sqlite3.Connection,
    files: list[tuple[str, bytes]],
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    reading: Progress | None = None,
) -> ImportReport:
    """Read every file, then write every record; ``cancel`` is checked between records (nothing is written
    unless the whole import completes). ``reading`` counts records read and checked, ``progress`` written."""
    report = ImportReport()
    try:
        parsed = read(conn, files, report, cancel, reading)
    except _UNREADABLE as exc:  # the last line of defence: a data error, never a crash
        names = ", ".join(name for name, _data in files)
        raise DataError(
            _("{files}: {problem}; nothing was imported").format(files=names, problem=unreadable(exc))
        ) from None
    write(conn, parsed, report, progress, cancel)
    return report
