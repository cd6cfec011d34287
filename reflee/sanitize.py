"""Making user and imported data safe to show: the one place that decides what reaches a terminal, a
spreadsheet or a web page.

- ``visible(text)``: control characters and escape sequences are shown, not executed. Every C0 control but
  newline and tab becomes its Unicode control picture (ESC -> ␛, CR -> ␍, BEL -> ␇), DEL becomes ␡, and C1
  controls and the bidirectional overrides ("Trojan Source") become �. One character for one, so a table
  laid out before the replacement keeps its columns. reflee.output applies it on every terminal path.
- ``csv_cell(value)``: a text cell that a spreadsheet would run as a formula (it starts with ``= + - @``, a
  tab or a carriage return) gets a leading apostrophe, per OWASP's CSV-injection advice; plain numbers such as
  ``-4500`` are left alone. Every CSV export writes its cells through it.
- ``html(text)``: text for an HTML report (``& < > " '`` escaped, controls made visible).

No dependencies: domain modules (exporters, reports) may import it.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2 ms of a start-up)
if TYPE_CHECKING:
    from typing import Any

_TABLE: dict[int, str] = {c: chr(0x2400 + c) for c in range(0x20) if c not in (0x09, 0x0A)}
_TABLE[0x7F] = "\u2421"  # ␡
_TABLE.update({c: "\ufffd" for c in range(0x80, 0xA0)})
_TABLE.update({c: "\ufffd" for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})
_UNSAFE = re.compile("[" + "".join(re.escape(chr(c)) for c in _TABLE) + "]")

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet treat a cell as a formula (OWASP: CSV injection)."""
_NUMBER = re.compile(r"[-+]?(?:\d+(?:[.,]\d+)*)(?:\.\d+)?")


def visible(text: str) -> str:
    """``text`` with every control character and escape sequence made visible (see the module's docs)."""
    if text.isprintable() or _UNSAFE.search(text) is None:  # the common case: one C-level scan
        return text
    return text.translate(_TABLE)


def has_controls(text: str) -> bool:
    return _UNSAFE.search(text) is not None


def csv_cell(value: Any) -> Any:
    """A cell for a CSV export: text a spreadsheet would run as a formula is neutralised with a leading
    apostrophe; numbers, and text that is a plain signed number, are unchanged. Text that already starts
    with apostrophes before such a character gets one more, so ``csv_uncell`` gives back exactly the text."""
    if not isinstance(value, str) or not value:
        return value
    rest = value.lstrip("'")
    if not rest.startswith(FORMULA_START) or (value[0] != "'" and _NUMBER.fullmatch(value)):
        return value
    return "'" + value


def csv_uncell(text: str) -> str:
    """The text ``csv_cell`` neutralised (re-importing reflee's own CSV export): one leading apostrophe
    before a formula character is dropped; anything else is unchanged."""
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_START):
        return text[1:]
    return text


def csv_row(values: list[Any] | tuple[Any, ...]) -> list[Any]:
    return [csv_cell(v) for v in values]


def html(text: str) -> str:
    """Text for an HTML page: markup characters escaped, control characters made visible."""
    import html as _html

    return _html.escape(visible(text), quote=True)
