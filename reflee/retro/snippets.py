"""Highlighting for search hits: matches flagged in the purpose, and a one-line snippet of the content.

Widths are terminal columns (a Hangul syllable takes two). ASCII text is measured without looking at each
character, and other text through a table filled once per character seen, so a search that prints every hit
of a common word spends little time here.
"""

from __future__ import annotations

import bisect
import unicodedata
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


def _spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    folded = fold(text)
    spans: list[tuple[int, int]] = []
    for term in terms:
        needle = fold(term)
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


def highlight(text: str, terms: list[str]) -> Parts:
    """The whole of ``text`` with every (case-insensitive) occurrence of a term flagged."""
    if not text:
        return []
    return _parts(text, _spans(text, terms), 0, len(text))


def cell_offsets(text: str) -> list[int]:
    """offsets[i] = terminal columns taken by text[:i] (East Asian wide and full-width count two)."""
    if text.isascii():
        return list(range(len(text) + 1))
    return list(accumulate(map(_WIDTHS.__getitem__, text), initial=0))


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


def snippet(text: str, terms: list[str], width: int = SNIPPET_COLUMNS) -> Parts:
    """One line of at most ``width`` terminal columns around the densest cluster of matches, '…' where cut."""
    folded = fold(text)
    first = min((p for t in terms if (p := folded.find(fold(t))) != -1), default=0)
    lo = max(0, first - 2 * width)  # flatten only near the first match, so a 1 MB entry stays cheap
    hi = min(len(text), first + 3 * width)
    flat = " ".join(text[lo:hi].split())
    spans = _spans(flat, terms)
    cells = cell_offsets(flat)

    def end_for(start: int) -> int:
        return bisect.bisect_right(cells, cells[start] + width) - 1

    start = 0
    if cells[-1] > width:
        best = -1
        for s, _ in spans[:200]:
            cand = bisect.bisect_left(cells, cells[s] - width // 4)
            while cand > 0 and end_for(cand - 1) == len(flat):
                cand -= 1  # near the end: show as much before the match as fits
            end = end_for(cand)
            n = sum(1 for a, b in spans if a >= cand and b <= end)
            if n > best:
                start, best = cand, n
    end = end_for(start)
    start, end = _word_bounds(flat, spans, start, end)
    parts = _parts(flat, spans, start, end)
    if lo > 0 or start > 0:
        parts.insert(0, ("…", False))
    if hi < len(text) or end < len(flat):
        parts.append(("…", False))
    return parts
