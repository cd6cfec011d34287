"""Opening a statement for import: a CSV text file (checked and streamed by csvread) or a spreadsheet (read by
sheetread), its header row found, and the records below it handed out lazily."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import BinaryIO

from reflee.errors import DataError, NotFoundError, UsageError
from reflee.i18n import _
from reflee.ledger import csvread, sheetread
from reflee.ledger.csvspec import Columns, locate
from reflee.ledger.models import ImportSpec

Records = Iterator[tuple[int, list[str]]]


@dataclass
class Opened:
    format: str
    """csv, xlsx or xls."""
    encoding: str
    """The text encoding of a CSV file; the format of a spreadsheet."""
    sha256: str
    total: int | None
    """About how many records follow (for progress)."""
    cols: Columns
    header: list[str]
    preamble: list[list[str]]
    """The rows above the header (account, period, name)."""
    body: Records = field(repr=False)


@contextlib.contextmanager
def binary(source: Path | bytes) -> Iterator[BinaryIO]:
    if isinstance(source, bytes):
        yield io.BytesIO(source)
        return
    try:
        fh = source.open("rb")
    except FileNotFoundError:
        raise NotFoundError(_("{path} does not exist").format(path=source), field="file") from None
    except IsADirectoryError:
        raise UsageError(_("{path} is a directory, not a CSV file").format(path=source), field="file") from None
    except OSError as exc:
        raise DataError(
            _("cannot read {path}: {strerror}").format(path=source, strerror=exc.strerror), field="file"
        ) from None
    with fh:
        yield fh


def _split(spec: ImportSpec, records: Records, name: str) -> tuple[Columns, list[str], list[list[str]], Records]:
    head = list(islice(records, (spec.skip or 0) + csvread.HEADER_SCAN))
    cols, first = locate(spec, head, name)
    header = head[first - 1][1] if cols.header_line else []
    preamble = [cells for _line, cells in head[: max(first - 1, 0)]]
    return cols, [c.strip() for c in header], preamble, chain(head[first:], records)


def open_statement(fh: BinaryIO, name: str, spec: ImportSpec) -> Opened:
    fh.seek(0)
    kind = sheetread.kind_of(fh.read(8))
    if kind is None:
        checked = csvread.check_stream(fh, name, spec.encoding)
        text = csvread.head_text(fh, checked.encoding)
        delimiter = csvread.check_delimiter(spec.delimiter) if spec.delimiter else csvread.sniff_delimiter(text)
        records = csvread.stream_rows(fh, checked.encoding, delimiter)
        cols, header, preamble, body = _split(spec, records, name)
        total = max(checked.lines - cols.header_line, 0)
        return Opened("csv", checked.encoding, checked.sha256, total, cols, header, preamble, body)
    book = sheetread.open_book(fh, name)
    first_error: DataError | None = None
    for index in range(len(book.names)):
        height, records = book.sheet(index)
        try:
            cols, header, preamble, body = _split(spec, records, name)
        except DataError as exc:  # another sheet may hold the statement (a cover sheet first)
            first_error = first_error or exc
            continue
        return Opened(kind, kind, book.sha256, max(height - cols.header_line, 0), cols, header, preamble, body)
    assert first_error is not None
    raise first_error
