"""`reflee ledger report` and `recurring`, and the income_by_month API other modules use."""

from __future__ import annotations

from datetime import date

import pytest

from reflee import services
from reflee.errors import ExitCode, UsageError
from reflee.ledger import periods


def add(cli, *args: str) -> dict:
    r = cli("ledger", "add", *args, "--no-suggest", "--json")
    assert r.code == 0, r.err
    return r.json


@pytest.fixture
def seeded(cli) -> None:
    for args in (
        ("3,000,000", "--income", "-c", "급여", "-a", "통장", "--date", "2026-02-25"),
        ("500,000", "-c", "월세", "-a", "통장", "--date", "2026-02-01"),
        ("3,000,000", "--income", "-c", "급여", "-a", "통장", "--date", "2026-03-25"),
        ("200,000", "--income", "-c", "부수입", "-a", "현금", "--date", "2026-03-10"),
        ("500,000", "-c", "월세", "-a", "통장", "--date", "2026-03-01"),
        ("120,000", "-c", "식비", "-a", "카드", "--date", "2026-03-05"),
        ("80,000", "-c", "식비", "-a", "카드", "--date", "2026-03-20"),
        ("45,000", "-c", "카페", "-a", "카드", "--date", "2026-03-21"),
        ("$30", "-c", "구독", "--date", "2026-03-03"),
        ("1,000", "-c", "식비", "--date", "2026-04-01"),
    ):
        add(cli, *args)
    gone = add(cli, "999,999", "-c", "식비", "--date", "2026-03-15")
    assert cli("ledger", "rm", gone["id"]).code == 0


def report(cli, *args: str) -> dict:
    r = cli("ledger", "report", *args, "--json")
    assert r.code == 0, r.err
    return r.json


def test_month_report_totals_categories_and_trend(cli, seeded) -> None:
    rep = report(cli, "--month", "2026-03")
    assert (rep["from"], rep["to"], rep["currency"], rep["by"]) == ("2026-03-01", "2026-03-31", "KRW", "category")
    assert (rep["income"], rep["expense"], rep["net"], rep["count"]) == (3_200_000, 745_000, 2_455_000, 6)
    assert rep["savings_rate"] == 76.7
    assert rep["rows"] == [
        {"category": "급여", "kind": "income", "amount": 3_000_000, "count": 1, "share_pct": 93.8},
        {"category": "부수입", "kind": "income", "amount": 200_000, "count": 1, "share_pct": 6.2},
        {"category": "월세", "kind": "expense", "amount": 500_000, "count": 1, "share_pct": 67.1},
        {"category": "식비", "kind": "expense", "amount": 200_000, "count": 2, "share_pct": 26.8},
        {"category": "카페", "kind": "expense", "amount": 45_000, "count": 1, "share_pct": 6.0},
    ]
    assert [m["month"] for m in rep["trend"]] == ["2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03"]
    assert rep["trend"][4] == {
        "month": "2026-02",
        "income": 3_000_000,
        "expense": 500_000,
        "net": 2_500_000,
        "savings_rate": 83.3,
        "count": 2,
    }
    assert rep["trend"][0]["savings_rate"] is None
    assert rep["other_currencies"] == {"USD": 1}
    assert report(cli, "--month", "2026-03", "--currency", "USD")["expense"] == 3000


def test_range_report_by_month_and_by_account(cli, seeded) -> None:
    rep = report(cli, "--from", "2026-02", "--to", "2026-04", "--by", "month")
    assert [(r["month"], r["income"], r["expense"]) for r in rep["rows"]] == [
        ("2026-02", 3_000_000, 500_000),
        ("2026-03", 3_200_000, 745_000),
        ("2026-04", 0, 1_000),
    ]
    assert (rep["income"], rep["expense"]) == (6_200_000, 1_246_000)
    assert rep["rows"] == rep["trend"]
    acc = report(cli, "--month", "2026-03", "--by", "account")
    assert [(r["account"], r["income"], r["expense"]) for r in acc["rows"]] == [
        ("통장", 3_000_000, 500_000),
        ("카드", 0, 245_000),
        ("현금", 200_000, 0),
    ]
    part = report(cli, "--from", "2026-03-04", "--to", "2026-03-21")
    assert (part["income"], part["expense"]) == (200_000, 245_000)
    assert part["trend"][-1]["expense"] == 245_000


def test_terminal_report_has_bars(cli, seeded) -> None:
    r = cli("ledger", "report", "--from", "2026-02", "--to", "2026-03")
    assert r.code == 0
    assert "savings rate" in r.out and "6,200,000원" in r.out and "█" in r.out
    assert "2026-02" in r.out and "2026-03" in r.out
    assert "1 in USD" in r.err


def test_report_bad_input(cli) -> None:
    assert cli("ledger", "report", "--by", "week").code == ExitCode.USAGE
    assert cli("ledger", "report", "--month", "2026-3x").code == ExitCode.USAGE
    assert cli("ledger", "report", "--month", "2026-03", "--from", "2026-01").code == ExitCode.USAGE
    assert cli("ledger", "report", "--from", "2026-05", "--to", "2026-01").code == ExitCode.USAGE
    assert cli("ledger", "report", "--currency", "XYZ").code == ExitCode.USAGE


def _month_day(months_back: int, day: int) -> str:
    m = periods.add_months(date.today().isoformat()[:7], -months_back)
    return f"{m}-{min(day, 28):02d}"


def test_recurring_charges_are_detected(cli) -> None:
    for back in range(6):
        add(cli, "17,000", "-c", "구독", "-p", "넷플릭스", "--date", _month_day(back, 5 + back % 3))
        add(cli, f"{55_000 + back * 400:,}", "-c", "통신", "-p", "SKT 통신요금", "--date", _month_day(back, 21))
        for day in (2, 9, 16, 23):
            add(cli, "4,500", "-c", "카페", "-p", "스타벅스", "--date", _month_day(back, day))
    for back in (9, 10, 11):
        add(cli, "9,900", "-c", "구독", "-p", "왓챠", "--date", _month_day(back, 12))
    add(cli, "1,200,000", "-c", "전자", "-p", "애플스토어", "--date", _month_day(1, 3))
    add(cli, "17,000", "-c", "구독", "-p", "넷플릭스", "--date", _month_day(2, 20))  # one odd extra charge
    items = cli("ledger", "recurring", "--json").json
    names = [i["name"] for i in items]
    assert names == ["SKT 통신요금", "넷플릭스", "왓챠"]
    netflix = items[1]
    assert (netflix["amount"], netflix["category"], netflix["months"], netflix["active"]) == (17000, "구독", 6, True)
    assert netflix["next_date"] > netflix["last_date"]
    assert items[2]["active"] is False
    assert items[0]["amount"] in range(55_000, 57_001)
    r = cli("ledger", "recurring")
    assert r.code == 0 and "넷플릭스" in r.out and "stopped?" in r.out and "a month" in r.err
    assert [i["name"] for i in cli("ledger", "recurring", "--months", "6", "--json").json] == [
        "SKT 통신요금",
        "넷플릭스",
    ]
    assert cli("ledger", "recurring", "--months", "1").code == ExitCode.USAGE


def test_income_by_month_for_other_modules(cli, seeded) -> None:
    add(cli, "700", "--income", "-c", "이자", "--date", "2026-05-31")
    add(cli, "$100", "--income", "-c", "환급", "--date", "2026-05-31")
    gone = add(cli, "5,000,000", "--income", "-c", "상여", "--date", "2026-05-10")
    assert cli("ledger", "rm", gone["id"]).code == 0
    ctx = services.open()
    try:
        got = ctx.ledger.income_by_month("2026-01", "2026-06")
        assert got == {
            "2026-01": 0,
            "2026-02": 3_000_000,
            "2026-03": 3_200_000,
            "2026-04": 0,
            "2026-05": 700,
            "2026-06": 0,
        }
        assert list(got) == sorted(got)
        assert ctx.ledger.income_by_month("2026-05", "2026-05", currency="USD") == {"2026-05": 10000}
        assert ctx.ledger.income_by_month("2025-12", "2026-01") == {"2025-12": 0, "2026-01": 0}
        with pytest.raises(UsageError):
            ctx.ledger.income_by_month("2026-06", "2026-01")
        with pytest.raises(UsageError):
            ctx.ledger.income_by_month("2026-1", "2026-13")
    finally:
        ctx.close()
