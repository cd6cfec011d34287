"""Fixing transactions after an import: `ledger categorize` (rules over a filter, dry run, one transaction) and
`ledger edit` on many IDs at once (all or nothing)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reflee.errors import ExitCode

STATEMENT = [
    "date,amount,memo,payee",
    "2026-11-01,-4500,체크카드,스타벅스 강남",
    "2026-11-02,-12000,체크카드,김밥천국",
    "2026-11-03,-1500,교통카드,버스",
    "2026-11-04,-30000,체크카드,쿠팡",
    "2026-10-03,-5500,체크카드,스타벅스 역삼",
    "2026-11-05,2000000,급여,(주)회사",
]


@pytest.fixture
def imported(cli, tmp_path: Path) -> dict[str, dict]:
    f = tmp_path / "s.csv"
    f.write_text("\n".join(STATEMENT) + "\n", encoding="utf-8")
    r = cli("ledger", "import", str(f), "--json")
    assert r.code == 0 and r.json["added"] == 6, r.err
    return {t["payee"]: t for t in txns(cli)}


def txns(cli) -> list[dict]:
    r = cli("ledger", "list", "--from", "2000-01", "--to", "2100-12", "--json")
    assert r.code == 0, r.err
    return r.json["transactions"]


def categories(cli) -> dict[str, str]:
    return {t["payee"]: t["category"] for t in txns(cli)}


def test_dry_run_shows_what_would_change_and_changes_nothing(cli, imported) -> None:
    r = cli(
        "ledger", "categorize", "--uncategorized", "--rule", "스타벅스|커피=카페", "--rule", "김밥=식비", "--dry-run"
    )
    assert r.code == 0, r.err
    for payee in ("스타벅스 강남", "스타벅스 역삼", "김밥천국"):
        t = imported[payee]
        assert t["short_id"] in r.out and payee in r.out
    assert "미분류 → 카페" in r.out and "미분류 → 식비" in r.out
    assert "3 of 6 transactions would change" in r.err and "nothing was changed" in r.err
    assert set(categories(cli).values()) == {""}

    j = cli("ledger", "categorize", "--uncategorized", "--rule", "스타벅스=카페", "--dry-run", "--json").json
    assert (j["dry_run"], j["considered"], j["changed"], j["unmatched"]) == (True, 6, 2, 4)
    assert {c["short_id"] for c in j["changes"]} == {
        imported["스타벅스 강남"]["short_id"],
        imported["스타벅스 역삼"]["short_id"],
    }
    assert j["changes"][0]["old_category"] == "" and j["changes"][0]["new_category"] == "카페"


def test_applying_changes_only_the_rows_the_filter_picks(cli, imported) -> None:
    r = cli("ledger", "categorize", "--month", "2026-11", "--rule", "스타벅스=카페", "--json")
    assert r.code == 0 and r.json["changed"] == 1 and r.json["dry_run"] is False, r.err
    got = categories(cli)
    assert got["스타벅스 강남"] == "카페" and got["스타벅스 역삼"] == ""  # October was not picked

    r = cli("ledger", "categorize", "--payee", "버스", "--rule", ".=교통", "--json")
    assert r.json["changed"] == 1 and categories(cli)["버스"] == "교통"
    r = cli("ledger", "categorize", "--memo", "^급", "--rule", "회사=급여", "--json")
    assert r.json["considered"] == 1 and categories(cli)["(주)회사"] == "급여"

    r = cli("ledger", "categorize", "--all", "--rule", "스타벅스=카페")
    assert r.code == 0 and "Changed the category of 1 of 6 transactions" in r.err
    again = cli("ledger", "categorize", "--all", "--rule", "스타벅스=카페", "--json").json
    assert again["changed"] == 0  # nothing left to change


def test_saved_profile_rules_are_re_applied(cli, imported, tmp_path: Path) -> None:
    f = tmp_path / "again.csv"
    f.write_text("date,amount,memo,payee\n2026-11-20,-3000,체크카드,스타벅스 시청\n", encoding="utf-8")
    r = cli("ledger", "import", str(f), "--rule", "스타벅스=카페", "--rule", "쿠팡=쇼핑", "--save-profile", "내카드")
    assert r.code == 0, r.err
    r = cli("ledger", "categorize", "--uncategorized", "--json")  # no --rule: every saved profile's rules
    assert r.code == 0, r.err
    assert r.json["changed"] == 3 and {"pattern": "쿠팡", "category": "쇼핑"} in r.json["rules"]
    got = categories(cli)
    assert (got["스타벅스 강남"], got["스타벅스 역삼"], got["쿠팡"]) == ("카페", "카페", "쇼핑")
    assert cli("ledger", "categorize", "--all", "--profile", "없는것").code == ExitCode.USAGE


def test_bad_input_is_one_line_and_changes_nothing(cli, imported) -> None:
    r = cli("ledger", "categorize", "--rule", "스타벅스=카페")
    assert r.code == ExitCode.USAGE and "--all" in r.err and len(r.err.strip().splitlines()) == 1
    r = cli("ledger", "categorize", "--all", "--rule", "([=카페")
    assert r.code == ExitCode.USAGE and "--rule" in r.err
    r = cli("ledger", "categorize", "--all", "--rule", "no-equals-sign")
    assert r.code == ExitCode.USAGE
    r = cli("ledger", "categorize", "--all", "--memo", "(", "--rule", "a=b")
    assert r.code == ExitCode.USAGE and "--memo" in r.err
    r = cli("ledger", "categorize", "--all")  # no rules given, none saved
    assert r.code == ExitCode.USAGE and "rule" in r.err
    assert set(categories(cli).values()) == {""}


def test_edit_many_ids_at_once(cli, imported) -> None:
    a, b = imported["스타벅스 강남"]["short_id"], imported["스타벅스 역삼"]["short_id"]
    r = cli("ledger", "edit", a, b, "--category", "카페", "--tag", "커피", "--json")
    assert r.code == 0, r.err
    assert r.json["changed"] == 2 and len(r.json["transactions"]) == 2
    got = {t["payee"]: t for t in txns(cli)}
    assert got["스타벅스 강남"]["category"] == got["스타벅스 역삼"]["category"] == "카페"
    assert got["스타벅스 역삼"]["tags"] == ["커피"]
    r = cli("ledger", "edit", a, b, "--memo", "")
    assert r.code == 0 and "Updated 2 transactions" in r.err and a in r.out


def test_edit_many_is_all_or_nothing(cli, imported) -> None:
    a, b = imported["김밥천국"]["short_id"], imported["쿠팡"]["short_id"]
    r = cli("ledger", "edit", a, "ffff0000", b, "--category", "식비")
    assert r.code == ExitCode.NOT_FOUND and "ffff0000" in r.err and len(r.err.strip().splitlines()) == 1
    assert categories(cli)["김밥천국"] == "" and categories(cli)["쿠팡"] == ""
    assert cli("ledger", "rm", b).code == 0
    r = cli("ledger", "edit", a, b, "--category", "식비")  # a deleted one: nothing changes either
    assert r.code == ExitCode.NOT_FOUND and b in r.err
    assert categories(cli)["김밥천국"] == ""
    r = cli("ledger", "edit", a, imported["버스"]["short_id"], "--amount", "-5")
    assert r.code == ExitCode.USAGE and categories(cli)["김밥천국"] == ""
