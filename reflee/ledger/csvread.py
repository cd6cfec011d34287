"""Reading a bank's CSV file: encoding (UTF-8, UTF-8 with BOM, CP949 / EUC-KR), binary detection,
the delimiter, and which line holds the header (Korean banks put an account summary above it)."""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass

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
