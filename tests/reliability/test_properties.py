"""Property tests (Hypothesis): amounts, dates and periods survive format -> parse unchanged, and every
importer turns any bytes into a result or a RefleeError (exit 2-8), never an unexpected exception (exit 1)."""

from __future__ import annotations

import csv
import io
import json
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflee import services
from reflee.config import load_settings
from reflee.dates import local_today, parse_date, parse_month, read_month
from reflee.errors import RefleeError, UsageError
from reflee.ledger import periods
from reflee.ledger.amounts import CURRENCIES, MAX_MINOR, read_amount
from reflee.ledger.models import format_money, format_plain
from tests.reliability.harness import scale

EXAMPLES = scale(150, 2000)
FUZZ = scale(80, 1500)
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
FUZZ_SETTINGS = settings(max_examples=FUZZ, deadline=None, suppress_health_check=list(HealthCheck))


class _Count:
    def __init__(self, tally, name: str) -> None:
        self.row = tally.row(name)
        self.start = time.monotonic()

    def __enter__(self):
        return self.row

    def __exit__(self, *exc: object) -> None:
        self.row.trials += 1
        self.row.seconds += time.monotonic() - self.start


# -- round trips -------------------------------------------------------------------------------------------------


def test_amounts_round_trip(tally) -> None:
    with _Count(tally, "property: amount round trip") as row:

        @SETTINGS
        @given(st.integers(-MAX_MINOR, MAX_MINOR), st.sampled_from(sorted(CURRENCIES)))
        def check(minor: int, currency: str) -> None:
            row.records += 1
            for text in (format_money(minor, currency), f"{format_plain(minor, currency)} {currency}"):
                money = read_amount(text, currency)
                assert (money.minor, money.currency) == (minor, currency), text

        check()


def test_dates_round_trip(tally) -> None:
    with _Count(tally, "property: date round trip") as row:

        @SETTINGS
        @given(st.dates(date(1, 1, 1), date(9999, 12, 31)), st.integers(0, 10**12))
        def check(day: date, back: int) -> None:
            row.records += 1
            assert parse_date(day.isoformat()) == day
            assert parse_date(f"{day.year:04d}.{day.month:02d}.{day.day:02d}") == day
            assert parse_date(f"{day.year:04d}년 {day.month}월 {day.day}일") == day
            try:
                expected = day - timedelta(days=back)
            except OverflowError:
                expected = None
            for text in (f"{back} days ago", f"{back}일 전"):
                if expected is None:
                    with pytest.raises(UsageError):
                        parse_date(text, day)
                else:
                    assert parse_date(text, day) == expected

        check()


def test_periods_round_trip(tally) -> None:
    with _Count(tally, "property: period round trip") as row:

        @SETTINGS
        @given(st.integers(1, 9999), st.integers(1, 12))
        def check(year: int, month: int) -> None:
            row.records += 1
            text = f"{year:04d}-{month:02d}"
            assert parse_month(text) == text and read_month(text, local_today()) == (year, month)
            assert periods.check_month(text) == text
            first, last = periods.resolve(text, None, None)
            assert first == f"{text}-01" and date.fromisoformat(last).month == month
            if (year, month) != (9999, 12):
                assert (date.fromisoformat(last) + timedelta(days=1)).day == 1

        check()


# -- importers: any bytes, no crash ---------------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=25,
)
RETRO_RECORDS = st.fixed_dictionaries(
    {},
    optional={
        "id": JSON_VALUES,
        "entry_date": st.sampled_from(["2024-01-01", "0001-01-01", "9999-12-31", "2024-02-30"]) | JSON_VALUES,
        "content": st.text() | JSON_VALUES,
        "purpose": JSON_VALUES,
        "tags": JSON_VALUES,
        "version": JSON_VALUES,
        "created_at": st.sampled_from(["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"]) | JSON_VALUES,
        "deleted_at": JSON_VALUES,
    },
)
POLICY_RECORDS = st.fixed_dictionaries(
    {"source": st.just("manual") | JSON_VALUES, "source_id": st.text(min_size=1, max_size=4), "title": JSON_VALUES},
    optional={k: JSON_VALUES for k in ("apply", "org", "popularity", "conditions", "keywords", "detail_url")},
)


def _no_crash(home: Path, row, action) -> None:
    row.records += 1
    try:
        action()
    except RefleeError as exc:
        assert 2 <= int(exc.exit_code) <= 8, exc
    except Exception as exc:  # exit 1 for a user: that is the defect this test hunts
        row.crashes += 1
        raise AssertionError(f"{type(exc).__name__}: {exc}") from exc


def _bytes_from(doc) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode("utf-8", "surrogatepass")


@pytest.mark.parametrize("importer", ["retro", "ledger", "policy", "config"])
def test_importers_never_crash(importer: str, tmp_path: Path, tally) -> None:
    home = tmp_path / "home"
    s = services.open(home)
    with _Count(tally, f"fuzz: {importer} import") as row:
        if importer == "retro":
            docs = st.one_of(
                st.binary(max_size=400),
                st.builds(lambda r: _bytes_from({"format": "reflee.retro", "version": 1, "retros": r}),
                          st.lists(RETRO_RECORDS, max_size=3)),
                st.builds(lambda r: _bytes_from(r), st.lists(RETRO_RECORDS, max_size=3)),
                st.builds(lambda r: _bytes_from({"entries": r}), st.lists(JSON_VALUES, max_size=3)),
            )  # fmt: skip

            @FUZZ_SETTINGS
            @given(docs)
            def check(data: bytes) -> None:
                _no_crash(home, row, lambda: s.retro.import_(data, "fuzz.json"))

        elif importer == "ledger":
            cells = st.text(max_size=12) | st.sampled_from(["2024-01-05", "5000000000000", "(-4,500)", "①", "9" * 30])

            def table(rows: list[list[str]]) -> bytes:
                buf = io.StringIO()
                csv.writer(buf).writerows([["날짜", "금액", "메모"], *rows])
                return buf.getvalue().encode("utf-8", "surrogatepass")

            docs = st.binary(max_size=400).map(lambda b: b"date,amount,memo\n" + b) | st.lists(
                st.lists(cells, min_size=1, max_size=4), min_size=1, max_size=6
            ).map(table)

            @FUZZ_SETTINGS
            @given(docs)
            def check(data: bytes) -> None:
                _no_crash(home, row, lambda: s.ledger.import_csv(data, name="fuzz.csv", skip_invalid=True))

        elif importer == "policy":
            docs = st.binary(max_size=400) | st.lists(POLICY_RECORDS, max_size=3).map(
                lambda r: _bytes_from({"format": "reflee.policies", "version": 1, "policies": r})
            )

            @FUZZ_SETTINGS
            @given(docs)
            def check(data: bytes) -> None:
                _no_crash(home, row, lambda: s.policy.import_([("fuzz.json", data)]))

        else:
            path = tmp_path / "config.toml"

            @FUZZ_SETTINGS
            @given(st.binary(max_size=300) | st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")))
            def check(data: bytes) -> None:
                path.write_bytes(data)
                _no_crash(home, row, lambda: load_settings(path))

        check()
    s.close()
