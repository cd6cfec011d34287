"""The first page of a one-index search (one pass, best few by score) equals the full plan's, ties included."""

from __future__ import annotations

from pathlib import Path

from reflee import db, services
from reflee.retro import search as search_mod


def fill(s, rows: list[tuple[str, str]]) -> None:
    with db.transaction(s.conn):
        for i, (day, text) in enumerate(rows):
            s.conn.execute(
                "INSERT INTO retro (id, entry_date, purpose, content, content_hash, created_at, updated_at)"
                " VALUES (printf('%032x', ?), ?, '', ?, printf('h%d', ?), printf('t%06d', ?), 't')",
                (i, day, text, i, i),
            )


def test_more_ties_than_the_one_pass_fetches_give_the_same_page_as_the_full_plan(home: Path):
    # 1,300 retrospects with the word once (more than limit + TOP_SLACK tie), 5 with it twice, in shuffled dates
    rows = [(f"20{10 + i % 13:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}", f"오늘의 회고 {i}") for i in range(1300)]
    rows += [(f"2015-0{1 + i}-01", f"회고 또 회고 {i}") for i in range(5)]
    with services.open(home) as s:
        fill(s, rows)
        assert search_mod.plan("회고").top is not None
        fast = s.retro.search("회고", limit=30)
        p = search_mod.plan("회고", limit=30)
        assert search_mod._first_page(s.conn, p) is None  # too many ties: the full plan answers
        expected = [tuple(r) for r in s.conn.execute(p.sql, p.params)]
    got = [(h.retro.id, h.score) for h in fast.hits]
    by_rowid = {f"{i:032x}": i + 1 for i in range(len(rows))}
    assert [(by_rowid[i], sc) for i, sc in got] == expected
    assert [h.retro.content for h in fast.hits[:5]] == [f"회고 또 회고 {i}" for i in (4, 3, 2, 1, 0)]
    days = [h.retro.entry_date for h in fast.hits[5:]]
    assert days == sorted(days, reverse=True)


def test_the_one_pass_plan_matches_the_full_plan_for_mixed_queries(home: Path):
    texts = ["회고 운동 day", "운동만", "회고만 썼다", "주간 회고 회고", "ok 회고", "스터디 회고", "스터디 모임"]
    rows = [(f"2024-01-{1 + i % 28:02d}", texts[i % len(texts)] + f" {i}") for i in range(200)]
    with services.open(home) as s:
        fill(s, rows)
        for query in ("회고", "회고 운동", "회고 -운동", '"주간 회고"', "스터디", "스터디 -회고", "돈", "ok"):
            for limit in (1, 7, 20):
                p = search_mod.plan(query, limit=limit)
                expected = [tuple(r) for r in s.conn.execute(p.sql, p.params)]
                if p.top is not None:
                    assert search_mod._first_page(s.conn, p) == expected, (query, limit)
                hits = s.retro.search(query, limit=limit).hits
                assert len(hits) == len(expected), (query, limit)
