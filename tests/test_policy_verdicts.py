"""Verdicts a user can trust, on the real data: the case table (tests/verdict_cases.py, each case chosen by
reading the raw record, with the field that decides it), the property that a record whose text restricts is
never plain 해당 while the profile cannot settle it, and the profile fields and messages the verdicts need."""

from __future__ import annotations

import json
import re
from datetime import date

import policy_data
import policy_lang
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from policy_data import GOV_LIST, ON, YOUTH, needs_real_data
from verdict_cases import CASES, PROFILES

real_db = policy_data.real_db
with_real_policies = policy_data.with_real_policies
korean = policy_lang.korean
pytestmark = [needs_real_data, pytest.mark.usefixtures("with_real_policies")]


def match_all(profile: dict[str, str | None]):
    from reflee import services

    ctx = services.open()
    try:
        ctx.profile.update(profile)
        return ctx.policy.match(include_all=True, on=date.fromisoformat(ON))
    finally:
        ctx.close()


@pytest.mark.parametrize("name", sorted({c[0] for c in CASES}))
def test_the_case_table(name: str) -> None:
    """Every (profile, record) case gets the verdict written down, for the reason written down."""
    run = match_all(PROFILES[name])
    got = {r.policy.source_id: r for r in run.results}
    wrong = []
    for _profile, record, expected, field, why in (c for c in CASES if c[0] == name):
        result = got[record]
        if result.eligibility != expected:
            reasons = "; ".join(f"{c['label']} {c['status']}: {c['reason']}" for c in result.conditions)
            wrong.append(f"{record} ({why}; decided by {field}): {result.eligibility}, not {expected} — {reasons}")
        if expected == "eligible_text":
            assert result.deciding_lines, f"{record}: 해당(글 확인) without the line that decides"
    assert not wrong, "\n".join(wrong)


def test_the_table_covers_enough_cases_and_every_verdict() -> None:
    assert len(CASES) >= 60
    assert {c[2] for c in CASES} == {"eligible", "eligible_text", "maybe", "ineligible"}
    assert len({(c[0], c[1]) for c in CASES}) == len(CASES)


# --- the property: a record whose text restricts is never plain 해당 when the profile cannot settle it -------
TRAIT_WORDS = re.compile(
    r"수급자|차상위|장애인|유공자|보훈|한부모|다자녀|다문화|북한이탈|임산부|농업인|어업인|자립준비|보호종료|학교\s?밖"
)
# a preference, not a limit: 우대, 가점, or an order of selection ("① 수급자 → ② 졸업예정자 → ③ 재학생 순으로 선발")
NOT_A_LIMIT = re.compile(r"우대|우선|가점|가산점|추가\s?지원|순(?:으로)?\s?(?:선발|선정)")


def _restricted_by_text(texts: list[str]) -> bool:
    """A line of who may (not) apply names a group of people that only the profile's traits could settle."""
    return any(
        TRAIT_WORDS.search(line) and not NOT_A_LIMIT.search(line)
        for text in texts
        for line in (text or "").replace("\r", "\n").split("\n")
    )


def restricted_ids() -> set[str]:
    youth = json.loads(YOUTH.read_text(encoding="utf-8"))["result"]["youthPolicyList"]
    rows = json.loads(GOV_LIST.read_text(encoding="utf-8"))["data"]
    ids = {r["plcyNo"] for r in youth if _restricted_by_text([r["addAplyQlfcCndCn"], r["ptcpPrpTrgtCn"]])}
    ids |= {r["서비스ID"] for r in rows if _restricted_by_text([r["지원대상"], r["선정기준"]])}
    return ids


RESTRICTED = restricted_ids() if YOUTH.exists() else set()
PROFILE_OPTIONS = {
    # a young adult (19 to 58): the age groups such lists offer as alternatives (65세 이상, 18세 미만) aside
    "birth_date": st.dates(min_value=date(1967, 8, 1), max_value=date(2007, 7, 1)).map(str),
    "region": st.sampled_from(["11620", "26350", "12150", "28275", "41111", "47730", "50130"]),
    "gender": st.sampled_from(["남성", "여성"]),
    "employment": st.sampled_from(["재직자", "자영업자", "미취업자", "학생", "창업자", "학생, 자영업자"]),
    "education": st.sampled_from(["고교 재학", "대학 재학", "대학 졸업"]),
    "marital": st.sampled_from(["미혼", "기혼"]),
    "household_size": st.integers(1, 6).map(str),
    "income_annual": st.integers(0, 100_000_000).map(str),
    "income_monthly_household": st.integers(0, 12_000_000).map(str),
    "housing": st.sampled_from(["자가", "전세", "월세", "부모님 집"]),
}
profiles = st.fixed_dictionaries({}, optional=PROFILE_OPTIONS)


def test_many_records_restrict_in_their_text() -> None:
    assert len(RESTRICTED) > 150
    assert {"B55435200002", "B55037300001"} <= RESTRICTED


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(profile=profiles)
def test_no_record_restricted_by_its_text_is_plain_eligible_while_traits_are_unknown(profile) -> None:
    """For any young adult who says nothing about traits, no record whose text names a group of people
    (수급자, 장애인, 한부모 …) is plain 해당: only the text, or the traits, can settle it."""
    # every field given, the others cleared: the examples share one home, and a field left from an earlier
    # example would make this one another profile (and Hypothesis's replay of it a different result)
    cleared = dict.fromkeys(PROFILE_OPTIONS, None)
    run = match_all({**cleared, "traits": None, **profile})
    plain = [r for r in run.results if r.policy.source_id in RESTRICTED and r.eligibility == "eligible"]
    assert not plain, [(r.policy.source_id, r.policy.title, r.conditions) for r in plain[:3]]


# --- what the user sees -------------------------------------------------------------------------------------------
@pytest.mark.usefixtures("korean")
def test_match_and_show_name_the_deciding_line(cli) -> None:
    for field, value in PROFILES["student"].items():
        assert cli("profile", "set", field, value).code == 0
    data = cli("policy", "show", "B55435200002", "--on", ON, "--json").json["match"]
    assert data["eligibility"] == "eligible_text"
    assert [c["origin"] for c in data["conditions"]] == ["text"]
    (line,) = data["deciding_lines"]  # a line of 지원대상 a student could still meet: 유공자 자녀, 고하도 주민 …
    raw = json.loads(GOV_LIST.read_text(encoding="utf-8"))["data"]
    target = next(r["지원대상"] for r in raw if r["서비스ID"] == "B55435200002")
    assert line in target.replace("\r\n", "\n") and "만65세" not in line and "기초수급자" not in line
    r = cli("policy", "show", "B55435200002", "--on", ON)
    assert r.code == 0, r.err
    assert "나에게 맞나요  해당(글 확인)" in r.out
    assert f"판단할 글: {line}" in r.out
    run = cli("policy", "match", "--all", "--on", ON, "--json").json
    order = [r["eligibility"] for r in run["results"]]
    assert order == sorted(order, key=["eligible", "eligible_text", "maybe", "ineligible"].index)
    assert run["counts"]["eligible_text"] > 0
    out = cli("policy", "match", "--on", ON, "-n", "400").out
    assert "해당(글 확인)" in out and "판단할 글:" in out


@pytest.mark.usefixtures("korean")
def test_reasons_name_what_was_compared_and_hints_ask_only_for_what_is_missing(cli) -> None:
    for field, value in PROFILES["employed"].items():
        assert cli("profile", "set", field, value).code == 0
    data = cli("policy", "show", "B55037300001", "--on", ON, "--json").json["match"]
    (target,) = [c for c in data["conditions"] if c["dimension"] == "target"]
    assert target["status"] == "not_met" and target["origin"] == "text"
    assert target["reason"].startswith("지원대상(글)의 대상 어디에도 해당하지 않음: 기초생활수급자")
    assert "자녀 3명 이상" in target["reason"]
    run = cli("policy", "match", "--all", "--on", ON, "--json").json
    reasons = [c["reason"] for r in run["results"] for c in r["conditions"]]
    assert not [x for x in reasons if "특성을 넣으면" in x or "소득 조건(글): -" in x]
    assert not [x for x in reasons if "가구원 수를 넣으면" in x or "생년월일을 넣으면" in x]
    assert "traits" not in run["missing_profile_fields"] and "household_size" not in run["missing_profile_fields"]
    assert "인천광역시 제물포구 외" not in " ".join(reasons)


@pytest.mark.usefixtures("korean")
def test_a_seoul_wide_list_missing_a_gu_says_which(cli) -> None:
    from reflee.policy.match_region import area_label
    from reflee.refdata import regions

    incheon = sorted(regions.leaves("28000") - {"28710", "28720"})
    assert area_label(tuple(incheon)) == "인천광역시 (강화군·옹진군 제외)"
    assert area_label(tuple(sorted(regions.leaves("28000")))) == "인천광역시 전체"
