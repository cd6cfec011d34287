"""Full-text search over retrospects: ranked hits with highlighted snippets, read as they are written out.

Every term is answered by an index (see reflee.retro.query for the syntax and which index answers what):
terms of three characters or more by ``retro_fts`` (trigram, so Korean matches by substring: 가계부 finds
가계부에서), one- and two-character terms of letters and digits (회고, 돈, ok) by ``retro_bigram``. Hits rank by
bm25 summed over the two indexes, the purpose weighted above the content; the bigram index keeps no document
lengths, so there a hit ranks by how often the terms occur. Ties go to the newer retrospect. Only a term of
one or two characters with punctuation in it (0%, ") is matched by a scan; when every term is such, hits rank
by occurrence count.

The ranking step reads only row ids and scores (deleted rows, dates and tags are left out through indexes),
and for the best ``limit`` hits only those scoring at least the ``limit``-th best are looked up. When the
terms are answered by one index and no date or tag is asked, a first page is found in one pass instead:
FTS5 scores every hit and keeps the best ``limit`` + ``TOP_SLACK`` in a bounded sort, nothing written or
joined; the ties at the edge are then put newest first. The ranking is the same bm25 as the full plan's; if
more hits tie with the last one shown than were kept, the full plan runs. Rows are then read, tagged and given
short IDs in batches of ``BATCH`` as the caller consumes them, so printing every hit of a common word holds one
batch in memory.
Highlighting is done in Python (reflee.retro.snippets), the same way for every path.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from reflee import bigrams as grams
from reflee.errors import UsageError
from reflee.i18n import _
from reflee.retro import store
from reflee.retro.models import Retro
from reflee.retro.query import MIN_TRIGRAM_CHARS, Query, kind, parse, split_terms
from reflee.retro.results import MARK, Parts, SearchHit, marked
from reflee.retro.snippets import SNIPPET_COLUMNS, fold, highlight, needles, snippet
from reflee.retro.validate import check_limit, check_range, normalize_tags

DEFAULT_LIMIT = 20
PURPOSE_WEIGHT = 5.0
"""How much more a match in the purpose counts than one in the content (bm25 column weight)."""
MIN_FTS_CHARS = MIN_TRIGRAM_CHARS
BATCH = 500
"""Hits read, tagged and given short IDs together."""
TOP_MAX = 1000
"""Up to this ``limit``, a search by one index and no date or tag filter first tries the one-pass plan
(``Plan.top``); with those filters SQLite would test them once per hit, slower than the full plan."""
TOP_SLACK = 1000
"""Hits fetched beyond ``limit`` by the one-pass plan: it is exact when the hits tied with the last one shown
all fit (a common word at 1M entries has a few hundred at most); otherwise the full plan runs."""
__all__ = [
    "MARK",
    "SNIPPET_COLUMNS",
    "Parts",
    "Plan",
    "SearchHit",
    "highlight",
    "iter_hits",
    "marked",
    "plan",
    "search",
    "snippet",
    "split_terms",
]


def fts_query(terms: list[str]) -> str:
    """Each term as a quoted FTS5 phrase (literal text; quotes doubled), all required."""
    return " AND ".join('"' + t.replace('"', '""') + '"' for t in terms)


def like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _occurrences(column: str) -> str:
    """SQL for how many times the bound term occurs in ``column`` (ASCII case folded)."""
    return f"((length({column}) - length(replace(lower({column}), lower(?), ''))) / max(length(?), 1))"


_LIKE = "({0}.purpose LIKE ? ESCAPE '\\' OR {0}.content LIKE ? ESCAPE '\\')"


@dataclass
class Plan:
    """A checked search: the SQL that ranks the hits (row id, score; best first) and what to highlight.

    ``top`` (SQL and parameters), when set, is a cheaper way to the same first page: the best ``limit`` +
    ``TOP_SLACK`` hits by score alone, in one pass over one index (see ``_top``)."""

    sql: str
    params: list[object]
    terms: list[str]
    limit: int = DEFAULT_LIMIT
    top: tuple[str, list[object]] | None = None


def _by_index(terms: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"trigram": [], "bigram": [], "scan": []}
    for term in terms:
        out[kind(term)].append(term)
    return out


def _bigram_query(terms: list[str]) -> str:
    return " AND ".join(grams.match_expr(t) for t in terms)


def _ranked_by_index(
    q: Query, inc: dict[str, list[str]], since: str | None, until: str | None, tags: list[str], limit: int
) -> tuple[str, list[object], tuple[str, list[object]] | None]:
    ctes: list[str] = []
    params: list[object] = []
    sources = []
    if inc["bigram"]:
        ctes.append(
            "b AS MATERIALIZED (SELECT rowid AS rid, -bm25(retro_bigram, ?, 1.0) AS sc"
            " FROM retro_bigram WHERE retro_bigram MATCH ?)"
        )
        params += [PURPOSE_WEIGHT, _bigram_query(inc["bigram"])]
        sources.append("b")
    if inc["trigram"]:
        ctes.append(
            "t AS MATERIALIZED (SELECT rowid AS rid, -bm25(retro_fts, ?, 1.0) AS sc"
            " FROM retro_fts WHERE retro_fts MATCH ?)"
        )
        params += [PURPOSE_WEIGHT, fts_query(inc["trigram"])]
        sources.append("t")
    simple = len(sources) == 1 and limit <= TOP_MAX and not (since or until or tags)  # else SQLite plans it badly
    top = _top(q, inc, limit) if simple else None
    first = sources[0]
    rid = f"{first}.rid"
    joins = "".join(f" JOIN {s} ON {s}.rid = {rid}" for s in sources[1:])
    where, where_params = _filters_on(rid, q, inc, since, until, tags)
    params += where_params
    score = " + ".join(f"{s}.sc" for s in sources)
    ctes.append(
        f"hits AS MATERIALIZED (SELECT {rid} AS rid, {score} AS score FROM {first}{joins} WHERE {' AND '.join(where)})"
    )
    ctes.append("edge AS (SELECT score FROM hits ORDER BY score DESC LIMIT 1 OFFSET ?)")
    params.append(limit - 1)
    sql = (
        f"WITH {', '.join(ctes)} SELECT h.rid, h.score FROM hits h JOIN retro r ON r.rowid = h.rid"
        " WHERE h.score >= coalesce((SELECT score FROM edge), -1e308)"
        " ORDER BY h.score DESC, r.entry_date DESC, r.created_at DESC LIMIT ?"
    )
    params.append(limit)
    return sql, params, top


def _filters_on(
    rid: str, q: Query, inc: dict[str, list[str]], since: str | None, until: str | None, tags: list[str]
) -> tuple[list[str], list[object]]:
    """Conditions on the row id ``rid`` for everything but the indexed terms: live, dates, tags, scanned terms
    and exclusions."""
    where = [f"{rid} NOT IN (SELECT rowid FROM retro WHERE deleted_at IS NOT NULL)"]
    params: list[object] = []
    if since or until:
        where.append(f"{rid} IN (SELECT rowid FROM retro WHERE entry_date >= ? AND entry_date <= ?)")
        params += [since or "", until or "9999-99-99"]
    for tag in tags:
        where.append(f"{rid} IN (SELECT r.rowid FROM retro_tag g JOIN retro r ON r.id = g.retro_id WHERE g.tag = ?)")
        params.append(tag)
    for term in inc["scan"]:
        where.append(f"EXISTS (SELECT 1 FROM retro x WHERE x.rowid = {rid} AND {_LIKE.format('x')})")
        params += [like_pattern(term)] * 2
    where_sql, where_params = _exclusions(q.exclude, rid)
    return where + where_sql, params + where_params


def _top(q: Query, inc: dict[str, list[str]], limit: int) -> tuple[str, list[object]]:
    """The one-pass plan for terms of one index: FTS5 scores every hit and keeps the best few in a bounded
    sort, with no table written and nothing joined (``_first_page`` then breaks ties by date)."""
    table, match = (
        ("retro_bigram", _bigram_query(inc["bigram"])) if inc["bigram"] else ("retro_fts", fts_query(inc["trigram"]))
    )
    where, params = _filters_on(f"{table}.rowid", q, inc, None, None, [])
    bm25 = f"bm25({table}, ?, 1.0)"
    sql = (
        f"SELECT {table}.rowid, -{bm25} FROM {table} WHERE {table} MATCH ? AND {' AND '.join(where)}"
        f" ORDER BY {bm25} LIMIT ?"
    )
    return sql, [PURPOSE_WEIGHT, match, *params, PURPOSE_WEIGHT, limit + TOP_SLACK]


def _first_page(conn: sqlite3.Connection, p: Plan) -> list[tuple[int, float]] | None:
    """The first ``p.limit`` hits by the one-pass plan, or None when it cannot tell them for sure (more hits
    tie with the last one shown than it fetched)."""
    assert p.top is not None
    best = conn.execute(*p.top).fetchall()
    if not best:
        return []
    edge = best[min(p.limit, len(best)) - 1][1]
    if len(best) == p.limit + TOP_SLACK and best[-1][1] >= edge:
        return None
    chosen = {rid: score for rid, score in best if score >= edge}
    marks = ",".join("?" * len(chosen))
    order = conn.execute(
        f"SELECT rowid FROM retro WHERE rowid IN ({marks}) ORDER BY entry_date DESC, created_at DESC", list(chosen)
    ).fetchall()
    ranked = sorted(((chosen[r[0]], i, r[0]) for i, r in enumerate(order)), key=lambda x: (-x[0], x[1]))
    return [(rid, score) for score, _i, rid in ranked[: p.limit]]


def _exclusions(terms: list[str], rid: str) -> tuple[list[str], list[object]]:
    """Conditions on the row id ``rid`` that leave out every row holding one of ``terms``."""
    where: list[str] = []
    params: list[object] = []
    by = _by_index(terms)
    if by["trigram"]:
        where.append(f"{rid} NOT IN (SELECT rowid FROM retro_fts WHERE retro_fts MATCH ?)")
        params.append(" OR ".join(f"({fts_query([t])})" for t in by["trigram"]))
    if by["bigram"]:
        where.append(f"{rid} NOT IN (SELECT rowid FROM retro_bigram WHERE retro_bigram MATCH ?)")
        params.append(" OR ".join(grams.match_expr(t) for t in by["bigram"]))
    for term in by["scan"]:
        where.append(f"NOT EXISTS (SELECT 1 FROM retro x WHERE x.rowid = {rid} AND {_LIKE.format('x')})")
        params += [like_pattern(term)] * 2
    return where, params


def _ranked_by_scan(
    q: Query, terms: list[str], since: str | None, until: str | None, tags: list[str], limit: int
) -> tuple[str, list[object]]:
    where, params = store._filters(since, until, tags, False)
    where_sql = [f"({where})"]
    for term in terms:
        where_sql.append(_LIKE.format("r"))
        params += [like_pattern(term)] * 2
    excl_sql, excl_params = _exclusions(q.exclude, "r.rowid")
    where_sql += excl_sql
    counts = " + ".join(f"(? * {_occurrences('r.purpose')} + {_occurrences('r.content')})" for _ in terms)
    count_params: list[object] = []
    for term in terms:
        count_params += [PURPOSE_WEIGHT, term, term, term, term]
    sql = (
        f"SELECT r.rowid, {counts} AS score FROM retro r WHERE {' AND '.join(where_sql)}"
        " ORDER BY score DESC, r.entry_date DESC, r.created_at DESC LIMIT ?"
    )
    return sql, [*count_params, *params, *excl_params, limit]


def plan(
    query: str,
    *,
    limit: int = DEFAULT_LIMIT,
    since: str | None = None,
    until: str | None = None,
    tags: list[str] | None = None,
) -> Plan:
    """Check the request (a UsageError names the field) and build the ranking SQL; nothing is read yet."""
    q = parse(query)
    if not q.include:
        if q.exclude:
            raise UsageError(_("a search needs at least one word to find, not only words to leave out"), field="query")
        raise UsageError(_("empty search; give one or more words"), field="query")
    check_limit(limit)
    check_range(since, until)
    inc = _by_index(q.include)
    tag_list = normalize_tags(tags)
    top = None
    if inc["trigram"] or inc["bigram"]:
        sql, params, top = _ranked_by_index(q, inc, since, until, tag_list, limit)
    else:
        sql, params = _ranked_by_scan(q, inc["scan"], since, until, tag_list, limit)
    return Plan(sql, params, q.include, limit, top)


def iter_hits(conn: sqlite3.Connection, p: Plan) -> Iterator[SearchHit]:
    """The hits of a planned search, best first, read in batches as they are consumed."""
    page = _first_page(conn, p) if p.top is not None else None
    ranked: Any = iter([page]) if page is not None else _batches(conn.execute(p.sql, p.params))
    columns = ", ".join(f"r.{c}" for c in store._COLUMNS.split(", "))
    found = needles(p.terms)  # folded once for every hit
    for batch in ranked:
        if not batch:
            break
        marks = ",".join("?" * len(batch))
        sql = f"SELECT r.rowid AS rid, {columns} FROM retro r WHERE r.rowid IN ({marks})"
        rows = {row["rid"]: row for row in conn.execute(sql, [b[0] for b in batch])}
        retros = store.hydrate(conn, [rows[b[0]] for b in batch])
        for (_rid, score), retro in zip(batch, retros, strict=True):
            yield _hit(retro, float(score), p.terms, found)


def _batches(cursor: sqlite3.Cursor) -> Iterator[list[Any]]:
    while batch := cursor.fetchmany(BATCH):
        yield batch


def _hit(retro: Retro, score: float, terms: list[str], found: list[str]) -> SearchHit:
    """``found``: the terms as ``needles`` folds them."""
    content = fold(retro.content)
    if any(n in content for n in found):
        snippet_parts = snippet(retro.content, terms, found=found, folded=content)
    else:
        snippet_parts = snippet(retro.purpose or retro.content, terms, found=found)
    return SearchHit(
        retro=retro,
        score=score,
        purpose_parts=highlight(retro.purpose, terms, found=found),
        snippet_parts=snippet_parts,
    )


def search(
    conn: sqlite3.Connection,
    query: str,
    *,
    limit: int = DEFAULT_LIMIT,
    since: str | None = None,
    until: str | None = None,
    tags: list[str] | None = None,
) -> list[SearchHit]:
    """Live retrospects matching ``query`` (see reflee.retro.query), best first, all in a list."""
    return list(iter_hits(conn, plan(query, limit=limit, since=since, until=until, tags=tags)))
