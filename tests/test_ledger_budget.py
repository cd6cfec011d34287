"""`reflee budget set|show`: carry-forward, roll-over, totals, and 80 % / 100 % notifications once a month."""

from __future__ import annotations

from reflee.dates import local_today
from reflee.errors import ExitCode


def spend(cli, amount: str, category: str, day: str | None = None) -> dict:
    args = ["ledger", "add", amount, "-c", category, "--json"] + (["--date", day] if day else [])
    r = cli(*args)
    assert r.code == 0, r.err
    return r.json


def show(cli, month: str) -> dict:
    r = cli("budget", "show", "--month", month, "--json")
    assert r.code == 0, r.err
    return r.json


def line(data: dict, category: str) -> dict:
    return next(x for x in data["categories"] if x["category"] == category)


def test_a_budget_carries_forward_until_changed(cli) -> None:
    r = cli("budget", "set", "식비", "50만원", "--month", "2026-01", "--json")
    assert r.code == 0, r.err
    assert (r.json["base"], r.json["since"], r.json["rollover"]) == (500_000, "2026-01", False)
    assert cli("budget", "set", "식비", "40만", "--month", "2026-03").code == 0
    spend(cli, "12,000", "식비", "2026-02-10")
    spend(cli, "8,000", "식비", "2026-02-11")
    spend(cli, "9,000", "카페", "2026-02-11")
    feb = show(cli, "2026-02")
    assert line(feb, "식비") == {
        "category": "식비",
        "currency": "KRW",
        "budget": 500_000,
        "base": 500_000,
        "carried_in": 0,
        "rollover": False,
        "since": "2026-01",
        "spent": 20_000,
        "remaining": 480_000,
        "used_pct": 4.0,
        "over": False,
        "explicit": True,
    }
    assert feb["unbudgeted"] == [{"category": "카페", "spent": 9000}]
    assert feb["total"]["explicit"] is False and feb["total"]["budget"] == 500_000 and feb["total"]["spent"] == 29_000
    assert line(show(cli, "2026-03"), "식비")["budget"] == 400_000
    assert line(show(cli, "2027-12"), "식비")["since"] == "2026-03"
    assert show(cli, "2025-12")["categories"] == []
    assert cli("budget", "set", "식비", "0", "--month", "2026-06").code == 0
    assert show(cli, "2026-07")["categories"] == []
    assert line(show(cli, "2026-05"), "식비")["budget"] == 400_000


def test_rollover_carries_unspent_budget_and_overspending_carries_nothing(cli) -> None:
    assert cli("budget", "set", "여행", "10만", "--month", "2026-01", "--rollover").code == 0
    spend(cli, "30000", "여행", "2026-01-15")  # 70,000 left -> carried
    spend(cli, "150000", "여행", "2026-02-15")  # 170,000 budget, 20,000 left
    assert line(show(cli, "2026-02"), "여행")["carried_in"] == 70_000
    mar = line(show(cli, "2026-03"), "여행")
    assert (mar["budget"], mar["base"], mar["carried_in"]) == (120_000, 100_000, 20_000)
    spend(cli, "130000", "여행", "2026-03-15")  # over by 10,000
    mar = line(show(cli, "2026-03"), "여행")
    assert mar["over"] is True and mar["remaining"] == -10_000 and mar["used_pct"] == 108.3
    assert line(show(cli, "2026-04"), "여행")["carried_in"] == 0
    # changing the amount keeps roll-over on; turning it off stops carrying
    assert cli("budget", "set", "여행", "20만", "--month", "2026-05").code == 0
    assert line(show(cli, "2026-05"), "여행")["rollover"] is True
    assert line(show(cli, "2026-05"), "여행")["carried_in"] == 100_000
    assert cli("budget", "set", "여행", "20만", "--month", "2026-06", "--no-rollover").code == 0
    assert line(show(cli, "2026-06"), "여행")["carried_in"] == 0


def test_total_budget_and_the_terminal_view(cli) -> None:
    assert cli("budget", "set", "전체", "100만", "--month", "2026-01").code == 0
    assert cli("budget", "set", "식비", "10만", "--month", "2026-01").code == 0
    spend(cli, "120000", "식비", "2026-01-03")
    spend(cli, "50000", "쇼핑", "2026-01-04")
    data = show(cli, "2026-01")
    assert data["total"]["explicit"] is True
    assert (data["total"]["budget"], data["total"]["spent"]) == (1_000_000, 170_000)
    assert line(data, "식비")["over"] is True
    r = cli("budget", "show", "--month", "2026-01")
    assert r.code == 0
    assert "식비" in r.out and "over" in r.out and "120.0%" in r.out and "█" in r.out
    assert "total" in r.out and "17.0%" in r.out
    assert "쇼핑" in r.err  # spent without a budget


def test_crossing_80_and_100_percent_notifies_once_per_month_and_category(cli) -> None:
    assert cli("budget", "set", "카페", "10,000").code == 0
    assert cli("budget", "set", "식비", "10,000").code == 0
    assert spend(cli, "7000", "카페")["alerts"] == []
    first = spend(cli, "1000", "카페")["alerts"]
    assert len(first) == 1 and "80%" in first[0] and "카페" in first[0]
    assert spend(cli, "500", "카페")["alerts"] == []  # 85 %: already told
    second = spend(cli, "2000", "카페")["alerts"]
    assert len(second) == 1 and "100%" in second[0]
    assert spend(cli, "3000", "카페")["alerts"] == []
    r = cli("ledger", "add", "9000", "-c", "식비")
    assert r.code == 0 and "alert" in r.err and "식비" in r.err
    last_year = f"{local_today().year - 1}-06-01"
    assert spend(cli, "50000", "카페", last_year)["alerts"] == []  # not this month: nothing
    notes = [n for n in cli("notify", "list", "--json").json if n["kind"] == "budget.threshold"]
    assert len(notes) == 3
    assert len({n["dedup_key"] for n in notes}) == 3
    month = local_today().isoformat()[:7]
    assert {n["dedup_key"] for n in notes} == {
        f"budget:KRW:{month}:카페:80",
        f"budget:KRW:{month}:카페:100",
        f"budget:KRW:{month}:식비:80",
    }


def test_lowering_a_budget_below_spending_notifies(cli) -> None:
    spend(cli, "50000", "취미")
    assert cli("budget", "set", "취미", "100만").code == 0
    r = cli("budget", "set", "취미", "5만", "--json")
    assert r.code == 0 and len(r.json["alerts"]) == 1 and "100%" in r.json["alerts"][0]


def test_bad_budget_input(cli) -> None:
    for args, needle in (
        (("식비", "-5000"), "No such option"),
        (("식비", "abc"), "AMOUNT: 'abc' is not a number"),
        (("식비", "5만", "--month", "2026-13"), "--month: expected a month as YYYY-MM"),
        (("식비:점심", "5만"), "CATEGORY"),
        (("미분류", "5만"), "budgets need a category"),
    ):
        r = cli("budget", "set", *args)
        assert r.code == ExitCode.USAGE, (args, r.err)
        assert needle in r.err
    assert cli("budget", "show", "--json").json["categories"] == []
    r = cli("budget", "show")
    assert r.code == 0 and "No budgets" in r.err


def test_an_import_notifies_for_this_months_rows_wherever_they_sort(cli, tmp_path) -> None:
    """A statement of many months: only this month's expenses count towards this month's budget alerts, found
    among the other months' rows of each batch (the first and last days of the month included)."""
    today = local_today()
    month = today.isoformat()[:7]
    first = today.replace(day=1)
    before = first.fromordinal(first.toordinal() - 1).isoformat()  # the last day of last month
    last_year = f"{today.year - 1}-{today.month:02d}-01"
    assert cli("budget", "set", "카페", "10,000").code == 0
    assert cli("budget", "set", "식비", "10,000").code == 0
    lines = [f"{before},점심,식당,-50000,식비", f"{last_year},점심,식당,-50000,식비"]
    lines += [f"2024-{1 + i % 12:02d}-{1 + i % 28:02d},커피,카페 {i},-{1000 + i},카페" for i in range(5_998)]
    lines[3_000] = f"{first.isoformat()},커피,스타벅스,-4500,카페"
    lines.append(f"{today.isoformat()},커피,스타벅스,-4000,카페")
    path = tmp_path / "months.csv"
    path.write_text("거래일자,적요,가맹점명,금액,분류\n" + "\n".join(lines) + "\n", encoding="utf-8")
    r = cli("ledger", "import", str(path), "--json")
    assert r.code == 0, r.err
    assert len(r.json["alerts"]) == 1 and "80%" in r.json["alerts"][0] and "카페" in r.json["alerts"][0]
    assert line(show(cli, month), "카페")["spent"] == 8_500
    assert line(show(cli, month), "식비")["spent"] == 0  # last month's and last year's lunches: no alert
