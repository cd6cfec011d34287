"""Highlighting for search hits: matches flagged in the purpose, and a one-line snippet of the content.

Widths are terminal columns (a Hangul syllable takes two). ASCII text is measured without looking at each
character, and other text through a table filled once per character seen, so a search that prints every hit
of a common word spends little time here.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from itertools import accumulate

from reflee.retro.results import Parts

SNIPPET_COLUMNS = 72
"""Snippet width in terminal columns (a Hangul syllable takes two)."""


class _Widths(dict[str, int]):
    def __missing__(self, ch: str) -> int:
        cells = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        self[ch] = cells
        return cells


_WIDTHS = _Widths()


def fold(text: str) -> str:
    """Lower-case keeping the length, so positions in the result are positions in ``text``."""
    low = text.lower()
    if len(low) == len(text):  # lower() only ever lengthens (İ -> i̇), so equal length maps 1:1
        return low
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)


def needles(terms: list[str]) -> list[str]:
    """The terms folded as ``fold`` folds a text: what ``highlight`` and ``snippet`` look for. A search that
    marks many hits folds them once and hands them to both."""
    return [fold(term) for term in terms]


def _spans(text: str, found: list[str]) -> list[tuple[int, int]]:
    """Where each of ``found`` (folded terms) occurs in ``text``, overlapping spans merged."""
    folded = fold(text)
    spans: list[tuple[int, int]] = []
    for needle in found:
        start = folded.find(needle)
        while start != -1:
            spans.append((start, start + len(needle)))
            start = folded.find(needle, start + len(needle))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def _parts(text: str, spans: list[tuple[int, int]], lo: int, hi: int) -> Parts:
    out: Parts = []
    pos = lo
    for s, e in spans:
        s, e = max(s, lo), min(e, hi)
        if e <= s:
            continue
        if s > pos:
            out.append((text[pos:s], False))
        out.append((text[s:e], True))
        pos = e
    if pos < hi:
        out.append((text[pos:hi], False))
    return out


def highlight(text: str, terms: list[str], *, found: list[str] | None = None) -> Parts:
    """The whole of ``text`` with every (case-insensitive) occurrence of a term flagged; ``found`` is
    ``needles(terms)`` when the caller has it."""
    if not text:
        return []
    return _parts(text, _spans(text, needles(terms) if found is None else found), 0, len(text))


def block_widths() -> bytes:
    """Per block of 256 code points below U+10000: 1 or 2 when every character in it is that wide, else 0."""
    table = bytearray(256)
    for block in range(256):
        if 0xD8 <= block <= 0xDF:  # surrogates: never one character of a str that encodes in UTF-16 one unit each
            continue
        cells = {_WIDTHS[chr(block * 256 + i)] for i in range(256)}
        if len(cells) == 1:
            table[block] = cells.pop()
    return bytes(table)


BLOCK_WIDTHS = bytes.fromhex(
    "010101000100010000000000000000000000000001010000000000000001010000000100000000000101010000000002"
    "000200020202020202020202020202020202020202020202020202020200020202020202020202020202020202020202"
    "020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202"
    "020202020202020202020202020202020202020200010000000000000202020202020202020202020202020202020202"
    "020202020202020202020202020202020202020202020200000000000000000001010101010101010101010101010101"
    "01010101010101010102020001000000"
)
"""``block_widths()`` as computed with this Python's Unicode data (a test checks they agree): computing it
takes about 80 ms, too long for every search."""


def cell_widths(text: str) -> bytes | None:
    """Each character's width in terminal columns (1 or 2), one byte each; None when all are ASCII (one each).

    Measured in C: each character's block (the high byte of its UTF-16 unit) is looked up in a table of the
    blocks whose characters all have one width (Hangul syllables, CJK ideographs, Latin...); only characters
    of mixed blocks (some punctuation) and beyond U+FFFF are looked up one by one."""
    if text.isascii():
        return None
    units = text.encode("utf-16-le", "surrogatepass")
    if len(units) != 2 * len(text):  # characters beyond U+FFFF (emoji)
        return bytes(map(_WIDTHS.__getitem__, text))
    widths = bytearray(units[1::2].translate(BLOCK_WIDTHS))
    i = widths.find(0)
    while i != -1:
        widths[i] = _WIDTHS[text[i]]
        i = widths.find(0, i + 1)
    return bytes(widths)


def cell_offsets(text: str) -> list[int]:
    """offsets[i] = terminal columns taken by text[:i] (East Asian wide and full-width count two)."""
    widths = cell_widths(text)
    return list(range(len(text) + 1)) if widths is None else list(accumulate(widths, initial=0))


class _Columns:
    """Terminal columns between positions of a text: nothing is built for ASCII text (a column a character);
    otherwise the running sum of the widths, built in C once, which the fitting ends are bisected in."""

    def __init__(self, text: str) -> None:
        self.size = len(text)
        self.offsets = None if text.isascii() else cell_offsets(text)

    def between(self, i: int, j: int) -> int:
        offsets = self.offsets
        return j - i if offsets is None else offsets[j] - offsets[i]

    def end_for(self, start: int, width: int) -> int:
        """The furthest end such that text[start:end] fits in ``width`` columns."""
        offsets = self.offsets
        if offsets is None:
            return min(self.size, start + width)
        return bisect_right(offsets, offsets[start] + width, start, self.size + 1) - 1

    def start_for(self, end: int, width: int) -> int:
        """The earliest start such that text[start:end] fits in ``width`` columns."""
        offsets = self.offsets
        if offsets is None:
            return max(0, end - width)
        return bisect_left(offsets, offsets[end] - width, 0, end)


def _word_bounds(flat: str, spans: list[tuple[int, int]], start: int, end: int, slack: int = 12) -> tuple[int, int]:
    """Move a cut that falls inside a word to the nearest space, when no match is lost by it."""
    inside = [(a, b) for a, b in spans if a >= start and b <= end]
    if start > 0 and flat[start - 1] != " ":
        space = flat.find(" ", start, start + slack)
        if space != -1 and (not inside or space < inside[0][0]):
            start = space + 1
    if end < len(flat) and flat[end] != " ":
        space = flat.rfind(" ", max(start, end - slack), end)
        if space != -1 and (not inside or space >= inside[-1][1]):
            end = space
    return start, end


def snippet(
    text: str,
    terms: list[str],
    width: int = SNIPPET_COLUMNS,
    *,
    found: list[str] | None = None,
    folded: str | None = None,
) -> Parts:
    """One line of at most ``width`` terminal columns around the densest cluster of matches, '…' where cut.
    ``found`` is ``needles(terms)`` and ``folded`` is ``fold(text)`` when the caller has them already."""
    found = needles(terms) if found is None else found
    folded = fold(text) if folded is None else folded
    first = min((p for n in found if (p := folded.find(n)) != -1), default=0)
    lo = max(0, first - 2 * width)  # flatten only near the first match, so a 1 MB entry stays cheap
    hi = min(len(text), first + 3 * width)
    flat = " ".join(text[lo:hi].split())
    spans = _spans(flat, found)
    cols = _Columns(flat)
    start = 0
    if cols.between(0, len(flat)) > width:
        best = -1
        tail = cols.start_for(len(flat), width)  # near the end: show as much before the match as fits
        for s, _ in spans[:200]:
            cand = min(cols.start_for(s, width // 4), tail)
            end = cols.end_for(cand, width)
            n = sum(1 for a, b in spans if a >= cand and b <= end)
            if n > best:
                start, best = cand, n
    end = cols.end_for(start, width)
    start, end = _word_bounds(flat, spans, start, end)
    parts = _parts(flat, spans, start, end)
    if lo > 0 or start > 0:
        parts.insert(0, ("…", False))
    if hi < len(text) or end < len(flat):
        parts.append(("…", False))
    return parts
