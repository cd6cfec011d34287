"""The table that finds the first record of each text in a large import (reflee.retro.firstseen): a key shared
by two different values never makes one the other's duplicate, whatever the table's size."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reflee import services
from reflee.retro import bulkload, importer
from reflee.retro.firstseen import FirstSeen


@settings(max_examples=200, deadline=None)
@given(values=st.lists(st.integers(min_value=0, max_value=40), max_size=300), buckets=st.sampled_from([1, 3, 2**63]))
def test_the_first_of_each_value_whatever_the_keys_share(values: list[int], buckets: int) -> None:
    """Keys are the values modulo ``buckets`` (1: every key the same), so most lookups meet a key that belongs to
    another value; the answer is still the rowid of the value's first occurrence, or 0 for a first."""
    table = FirstSeen()  # starts small: 300 values make it grow
    stored: dict[int, int] = {}  # rowid -> value
    first: dict[int, int] = {}  # value -> rowid
    for rowid, value in enumerate(values, 1):
        found = table.first(value % buckets, rowid, lambda at, value=value: stored[at] == value)
        assert found == first.get(value, 0)
        if not found:
            stored[rowid] = value
            first[value] = rowid


def test_a_large_table_is_sized_up_front() -> None:
    table = FirstSeen(expected=100_000)
    size = len(table._keys)
    for n in range(1, 100_001):
        assert table.first(n * 0x9E3779B97F4A7C15 % 2**63, n, lambda _at: False) == 0
    assert len(table._keys) == size  # never grew: no rehash in Python


@pytest.mark.parametrize("batch", [1, 3, 2000])
def test_an_import_with_every_digest_key_alike_keeps_each_text_once(home, monkeypatch, batch: int) -> None:  # type: ignore[no-untyped-def]
    """Into an empty journal, with every content digest cut to the same 64 bits (a collision on every record,
    within a batch and across batches), each text is still kept exactly once and no distinct text is lost."""
    monkeypatch.setattr(importer, "DEFER_MIN", 10)
    monkeypatch.setattr(bulkload, "BATCH", batch)
    monkeypatch.setattr(bulkload, "digest_key", lambda _digest: 7)
    texts = [f"회고 {i % 23}" for i in range(120)]
    data = "\n".join(json.dumps({"entry_date": "2026-01-01", "content": t}, ensure_ascii=False) for t in texts)
    with services.open(home) as s:
        result = s.retro.import_stream(io.BytesIO(data.encode()), "alike.jsonl")
        assert (result.imported, result.skipped_duplicates) == (23, 97)
        rows = [r[0] for r in s.conn.execute("SELECT content FROM retro ORDER BY rowid")]
        assert rows == [f"회고 {i}" for i in range(23)]
        assert s.database.check().ok


def test_straight_into_an_empty_journal_stores_what_staging_stores(home, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The same file, with text that is hard to carry (NUL, emoji, a decomposed Hangul syllable, CRLF, tabs),
    imported into an empty journal (written straight in, the content bound as its UTF-8) and into one that
    already holds a record (staged and copied): the same rows, every content stored as text, every hash the
    hash of what is stored."""
    from reflee.retro import store

    monkeypatch.setattr(importer, "DEFER_MIN", 5)
    texts = ["널 \x00 문자", "이모지 🙂👍🏽", "조합 \u1100\u1161\u11a8", "줄\r\n바꿈\t탭", "plain ascii", "끝 "]
    data = "\n".join(
        json.dumps({"entry_date": f"2026-01-0{i + 1}", "purpose": "목적" * (i % 2), "content": t}, ensure_ascii=False)
        for i, t in enumerate(texts)
    ).encode()
    stored = {}
    for into in ("empty", "journal"):
        with services.open(home / into) as s:
            if into == "journal":
                s.retro.add("먼저 있던 회고", purpose="")
            assert s.retro.import_stream(io.BytesIO(data), "hard.jsonl").imported == len(texts)
            rows = s.conn.execute(
                "SELECT entry_date, purpose, content, typeof(content), content_hash FROM retro"
                " WHERE content <> '먼저 있던 회고' ORDER BY entry_date"
            ).fetchall()
            assert {r[3] for r in rows} == {"text"}
            assert all(r[4] == store.content_hash(r[0], r[1], r[2]) for r in rows)
            assert s.retro.search("이모지", limit=5).hits  # the backlog indexes the bytes as the same text
            stored[into] = [tuple(r) for r in rows]
    assert stored["empty"] == stored["journal"]
    assert "널 \x00 문자" in [r[2] for r in stored["empty"]]
