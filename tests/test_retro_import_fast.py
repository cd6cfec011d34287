"""The importer's quick path for records shaped like our own export gives exactly what the field-by-field
checks give, and steps aside (None) for anything else, so every error still names its record and field."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from reflee.errors import DataError
from reflee.retro import importer

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


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.sampled_from(sorted(GOOD)), ODD_VALUES, max_size=4))
def test_any_change_gives_the_same_outcome_or_the_full_checks(changes: dict[str, Any]) -> None:
    record = {**GOOD, **changes}
    fast = importer._ours_fast(dict(record), NOW)
    if fast is not None:
        assert fast == _slow(dict(record))
