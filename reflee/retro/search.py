"""Full-text search over retrospects: ranked hits with highlighted snippets.

Terms of three characters or more go through the FTS5 index ``retro_fts``
(trigram tokenizer, so Korean matches by substring: 가계부 finds 가계부에서) and
are ranked by bm25 with the purpose weighted above the content. The trigram
tokenizer cannot match shorter terms (회고, 돈, a), so those are matched with an
escaped ``LIKE '%term%'`` instead; when every term is short, hits are ranked by
how often the terms occur, then by recency. Several words must all match.
Highlighting is done here in Python, the same way for both paths.
"""

from __future__ import annotations

import bisect
import sqlite3
import unicodedata

from reflee.errors import UsageError
from reflee.retro import store
from reflee.retro.results import MARK, Parts, SearchHit, marked
from reflee.retro.validate import check_limit, check_range, normalize_tags

DEFAULT_LIMIT = 20
PURPOSE_WEIGHT = 5.0
"""How much more a match in the purpose counts than one in the content (bm25 column weight)."""
SNIPPET_COLUMNS = 72
"""Snippet width in terminal columns (a Hangul syllable takes two)."""
MIN_FTS_CHARS = 3
"""The trigram tokenizer needs at least three characters to match."""
__all__ = ["MARK", "Parts", "SearchHit", "highlight", "marked", "search", "snippet", "split_terms"]


def split_terms(query: str) -> list[str]:
    """Whitespace-separated words, NFC-normalised, duplicates (ignoring case) dropped, order kept."""
    seen: dict[str, str] = {}
    for word in unicodedata.normalize("NFC", query).split():
        seen.setdefault(_fold(word), word)
    return list(seen.values())


def fts_query(terms: list[str]) -> str:
    """Each term as a quoted FTS5 phrase (literal text; quotes doubled), all required."""
    return " AND ".join('"' + t.replace('"', '""') + '"' for t in terms)


def like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _fold(text: str) -> str:
    """Lower-case keeping the length, so positions in the result are positions in ``text``."""
    low = text.lower()
    if len(low) == len(text):  # lower() only ever lengthens (İ -> i̇), so equal length maps 1:1
        return low
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)


def _spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    folded = _fold(text)
    spans: list[tuple[int, int]] = []
    for term in terms:
        needle = _fold(term)
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
    return _parts(text, _spans(text, terms), 0, len(text))


def _cell_offsets(text: str) -> list[int]:
    """offsets[i] = terminal columns taken by text[:i] (East Asian wide and full-width count two)."""
    out = [0]
    for ch in text:
        out.append(out[-1] + (2 if unicodedata.east_asian_width(ch) in "WF" else 1))
    return out


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
    folded = _fold(text)
    first = min((p for t in terms if (p := folded.find(_fold(t))) != -1), default=0)
    lo = max(0, first - 2 * width)  # flatten only near the first match, so a 1 MB entry stays cheap
    hi = min(len(text), first + 3 * width)
    flat = " ".join(text[lo:hi].split())
    spans = _spans(flat, terms)
    cells = _cell_offsets(flat)

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


def _occurrences(column: str) -> str:
    """SQL for how many times the bound term occurs in ``column`` (ASCII case folded)."""
    return f"((length({column}) - length(replace(lower({column}), lower(?), ''))) / max(length(?), 1))"


def search(
    conn: sqlite3.Connection,
    query: str,
    *,
    limit: int = DEFAULT_LIMIT,
    since: str | None = None,
    until: str | None = None,
    tags: list[str] | None = None,
) -> list[SearchHit]:
    """Live retrospects matching every word of ``query`` (literal text), best first."""
    terms = split_terms(query)
    if not terms:
        raise UsageError("empty search; give one or more words", field="query")
    check_limit(limit)
    check_range(since, until)
    long_terms = [t for t in terms if len(t) >= MIN_FTS_CHARS]
    short_terms = [t for t in terms if len(t) < MIN_FTS_CHARS]

    where, params = store._filters(since, until, normalize_tags(tags), False)
    where_sql = [f"({where})"]
    for term in short_terms:
        where_sql.append("(r.purpose LIKE ? ESCAPE '\\' OR r.content LIKE ? ESCAPE '\\')")
        params += [like_pattern(term)] * 2
    columns = ", ".join(f"r.{c}" for c in store._COLUMNS.split(", "))
    if long_terms:
        sql = (
            f"SELECT {columns}, -bm25(retro_fts, ?, 1.0) AS score FROM retro_fts"
            " JOIN retro r ON r.rowid = retro_fts.rowid"
            f" WHERE retro_fts MATCH ? AND {' AND '.join(where_sql)}"
        )
        params = [PURPOSE_WEIGHT, fts_query(long_terms), *params]
    else:
        counts = " + ".join(f"(? * {_occurrences('r.purpose')} + {_occurrences('r.content')})" for _ in short_terms)
        sql = f"SELECT {columns}, {counts} AS score FROM retro r WHERE {' AND '.join(where_sql)}"
        count_params: list[object] = []
        for term in short_terms:
            count_params += [PURPOSE_WEIGHT, term, term, term, term]
        params = [*count_params, *params]
    sql += " ORDER BY score DESC, r.entry_date DESC, r.created_at DESC LIMIT ?"
    params.append(limit)
    rows = conn.execute(sql, params).fetchall()
    retros = store.hydrate(conn, rows)
    hits = []
    for row, retro in zip(rows, retros, strict=True):
        content = _fold(retro.content)
        in_content = any(_fold(t) in content for t in terms)
        hits.append(
            SearchHit(
                retro=retro,
                score=float(row["score"]),
                purpose_parts=highlight(retro.purpose, terms),
                snippet_parts=snippet(retro.content if in_content else retro.purpose or retro.content, terms),
            )
        )
    return hits
