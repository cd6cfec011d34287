"""The profile fields policy verdicts need: 학생 and several employment values, 자녀 수, traits said to apply,
said not to apply or not said at all, a 1-person household's monthly income worked out, and an old place name
(인천 서구) answered by asking which new 구."""

from __future__ import annotations

from datetime import date

import pytest


def fields(cli) -> dict:
    r = cli("profile", "show", "--json")
    assert r.code == 0, r.err
    return r.json["fields"]


def test_student_and_several_employment_values(cli) -> None:
    assert cli("profile", "set", "employment", "학생").code == 0
    assert fields(cli)["employment"]["value"] == "student"
    r = cli("profile", "set", "employment", "창업자, 학생, 자영업자")
    assert r.code == 0, r.err
    assert fields(cli)["employment"]["value"] == ["self_employed", "founder", "student"]
    assert fields(cli)["employment"]["display"] == "자영업자, (예비)창업자, 학생"
    r = cli("profile", "set", "employment", "학생, 우주비행사")
    assert r.code == 2 and "employment: '우주비행사' is not one of" in r.err
    assert fields(cli)["employment"]["value"] == ["self_employed", "founder", "student"]  # nothing half-written


def test_children(cli) -> None:
    assert cli("profile", "set", "children", "3명").code == 0
    assert fields(cli)["children"]["value"] == 3
    assert cli("profile", "set", "자녀 수", "없음").code == 0
    assert fields(cli)["children"]["value"] == 0
    r = cli("profile", "set", "children", "많이")
    assert r.code == 2 and "children: '많이' is not a number of children from 0 to 20" in r.err


@pytest.mark.parametrize(
    ("text", "value", "display"),
    [
        ("장애인", ["disabled"], "장애인"),
        ("장애인, 기초생활수급자 아님", ["disabled", "!basic_livelihood"], "장애인, 기초생활수급자 아님"),
        (
            "자립준비청년, 결혼예정, 차상위",
            ["near_poverty", "care_leaver", "engaged"],
            "차상위계층, 자립준비청년, 결혼예정",
        ),
        ("장애인, 그 외 없음", ["disabled", "!*"], "장애인, 그 외 없음"),
        ("없음", [], "없음"),
    ],
)
def test_traits_said_not_said_and_said_not_to_apply(cli, text: str, value: list[str], display: str) -> None:
    r = cli("profile", "set", "traits", text)
    assert r.code == 0, r.err
    assert fields(cli)["traits"]["value"] == value
    assert fields(cli)["traits"]["display"] == display


def test_traits_change_one_at_a_time(cli) -> None:
    assert cli("profile", "set", "traits", "장애인").code == 0
    assert cli("profile", "set", "traits", "!무주택, +수급자").code == 0
    assert fields(cli)["traits"]["value"] == ["disabled", "basic_livelihood", "!no_house"]
    assert cli("profile", "set", "traits", "-무주택").code == 0  # forgotten: not said again
    assert fields(cli)["traits"]["value"] == ["disabled", "basic_livelihood"]
    assert cli("profile", "set", "traits", "-장애인, -수급자").code == 0  # nothing said any more: cleared
    assert fields(cli)["traits"]["value"] is None


def test_a_one_person_households_monthly_income_is_worked_out(cli) -> None:
    assert cli("profile", "set", "income_annual", "3000만원").code == 0
    assert fields(cli)["income_monthly_household"]["value"] is None  # household size unknown: not worked out
    assert cli("profile", "set", "household_size", "1").code == 0
    monthly = fields(cli)["income_monthly_household"]
    assert (monthly["value"], monthly["source"]) == (2_500_000, "derived")
    assert monthly["inferred_from"] == "본인 연소득 ÷ 12 (1-person household)"
    share = cli("profile", "show", "--json").json["median_income"]
    assert share["household_size"] == 1 and share["percent"] not in (None, "")
    assert cli("profile", "set", "income_monthly_household", "100만원").code == 0  # entered wins
    assert fields(cli)["income_monthly_household"]["source"] == "entered"
    assert cli("profile", "set", "household_size", "2").code == 0
    assert cli("profile", "unset", "income_monthly_household").code == 0
    assert fields(cli)["income_monthly_household"]["value"] is None  # 2 people: not the person's income


def test_an_old_place_name_is_answered_by_asking(cli) -> None:
    r = cli("profile", "set", "region", "인천 서구")
    assert r.code == 2
    assert r.err.strip() == (
        "error: region: 인천광역시 서구 was split; which one do you live in: 인천광역시 서해구 (28290), "
        "인천광역시 검단구 (28275)? Give one of them, or add your 동 (e.g. '인천광역시 서구 마전동')"
    )
    assert fields(cli)["region"]["value"] is None
    assert cli("profile", "set", "region", "인천 서구 마전동").code == 0
    assert fields(cli)["region"]["value"] == "28275"
    assert cli("profile", "set", "region", "인천광역시 중구 운서동").code == 0
    assert fields(cli)["region"]["value"] == "28155"
    assert cli("profile", "set", "region", "인천 동구").code == 0  # one successor: no need to ask
    assert fields(cli)["region"]["value"] == "28125"
    r = cli("profile", "set", "region", "인천 중구 어느동")
    assert r.code == 2 and "인천광역시 중구 was split" in r.err


def test_the_korean_question(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    r = cli("profile", "set", "region", "인천 서구")
    assert "region: 인천광역시 서구는 나뉘었습니다. 어디에 사나요: 인천광역시 서해구 (28290)" in r.err


def test_traits_not_said_are_unknown_in_matching(cli) -> None:
    """Listing one trait no longer says the others are absent: 무주택 stays a question until said."""
    from reflee import services
    from reflee.policy.facts import Facts
    from reflee.policy.rules import judge

    ctx = services.open()
    try:
        ctx.profile.update({"traits": "장애인"})
        facts = Facts.from_profile(ctx.profile.get(date(2026, 7, 15)))
        assert facts.trait("no_house") is None and facts.trait("disabled") is True
        ctx.profile.update({"traits": "장애인, 그 외 없음"})
        facts = Facts.from_profile(ctx.profile.get(date(2026, 7, 15)))
        assert facts.trait("no_house") is False
        ctx.profile.update({"traits": None, "housing": "월세", "children": "3"})
        facts = Facts.from_profile(ctx.profile.get(date(2026, 7, 15)))
        assert facts.trait("no_house") is True and facts.trait("multi_child") is True
        assert judge(("any", ";t=disabled,kids>=3;"), "장애인 또는 3자녀 이상", facts).status == "met"
    finally:
        ctx.close()
