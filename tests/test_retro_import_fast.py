"""The importer's quick path for records shaped like our own export gives exactly what the field-by-field
checks give, and steps aside (None) for anything else, so every error still names its record and field."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reflee.errors import DataError
from reflee.retro import importer
from reflee.retro.bulkload import into_empty

NOW = "2026-12-01T00:00:00.000000Z"
GOOD: dict[str, Any] = {
    "id": "019ad2c4f1a07c3e9b5d2e8f4a6c1b37",
    "entry_date": "2026-11-30",
    "purpose": "  집중하기 ",
    "content": "오늘은 회고를 썼다.\n\n",
    "tags": ["#운동", "Study"],
    "version": 3,
    "created_at": "2026-11-30T09:00:00.000000Z",
    "updated_at": "2026-11-30T10:00:00.000000Z",
    "deleted_at": None,
}
ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**64), max_value=2**64),
    st.text(max_size=40),
    st.sampled_from(
        [
            "2026-02-30",
            "2026-11-30T09:00:00.000000Z\n",
            "2026-11-30\n",
            "٢٠٢٦-١١-٣٠",
            "2026-11-30T09:00:00+09:00",
            "019AD2C4F1A07C3E9B5D2E8F4A6C1B37",
            "019ad2c4-f1a0-7c3e-9b5d-2e8f4a6c1b37",
            "\ud800",
            "",
            "   ",
            "x" * 2001,
        ]
    ),
    st.lists(st.one_of(st.text(max_size=8), st.integers(), st.just("a,b"), st.just("\ud800")), max_size=3),
    st.lists(st.one_of(st.just("Study"), st.just(["Study"]), st.just({"tag": "Study"}), st.just(1.0)), max_size=3),
)


def _slow(record: Any) -> Any:
    try:
        return importer._ours(importer._Fields("f", "line 1", record), NOW)
    except DataError as exc:
        return exc


def test_the_export_shape_takes_the_quick_path_with_the_same_result() -> None:
    fast = importer._ours_fast(dict(GOOD), NOW)
    assert fast is not None
    assert fast == _slow(dict(GOOD))
    assert fast.tags == ["study", "운동"] and fast.purpose == "집중하기" and fast.content == "오늘은 회고를 썼다."


@pytest.mark.parametrize("tags", [[["Study"]], ["Study", {"tag": "운동"}], ["Study", 1], [1.0], ["\ud800"]])
def test_tags_that_are_not_all_text_leave_the_quick_path(tags: list[Any]) -> None:
    importer._ours_fast({**GOOD, "tags": ["Study"]}, NOW)  # a list of text now remembered
    assert importer._ours_fast({**GOOD, "tags": tags}, NOW) is None
    assert isinstance(_slow({**GOOD, "tags": tags}), DataError)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.sampled_from(sorted(GOOD)), ODD_VALUES, max_size=4))
def test_any_change_gives_the_same_outcome_or_the_full_checks(changes: dict[str, Any]) -> None:
    record = {**GOOD, **changes}
    fast = importer._ours_fast(dict(record), NOW)
    if fast is not None:
        assert fast == _slow(dict(record))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ['{"a": 1}', "[1, 2]", '"x"', "NaN", " ", "\t", "\r", "\n", "\u3000", "\ufeff", "x", "{", "}", "1e999"]
        ),
        max_size=6,
    ).map("".join)
)
def test_a_line_is_read_as_json_loads_reads_it(line: str) -> None:
    def outcome(read: Any) -> Any:
        try:
            return ("value", repr(read(line)))
        except ValueError as exc:
            return ("error", str(exc))

    assert outcome(importer._loads) == outcome(json.loads)


@pytest.mark.parametrize("into", ["journal", "empty"])
def test_first_wins_across_batches_like_one_pass(home, monkeypatch, into: str) -> None:  # type: ignore[no-untyped-def]
    """Random records sharing IDs and texts with each other and with stored rows: the import keeps exactly the
    records a single pass would (new ID and new text, first come first kept), whatever the batch size. Into an
    empty journal, a large import writes the records straight into the table (reflee.retro.bulkload) and keeps
    exactly the same ones."""
    import io
    import json
    import random

    from reflee import services
    from reflee.retro import bulkload, store

    direct = []
    monkeypatch.setattr(bulkload, "into_empty", lambda *a, **k: direct.append(1) or into_empty(*a, **k))
    if into == "empty":
        monkeypatch.setattr(importer, "DEFER_MIN", 100)  # the file below is "large"
    rng = random.Random(12)
    ids = [f"019ad2c4f1a07c3e9b5d2e8f4a6c{i:04x}" for i in range(60)]
    texts = [f"회고 {i}" for i in range(60)]
    for size in (1, 7, 50, 2000):
        monkeypatch.setattr(importer, "BATCH", size)
        monkeypatch.setattr(bulkload, "BATCH", size)
        with services.open(home / f"h{size}") as s:
            stored = [{"id": ids[i], "entry_date": "2026-01-01", "content": texts[i]} for i in (0, 1)]
            if into == "journal":
                s.retro.import_stream(io.BytesIO("\n".join(json.dumps(r) for r in stored).encode()), "old.jsonl")
            else:
                stored = []
            records = [
                {"id": rng.choice(ids), "entry_date": "2026-01-01", "content": rng.choice(texts), "tags": [f"n{n}"]}
                for n in range(150)
            ]
            seen_ids = {r["id"] for r in stored}
            seen_hashes = {store.content_hash("2026-01-01", "", r["content"]) for r in stored}
            expected, kept_ids, kept_hashes, tags = [], set(), set(), {}
            for r in records:
                h = store.content_hash("2026-01-01", "", r["content"])
                if r["id"] in kept_ids or h in kept_hashes:
                    continue
                kept_ids.add(r["id"])
                kept_hashes.add(h)
                if r["id"] not in seen_ids and h not in seen_hashes:
                    expected.append(r["id"])
                    tags[r["id"]] = r["tags"][0]
            data = "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode()
            result = s.retro.import_stream(io.BytesIO(data), "new.jsonl")
            assert (result.imported, result.skipped_duplicates) == (len(expected), 150 - len(expected))
            got = [r[0] for r in s.conn.execute("SELECT id FROM retro ORDER BY rowid") if r[0] not in seen_ids]
            if into == "empty":  # the stored rows are the file's first records, in the file's order
                assert [r[0] for r in s.conn.execute("SELECT rowid FROM retro ORDER BY rowid")] == [
                    *range(1, result.imported + 1)
                ]
            assert got == expected
            # each record kept has its own tags and no other's: not those of a later record with its ID, which
            # was skipped; none reach the stored rows or come from a record skipped for its text
            tagged = s.conn.execute("SELECT retro_id, group_concat(tag) FROM retro_tag GROUP BY retro_id").fetchall()
            assert sorted(map(tuple, tagged)) == sorted(tags.items())
            assert s.database.check().ok
            # a large import writes tags with foreign keys unchecked: each refers to its record all the same,
            # and the connection checks them again afterwards
            assert s.conn.execute("PRAGMA foreign_key_check").fetchall() == []
            assert s.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert len(direct) == (4 if into == "empty" else 0)


@settings(max_examples=300, deadline=None)
@given(n=st.integers(0, 3000), size=st.sampled_from([1, 2, 7, 50, 2000]), every=st.sampled_from([1, 3, 7, 500]))
def test_batches_and_ticks_are_those_of_one_record_at_a_time(n: int, size: int, every: int) -> None:
    """``bulkload.batched`` pulls records a stretch at a time; its batches (the last one may be short or empty)
    and its progress ticks are exactly those of taking the records one by one."""
    from reflee.retro import bulkload

    batches: list[list[int]] = [[]]
    expected_ticks = []
    for done, record in enumerate(range(n), 1):
        batches[-1].append(record)
        if done % every == 0:
            expected_ticks.append(done)
        if len(batches[-1]) >= size:
            batches.append([])
    ticks: list[int] = []
    assert list(bulkload.batched(range(n), size, ticks.append, every)) == batches  # type: ignore[arg-type]
    assert ticks == expected_ticks
