"""Reading a whole source from its API into parsed policies (nothing is written here).

A source is read page by page (reflee.policy.fetch), checked whole — every page answered, the number of records
the API announced actually received — and only then parsed with the importer's parsers, exactly as if the
pages had been imported as files. 공공서비스 serviceList rows are joined with their supportConditions rows by
서비스ID; an incremental read asks only for services changed since a day (``cond[수정일시::GTE]``) and then
their conditions, one by one when they are few.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from reflee.errors import DataError
from reflee.i18n import _
from reflee.policy import formats, importer, parse_gov24, parse_youth
from reflee.policy.fetch import Fetcher
from reflee.policy.models import ImportReport
from reflee.policy.sources import GOV24, YOUTH, Page, gov24_request, read_gov24, read_youth, youth_request

YOUTH_PAGE_SIZE = 100
GOV24_PAGE_SIZE = 1000
ONE_BY_ONE = 50
"""An incremental 공공서비스 read asks for at most this many services' conditions one by one; more, and it
reads the whole supportConditions listing instead."""


@dataclass
class Batch:
    source: str
    parsed: list[importer.Parsed]
    seen: set[str]
    """Every source ID received, readable or not (a record that could not be read is not 'removed')."""
    complete: bool
    """Whether this is the whole source (only then do policies missing from it count as removed)."""
    pages: int = 0
    read: int = 0
    report: ImportReport = field(default_factory=ImportReport)
    download_s: float = 0.0
    """Seconds spent fetching pages (the rest of reading is checking and parsing)."""


@dataclass
class Endpoint:
    url: str
    key: str
    page_size: int


def read_youth_source(
    conn: sqlite3.Connection, fetcher: Fetcher, ep: Endpoint, on_page: Callable[[str, int], None] | None = None
) -> Batch:
    t0 = time.perf_counter()
    pages = fetcher.listing(
        youth_request(ep.url, ep.key, 1, ep.page_size),
        lambda n: youth_request(ep.url, ep.key, n, ep.page_size),
        read_youth,
        ep.page_size,
        on_page,
    )
    download = time.perf_counter() - t0
    records = _whole("getPlcy", pages, parse_youth.record_id)
    batch = _parse(conn, YOUTH, [formats.PolicyFile("getPlcy", "youth", records)], records, len(pages), complete=True)
    batch.download_s = download
    return batch


def read_gov24_source(
    conn: sqlite3.Connection,
    fetcher: Fetcher,
    ep: Endpoint,
    since: date | None,
    on_page: Callable[[str, int], None] | None = None,
) -> Batch:
    def listing(endpoint: str, cond: dict[str, str] | None = None) -> list[Page]:
        return fetcher.listing(
            gov24_request(ep.url, endpoint, ep.key, 1, ep.page_size, cond),
            lambda n: gov24_request(ep.url, endpoint, ep.key, n, ep.page_size, cond),
            read_gov24,
            ep.page_size,
            on_page,
        )

    t0 = time.perf_counter()
    if since is None:
        list_pages, cond_pages = listing("serviceList"), listing("supportConditions")
        rows = _whole("serviceList", list_pages, parse_gov24.record_id)
        conds = _whole("supportConditions", cond_pages, parse_gov24.record_id)
        complete = True
    else:
        list_pages = listing("serviceList", {"cond[수정일시::GTE]": since.strftime("%Y%m%d") + "000000"})
        rows = _whole("serviceList", list_pages, parse_gov24.record_id)
        wanted = {parse_gov24.record_id(r) for r in rows}
        if not wanted:
            cond_pages = []
        elif len(wanted) <= ONE_BY_ONE:
            reqs = [
                gov24_request(ep.url, "supportConditions", ep.key, 1, 10, {"cond[서비스ID::EQ]": sid})
                for sid in sorted(wanted)
            ]
            cond_pages = fetcher.many(reqs, read_gov24)
        else:
            cond_pages = listing("supportConditions")
        conds = [r for p in cond_pages for r in p.records if parse_gov24.record_id(r) in wanted]
        complete = False
    download = time.perf_counter() - t0
    files = [
        formats.PolicyFile("serviceList", "gov24_list", rows),
        formats.PolicyFile("supportConditions", "gov24_conditions", conds),
    ]
    batch = _parse(conn, GOV24, files, rows, len(list_pages) + len(cond_pages), complete=complete)
    batch.download_s = download
    return batch


def _whole(endpoint: str, pages: list[Page], id_of: Callable[[dict[str, Any]], str]) -> list[dict[str, Any]]:
    """The records of every page, each once; refused unless as many arrived as the API announced."""
    records: list[dict[str, Any]] = []
    seen: set[str] = set()
    for page in pages:
        for rec in page.records:
            ident = id_of(rec) if isinstance(rec, dict) else ""
            if ident and ident in seen:
                continue
            seen.add(ident)
            records.append(rec)
    announced = {p.total for p in pages}
    if len(records) not in announced:
        raise DataError(
            _(
                "{endpoint}: {got} records arrived but the API announced {total}; the listing changed while it was "
                "read or pages went missing, so nothing was written (run it again)"
            ).format(endpoint=endpoint, got=len(records), total=pages[0].total)
        )
    return records


def _parse(
    conn: sqlite3.Connection,
    source: str,
    files: list[formats.PolicyFile],
    records: list[dict[str, Any]],
    pages: int,
    *,
    complete: bool,
) -> Batch:
    report = ImportReport()
    parsed = importer.read_loaded(conn, files, report)
    id_of = parse_youth.record_id if source == YOUTH else parse_gov24.record_id
    seen = {id_of(r) for r in records if isinstance(r, dict)}
    return Batch(source, parsed, seen, complete, pages, len(records), report)


def from_files(conn: sqlite3.Connection, files: list[tuple[str, bytes]]) -> list[Batch]:
    """Files read as an import would read them, one batch per source (never complete: nothing is removed)."""
    report = ImportReport()
    parsed = importer.read(conn, files, report)
    out: dict[str, Batch] = {}
    for item in parsed:
        batch = out.setdefault(item.policy.source, Batch(item.policy.source, [], set(), False, report=ImportReport()))
        batch.parsed.append(item)
        batch.seen.add(item.policy.source_id)
        batch.read += 1
    batches = list(out.values()) or [Batch("file", [], set(), False)]
    batches[0].report.errors = report.errors  # unreadable records: reported once, with their file and ID
    batches[0].read += len(report.errors)
    for batch in batches:
        batch.report.warnings = [w for w in report.warnings if w.record in batch.seen]
    return batches
