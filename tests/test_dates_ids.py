"""Date parsing in English and Korean, and time-sortable IDs."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reflee import ids
from reflee.dates import parse_date
from reflee.errors import UsageError

SAT = date(2026, 11, 21)  # a Saturday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-03", date(2026, 11, 3)),
        ("2026/1/9", date(2026, 1, 9)),
        ("20260109", date(2026, 1, 9)),
        ("today", SAT),
        ("Yesterday", SAT - timedelta(days=1)),
        ("tomorrow", SAT + timedelta(days=1)),
        ("3 days ago", SAT - timedelta(days=3)),
        ("a week ago", SAT - timedelta(days=7)),
        ("2 weeks ago", SAT - timedelta(days=14)),
        ("1 month ago", date(2026, 10, 21)),
        ("last monday", date(2026, 11, 16)),
        ("last saturday", date(2026, 11, 14)),
        ("monday", date(2026, 11, 16)),
        ("saturday", SAT),
        ("오늘", SAT),
        ("어제", date(2026, 11, 20)),
        ("그저께", date(2026, 11, 19)),
        ("그제", date(2026, 11, 19)),
        ("내일", date(2026, 11, 22)),
        ("3일 전", date(2026, 11, 18)),
        ("3일전", date(2026, 11, 18)),
        ("2주 전", date(2026, 11, 7)),
        ("지난 월요일", date(2026, 11, 16)),
        ("지난주 금요일", date(2026, 11, 13)),
        ("11월 3일", date(2026, 11, 3)),
        ("2025년 12월 31일", date(2025, 12, 31)),
    ],
)
def test_parse_date(text: str, expected: date):
    assert parse_date(text, SAT) == expected


@pytest.mark.parametrize("text", ["", "someday", "2026-02-30", "2026-13-01", "31 feb", "3 fortnights ago", "어제모레"])
def test_unparsable_dates_name_the_field(text: str):
    with pytest.raises(UsageError, match="--since"):
        parse_date(text, SAT, field="--since")


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)))
def test_iso_round_trip(d: date):
    assert parse_date(d.isoformat(), SAT) == d


@given(st.integers(min_value=0, max_value=5000))
def test_days_ago_in_both_languages_agree(n: int):
    assert parse_date(f"{n} days ago", SAT) == parse_date(f"{n}일 전", SAT) == SAT - timedelta(days=n)


def test_ids_are_uuid7_unique_and_time_sorted():
    made = [ids.new_id() for _ in range(5000)]
    assert len(set(made)) == 5000
    assert made == sorted(made)
    for i in made[:50]:
        assert len(i) == 32 and i[12] == "7" and i[16] in "89ab"
    later = ids.new_id(now_ms=int(1e13))
    assert later > made[-1]


def test_natural_short_id_is_the_last_seven_digits():
    a = "0194ab12cd0070008123456789abcdef"
    assert ids.natural_sid(a) == "9abcdef"
    made = [ids.new_id() for _ in range(50)]  # one millisecond: same time digits, different short IDs
    assert len({ids.natural_sid(x) for x in made}) == 50
    assert ids.normalize_prefix("0194AB12-CD") == "0194ab12cd"
    assert ids.normalize_prefix("xyz") is None
