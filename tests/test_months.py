"""Months, periods and days in words: one reader (reflee.dates) for every command that takes a month or a day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reflee.dates import day_or_month, parse_date, parse_month, read_month
from reflee.errors import ExitCode, UsageError
from reflee.ledger import periods as ledger_periods
from reflee.report import periods as report_periods

TODAY = date(2026, 11, 30)
MARCH = date(2027, 3, 15)


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("이번 달", TODAY, "2026-11"),
        ("이번달", TODAY, "2026-11"),
        ("지난달", TODAY, "2026-10"),
        ("지난 달", TODAY, "2026-10"),
        ("저번 달", TODAY, "2026-10"),
        ("다음 달", TODAY, "2026-12"),
        ("11월", TODAY, "2026-11"),
        ("12월", TODAY, "2025-12"),  # a month without a year: the most recent one not in the future
        ("11월", MARCH, "2026-11"),
        ("3월", MARCH, "2027-03"),
        ("2026년 11월", MARCH, "2026-11"),
        ("26년 11월", MARCH, "2026-11"),
        ("2026.11", TODAY, "2026-11"),
        ("2026/11", TODAY, "2026-11"),
        ("2026-11", TODAY, "2026-11"),
        ("2026-1", TODAY, "2026-01"),
        ("202611", TODAY, "2026-11"),
        ("this month", TODAY, "2026-11"),
        ("Last Month", TODAY, "2026-10"),
        ("next month", TODAY, "2026-12"),
        ("0", TODAY, "2026-11"),
        ("-1", TODAY, "2026-10"),
        ("-2", TODAY, "2026-09"),
        ("+1", TODAY, "2026-12"),
        ("-12", TODAY, "2025-11"),
        ("Nov", TODAY, "2026-11"),
        ("nov.", TODAY, "2026-11"),
        ("dec", TODAY, "2025-12"),
        ("November 2026", MARCH, "2026-11"),
        ("Nov 2025", TODAY, "2025-11"),
        ("2026 november", TODAY, "2026-11"),
        ("2달 전", TODAY, "2026-09"),
        ("3 months ago", TODAY, "2026-08"),
        ("a month ago", TODAY, "2026-10"),
        ("1월", date(2027, 1, 1), "2027-01"),
        ("-1", date(2027, 1, 1), "2026-12"),
    ],
)
def test_months_in_words(text: str, today: date, expected: str):
    assert parse_month(text, today) == expected
    first, last = ledger_periods.resolve(text, None, None, today)
    assert (first[:7], last[:7]) == (expected, expected)
    assert report_periods.parse(text, "monthly", today).key == expected


@pytest.mark.parametrize("text", ["", "someday", "13월", "2026-13", "2026-00", "Smarch", "지지난달", "11월 3일", "--1"])
def test_unreadable_months_name_the_field_with_examples(text: str):
    with pytest.raises(UsageError) as caught:
        parse_month(text, TODAY, field="month")
    err = caught.value
    assert err.field == "month"
    assert "expected a month as YYYY-MM or in words" in err.message and "지난달" in err.message
    assert "\n" not in err.describe("--month")


@given(st.integers(min_value=-600, max_value=600))
def test_shifts_agree_in_every_spelling(n: int):
    shifted = parse_month(f"{n:+d}", TODAY)
    y, m = divmod(2026 * 12 + 10 + n, 12)
    assert shifted == f"{y:04d}-{m + 1:02d}"
    if n < 0:
        assert parse_month(f"{-n}달 전", TODAY) == parse_month(f"{-n} months ago", TODAY) == shifted


NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


@given(st.dates(min_value=date(2, 1, 1), max_value=date(9999, 12, 31)), st.integers(min_value=1, max_value=12))
def test_a_month_without_a_year_is_never_in_the_future_nor_a_year_old(today: date, month: int):
    found = read_month(f"{month}월", today)
    assert found is not None
    year, mon = found
    assert mon == month
    assert (year, mon) <= (today.year, today.month)
    assert (today.year * 12 + today.month) - (year * 12 + mon) < 12
    assert read_month(NAMES[month - 1], today) == found


@given(st.integers(min_value=1900, max_value=9999), st.integers(min_value=1, max_value=12))
def test_every_absolute_spelling_of_a_month_agrees(year: int, month: int):
    want = f"{year:04d}-{month:02d}"
    for text in (want, f"{year}.{month}", f"{year}/{month}", f"{year}년 {month}월", f"{year}년{month}월"):
        assert parse_month(text, TODAY) == want, text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("오늘", TODAY),
        ("today", TODAY),
        ("어제", TODAY - timedelta(days=1)),
        ("yesterday", TODAY - timedelta(days=1)),
        ("그제", TODAY - timedelta(days=2)),
        ("내일", TODAY + timedelta(days=1)),
        ("11월 3일", date(2026, 11, 3)),
        ("12월 25일", date(2025, 12, 25)),  # the most recent one, as for months
        ("11/3", date(2026, 11, 3)),
        ("12/25", date(2025, 12, 25)),
        ("11.3", date(2026, 11, 3)),
        ("2026.11.3", date(2026, 11, 3)),
        ("3일 전", date(2026, 11, 27)),
        ("-3d", date(2026, 11, 27)),
        ("+2d", date(2026, 12, 2)),
        ("-1w", date(2026, 11, 23)),
    ],
)
def test_days_in_words(text: str, expected: date):
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize("text", ["13/3", "2/30", "-3x", "11월 32일"])
def test_unreadable_days_name_the_field(text: str):
    with pytest.raises(UsageError, match="--date"):
        parse_date(text, TODAY, field="--date")


def test_range_ends_take_months_or_days():
    assert day_or_month("지난달", TODAY) == date(2026, 10, 1)
    assert day_or_month("지난달", TODAY, end=True) == date(2026, 10, 31)
    assert day_or_month("어제", TODAY, end=True) == date(2026, 11, 29)
    assert ledger_periods.resolve(None, "-2", "-1", TODAY) == ("2026-09-01", "2026-10-31")
    assert ledger_periods.resolve(None, "9월", "오늘", TODAY) == ("2026-09-01", "2026-11-30")


@pytest.mark.parametrize(
    ("text", "key"),
    [("이번 주", "2026-W49"), ("지난주", "2026-W48"), ("this week", "2026-W49"), ("last week", "2026-W48"),
     ("0", "2026-W49"), ("-1", "2026-W48"), ("+1", "2026-W50")],
)  # fmt: skip
def test_weeks_in_words(text: str, key: str):
    assert report_periods.parse(text, "weekly", TODAY).key == key


# --- through the commands, against today's real date ------------------------------------------------------------
def _months_back(n: int) -> str:
    from reflee.dates import local_today

    return parse_month(f"-{n}", local_today())


def test_ledger_list_and_budget_take_months_in_words(cli):
    last = _months_back(1)
    assert cli("ledger", "add", "9000", "-c", "식비", "--date", f"{last}-15").code == 0
    spelled = (f"{int(last[:4])}년 {int(last[5:])}월", last.replace("-", "."))
    for words in ("지난달", "지난 달", "last month", "-1", *spelled):
        r = cli("ledger", "list", "--month", words, "--json")
        assert r.code == 0, (words, r.err)
        assert r.json["from"] == f"{last}-01" and len(r.json["transactions"]) == 1, words
    r = cli("ledger", "list", "--from", "-1", "--to", "이번 달", "--json")
    assert r.json["from"] == f"{last}-01" and len(r.json["transactions"]) == 1
    assert cli("budget", "set", "식비", "5만", "--month", "지난달").code == 0
    r = cli("budget", "show", "--month", "-1", "--json")
    assert r.code == 0 and r.json["month"] == last


def test_report_and_retro_ranges_take_words(cli):
    last = _months_back(1)
    assert cli("retro", "add", "지난달 회고", "--date", f"{last}-02").code == 0
    r = cli("retro", "list", "--since", "지난달", "--until", "지난달", "--json")
    assert r.code == 0, r.err
    assert [e["entry_date"] for e in r.json] == [f"{last}-02"]
    r = cli("report", "monthly", "--period", "지난달", "--no-llm", "--json")
    assert r.code == 0, r.err
    assert r.json["period"]["key"] == last


def test_a_bad_month_is_one_line_naming_the_option(cli):
    r = cli("ledger", "list", "--month", "지지난달")
    assert r.code == ExitCode.USAGE
    assert r.err.startswith("error: --month: expected a month as YYYY-MM or in words (")
    assert len(r.err.strip().splitlines()) == 1
    r = cli("retro", "list", "--since", "13월")
    assert r.code == ExitCode.USAGE and r.err.startswith("error: --since: ") and "13월" in r.err


def test_last_day_of_every_month_agrees_with_the_calendar():
    """periods.last_day counts leap years itself (the calendar module is not loaded by a report)."""
    import calendar

    for year in (*range(1, 10000, 7), 1900, 2000, 2024, 2100, 9999):
        for month in range(1, 13):
            key = f"{year:04d}-{month:02d}"
            assert ledger_periods.last_day(key) == f"{key}-{calendar.monthrange(year, month)[1]:02d}"
    with pytest.raises(ValueError):
        ledger_periods.last_day("2026-13")
