"""Reading a bank's CSV file: encoding (UTF-8, UTF-8 with BOM, CP949 / EUC-KR), binary detection,
the delimiter, and which line holds the header (Korean banks put an account summary above it).

``open_csv`` streams: one pass over the bytes in chunks checks the encoding (and NUL bytes), counts the
lines and hashes the file; the records are then read lazily, so memory stays flat however long the file."""

from __future__ import annotations

import codecs
import contextlib
import csv
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from reflee.errors import DataError, UsageError
from reflee.i18n import _

ENCODINGS = {
    "utf-8": "utf-8",
    "utf8": "utf-8",
    "utf-8-sig": "utf-8-sig",
    "utf-8-bom": "utf-8-sig",
    "cp949": "cp949",
    "ms949": "cp949",
    "uhc": "cp949",
    "euc-kr": "euc-kr",
    "euckr": "euc-kr",
}
"""Encodings reflee accepts, and the Python codec each one means."""
DELIMITERS = {",": ",", "comma": ",", "\\t": "\t", "\t": "\t", "tab": "\t", ";": ";", "semicolon": ";", "|": "|"}
HEADER_SCAN = 30
"""How many rows from the top are searched for the header row."""
MAX_BYTES = 512 * 1024 * 1024


@dataclass
class Decoded:
    text: str
    encoding: str
    """What was used: utf-8, utf-8-sig, cp949 or euc-kr."""


def check_encoding(name: str) -> str:
    key = name.strip().lower().replace("_", "-")
    if key not in ENCODINGS:
        raise UsageError(
            _("{name!r} is not one of utf-8, utf-8-sig, cp949, euc-kr").format(name=name), field="encoding"
        )
    return ENCODINGS[key]


def check_delimiter(text: str) -> str:
    if text not in DELIMITERS and text.lower() not in DELIMITERS:
        raise UsageError(_("{text!r} is not one of ',', ';', '|', tab").format(text=text), field="delimiter")
    return DELIMITERS.get(text) or DELIMITERS[text.lower()]


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode(data: bytes, name: str, encoding: str | None) -> Decoded:
    """Decode with the given encoding, or detect: a UTF-8 BOM, else UTF-8, else CP949 (a superset of EUC-KR)."""
    if not data.strip():
        raise DataError(_("{name}: the file is empty").format(name=name))
    head = data[:65536]
    if b"\x00" in head or sum(b < 9 or 13 < b < 32 for b in head) > len(head) // 100 + 2:
        hint = " (UTF-16 is not supported; save it as UTF-8 or CP949)" if head[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        raise DataError(_("{name}: looks like a binary file, not CSV text{hint}").format(name=name, hint=hint))
    if (nul := data.find(b"\x00", len(head))) >= 0:  # past the sniffed head: one clear refusal, nothing stored
        raise DataError(
            _("{name} line {line}: contains a NUL byte (a damaged or binary file), so nothing was imported").format(
                name=name, line=_line_of(data, nul)
            )
        )
    if encoding:
        codec = check_encoding(encoding)
        if codec == "utf-8" and data.startswith(codecs.BOM_UTF8):
            codec = "utf-8-sig"
        try:
            return Decoded(data.decode(codec), codec)
        except UnicodeDecodeError as exc:
            other = "cp949" if codec.startswith("utf") else "utf-8"
            raise DataError(
                _("{name} line {line_of}: not valid {encoding} (byte 0x{data:02x}); check the file's encoding").format(
                    name=name, line_of=_line_of(data, exc.start), encoding=encoding, data=data[exc.start]
                ),
                hint=_("try --encoding {other}").format(other=other),
            ) from None
    if data.startswith(codecs.BOM_UTF8):
        try:
            return Decoded(data.decode("utf-8-sig"), "utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DataError(
                _("{name} line {line_of}: starts with a UTF-8 mark but is not valid UTF-8").format(
                    name=name, line_of=_line_of(data, exc.start)
                )
            ) from None
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as first:
        try:
            return Decoded(data.decode("cp949"), "cp949")
        except UnicodeDecodeError as exc:
            line = _line_of(data, max(first.start, exc.start))
            raise DataError(
                _("{name} line {line}: cannot read the text as UTF-8 or CP949/EUC-KR").format(name=name, line=line),
                hint=_("give the right --encoding"),
            ) from None


CHUNK = 1 << 20
HEAD = 65536


@dataclass
class Checked:
    """What the pass over the whole file found."""

    encoding: str
    lines: int
    sha256: str


def _scan(fh: BinaryIO, codec: str) -> tuple[int, int, str] | UnicodeDecodeError:
    """(lines, where a NUL byte is or -1, sha256) of the file decoded with ``codec``, or the decode error with
    its ``start`` made absolute and its line number in ``reason``."""
    fh.seek(0)
    decoder = codecs.getincrementaldecoder(codec)()
    digest = hashlib.sha256()
    lines, offset, nul = 0, 0, -1
    while chunk := fh.read(CHUNK):
        digest.update(chunk)
        if nul < 0 and (at := chunk.find(b"\x00")) >= 0:
            nul = offset + at
            return lines + chunk.count(b"\n", 0, at) + 1, nul, ""
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            exc.reason = str(lines + chunk.count(b"\n", 0, max(exc.start, 0)) + 1)
            return exc
        lines += chunk.count(b"\n")
        offset += len(chunk)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        exc.reason = str(lines + 1)
        return exc
    return lines, -1, digest.hexdigest()


def check_stream(fh: BinaryIO, name: str, encoding: str | None) -> Checked:
    """``decode``'s checks and detection, over a file read in chunks (never whole)."""
    fh.seek(0)
    head = fh.read(HEAD)
    if not head.strip() and not fh.read(1):
        raise DataError(_("{name}: the file is empty").format(name=name))
    if b"\x00" in head or sum(b < 9 or 13 < b < 32 for b in head) > len(head) // 100 + 2:
        hint = " (UTF-16 is not supported; save it as UTF-8 or CP949)" if head[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        raise DataError(_("{name}: looks like a binary file, not CSV text{hint}").format(name=name, hint=hint))
    bom = head.startswith(codecs.BOM_UTF8)
    if encoding:
        codec = check_encoding(encoding)
        if codec == "utf-8" and bom:
            codec = "utf-8-sig"
        tries = [codec]
    else:
        tries = ["utf-8-sig"] if bom else ["utf-8", "cp949"]
    first: UnicodeDecodeError | None = None
    for codec in tries:
        scanned = _scan(fh, codec)
        if isinstance(scanned, UnicodeDecodeError):
            first = first or scanned
            continue
        lines, nul, digest = scanned
        if nul >= 0:
            raise DataError(
                _("{name} line {line}: contains a NUL byte (a damaged or binary file), so nothing was imported").format(
                    name=name, line=lines
                )
            )
        return Checked(codec, lines, digest)
    assert first is not None
    line = first.reason
    if encoding:
        other = "cp949" if tries[0].startswith("utf") else "utf-8"
        raise DataError(
            _("{name} line {line_of}: not valid {encoding} (byte 0x{data:02x}); check the file's encoding").format(
                name=name, line_of=line, encoding=encoding, data=first.object[first.start]
            ),
            hint=_("try --encoding {other}").format(other=other),
        )
    if bom:
        raise DataError(
            _("{name} line {line_of}: starts with a UTF-8 mark but is not valid UTF-8").format(name=name, line_of=line)
        )
    raise DataError(
        _("{name} line {line}: cannot read the text as UTF-8 or CP949/EUC-KR").format(name=name, line=line),
        hint=_("give the right --encoding"),
    )


def stream_rows(fh: BinaryIO, encoding: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(line number where the record starts, cells) for every record, blank ones included, read lazily."""
    fh.seek(0)
    text = io.TextIOWrapper(fh, encoding=encoding, newline="")
    reader = csv.reader(text, delimiter=delimiter)
    line = 1
    try:
        for record in reader:
            yield line, record
            line = reader.line_num + 1
    except csv.Error as exc:
        raise DataError(_("line {line_num}: not valid CSV ({exc})").format(line_num=reader.line_num, exc=exc)) from None
    finally:
        with contextlib.suppress(ValueError):  # already closed: nothing to hand back
            text.detach()  # the caller owns the binary file


def head_text(fh: BinaryIO, encoding: str) -> str:
    """The first lines of the file as text (for the delimiter sniffer)."""
    fh.seek(0)
    return fh.read(HEAD).decode(encoding, errors="ignore")


def sniff_delimiter(text: str) -> str:
    sample = [ln for ln in text.splitlines()[:HEADER_SCAN] if ln.strip()][:10]
    best, best_score = ",", 0
    for delim in (",", "\t", ";", "|"):
        counts = sorted(ln.count(delim) for ln in sample)
        score = counts[len(counts) // 2] if counts else 0  # the median line's count
        if score > best_score:
            best, best_score = delim, score
    return best


def rows(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """(line number where the record starts, cells) for every record, blank ones included."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out = []
    line = 1
    try:
        for record in reader:
            out.append((line, record))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise DataError(_("line {line_num}: not valid CSV ({exc})").format(line_num=reader.line_num, exc=exc)) from None
    return out


_SPACE = re.compile(r"\s+")
_UNIT = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def header_key(cell: str) -> str:
    """How header cells are compared: case, spaces, a unit in brackets ('출금(원)') and a stray BOM do not matter."""
    return _SPACE.sub("", _UNIT.sub("", cell.replace("\ufeff", ""))).lower() or cell.strip().lower()
