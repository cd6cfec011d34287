"""`reflee ledger add|list|show|edit|rm|restore|categories`: what a user sees, exit codes, nothing half-written."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from reflee.errors import ExitCode


def add(cli, *args: str) -> dict:
    r = cli("ledger", "add", *args, "--json")
    assert r.code == 0, r.err
    return r.json


def listing(cli, *args: str) -> dict:
    r = cli("ledger", "list", *args, "--json")
    assert r.code == 0, r.err
    return r.json


def test_add_stores_integer_minor_units_and_lists_with_totals(cli) -> None:
    a = add(cli, "12,000원", "-c", "식비", "-m", "점심 김치찌개", "--date", "2026-03-05", "-a", "카드", "-t", "회사")
    assert (a["amount"], a["currency"], a["kind"], a["date"]) == (12000, "KRW", "expense", "2026-03-05")
    assert (a["category"], a["account"], a["memo"], a["tags"]) == ("식비", "카드", "점심 김치찌개", ["회사"])
    add(cli, "3만원", "-c", "식비", "--date", "2026-03-20")
    add(cli, "1억 2천만원", "--income", "-c", "급여", "--date", "2026-03-25")
    add(cli, "$12.50", "-c", "도서", "--date", "2026-03-26")
    add(cli, "5000", "-c", "식비", "--date", "2026-04-01")  # another month

    data = listing(cli, "--month", "2026-03")
    assert [t["amount"] for t in data["transactions"]] == [1250, 120_000_000, 30000, 12000]  # newest first
    assert (data["from"], data["to"]) == ("2026-03-01", "2026-03-31")
    assert data["totals"] == [
        {"currency": "KRW", "income": 120_000_000, "expense": 42000, "net": 119_958_000, "count": 3},
        {"currency": "USD", "income": 0, "expense": 1250, "net": -1250, "count": 1},
    ]
    usd = data["transactions"][0]
    assert (usd["currency"], usd["amount_decimal"]) == ("USD", "12.50")

    r = cli("ledger", "list", "--month", "2026-03")
    assert r.code == 0
    assert "12,000원" in r.out and "+120,000,000원" in r.out and "-$12.50" in r.out
    assert "expense 42,000원" in r.out


def test_list_defaults_to_this_month_and_filters(cli) -> None:
    add(cli, "4500", "-c", "카페", "-p", "스타벅스", "-m", "라떼")
    add(cli, "9000", "-c", "식비", "-m", "김밥천국", "-t", "야근")
    add(cli, "1000", "-c", "카페", "--date", "2020-01-01")
    assert len(listing(cli)["transactions"]) == 2
    assert [t["memo"] for t in listing(cli, "--category", "카페")["transactions"]] == ["라떼"]
    assert [t["memo"] for t in listing(cli, "--search", "스타")["transactions"]] == ["라떼"]
    assert [t["memo"] for t in listing(cli, "--search", "천국")["transactions"]] == ["김밥천국"]
    assert [t["memo"] for t in listing(cli, "--tag", "야근")["transactions"]] == ["김밥천국"]
    assert listing(cli, "--kind", "income")["transactions"] == []
    assert len(listing(cli, "--from", "2020-01", "--to", "2020-01")["transactions"]) == 1
    assert len(listing(cli, "--limit", "1")["transactions"]) == 1
    assert listing(cli, "--limit", "1")["totals"][0]["count"] == 2  # totals cover the whole period


def test_category_is_suggested_from_a_similar_earlier_memo_or_payee(cli) -> None:
    add(cli, "4500", "-c", "카페", "-p", "스타벅스 강남점", "-m", "아이스 아메리카노")
    add(cli, "52000", "-c", "교통", "-m", "지하철 정기권")
    a = add(cli, "5,100", "-m", "스타벅스 역삼점")
    assert a["category"] == "카페"
    assert a["suggested_category"]["category"] == "카페"
    b = add(cli, "1,250", "-m", "지하철")
    assert b["category"] == "교통"
    c = add(cli, "30000", "-m", "병원 진료비")
    assert c["category"] == "" and c["suggested_category"] is None
    d = add(cli, "5,100", "-m", "스타벅스", "--no-suggest")
    assert d["category"] == ""
    r = cli("ledger", "add", "4800", "-m", "스타벅스 선릉점")
    assert r.code == 0 and "suggested from an earlier" in r.err
    # income is matched against income only
    e = add(cli, "10000", "--income", "-m", "스타벅스 환급")
    assert e["category"] == ""


def test_edit_rm_restore_and_show(cli) -> None:
    t = add(cli, "4500", "-c", "카페", "-m", "라떼", "-t", "a")
    ident = t["short_id"]
    e = cli("ledger", "edit", ident, "--amount", "5,000", "--category", "간식", "--untag", "a", "--tag", "b", "--json")
    assert e.code == 0, e.err
    assert (e.json["amount"], e.json["category"], e.json["tags"], e.json["memo"]) == (5000, "간식", ["b"], "라떼")
    assert e.json["updated_at"] > t["updated_at"]
    e2 = cli("ledger", "edit", ident, "--income", "--memo", "", "--json")
    assert (e2.json["kind"], e2.json["memo"]) == ("income", "")
    assert cli("ledger", "show", ident, "--json").json["amount"] == 5000
    r = cli("ledger", "rm", ident, "--json")
    assert r.code == 0 and r.json["deleted_at"]
    assert listing(cli)["transactions"] == []
    assert [x["id"] for x in listing(cli, "--deleted")["transactions"]] == [t["id"]]
    assert cli("ledger", "edit", ident, "--amount", "1").code == ExitCode.NOT_FOUND
    assert cli("ledger", "restore", ident).code == 0
    assert [x["id"] for x in listing(cli)["transactions"]] == [t["id"]]
    assert cli("ledger", "restore", ident).code == ExitCode.USAGE


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (("abc",), ExitCode.USAGE, "AMOUNT: 'abc' is not a number"),
        (("",), ExitCode.USAGE, "AMOUNT: empty amount"),
        (("12,00",), ExitCode.USAGE, "ambiguous"),
        (("0",), ExitCode.USAGE, "is zero"),
        (("99999999999999999",), ExitCode.USAGE, "too large"),
        (("1.5",), ExitCode.USAGE, "more precision than KRW"),
        (("4500", "--date", "2026-02-30"), ExitCode.USAGE, "--date: '2026-02-30' is not a real calendar date"),
        (("4500", "-c", "식비:점심"), ExitCode.USAGE, "--category: '식비:점심' contains ':'"),
        (("4500", "-c", "a;b"), ExitCode.USAGE, "contains ';'"),
        (("4500", "-c", "total"), ExitCode.USAGE, "reserved for the overall budget"),
        (("4500", "-t", "two words,x:y"), ExitCode.USAGE, "--tag"),
    ],
)
def test_bad_input_is_one_clear_line_and_nothing_is_written(cli, args, code, needle) -> None:
    r = cli("ledger", "add", *args)
    assert r.code == code
    assert needle in r.err
    assert r.err.count("\n") == 1 and r.out == ""
    assert listing(cli, "--from", "2000-01", "--to", "2100-12")["transactions"] == []


def test_unknown_and_ambiguous_ids(cli) -> None:
    assert cli("ledger", "show", "ffffffff").code == ExitCode.NOT_FOUND
    assert cli("ledger", "rm", "zz").code == ExitCode.USAGE
    add(cli, "1")
    add(cli, "2")
    r = cli("ledger", "show", "0")
    assert r.code == ExitCode.AMBIGUOUS, r.err
    assert cli("ledger", "edit", "ffffffff", "--amount", "3").code == ExitCode.NOT_FOUND
    r = cli("ledger", "edit", listing(cli)["transactions"][0]["id"])
    assert r.code == ExitCode.USAGE and "nothing to change" in r.err


def test_categories_with_counts_and_rename_merges(cli) -> None:
    for amount, cat in (("4500", "카페"), ("5000", "카페"), ("9000", "커피"), ("12000", "식비"), ("100", "")):
        add(cli, amount, "-c", cat, "--date", "2026-05-02", "--no-suggest")
    cats = cli("ledger", "categories", "--json").json
    assert {(c["category"], c["count"], c["total"]) for c in cats} == {
        ("카페", 2, 9500),
        ("커피", 1, 9000),
        ("식비", 1, 12000),
        ("미분류", 1, 100),
    }
    assert cats[0]["category"] == "카페"  # most used first
    assert cli("budget", "set", "커피", "3만", "--month", "2026-05").code == 0
    r = cli("ledger", "categories", "rename", "커피", "카페", "--json")
    assert r.code == 0, r.err
    assert r.json["merged"] is True and r.json["transactions"] == 1 and r.json["budgets_moved"] == 1
    cats = {c["category"]: c for c in cli("ledger", "categories", "--json").json}
    assert cats["카페"]["count"] == 3 and "커피" not in cats
    assert [x["category"] for x in cli("budget", "show", "--month", "2026-05", "--json").json["categories"]] == ["카페"]
    r = cli("ledger", "categories", "rename", "미분류", "기타", "--json")
    assert r.code == 0 and r.json["transactions"] == 1 and r.json["merged"] is False
    assert cli("ledger", "categories", "rename", "없는것", "기타").code == ExitCode.NOT_FOUND
    assert cli("ledger", "categories", "rename", "기타", "기타").code == ExitCode.USAGE
    out = cli("ledger", "categories").out
    assert "카페" in out and "기타" in out


def test_default_currency_setting(cli) -> None:
    assert cli("config", "set", "ledger.currency", "USD").code == 0
    assert add(cli, "12.50")["amount"] == 1250
    assert add(cli, "12.50")["currency"] == "USD"
    assert add(cli, "3만원")["currency"] == "KRW"
    assert cli("config", "set", "ledger.currency", "XYZ").code == ExitCode.USAGE


@pytest.mark.parametrize(
    "args",
    [("ledger", "list", "--json"), ("ledger", "report", "--json"), ("budget", "show", "--json")],
    ids=" ".join,
)
def test_ledger_commands_import_no_tui_or_network_client(args: tuple[str, ...], reflee_proc) -> None:
    assert reflee_proc("ledger", "add", "4500", "-c", "카페").code == 0
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "reflee", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    modules = {line.rsplit("|", 1)[1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}
    assert "reflee.ledger.money" in modules  # the probe sees what ran (every ledger command loads it)
    assert not [m for m in modules if m.split(".")[0] in ("textual", "ollama", "httpx")]


def test_amount_words_may_be_given_unquoted(cli):
    """`reflee ledger add 12.50 USD` and `1억 2천만원` work as a shell splits them."""
    usd = cli("ledger", "add", "12.50", "USD", "-c", "구독", "--json")
    assert usd.code == 0, usd.err
    assert (usd.json["amount"], usd.json["currency"]) == (1250, "USD")
    krw = cli("ledger", "add", "1억", "2천만원", "--income", "-c", "보너스", "--json")
    assert (krw.json["amount"], krw.json["currency"]) == (120_000_000, "KRW")
    bad = cli("ledger", "add", "12.50", "USD", "EUR")
    assert bad.code == 2 and "AMOUNT" in bad.err
