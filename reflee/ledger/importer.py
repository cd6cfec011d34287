"""`ledger import`: read a bank or card statement (CSV or spreadsheet), map it (an ImportSpec and/or a saved
profile), check every row, drop what was imported before, and add the rest in one transaction. Rows are read,
checked and inserted in batches, so a file of a million rows takes no more memory than one of a thousand.

The importer is handed what it needs from the ledger (its connection, today, the budget check); it never
imports reflee.ledger.service, which reaches it through ``LedgerService.import_csv``.
"""

from __future__ import annotations

import sqlite3
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice
from operator import attrgetter
from pathlib import Path
from typing import cast

from reflee import bulkdb, db, heap, ids
from reflee.cancel import CancelToken, check
from reflee.dates import utc_now
from reflee.errors import DataError, NotFoundError, UsageError
from reflee.i18n import _
from reflee.ledger import bulk, csvread, fields, import_store, statement, store
from reflee.ledger.csvimport import RowParser, compile_rules
from reflee.ledger.models import EXPENSE, INCOME, ImportResult, ImportSpec, Profile, Row, RowError, Txn
from reflee.ledger.occurrence import Occurrences
from reflee.ledger.source import Opened, binary, open_statement

Progress = Callable[[int, int | None], None]
"""progress(done, total): rows read of the file's rows, then (a file read whole first) rows saved."""
CheckAlerts = Callable[[Iterable[Txn]], list[str]]
BATCH = 20_000
"""Rows of a streamed file checked against the ledger and inserted at a time (bigger batches visit the
random-keyed import_key index's pages fewer times: 10% less CPU at a million rows than 5,000)."""
INSERT_CHUNK = 5000
"""Rows of a file read whole first inserted at a time (between progress reports and cancel checks)."""
READ_BATCH = 2000
"""Rows parsed between progress reports and cancel checks."""
BUFFER_ROWS = 20_000
"""A file of at most this many rows is read and checked before the write lock is taken (a concurrent import
waits less); a longer one is streamed in batches inside the one write transaction, so memory stays flat."""
KEPT_ERRORS = 1000
"""Invalid rows listed in the result (all are counted)."""
CACHE_KB = 32768
"""SQLite's page cache while an import's indexes grow (32 MB: part of the import's flat memory)."""
ID_LINES = 100_000
"""Lines remembered of rows carrying a reflee ID, to name the first line of an ID given twice."""
_by_date = attrgetter("date")
_kind = attrgetter("kind")
_key = attrgetter("key")
_currency = attrgetter("currency")
_tags = attrgetter("tags")


def _batches(first: list[Row], rest: Iterator[Row]) -> Iterator[list[Row]]:
    """``first`` (emptied: its rows are let go batch by batch), then the rest, in batches."""
    chunks = [first[start : start + INSERT_CHUNK] for start in range(0, len(first), INSERT_CHUNK)]
    first.clear()
    chunks.reverse()
    while chunks:
        yield chunks.pop()
    while batch := list(islice(rest, BATCH)):
        yield batch


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
        """Import a statement (a path, or its bytes with ``name``): CSV text or a spreadsheet. A dry run writes
        nothing, not even the profile. Cancelling stops between batches of rows; nothing is written then either."""
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
        file_name = (name or "stdin") if isinstance(source, bytes) else (name or source.name)
        if isinstance(source, Path) and source.is_file() and source.stat().st_size > csvread.MAX_BYTES:
            raise DataError(
                _("{name}: larger than {value} MB").format(name=file_name, value=csvread.MAX_BYTES // 1024 // 1024)
            )
        with heap.few_collections(), binary(source) as fh:
            opened = open_statement(fh, file_name, spec)
            cols = opened.cols
            card = "amount" in cols.index and csvread.header_key(cols.names["amount"]) in statement.CARD_AMOUNTS
            parser = RowParser(
                spec,
                cols,
                compiled,
                default_currency,
                positive=EXPENSE if card else INCOME,
                span=statement.period(opened.preamble, file_name),
                today=self.today(),
                expected=opened.total,
            )
            result = ImportResult(file_name, opened.encoding, profile, dry_run, 0, skip_invalid=skip_invalid)
            result.format, result.positive = opened.format, parser.positive
            watch = statement.Watch()
            rows = self._rows(parser, opened, result, watch, progress, cancel)
            buffered = list(islice(rows, BUFFER_ROWS + 1))
            streamed = len(buffered) > BUFFER_ROWS
            with_ids = "id" in cols.index  # only a statement with an ID column (a reflee export) has rows with IDs
            if dry_run:
                for batch in _batches(buffered, rows):
                    self._mark(batch, result, with_ids=with_ids)
                    result.preview.extend(batch)
            elif not streamed and result.failed:
                raise result.failure()
            else:
                self._save(
                    result,
                    _batches(buffered, rows),
                    opened.sha256,
                    spec,
                    all_rules,
                    save_profile,
                    None if streamed else progress,
                    cancel,
                    expected=opened.total if streamed else len(buffered),
                    with_ids=with_ids,
                    shared_currency=lambda: parser.shared_currency,
                )
        result.warnings = statement.warnings(watch, opened.header, cols.names, parser.positive)
        return result

    def _rows(
        self,
        parser: RowParser,
        opened: Opened,
        result: ImportResult,
        watch: statement.Watch,
        progress: Progress | None,
        cancel: CancelToken | None,
    ) -> Iterator[Row]:
        """The valid rows, read lazily; invalid rows, footer rows and kinds are counted into ``result``."""
        header = opened.header
        mapped = {i for idx in opened.cols.index.values() for i in idx}
        unmapped = [i for i in range(len(header)) if i not in mapped]
        date_at = opened.cols.index["date"][0]
        id_lines: dict[str, int] = {}
        id_seen = Occurrences()
        after_footer = False
        n = 0
        body = opened.body
        while chunk := list(islice(body, READ_BATCH)):
            parsed_chunk, plain = parser.parse_many(chunk)
            if len(chunk) == READ_BATCH:  # every READ_BATCH records read
                check(cancel)
                if progress:
                    progress(n + READ_BATCH, opened.total)
            if plain:  # every record a Row without an ID: counted a batch at a time
                n += len(chunk)
                incomes = list(map(_kind, parsed_chunk)).count(INCOME)
                result.rows += len(chunk)
                result.income += incomes
                result.expense += len(chunk) - incomes
                for _line, cells in islice(chunk, max(watch.sample - watch.seen, 0)):
                    watch.look(cells, unmapped)
                yield from cast(list[Row], parsed_chunk)
                continue
            for (line, cells), parsed in zip(chunk, parsed_chunk, strict=True):
                n += 1
                if parsed is None:
                    continue
                if isinstance(parsed, Row):
                    if ident := parsed.id:
                        if id_seen.count(hash(ident)) > 1:
                            where = id_lines.get(ident)
                            also = f"line {where}" if where else "an earlier line"
                            parsed = RowError(line, "id", f"id: {ident} is also on {also}")
                        elif len(id_lines) < ID_LINES:
                            id_lines[ident] = line
                    if isinstance(parsed, Row):
                        result.rows += 1
                        if parsed.kind == INCOME:
                            result.income += 1
                        else:
                            result.expense += 1
                        if watch.seen < watch.sample:
                            watch.look(cells, unmapped)
                        yield parsed
                        continue
                date_cell = cells[date_at].strip() if date_at < len(cells) else ""
                repeated = bool(header) and [c.strip() for c in cells] == header
                if repeated or statement.is_footer(cells, date_cell, after_footer):
                    after_footer = after_footer or not repeated
                    result.footer_rows += 1
                    if len(result.footer) < statement.KEPT:
                        result.footer.append((line, statement.footer_text(cells)))
                    continue
                result.rows += 1
                result.invalid += 1
                if len(result.errors) < KEPT_ERRORS:
                    result.errors.append(parsed)
        check(cancel)
        watch.income, watch.expense = result.income, result.expense
        watch.signed, watch.negative = parser.signed, parser.negative

    def _mark(
        self,
        batch: list[Row],
        result: ImportResult,
        suspended: bulk.Suspended | None = None,
        *,
        with_ids: bool = True,
    ) -> list[Row]:
        """The rows of ``batch`` not imported before; the others are marked and counted as duplicates. Each pass
        over a batch's rows counts at a million (they are no longer in the CPU's caches), so the keys are
        gathered only when there are keys to look for (``bulk.existing_keys`` reads none in a ledger with no
        imported rows), and the IDs only ``with_ids``."""
        keys = map(_key, batch)
        if suspended is None:  # a dry run: nothing is set aside
            known = store.existing_keys(self.conn, list(keys))
        else:
            known = bulk.existing_keys(self.conn, suspended, keys)
        known_ids = store.existing_ids(self.conn, [r.id for r in batch if r.id]) if with_ids else set()
        if not known and not known_ids:  # nothing seen before (a new ledger, new statements): all are fresh
            result.added += len(batch)
            return batch
        fresh = []
        for r in batch:
            if r.key in known or (r.id and r.id in known_ids):
                r.status = "duplicate"
                result.duplicates += 1
            else:
                fresh.append(r)
                result.added += 1
        return fresh

    def _save(
        self,
        result: ImportResult,
        batches: Iterator[list[Row]],
        sha256: str,
        spec: ImportSpec,
        rules: list[tuple[str, str]],
        save_profile: str | None,
        progress: Progress | None,
        cancel: CancelToken | None,
        *,
        expected: int | None = None,
        with_ids: bool = True,
        shared_currency: Callable[[], str | None] = lambda: None,
    ) -> None:
        """Check and insert batch after batch inside one write transaction: the duplicate check sees what any
        other import committed, and a failure (an invalid row, a cancel, a refused insert) rolls it all back.
        ``expected`` (about how many rows the file has) decides whether the rows are loaded in bulk; whether rows
        may carry IDs and ``shared_currency()`` (the currency of every row read so far, which have no tags, or
        None) spare passes over each batch."""
        conn = self.conn
        now = utc_now()
        import_id = ids.new_id()
        # RFC 9562's monotonic random method: one fresh UUIDv7, then its 62-bit random tail counts up, so a
        # batch's IDs stay unique, time-ordered and valid UUIDv7s (100,000 new_id() calls cost ~0.15 s)
        first = int(ids.new_id(), 16) & ~(1 << 61)  # top random bit cleared: counting up never reaches the variant
        high, counter = f"{first >> 64:016x}", first & ((1 << 64) - 1)  # and never carries into the high half
        this_month = self.today().isoformat()[:7]
        next_month = f"{this_month}~"  # after every date of the month ("~" sorts after the digits and "-")
        touched: list[Txn] = []
        in_bulk = bulk.wanted(expected, import_store.last_rowid(conn))
        # a bulk load sorts the rebuilt indexes' keys: in temporary files, so memory stays flat
        conn.execute(f"PRAGMA temp_store = {'FILE' if in_bulk else 'MEMORY'}")
        # a cancel (or any error) inside the transaction rolls everything back
        with (
            bulkdb.own_journal(conn, in_bulk),
            bulkdb.foreign_keys_off(conn, in_bulk),  # the rows refer only to the import recorded below
            bulkdb.page_cache(conn, -CACHE_KB),
            db.transaction(conn),
        ):
            record = {
                "id": import_id,
                "file_name": result.file,
                "file_sha256": sha256,
                "encoding": result.encoding,
                "profile": result.profile,
                "rows_read": 0,
                "rows_added": 0,
                "rows_duplicate": 0,
                "rows_invalid": 0,
                "created_at": now,
            }
            import_store.record_import(conn, record)
            after = import_store.last_rowid(conn)
            suspended = bulk.suspend(conn, after, indexes=in_bulk)  # the per-row triggers, and the indexes in bulk
            for batch in batches:
                check(cancel)
                fresh = self._mark(batch, result, suspended, with_ids=with_ids)
                if result.failed:
                    continue  # read on to count and report every invalid row; the rollback drops the rest
                fresh.sort(key=_by_date)  # date order keeps index inserts local (and index builds' sorts short)
                self._insert(import_id, now, fresh, high, counter, shared_currency())
                counter += len(fresh)
                # only this month's budgets raise notifications: its rows are together in the sorted batch
                start = bisect_left(fresh, this_month, key=_by_date)
                month = fresh[start : bisect_left(fresh, next_month, start, key=_by_date)]
                touched += [
                    Txn(id="", date=r.date, kind=r.kind, amount=r.amount, currency=r.currency, category=r.category)
                    for r in month
                ]
                if progress:
                    progress(result.added + result.duplicates, result.rows)
            check(cancel)
            if result.failed:
                raise result.failure()
            bulk.restore(conn, suspended)
            import_store.outbox_import(conn, after, many=in_bulk)
            import_store.finish_import(
                conn,
                import_id,
                rows=result.rows,
                added=result.added,
                duplicates=result.duplicates,
                invalid=result.invalid,
            )
            if save_profile:
                name = fields.clean_text(save_profile)
                import_store.save_profile(conn, Profile(name, spec.to_json(), rules), now)
                result.saved_profile = name
            if touched:
                result.alerts = self.check_alerts(touched)
        result.import_id = import_id

    def _insert(
        self, import_id: str, now: str, fresh: list[Row], high: str, counter: int, shared: str | None = None
    ) -> None:
        """Insert ``fresh``, giving a row without a reflee ID the next of the import's IDs (``high`` and
        ``counter`` onwards). A batch whose rows share one currency and have no tags (a statement has one
        currency and no tag column) writes those two into the statement once instead of binding them per row:
        ``shared`` says the rows do (that currency), else each batch is looked at."""
        rows = [
            (
                r.id or f"{high}{counter + n:016x}",
                r.date,
                r.kind,
                r.amount,
                r.category,
                r.account,
                r.payee,
                r.memo,
                r.key,
            )
            for n, r in enumerate(fresh)
        ]
        if shared is None:
            currencies = set(map(_currency, fresh))
            if len(currencies) == 1 and not any(map(_tags, fresh)):
                shared = currencies.pop()
        if shared is not None:
            import_store.insert_rows(self.conn, import_id, now, rows, currency=shared)
        else:
            import_store.insert_rows(
                self.conn,
                import_id,
                now,
                [(*row, r.currency, " ".join(r.tags) if r.tags else "") for row, r in zip(rows, fresh, strict=True)],
            )

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
