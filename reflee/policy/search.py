"""Full-text search over policies: Korean by substring.

Words of three characters or more go through the FTS5 index ``policy_fts`` (trigram tokenizer, so
'월세지' finds '청년월세지원'), ranked by bm25 with the title weighted highest. The trigram tokenizer
cannot match shorter words (월세, 취업), so those are matched with an escaped LIKE over the same columns.
Every word must match.
"""

from __future__ import annotations

import sqlite3
import unicodedata

from reflee.errors import UsageError
from reflee.i18n import _
from reflee.policy import store
from reflee.policy.models import Policy

MIN_FTS_CHARS = 3
COLUMNS = ("title", "summary", "benefit", "target", "org_name", "keywords")
WEIGHTS = (10.0, 3.0, 1.0, 1.0, 2.0, 5.0)
"""bm25 weights for COLUMNS: a word in the title counts most."""


def terms(query: str) -> list[str]:
    seen: dict[str, str] = {}
    for word in unicodedata.normalize("NFC", query).split():
        seen.setdefault(word.lower(), word)
    return list(seen.values())


def _like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def search(conn: sqlite3.Connection, query: str, *, limit: int) -> list[tuple[Policy, float]]:
    words = terms(query)
    if not words:
        raise UsageError(_("empty search; give one or more words"), field="query")
    if limit < 1:
        raise UsageError(_("must be at least 1"), field="limit")
    long_words = [w for w in words if len(w) >= MIN_FTS_CHARS]
    short_words = [w for w in words if len(w) < MIN_FTS_CHARS]
    like_sql, like_params = [], []
    for w in short_words:
        like_sql.append("(" + " OR ".join(f"p.{c} LIKE ? ESCAPE '\\'" for c in COLUMNS) + ")")
        like_params += [_like(w)] * len(COLUMNS)
    extra = "".join(f" AND {s}" for s in like_sql)
    if long_words:
        match = " AND ".join('"' + w.replace('"', '""') + '"' for w in long_words)
        weights = ", ".join(str(w) for w in WEIGHTS)
        sql = (
            f"SELECT p.id, -bm25(policy_fts, {weights}) AS score FROM policy_fts"
            " JOIN policy p ON p.rowid = policy_fts.rowid"
            f" WHERE policy_fts MATCH ? AND p.deleted_at IS NULL{extra}"
            " ORDER BY score DESC, p.popularity DESC LIMIT ?"
        )
        rows = conn.execute(sql, [match, *like_params, limit]).fetchall()
    else:
        title_hits = " + ".join("(p.title LIKE ? ESCAPE '\\')" for _ in short_words)
        sql = (
            f"SELECT p.id, ({title_hits}) AS score FROM policy p WHERE p.deleted_at IS NULL{extra}"
            " ORDER BY score DESC, p.popularity DESC, p.id DESC LIMIT ?"
        )
        rows = conn.execute(sql, [*(_like(w) for w in short_words), *like_params, limit]).fetchall()
    scores = {r[0]: float(r[1]) for r in rows}
    if not scores:
        return []
    marks = ",".join("?" * len(scores))
    found = {p.id: p for p in store.listing(conn, f"AND id IN ({marks})", list(scores))}
    return [(found[i], scores[i]) for i in scores if i in found]
