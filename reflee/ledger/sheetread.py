"""Reading a bank's or card company's spreadsheet (.xlsx, and the older .xls, .xlsb and .ods) with
python-calamine, into the same (row number, text cells) records as a CSV file.

The file is recognised by its first bytes, not its name: a ZIP (xlsx, ods) or an OLE compound file (xls). Cells
become the text a CSV export would hold: a whole number without '.0', a date as YYYY-MM-DD, a date and time as
YYYY-MM-DD HH:MM:SS. The first sheet with a header row is read; calamine holds one sheet in memory (Excel stops
at 1,048,576 rows), rows are handed over one at a time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, BinaryIO

from reflee.errors import DataError
from reflee.i18n import _

ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def kind_of(head: bytes) -> str | None:
    """'xlsx' (any ZIP: xlsx, ods) or 'xls' (an OLE file: xls, or an encrypted xlsx), else None (text)."""
    if head.startswith(ZIP):
        return "xlsx"
    if head.startswith(OLE):
        return "xls"
    return None


def cell_text(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ") if value.time() != time() else value.date().isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value)


@dataclass
class Sheets:
    names: list[str]
    book: Any
    sha256: str

    def sheet(self, index: int) -> tuple[int, Iterator[tuple[int, list[str]]]]:
        """(rows, records) of one sheet; row numbers as the spreadsheet shows them."""
        try:
            sheet = self.book.get_sheet_by_index(index)
        except Exception as exc:  # calamine's errors: a damaged sheet is a data error naming it
            raise DataError(
                _("sheet {sheet}: cannot be read ({reason})").format(sheet=self.names[index], reason=exc)
            ) from None
        start = (sheet.start or (0, 0))[0] + 1

        def records() -> Iterator[tuple[int, list[str]]]:
            for n, row in enumerate(sheet.iter_rows(), start=start):
                yield n, [cell_text(v) for v in row]

        return sheet.height, records()


def open_book(fh: BinaryIO, name: str) -> Sheets:
    from python_calamine import CalamineWorkbook, PasswordError

    fh.seek(0)
    digest = hashlib.sha256()
    while chunk := fh.read(1 << 20):
        digest.update(chunk)
    fh.seek(0)
    try:
        book = CalamineWorkbook.from_filelike(fh)
    except PasswordError:
        raise DataError(
            _("{name}: the spreadsheet is protected by a password").format(name=name),
            hint=_("open it, save a copy without the password, and import that"),
        ) from None
    except Exception as exc:  # calamine raises its own errors for ZIP/XML/OLE damage: all are data errors
        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise DataError(
            _("{name}: not a spreadsheet reflee can read ({reason})").format(name=name, reason=reason),
            hint=_("save it as .xlsx or .csv and import that"),
        ) from None
    names = list(book.sheet_names)
    if not names:
        raise DataError(_("{name}: the spreadsheet has no sheets").format(name=name))
    return Sheets(names, book, digest.hexdigest())
