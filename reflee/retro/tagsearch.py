"""Search words that name tags: `#운동` asks for the tag, and a plain word that is one of your tags (`coding`)
also finds the retrospects carrying that tag, after those whose text holds it.

Built on reflee.retro.search without changing it: a plain word that is a tag is searched as text first (the
usual ranked hits), then as a tag filter with the other words as text (or, when it was the only word, the
tagged retrospects newest first); each retrospect comes once. Tags are looked up through their index.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from reflee.errors import UsageError
from reflee.retro import search, store
from reflee.retro.query import parse
from reflee.retro.results import SearchHit
from reflee.retro.snippets import highlight, snippet
from reflee.retro.validate import normalize_tag


def split(query: str) -> tuple[str, list[str]]:
    """The query without its `#tag` words, and those tags."""
    words, tags = [], []
    for word in query.split():
        tag = _as_tag(word) if word.startswith("#") else None
        if tag:
            tags.append(tag)
        else:
            words.append(word)
    return " ".join(words), tags


def _as_tag(word: str) -> str | None:
    """The word as a tag, or None when it cannot be one (a phrase with spaces, a comma)."""
    try:
        return normalize_tag(word)
    except UsageError:
        return None


def known_tags(conn: sqlite3.Connection, words: list[str]) -> list[str]:
    """The words (as tags) that some retrospect carries."""
    found = []
    for word in words:
        tag = _as_tag(word)
        if tag and conn.execute("SELECT 1 FROM retro_tag WHERE tag = ? LIMIT 1", (tag,)).fetchone():
            found.append(word)
    return found


def _quoted(term: str) -> str:
    return f'"{term}"' if " " in term else term


def _without(query: str, term: str) -> str:
    q = parse(query)
    include = [_quoted(t) for t in q.include if t != term]
    return " ".join([*include, *(f"-{_quoted(t)}" for t in q.exclude)])


def _tagged_only(
    conn: sqlite3.Connection, tags: list[str], exclude: list[str], since: str | None, until: str | None, limit: int
) -> Iterator[SearchHit]:
    from reflee.retro.snippets import fold

    for retro in store.select(conn, since=since, until=until, tags=tags, limit=limit + 50):
        text = fold(retro.purpose + "\n" + retro.content)
        if any(fold(t) in text for t in exclude):
            continue
        yield SearchHit(retro, 0.0, highlight(retro.purpose, []), snippet(retro.content, []))


def iter_hits(
    conn: sqlite3.Connection,
    query: str,
    *,
    limit: int,
    since: str | None,
    until: str | None,
    tags: list[str],
) -> Iterator[SearchHit]:
    """Hits for ``query`` with `#tag` words as filters and tag-named words matching their tag too."""
    text, hash_tags = split(query)
    tags = [*tags, *hash_tags]
    if not text.strip() and hash_tags:  # only #tags: the tagged retrospects, newest first
        yield from _tagged_only(conn, tags, [], since, until, limit)
        return
    first = search.plan(text, limit=limit, since=since, until=until, tags=tags)  # checks the request
    seen: set[str] = set()
    for hit in search.iter_hits(conn, first):
        seen.add(hit.retro.id)
        yield hit
    q = parse(text)
    for term in known_tags(conn, q.include):
        if len(seen) >= limit:
            return
        rest = _without(text, term)
        with_tag = [*tags, normalize_tag(term)]
        if parse(rest).include:
            more = search.iter_hits(conn, search.plan(rest, limit=limit, since=since, until=until, tags=with_tag))
        else:
            more = _tagged_only(conn, with_tag, parse(rest).exclude, since, until, limit)
        for hit in more:
            if hit.retro.id in seen:
                continue
            seen.add(hit.retro.id)
            yield hit
            if len(seen) >= limit:
                return
