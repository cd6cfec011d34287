"""`ledger import`: read a bank CSV, map it (an ImportSpec and/or a saved profile), check every row, drop
what was imported before, and add the rest in one transaction.

The importer is handed what it needs from the ledger (its connection, today, the budget check); it never
imports reflee.ledger.service, which reaches it through ``LedgerService.import_csv``.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reflee import db, ids
from reflee.cancel import CancelToken, check
from reflee.dates import utc_now
from reflee.errors import DataError, NotFoundError, UsageError
from reflee.i18n import _
from reflee.ledger import csvread, fields, import_store, store
from reflee.ledger.csvimport import RowParser, compile_rules
from reflee.ledger.csvspec import locate
from reflee.ledger.models import ImportResult, ImportSpec, Profile, Row, RowError, Txn

Progress = Callable[[int, int | None], None]
"""progress(done, total): rows read of the file's rows, then rows saved of the rows to save."""
CheckAlerts = Callable[[Iterable[Txn]], list[str]]
INSERT_CHUNK = 5000
READ_BATCH = 2000
"""Rows parsed between progress reports and cancel checks."""


def _read(path: Path) -> bytes:
    try:
        if path.stat().st_size > csvread.MAX_BYTES:
            raise DataError(
                _("{name}: larger than {value} MB").format(name=path.name, value=csvread.MAX_BYTES // 1024 // 1024)
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise NotFoundError(_("{path} does not exist").format(path=path), field="file") from None
    except IsADirectoryError:
        raise UsageError(_("{path} is a directory, not a CSV file").format(path=path), field="file") from None
    except OSError as exc:
        raise DataError(
            _("cannot read {path}: {strerror}").format(path=path, strerror=exc.strerror), field="file"
        ) from None


def _still_fresh(
    conn: sqlite3.Connection, result: ImportResult, fresh: list[Row], params: list[tuple]
) -> tuple[list[Row], list[tuple]]:
    """Inside the write transaction: drop the rows that another import (of the same file, at the same time)
    saved since the duplicate check, and count them as duplicates, so that import does not fail."""
    taken = store.existing_keys(conn, [r.key for r in fresh])
    taken_ids = store.existing_ids(conn, [r.id for r in fresh if r.id])
    late = {r.key for r in fresh if r.key in taken or (r.id and r.id in taken_ids)}
    if not late:
        return fresh, params
    for r in fresh:
        if r.key in late:
            r.status = "duplicate"
    result.duplicates += len(late)
    result.added -= len(late)
    return [r for r in fresh if r.key not in late], [p for p in params if p[11] not in late]


@dataclass
class Importer:
    conn: sqlite3.Connection
    today: Callable[[], date]
    check_alerts: CheckAlerts
    """The ledger's budget check, run in the import's transaction for this month's new rows."""

    def run(
        self,
        source: Path | bytes,
        spec: ImportSpec | None = None,
        *,
        name: str | None = None,
        default_currency: str = "KRW",
        rules: list[tuple[str, str]] | None = None,
        profile: str | None = None,
        save_profile: str | None = None,
        dry_run: bool = False,
        skip_invalid: bool = False,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> ImportResult:
        """Import a CSV file (a path, or its bytes with ``name``). A dry run writes nothing, not even the
        profile. Cancelling stops between batches of rows; nothing is written then either."""
        conn = self.conn
        spec = spec or ImportSpec()
        all_rules = list(rules or [])
        if profile:
            saved = import_store.get_profile(conn, profile)
            if saved is None:
                names = ", ".join(p.name for p in import_store.profiles(conn)) or "none saved yet"
                raise NotFoundError(
                    _("no import profile named {profile!r} ({names})").format(profile=profile, names=names),
                    field="profile",
                )
            spec = ImportSpec.from_json(saved.mapping).merged(spec)
            all_rules += saved.rules
        if save_profile is not None and not fields.clean_text(save_profile):
            raise UsageError(_("the name is empty"), field="save_profile")
        all_rules = list(dict.fromkeys(all_rules))  # the same rule twice (given and in the profile) is one rule
        compiled = compile_rules(all_rules)
        if isinstance(source, bytes):
            data, file_name = source, name or "stdin"
        else:
            data, file_name = _read(source), name or source.name
        decoded = csvread.decode(data, file_name, spec.encoding)
        delimiter = csvread.check_delimiter(spec.delimiter) if spec.delimiter else csvread.sniff_delimiter(decoded.text)
        records = csvread.rows(decoded.text, delimiter)
        cols, first = locate(spec, records, file_name)
        parser = RowParser(spec, cols, compiled, default_currency)
        body = records[first:]
        result = ImportResult(file_name, decoded.encoding, profile, dry_run, 0, skip_invalid=skip_invalid)
        rows: list[Row] = []
        id_lines: dict[str, int] = {}
        total = len(body)
        for n, (line, cells) in enumerate(body, start=1):
            parsed = parser.parse(line, cells)
            if isinstance(parsed, Row) and parsed.id and parsed.id in id_lines:
                parsed = RowError(line, "id", f"id: {parsed.id} is also on line {id_lines[parsed.id]}")
            if isinstance(parsed, Row):
                rows.append(parsed)
                if parsed.id:
                    id_lines[parsed.id] = line
            elif parsed is not None:
                result.errors.append(parsed)
            if n % READ_BATCH == 0:
                check(cancel)
                if progress:
                    progress(n, total)
        check(cancel)
        result.rows = len(rows) + len(result.errors)
        result.invalid = len(result.errors)
        checked_at = db.data_version(conn)  # what the duplicate check sees; _save checks again if it changed
        known = store.existing_keys(conn, [r.key for r in rows])
        known_ids = store.existing_ids(conn, [r.id for r in rows if r.id])
        fresh = []
        for r in rows:
            if r.key in known or (r.id and r.id in known_ids):
                r.status = "duplicate"
            else:
                fresh.append(r)
        result.duplicates = len(rows) - len(fresh)
        result.added = len(fresh)
        if dry_run:  # ``added`` then counts what would be added; nothing is written, not even a profile
            result.preview = rows
            return result
        if result.failed:
            raise result.failure()
        self._save(result, fresh, data, spec, all_rules, save_profile, progress, cancel, checked_at=checked_at)
        return result

    def _save(
        self,
        result: ImportResult,
        fresh: list[Row],
        data: bytes,
        spec: ImportSpec,
        rules: list[tuple[str, str]],
        save_profile: str | None,
        progress: Progress | None,
        cancel: CancelToken | None,
        *,
        checked_at: int | None = None,
    ) -> None:
        conn = self.conn
        now = utc_now()
        import_id = ids.new_id()
        # RFC 9562's monotonic random method: one fresh UUIDv7, then its 62-bit random tail counts up, so a
        # batch's IDs stay unique, time-ordered and valid UUIDv7s (100,000 new_id() calls cost ~0.15 s)
        first = int(ids.new_id(), 16) & ~(1 << 61)  # top random bit cleared: counting up never reaches the variant
        params = [
            (
                r.id or f"{first + n:032x}",
                r.date,
                r.kind,
                r.amount,
                r.currency,
                r.category,
                r.account,
                r.payee,
                r.memo,
                " ".join(r.tags),
                import_id,
                r.key,
                now,
                now,
                None,
            )
            for n, r in enumerate(sorted(fresh, key=lambda r: r.date))  # date order keeps index inserts local
        ]
        conn.execute("PRAGMA cache_size = -65536")  # 64 MB of page cache while the indexes grow
        with db.transaction(conn):  # a cancel (or any error) inside rolls everything back
            if checked_at is None or db.data_version(conn) != checked_at:
                fresh, params = _still_fresh(conn, result, fresh, params)
            import_store.record_import(
                conn,
                {
                    "id": import_id,
                    "file_name": result.file,
                    "file_sha256": hashlib.sha256(data).hexdigest(),
                    "encoding": result.encoding,
                    "profile": result.profile,
                    "rows_read": result.rows,
                    "rows_added": len(fresh),
                    "rows_duplicate": result.duplicates,
                    "rows_invalid": result.invalid,
                    "created_at": now,
                },
            )
            for start in range(0, len(params), INSERT_CHUNK):
                check(cancel)
                store.insert_many(conn, params[start : start + INSERT_CHUNK])
                if progress:
                    progress(min(start + INSERT_CHUNK, len(params)), len(params))
            check(cancel)
            if save_profile:
                name = fields.clean_text(save_profile)
                import_store.save_profile(conn, Profile(name, spec.to_json(), rules), now)
                result.saved_profile = name
            this_month = self.today().isoformat()[:7]
            touched = [
                Txn(id="", date=r.date, kind=r.kind, amount=r.amount, currency=r.currency, category=r.category)
                for r in fresh
                if r.date.startswith(this_month)  # only this month's budgets raise notifications
            ]
            if touched:
                result.alerts = self.check_alerts(touched)
        result.import_id = import_id

    def profiles(self) -> list[Profile]:
        return import_store.profiles(self.conn)

    def save_profile(self, name: str, spec: ImportSpec, rules: list[tuple[str, str]]) -> Profile:
        clean = fields.clean_text(name)
        if not clean:
            raise UsageError(_("the profile name is empty"), field="name")
        compile_rules(rules)
        profile = Profile(clean, spec.to_json(), rules)
        with db.transaction(self.conn):
            import_store.save_profile(self.conn, profile, utc_now())
        return profile

    def delete_profile(self, name: str) -> None:
        with db.transaction(self.conn):
            if not import_store.delete_profile(self.conn, name, utc_now()):
                raise NotFoundError(_("no import profile named {name!r}").format(name=name), field="name")
