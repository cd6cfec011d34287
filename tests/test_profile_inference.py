"""Income the user has not entered is inferred from the ledger's last three full months; entered wins."""

from __future__ import annotations

from datetime import date

import policy_lang
import pytest

korean = policy_lang.korean
pytestmark = pytest.mark.usefixtures("korean")
pytest.importorskip(
    "reflee.ledger.service", reason="reflee.ledger is not in this tree yet: income cannot be inferred without it"
)


def _months_back(today: date, n: int) -> date:
    index = today.year * 12 + today.month - 1 - n
    return date(index // 12, index % 12 + 1, 15)


def add_salary(cli, months: list[int], amount: str = "3,000,000") -> None:
    today = date.today()
    for n in months:
        r = cli("ledger", "add", amount, "--income", "--category", "급여", "--date", _months_back(today, n).isoformat())
        assert r.code == 0, r.err


def test_income_is_inferred_from_the_last_three_full_months(cli):
    add_salary(cli, [1, 2, 3])
    add_salary(cli, [0], "9,000,000")  # this month is not full yet: left out
    add_salary(cli, [4], "9,000,000")  # four months ago: left out
    assert cli("profile", "set", "household_size", "1").code == 0
    fields = cli("profile", "show", "--json").json["fields"]
    annual = fields["income_annual"]
    assert annual["value"] == 36_000_000
    assert annual["source"] == "inferred"
    assert "가계부" in annual["inferred_from"] and "300만원" in annual["inferred_from"]
    monthly = fields["income_monthly_household"]  # a one-person household: the ledger is the household's income
    assert (monthly["value"], monthly["source"]) == (3_000_000, "inferred")
    r = cli("profile", "show")
    assert "추정" in r.out


def test_only_months_with_income_are_averaged(cli):
    add_salary(cli, [1, 3])
    fields = cli("profile", "show", "--json").json["fields"]
    assert fields["income_annual"]["value"] == 36_000_000
    assert "2개월" in fields["income_annual"]["inferred_from"]
    assert fields["income_monthly_household"]["value"] is None  # household size unknown: not inferred


def test_what_the_user_enters_wins(cli):
    add_salary(cli, [1, 2, 3])
    assert cli("profile", "set", "income_annual", "2400만원").code == 0
    fields = cli("profile", "show", "--json").json["fields"]
    assert (fields["income_annual"]["value"], fields["income_annual"]["source"]) == (24_000_000, "entered")
    assert fields["income_monthly_household"]["value"] is None


def test_no_ledger_income_means_no_inference(cli):
    fields = cli("profile", "show", "--json").json["fields"]
    assert fields["income_annual"]["value"] is None and fields["income_annual"]["source"] is None


def import_income_cap_policy(cli) -> None:
    """One policy open to annual incomes up to 5,000만원, in reflee's own policy format."""
    import json

    doc = {
        "format": "reflee.policies",
        "version": 1,
        "policies": [
            {
                "source": "manual",
                "source_id": "cap-5000",
                "title": "연소득 5천만원 이하 청년 지원",
                "apply": {"kind": "always"},
                "conditions": [{"dimension": "income", "op": "range", "max": 5000, "unit": "krw10k_per_year"}],
            }
        ],
    }
    assert cli("policy", "import", "-", input=json.dumps(doc, ensure_ascii=False)).code == 0


def test_inferred_income_feeds_matching(cli):
    add_salary(cli, [1, 2, 3])
    import_income_cap_policy(cli)
    result = cli("policy", "match", "--json").json["results"][0]
    assert result["eligibility"] == "eligible"
    assert result["conditions"][0]["reason"] == "연소득 3,600만원 (가계부 추정) — 조건 연소득 5,000만원 이하 충족"


def test_an_inferred_income_above_a_cap_is_unknown_not_a_fail(cli):
    add_salary(cli, [1, 2, 3], "6,000,000")
    import_income_cap_policy(cli)
    result = cli("policy", "match", "--json").json["results"][0]
    assert result["eligibility"] == "maybe"
    assert result["conditions"][0]["reason"] == (
        "연소득 7,200만원 (가계부 추정) — 조건 연소득 5,000만원 이하 밖이지만 추정치라 직접 확인"
    )
    assert cli("profile", "set", "income_annual", "7200만원").code == 0  # entered: a fail
    assert cli("policy", "match", "--all", "--json").json["results"][0]["eligibility"] == "ineligible"
