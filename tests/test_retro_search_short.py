"""Short terms by index (one and two characters), mixed scripts, phrases, -exclusions, and streamed hits."""

from __future__ import annotations

import random
import re
import sqlite3
import tracemalloc
from pathlib import Path

import pytest

from reflee import db, services
from reflee.bigrams import bigrams
from reflee.errors import ExitCode
from reflee.retro import search as search_mod


def add(cli, text: str, *args: str) -> dict:
    r = cli("retro", "add", text, *args, "--json")
    assert r.code == 0, r.err
    return r.json


def search(cli, *args: str) -> list[dict]:
    r = cli("retro", "search", *args, "--json")
    assert r.code == 0, r.err
    return r.json


def ids(hits: list[dict]) -> list[str]:
    return [h["id"] for h in hits]


def plan_sql(query: str) -> str:
    return search_mod.plan(query).sql


def test_two_syllable_and_one_character_terms_use_an_index_not_a_scan():
    assert "retro_bigram MATCH" in plan_sql("회고")
    assert "retro_bigram MATCH" in plan_sql("돈")
    assert "retro_bigram MATCH" in plan_sql("ok")
    assert "LIKE" not in plan_sql("회고 운동")
    assert "retro_fts MATCH" in plan_sql("가계부 회고") and "retro_bigram MATCH" in plan_sql("가계부 회고")
    assert "LIKE" in plan_sql("0%")  # punctuation in a short term: scanned


def test_the_query_plan_reads_the_bigram_index(home: Path):
    with services.open(home) as s:
        plan = search_mod.plan("회고")
        detail = " ".join(r[3] for r in s.conn.execute("EXPLAIN QUERY PLAN " + plan.sql, plan.params))
    assert "SCAN retro_bigram VIRTUAL TABLE INDEX" in detail
    assert not re.search(r"SCAN (r|retro)( |$)", detail), detail  # no pass over the retrospects


def test_short_terms_inside_words_and_at_their_ends(cli):
    weekly = add(cli, "주간회고를 썼다", "--date", "2026-01-01")
    end = add(cli, "오늘의 회고", "--date", "2026-01-02")
    money = add(cli, "용돈", "--date", "2026-01-03")
    add(cli, "회의만 했다", "--date", "2026-01-04")
    assert set(ids(search(cli, "회고"))) == {weekly["id"], end["id"]}
    assert ids(search(cli, "돈")) == [money["id"]]  # the last character of the text
    assert ids(search(cli, "용")) == [money["id"]]
    assert ids(search(cli, "썼다")) == [weekly["id"]]
    assert set(ids(search(cli, "회"))) == {weekly["id"], end["id"], search(cli, "회의")[0]["id"]}
    assert search(cli, "고회") == []


def test_mixed_scripts_cjk_and_latin(cli):
    a = add(cli, "AI 스터디에서 漢字 공부, go 언어도", "--date", "2026-01-01")
    b = add(cli, "Go to the gym 운동", "--date", "2026-01-02")
    assert ids(search(cli, "AI")) == [a["id"]]
    assert ids(search(cli, "ai", "漢字")) == [a["id"]]
    assert ids(search(cli, "字")) == [a["id"]]
    assert set(ids(search(cli, "go"))) == {a["id"], b["id"]}
    assert ids(search(cli, "GO", "운동")) == [b["id"]]
    assert ids(search(cli, "스터디", "go")) == [a["id"]]  # trigram and bigram together


def test_phrases_and_exclusions(cli):
    weekly = add(cli, "주간 회고 쓰고 운동", "--date", "2026-01-01")
    joined = add(cli, "회고 주간 계획", "--date", "2026-01-02")
    plain = add(cli, "회고만", "--date", "2026-01-03", "-p", "자기 계발")
    assert ids(search(cli, '"주간 회고"')) == [weekly["id"]]
    assert set(ids(search(cli, "주간 회고"))) == {weekly["id"], joined["id"]}
    assert set(ids(search(cli, "회고 -운동"))) == {joined["id"], plain["id"]}
    assert ids(search(cli, '회고 -"주간 회고" -계획')) == [plain["id"]]
    assert ids(search(cli, "회고 -주간")) == [plain["id"]]
    assert set(ids(search(cli, "회고 -0%"))) == {weekly["id"], joined["id"], plain["id"]}
    assert ids(search(cli, "회고 -계발")) == [joined["id"], weekly["id"]]  # the purpose counts too


def test_only_exclusions_is_a_usage_error(cli):
    add(cli, "회고")
    r = cli("retro", "search", "--", "-회고")
    assert r.code == ExitCode.USAGE and r.err.count("\n") == 1


def test_tag_and_date_filters_with_short_terms(cli):
    a = add(cli, "운동 했다", "--date", "2026-03-01", "-t", "health")
    add(cli, "운동 못 했다", "--date", "2026-03-05", "-t", "work")
    c = add(cli, "운동 많이", "--date", "2026-03-09", "-t", "health")
    assert ids(search(cli, "운동", "--tag", "health")) == [c["id"], a["id"]]
    assert ids(search(cli, "운동", "--since", "2026-03-06")) == [c["id"]]
    assert ids(search(cli, "운동", "--tag", "health", "--until", "2026-03-02")) == [a["id"]]


def test_the_best_page_keeps_ties_in_recency_order(cli):
    made = [add(cli, "같은 회고", "--date", f"2026-04-{d:02d}") for d in range(1, 8)]
    newest_first = [m["id"] for m in reversed(made)]
    assert ids(search(cli, "회고", "--limit", "3")) == newest_first[:3]
    assert ids(search(cli, "회고")) == newest_first


def test_edits_and_deletes_keep_the_index_in_step(cli):
    a = add(cli, "식비 정리")
    assert ids(search(cli, "식비")) == [a["id"]]
    assert cli("retro", "edit", a["id"], "--text", "월세 정리").code == 0
    assert search(cli, "식비") == [] and ids(search(cli, "월세")) == [a["id"]]
    assert cli("retro", "rm", a["id"], "--yes").code == 0
    assert search(cli, "월세") == []
    assert cli("retro", "restore", a["id"]).code == 0
    assert ids(search(cli, "월세")) == [a["id"]]
    assert cli("db", "check").code == 0


def test_bigram_index_finds_exactly_what_a_substring_scan_finds(home: Path):
    """Random texts of Hangul, Latin, digits and punctuation: for every one- and two-character term of letters
    and digits, the index's hits equal Python's substring test (ignoring case)."""
    rng = random.Random(7)
    alphabet = "회고운동돈식비aAbB1 .,!?\n漢字"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(300)]
    conn = sqlite3.connect(":memory:")
    conn.create_function("reflee_bigrams", 1, bigrams, deterministic=True)
    conn.execute(
        "CREATE VIRTUAL TABLE t USING fts5 (c, content='', columnsize=0, tokenize='unicode61 remove_diacritics 0')"
    )
    conn.executemany("INSERT INTO t (rowid, c) VALUES (?, reflee_bigrams(?))", enumerate(texts, 1))
    letters = [c for c in set(alphabet) if c.isalnum()]
    terms = letters + [a + b for a in letters for b in letters]
    from reflee.bigrams import match_expr

    for term in terms:
        found = {r[0] for r in conn.execute("SELECT rowid FROM t WHERE t MATCH ?", (match_expr(term),))}
        expected = {i for i, text in enumerate(texts, 1) if term.lower() in text.lower()}
        assert found == expected, term


def test_migration_fills_the_index_for_rows_already_stored(tmp_path: Path):
    from reflee.migrations import apply_pending

    old = sqlite3.connect(tmp_path / "old.db", isolation_level=None)
    apply_pending(old, stop_before="m012_search_bigram")
    old.execute(
        "INSERT INTO retro (id, entry_date, purpose, content, content_hash, created_at, updated_at)"
        " VALUES ('0', '2026-01-01', '', '예전에 쓴 회고', 'h', 't', 't')"
    )
    old.close()
    conn = db.connect(tmp_path / "old.db")
    hits = search_mod.search(conn, "회고")
    assert [h.retro.id for h in hits] == ["0"]


@pytest.mark.parametrize("stream", [True, False])
def test_list_and_search_json_are_arrays(cli, stream):
    for i in range(3):
        add(cli, f"회고 {i}")
    r = cli("retro", "list", "--json")
    assert r.code == 0 and len(r.json) == 3 and r.out.startswith("[\n")
    assert len(search(cli, "회고")) == 3
    r = cli("retro", "search", "없음", "--json")
    assert r.code == 0 and r.json == []


def test_listing_100k_hits_does_not_hold_them_in_memory(home: Path):
    n = 100_000
    with services.open(home) as s:
        with db.transaction(s.conn):
            s.conn.execute(
                "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ?)"
                " INSERT INTO retro (id, entry_date, purpose, content, content_hash, created_at, updated_at)"
                " SELECT printf('%032x', i), '2026-01-01', '', '오늘의 회고 ' || i,"
                " printf('h%d', i), 't', 't' FROM k",
                (n,),
            )
        result = s.retro.search("회고", limit=10 * n, stream=True)
        tracemalloc.start()
        try:
            count = sum(1 for _ in result.iter_json())
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert count == n
    assert peak < 20_000_000, f"peak {peak / 1e6:.1f} MB while streaming {n} hits"  # all of them: ~100 MB


def _jsonl(n: int) -> bytes:
    import json

    return "\n".join(
        json.dumps({"entry_date": "2026-01-01", "content": f"가져온 회고 {i}", "tags": ["t"]}, ensure_ascii=False)
        for i in range(n)
    ).encode()


def test_a_bad_record_after_several_batches_imports_nothing(home: Path, tmp_path: Path):
    from reflee.errors import DataError
    from reflee.retro import importer

    n = importer.BATCH * 2 + 10
    lines = _jsonl(n).split(b"\n")
    lines[n - 5] = b'{"entry_date": "2026-01-01", "content": 5}'
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"\n".join(lines))
    with services.open(home) as s:
        with path.open("rb") as fh, pytest.raises(DataError) as exc:
            s.retro.import_stream(fh, "in.jsonl")
        assert f"line {n - 4}" in exc.value.message
        assert s.retro.list() == []
        assert s.conn.execute("SELECT count(*) FROM retro_tag").fetchone()[0] == 0


def test_streamed_import_skips_repeats_and_is_idempotent_from_a_pipe(home: Path):
    import io

    data = _jsonl(3000) + b"\n" + _jsonl(10)  # the last ten repeat earlier texts
    with services.open(home) as s:

        class Pipe(io.RawIOBase):  # not seekable, like stdin
            def __init__(self) -> None:
                self._data = io.BytesIO(data)

            def readable(self) -> bool:
                return True

            def readinto(self, b) -> int:  # type: ignore[no-untyped-def]
                chunk = self._data.read(len(b))
                b[: len(chunk)] = chunk
                return len(chunk)

        seen: list[tuple[int, int | None]] = []
        result = s.retro.import_stream(io.BufferedReader(Pipe()), "stdin", progress=lambda d, t: seen.append((d, t)))
        assert (result.imported, result.skipped_duplicates) == (3000, 10)
        assert seen[-1] == (3010, None)
        assert len(list(s.retro.search("회고", limit=10_000).hits)) == 3000
        again = s.retro.import_stream(io.BytesIO(data), "again.jsonl")
        assert (again.imported, again.skipped_duplicates) == (0, 3010)
        assert s.conn.execute("SELECT count(*) FROM retro_tag").fetchone()[0] == 3000
