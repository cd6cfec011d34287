"""A large `retro import` stores its records at once and indexes them for search after it commits (the
backlog, reflee.retro.backlog): nothing is ever missing from a search, edits and deletes made before the
indexing keep the indexes true, and the indexing can be killed anywhere and resumed."""

from __future__ import annotations

import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reflee import services
from reflee.retro import backlog, bulkload, importer
from tests.sync_helpers import mark_pushed

N = importer.DEFER_MIN + 500


def _jsonl(n: int, word: str = "회고", start: int = 0) -> bytes:
    return "\n".join(
        json.dumps(
            {"entry_date": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}", "content": f"가져온 {word} {i} 오늘 배운 것"},
            ensure_ascii=False,
        )
        for i in range(start, start + n)
    ).encode()


def _schema(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    return conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()


def _waiting(home: Path) -> int:
    with sqlite3.connect(home / "reflee.db") as conn:
        return int(conn.execute("SELECT count(*) FROM retro_unindexed").fetchone()[0])


def _hits(s: services.Services, query: str) -> int:
    return len(s.retro.search(query, limit=10 * N).hits)


def test_a_large_import_is_stored_at_once_and_found_by_every_search(home: Path) -> None:
    with services.open(home) as s:
        s.retro.add("작은 회고 하나", purpose="")
        before = _schema(s.conn)
        result = s.retro.import_stream(io.BytesIO(_jsonl(N)), "big.jsonl")
        assert (result.imported, result.unindexed) == (N, N)
        assert result.to_json()["unindexed"] == N
        assert backlog.pending(s.conn) == N
        assert _schema(s.conn) == before  # the triggers and indexes set aside are back, exactly as they were
        plan = s.conn.execute("EXPLAIN QUERY PLAN SELECT id FROM retro WHERE content_hash = 'x'").fetchall()
        assert "retro_by_hash" in str([tuple(r) for r in plan])
        assert len(s.retro.list(limit=10 * N)) == N + 1  # listed at once
        seen: list[tuple[int, int | None]] = []
        found = s.retro.search("회고", limit=10 * N, progress=lambda d, t: seen.append((d, t)))
        assert len(found.hits) == N + 1  # two characters: the bigram index
        assert seen[-1] == (N, N)
        assert backlog.pending(s.conn) == 0
        assert _hits(s, "배운 것") == N  # trigram index
        assert len(s.index.keywords(["가져온"], limit=10 * N)) == N  # word index (chat's keyword retrieval)
        assert s.database.check().ok
        for table in backlog.TABLES:  # the bulk settings were FTS5's only while a chunk was indexed
            stored = dict(s.conn.execute(f"SELECT k, v FROM {table}_config WHERE k IN ('hashsize', 'automerge')"))
            assert {k: stored.get(k, v) for k, v in backlog.DEFAULT_FTS.items()} == backlog.DEFAULT_FTS


def test_a_small_import_is_indexed_as_it_is_stored(home: Path) -> None:
    with services.open(home) as s:
        result = s.retro.import_stream(io.BytesIO(_jsonl(importer.DEFER_MIN - 1)), "small.jsonl")
        assert result.unindexed == 0
        assert backlog.pending(s.conn) == 0


def test_edits_and_deletes_before_indexing_leave_every_index_true(home: Path) -> None:
    with services.open(home) as s:
        s.retro.import_stream(io.BytesIO(_jsonl(N)), "big.jsonl")
        rows = s.conn.execute("SELECT id, rowid FROM retro ORDER BY rowid").fetchall()
        edited, removed, purged, last = rows[10][0], rows[20][0], rows[30][0], rows[-1]
        s.retro.edit(edited, content="완전히 새로운 문장 수영장")
        s.retro.remove(removed)
        s.conn.execute("DELETE FROM retro WHERE id IN (?, ?)", (purged, last[0]))  # a purge, and the last rowid
        reused = s.retro.add("다시 쓴 자리 헬스장", purpose="").id
        assert s.conn.execute("SELECT rowid FROM retro WHERE id = ?", (reused,)).fetchone()[0] == last[1]
        assert backlog.pending(s.conn) == N  # the listed rowids stay listed; the new row reuses one of them

        assert s.retro.index_backlog().waiting == 0
        assert s.database.check().ok  # FTS5's own integrity check of all three indexes
        assert _hits(s, "수영장") == 1
        assert _hits(s, "헬스장") == 1
        assert _hits(s, "회고") == N - 4  # edited, removed, purged and the last are gone from it
        assert [h.retro.id for h in s.retro.search("헬스장").hits] == [reused]


def test_indexing_stops_between_chunks_and_resumes(home: Path) -> None:
    from reflee.cancel import CancelToken
    from reflee.errors import CancelledError

    with services.open(home) as s:
        s.retro.import_stream(io.BytesIO(_jsonl(N)), "big.jsonl")
        token = CancelToken()

        def progress(done: int, total: int) -> None:
            if done >= 2 * 1000:
                token.cancel()

        with pytest.raises(CancelledError):
            backlog.index(s.conn, chunk=1000, progress=progress, cancel=token)
        assert backlog.pending(s.conn) == N - 2000
        assert backlog.index(s.conn) == N - 2000
        assert _hits(s, "회고") == N
        assert s.database.check().ok


def test_cli_import_now_later_and_retro_index(cli, home: Path, tmp_path: Path) -> None:
    big = tmp_path / "big.jsonl"
    big.write_bytes(_jsonl(N))
    assert cli("config", "set", "retro.index_after_import", "later").code == 0
    r = cli("retro", "import", str(big), "--json")
    assert r.code == 0, r.err
    assert (r.json["imported"], r.json["unindexed"]) == (N, N)
    r = cli("retro", "import", str(big))
    assert r.code == 0 and "0 retrospects" in r.err  # nothing new: nothing to index

    r = cli("retro", "search", "회고", "--limit", "5", "--json")
    assert r.code == 0 and len(r.json) == 5
    assert f"Indexing {N:,} imported retrospects for search first" in r.err
    assert _waiting(home) == 0
    r = cli("retro", "index", "--json")
    assert (r.code, r.json) == (0, {"indexed": 0, "waiting": 0})
    assert "Every retrospect is indexed" in cli("retro", "index").err

    second = tmp_path / "second.jsonl"
    second.write_bytes(_jsonl(N, word="운동"))
    r = cli("retro", "import", str(second))
    assert r.code == 0 and f"{N:,} of them are being indexed for search" in r.err
    r = cli("retro", "index", "--json")
    assert (r.code, r.json) == (0, {"indexed": N, "waiting": 0})

    assert cli("config", "set", "retro.index_after_import", "now").code == 0
    third = tmp_path / "third.jsonl"
    third.write_bytes(_jsonl(N, word="식비"))
    r = cli("retro", "import", str(third), "--json")
    assert (r.code, r.json["imported"], r.json["unindexed"]) == (0, N, 0)
    assert _waiting(home) == 0


def test_cron_run_indexes_what_waits(cli, home: Path, tmp_path: Path) -> None:
    big = tmp_path / "big.jsonl"
    big.write_bytes(_jsonl(N))
    assert cli("config", "set", "retro.index_after_import", "later").code == 0
    assert cli("retro", "import", str(big)).code == 0
    r = cli("cron", "run", "--json")
    assert r.code == 0, r.err
    step = next(s for s in r.json["steps"] if s["name"] == "search-index")
    assert (step["status"], step["did"]) == ("ok", [f"search-index:{N}"])
    assert _waiting(home) == 0


def _wait_until(condition, timeout: float = 180.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_the_default_indexes_in_the_background(reflee_proc, home: Path, tmp_path: Path) -> None:
    big = tmp_path / "big.jsonl"
    big.write_bytes(_jsonl(N))
    r = reflee_proc("retro", "import", str(big), "--json")
    assert r.code == 0, r.err
    assert (r.json["imported"], r.json["unindexed"]) == (N, N)
    _wait_until(lambda: _waiting(home) == 0)  # the detached `reflee retro index` finished it
    with services.open(home) as s:
        assert s.retro.index_backlog().indexed == 0
        assert _hits(s, "회고") == N
        assert s.database.check().ok


def test_indexing_killed_anywhere_resumes_with_nothing_lost(home: Path, tmp_path: Path) -> None:
    import random

    rng = random.Random(7)
    with services.open(home) as s:
        s.retro.import_stream(io.BytesIO(_jsonl(3 * N)), "big.jsonl")
    env = {**os.environ, "REFLEE_HOME": str(home)}
    for _trial in range(3):
        proc = subprocess.Popen(
            [sys.executable, "-m", "reflee", "retro", "index"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        start = _waiting(home)
        _wait_until(lambda start=start, proc=proc: _waiting(home) < start or proc.poll() is not None, timeout=120)
        time.sleep(rng.uniform(0, 0.5))  # somewhere inside a later chunk (or after the end)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
    with services.open(home) as s:
        s.retro.index_backlog()
        assert backlog.pending(s.conn) == 0
        assert s.database.check().ok
        assert _hits(s, "회고") == 3 * N


@pytest.mark.parametrize("ratio", [bulkload.REBUILD_RATIO, 1e9], ids=["indexes-rebuilt", "indexes-kept"])
def test_a_large_import_reaches_the_sync_outbox_and_keeps_short_ids_unique(
    home: Path, ratio: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulkload, "REBUILD_RATIO", ratio)

    def rid(i: int, tail: str | None = None) -> str:
        return f"{0x0190_0000_0000_7000_8000_0000_0000_0000 + (i << 32):032x}"[:25] + (tail or f"{i:07x}")

    records = [
        {"id": rid(i, "abcdef0" if i in (5, 9, 700) else None), "entry_date": "2025-01-01", "content": f"회고 {i}"}
        for i in range(1, N + 1)
    ]
    with services.open(home) as s:
        mark_pushed(s.conn)  # the outbox rows are written by the import (before a first push: seeded by it)
        s.retro.import_stream(
            io.BytesIO(json.dumps({"id": rid(0, "1234567"), "entry_date": "2024-01-01", "content": "old"}).encode()),
            "one.jsonl",
        )
        records[99]["id"] = rid(100, "1234567")  # the same short ID as the row already stored
        data = "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode()
        assert s.retro.import_stream(io.BytesIO(data), "big.jsonl").imported == N
        sids = dict(s.conn.execute("SELECT id, sid FROM retro").fetchall())
        assert len(set(sids.values())) == N + 1  # every short ID distinct
        assert sids[rid(0, "1234567")] == "1234567"  # the older row keeps its short ID
        assert sids[rid(5, "abcdef0")] == "abcdef0"  # the first of the file keeps it; the later ones move
        assert sids[rid(9, "abcdef0")] != "abcdef0" and sids[rid(700, "abcdef0")] != "abcdef0"
        assert s.retro.get(sids[rid(9, "abcdef0")]).id == rid(9, "abcdef0")
        outbox = s.conn.execute(
            "SELECT count(*), count(DISTINCT record_id) FROM sync_outbox WHERE kind = 'retrospect'"
        ).fetchone()
        assert tuple(outbox) == (N + 1, N + 1)  # one change per retrospect, as the triggers write
        assert s.database.check().ok
