"""Text laid out by terminal cells: wrapping and truncation that know Hangul and most emoji take two cells.

Lines break only between words, so a number (``450,000원``, ``3만``, ``$12.50``), a date (``2026-11-30``) or a
word is never split; only a single word wider than the whole line is folded. A cut ends with ``…`` and never
ends inside a number or a date; inside a word only when backing off to the word's start would waste more than
a third of the room. Front ends use these (reflee.output, the help formatter); domain code never does.
"""

from __future__ import annotations

import re

from rich.cells import cell_len, get_character_cell_size

ELLIPSIS = "…"
_WORDS = re.compile(r"\S+|\s+")
_NUMBER = re.compile(r"[-+−]?[₩$€£¥]?\d+(?:[,.:/\-]\d+)*(?:[원만천억조%]+|[a-zA-Z]{1,3}\b)?")
"""Runs that must stay whole: amounts (-450,000원, 3.5만, $12.50), dates (2026-11-30), times, fractions."""
TRAILING = " \t·,;:/|-–—("


def is_number(text: str) -> bool:
    """Whether ``text`` is an amount, count, date or time, or a few of them (``-450,000원``, ``85.4%``,
    ``2026-11-30 23:31``)."""
    words = text.split()
    return bool(words) and all(_NUMBER.fullmatch(w) for w in words)


def cells(text: str) -> int:
    return cell_len(text)


def _prefix(text: str, room: int) -> int:
    """How many characters of ``text`` fit in ``room`` cells (a wide character that would stick out is left)."""
    used = 0
    for i, ch in enumerate(text):
        used += get_character_cell_size(ch)
        if used > room:
            return i
    return len(text)


def cut_point(text: str, room: int) -> int:
    """Where to cut ``text`` so that it fits ``room`` cells: never inside a number or a date, and at a word's
    start when that keeps at least two thirds of the room."""
    cut = _prefix(text, room)
    if cut >= len(text):
        return cut
    for m in _NUMBER.finditer(text):
        if m.start() < cut < m.end():
            return m.start()
        if m.start() >= cut:
            break
    if not text[cut].isspace() and cut > 0 and not text[cut - 1].isspace():
        start = max(text.rfind(" ", 0, cut), text.rfind("\t", 0, cut)) + 1
        if start > 0 and cell_len(text[:start]) * 3 >= room * 2:
            return start
    return cut


def truncate(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells: unchanged when it fits, else cut (see ``cut_point``) with ``…``."""
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return ELLIPSIS[:width]
    cut = cut_point(text, width - 1)
    return text[:cut].rstrip(TRAILING) + ELLIPSIS


def wrap(text: str, width: int, initial_indent: str = "", subsequent_indent: str = "") -> list[str]:
    """One paragraph in lines of at most ``width`` cells, broken only between words (spaces inside a line are
    kept; a break eats them). A word wider than a whole line is folded; nothing else is ever split."""
    lines: list[str] = []
    indent = initial_indent
    line, used, space = "", 0, ""
    room = max(1, width - cell_len(indent))
    for token in _WORDS.findall(text.strip()):
        if token.isspace():
            space = token.replace("\n", " ")
            continue
        size = cell_len(token)
        gap = space if line else ""
        space = ""
        if used + len(gap) + size <= room:
            line, used = line + gap + token, used + len(gap) + size
            continue
        if line:
            lines.append(indent + line)
            indent = subsequent_indent
            room = max(1, width - cell_len(indent))
        while size > room:  # a word wider than a whole line: folded, a line's room at a time
            n = max(1, _prefix(token, room))
            lines.append(indent + token[:n])
            token, indent = token[n:], subsequent_indent
            room = max(1, width - cell_len(indent))
            size = cell_len(token)
        line, used = token, size
    if line or not lines:
        lines.append(indent + line)
    return lines


def wrap_paragraphs(text: str, width: int, indent: str = "") -> list[str]:
    """``text`` wrapped paragraph by paragraph (blank lines kept); a paragraph led by a ``\\b`` line (click's
    mark for pre-formatted text) is kept as it is, only indented."""
    out: list[str] = []
    for n, para in enumerate(re.split(r"\n\s*\n", text.expandtabs())):
        if n:
            out.append("")
        body = para.splitlines()
        if body and body[0].strip() == "\b":
            out.extend(indent + line for line in body[1:])
            continue
        lead = len(body[0]) - len(body[0].lstrip()) if body else 0
        pad = indent + " " * lead
        out.extend(wrap(" ".join(line.strip() for line in body), width, pad, pad))
    return out
