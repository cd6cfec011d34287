"""Matching on the real data: four profiles, their reasons checked policy by policy, and the property that
a nationwide policy with no limits never fails anyone."""

from __future__ import annotations

import json
from datetime import date

import policy_data
import policy_lang
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from policy_data import GOV_COND, GOV_LIST, ON, YOUTH, needs_real_data

real_db = policy_data.real_db
with_real_policies = policy_data.with_real_policies
korean = policy_lang.korean
pytestmark = [needs_real_data, pytest.mark.usefixtures("with_real_policies", "korean")]

# Hand-picked policies (by plcyNo / 서비스ID), each exercising a different rule.
KPASS = "20260710005400113257"  # K-패스: nationwide, every code 제한없음 -> no conditions at all
SEOUL_JOBS = "20250315005400210618"  # 미래 청년 일자리 사업: 서울 전체, 만 19~39세, 미취업자
BUSAN_WEEK = "20250108005400210078"  # 부산진구 청년주간 운영: 부산 전체, 만 18~39세
BUSANJIN = "20250108005400210072"  # 부산진구 청년취업매니저: 부산진구만, 만 18~39세, 미취업자
HAEUNDAE_PREGNANCY = "333000000375"  # 해운대구 임산부 건강관리 지원 (gov24): 해운대구청, 만 18~44세, 임산부, 여성
SAVINGS = "20250226005400110565"  # 청년주택드림청약통장: 만 19~34세, 연소득 5,000만원 이하
TRAINING = "149200005001"  # 직업능력개발수당 (gov24): 만 19~64세, 구직자/실업자
GWANAK_CHECKUP = "320000000124"  # 관악 청년 1인 가구 무료 건강검진 (gov24): 관악구청, 만 19~39세, 1인가구
RAIL_SENIOR = "B55145700001"  # 철도 공공할인 서비스(경로) (gov24): 만 65세 이상
LEGAL_AID = "B27000100008"  # 무료 소송대리 서비스 (gov24): 중위소득 50% 이하 (rough bracket)
ONE_PERSON_CORP = "142000000001"  # 1인 창조기업 지원센터 (gov24): 법인/시설/단체 only


TRAINING_TEXT = (
    '지원대상(글): "수급자격자가 직업안정기관장이 지시한 훈련을 받는 경우 교통비와 식대 지원" — 글을 읽고 확인'
)
"""직업능력개발수당: being a 수급자격자 (of 구직급여) is written only in its 지원대상."""


def setup_profile(cli, **fields: str) -> None:
    for name, value in fields.items():
        r = cli("profile", "set", name, value)
        assert r.code == 0, r.err


def judged(cli, ident: str) -> tuple[str, dict[str, tuple[str, str]]]:
    """(eligibility, {dimension: (status, reason)}) for one policy, as `policy show --json` reports it."""
    r = cli("policy", "show", ident, "--on", ON, "--json")
    assert r.code == 0, r.err
    match = r.json["match"]
    return match["eligibility"], {c["dimension"]: (c["status"], c["reason"]) for c in match["conditions"]}


JOBSEEKER_GWANAK = {"birth_date": "2002-03-02", "region": "서울 관악구", "employment": "미취업자"}
EMPLOYED_BUSAN = {"birth_date": "1995-01-10", "region": "부산", "employment": "재직자"}
AGE_45 = {"birth_date": "1981-05-20"}


def test_24_year_old_jobseeker_in_gwanak(cli):
    setup_profile(cli, **JOBSEEKER_GWANAK)
    assert judged(cli, KPASS) == ("eligible", {})
    assert judged(cli, SEOUL_JOBS) == (
        "eligible",
        {
            "age": ("met", "만 24세 — 조건 만 19~39세 충족"),
            "employment": ("met", "미취업자 — 조건 미취업자 충족"),
            "region": ("met", "서울특별시 관악구 거주 — 조건 서울특별시 전체 충족"),
        },
    )
    assert judged(cli, BUSAN_WEEK) == (
        "ineligible",
        {
            "age": ("met", "만 24세 — 조건 만 18~39세 충족"),
            "region": ("not_met", "서울특별시 관악구 거주 — 조건 부산광역시 전체 미충족"),
        },
    )
    # the text rules (origin "text") join the coded conditions: 무주택 is in 추가자격, not said in the profile
    assert judged(cli, SAVINGS) == (
        "maybe",
        {
            "age": ("met", "만 24세 — 조건 만 19~34세 충족"),
            "income": ("unknown", "소득 정보 없음 — 조건 연소득 5,000만원 이하"),
            "qualification": (
                "unknown",
                "추가자격(글): 소득기준: 연 5,000만원(직전년도 신고소득이 있는 자 기준), 무주택자 — 무주택 해당 여부를 "
                "알 수 없음 (프로필에 주거형태를 넣으면 확인)",
            ),
        },
    )
    # the coded conditions pass; being a 수급자격자 (구직급여) is only in the text: 해당(글 확인)
    assert judged(cli, TRAINING) == (
        "eligible_text",
        {
            "age": ("met", "만 24세 — 조건 만 19~64세 충족"),
            "personal": ("met", "구직자/실업자 — 조건 구직자/실업자 충족"),
            "target": (
                "text",
                TRAINING_TEXT,
            ),
        },
    )
    assert judged(cli, GWANAK_CHECKUP) == (
        "maybe",
        {
            "age": ("met", "만 24세 — 조건 만 19~39세 충족"),
            "region": ("met", "서울특별시 관악구 거주 — 조건 서울특별시 관악구 (소관기관 기준) 충족"),
            "household": ("unknown", "조건 1인가구 — 해당하는지 알 수 없음 (프로필에 가구원 수를 넣으면 확인)"),
            "target": (
                "unknown",
                "지원대상(글): 만 19~39세 관악구 거주 청년 1인 가구(*주민등록등본 기준) — 1인가구 해당 여부를 알 수 "
                "없음 (프로필에 가구원 수를 넣으면 확인)",
            ),
        },
    )
    assert judged(cli, RAIL_SENIOR) == ("ineligible", {"age": ("not_met", "만 24세 — 조건 만 65세 이상 미충족")})
    assert judged(cli, LEGAL_AID) == (
        "maybe",
        {
            "income": ("unknown", "가구 월소득·가구원 수 없음 — 조건 중위소득 50% 이하"),
            "target": ("text", '지원대상(글): "법원소송구조사건 피구조자" — 글을 읽고 확인'),
        },
    )
    eligibility, reasons = judged(cli, ONE_PERSON_CORP)
    assert eligibility == "ineligible"
    assert reasons["user_type"] == ("not_met", "개인 — 조건 법인/시설/단체 대상 (개인 신청 불가)")


def test_filling_in_the_profile_settles_unknowns(cli):
    setup_profile(cli, **JOBSEEKER_GWANAK, household_size="1", income_monthly_household="100만원")
    assert judged(cli, GWANAK_CHECKUP)[1]["household"] == ("met", "1인가구 — 조건 1인가구 충족")
    # income settled; only 소송구조 피구조자 may apply, which the text alone says
    assert judged(cli, LEGAL_AID) == (
        "eligible_text",
        {
            "income": ("met", "기준 중위소득 약 39.0% — 조건 중위소득 50% 이하 충족"),
            "target": ("text", '지원대상(글): "법원소송구조사건 피구조자" — 글을 읽고 확인'),
        },
    )
    setup_profile(cli, income_monthly_household="300만원", income_annual="6000만원")
    # outside the rough 공공서비스 bracket: unknown, not a fail
    assert judged(cli, LEGAL_AID) == (
        "maybe",
        {
            "income": (
                "unknown",
                "기준 중위소득 약 117.0% — 조건 중위소득 50% 이하 밖이지만 "
                "정부24 소득 구간 표시는 대략적이라 직접 확인",
            ),
            "target": ("text", '지원대상(글): "법원소송구조사건 피구조자" — 글을 읽고 확인'),
        },
    )
    # a coded yearly cap the profile exceeds: a fail
    assert judged(cli, SAVINGS)[1]["income"] == ("not_met", "연소득 6,000만원 — 조건 연소득 5,000만원 이하 미충족")


def test_31_year_old_employed_in_busan(cli):
    setup_profile(cli, **EMPLOYED_BUSAN)
    assert judged(cli, KPASS) == ("eligible", {})
    assert judged(cli, SEOUL_JOBS) == (
        "ineligible",
        {
            "age": ("met", "만 31세 — 조건 만 19~39세 충족"),
            "employment": ("not_met", "재직자 — 조건 미취업자 미충족"),
            "region": ("not_met", "부산광역시 거주 — 조건 서울특별시 전체 미충족"),
        },
    )
    assert judged(cli, BUSAN_WEEK) == (
        "eligible",
        {
            "age": ("met", "만 31세 — 조건 만 18~39세 충족"),
            "region": ("met", "부산광역시 거주 — 조건 부산광역시 전체 충족"),
        },
    )
    # only 부산진구: the profile says only 부산, so the area cannot tell; the job status can
    assert judged(cli, BUSANJIN) == (
        "ineligible",
        {
            "region": (
                "unknown",
                "부산광역시 거주 — 조건 부산광역시 부산진구: 일부만 겹침 (시군구까지 넣으면 확인됩니다)",
            ),
            "age": ("met", "만 31세 — 조건 만 18~39세 충족"),
            "employment": ("not_met", "재직자 — 조건 미취업자 미충족"),
        },
    )
    assert judged(cli, HAEUNDAE_PREGNANCY) == (
        "maybe",
        {
            "region": (
                "unknown",
                "부산광역시 거주 — 조건 부산광역시 해운대구 (소관기관 기준): "
                "일부만 겹침 (시군구까지 넣으면 확인됩니다)",
            ),
            "age": ("met", "만 31세 — 조건 만 18~44세 충족"),
            # the hint names the trait to say (traits are unknown, not absent, until said)
            "personal": ("unknown", "조건 임산부 — 해당하는지 알 수 없음 (프로필 특성에 임산부 여부를 넣으면 확인)"),
            "target": (
                "unknown",
                "지원대상(글): 주민등록등본상 주소지가 해운대구인 임산부 — 임산부 해당 여부를 알 수 없음 "
                "(프로필 특성에 임산부 여부를 넣으면 확인)",
            ),
            "gender": ("unknown", "성별 정보 없음 — 조건 여성"),
        },
    )
    setup_profile(cli, region="부산 해운대구", gender="남성", traits="없음")
    assert judged(cli, HAEUNDAE_PREGNANCY) == (
        "ineligible",
        {
            "region": ("met", "부산광역시 해운대구 거주 — 조건 부산광역시 해운대구 (소관기관 기준) 충족"),
            "age": ("met", "만 31세 — 조건 만 18~44세 충족"),
            "personal": ("not_met", "임산부 아님 — 조건 임산부 미충족"),
            "target": ("text", '지원대상(글): "주민등록등본상 주소지가 해운대구인 임산부" — 글을 읽고 확인'),
            "gender": ("not_met", "남성 — 조건 여성 미충족"),
        },
    )
    setup_profile(cli, region="부산")
    # traits 없음: none of them, 무주택 included — and 무주택 is in 추가자격
    assert judged(cli, SAVINGS) == (
        "ineligible",
        {
            "age": ("met", "만 31세 — 조건 만 19~34세 충족"),
            "income": ("unknown", "소득 정보 없음 — 조건 연소득 5,000만원 이하"),
            "qualification": (
                "not_met",
                "무주택 미충족 — 추가자격(글): 소득기준: 연 5,000만원(직전년도 신고소득이 있는 자 기준), 무주택자",
            ),
        },
    )
    assert judged(cli, TRAINING) == (
        "ineligible",
        {
            "age": ("met", "만 31세 — 조건 만 19~64세 충족"),
            "personal": ("not_met", "재직자 — 조건 구직자/실업자 미충족"),
            "target": (
                "text",
                TRAINING_TEXT,
            ),
        },
    )
    assert judged(cli, GWANAK_CHECKUP)[1]["region"] == (
        "not_met",
        "부산광역시 거주 — 조건 서울특별시 관악구 (소관기관 기준) 미충족",
    )


def test_45_year_old_with_nothing_else(cli):
    setup_profile(cli, **AGE_45)
    assert judged(cli, KPASS) == ("eligible", {})
    assert judged(cli, SEOUL_JOBS) == (
        "ineligible",
        {
            "age": ("not_met", "만 45세 — 조건 만 19~39세 미충족"),
            "employment": ("unknown", "취업상태 정보 없음 — 조건 미취업자"),
            "region": ("unknown", "거주지역 없음 — 조건 서울특별시 전체"),
        },
    )
    assert judged(cli, TRAINING) == (
        "maybe",
        {
            "age": ("met", "만 45세 — 조건 만 19~64세 충족"),
            "personal": ("unknown", "조건 구직자/실업자 — 해당하는지 알 수 없음 (프로필에 취업상태를 넣으면 확인)"),
            "target": (
                "text",
                TRAINING_TEXT,
            ),
        },
    )
    assert judged(cli, RAIL_SENIOR) == ("ineligible", {"age": ("not_met", "만 45세 — 조건 만 65세 이상 미충족")})


def test_no_profile_at_all(cli):
    assert judged(cli, KPASS) == ("eligible", {})
    assert judged(cli, SEOUL_JOBS) == (
        "maybe",
        {
            "age": ("unknown", "생년월일 없음 — 조건 만 19~39세 (프로필에 생년월일을 넣으면 확인됩니다)"),
            "employment": ("unknown", "취업상태 정보 없음 — 조건 미취업자"),
            "region": ("unknown", "거주지역 없음 — 조건 서울특별시 전체"),
        },
    )
    assert judged(cli, RAIL_SENIOR)[0] == "maybe"
    assert judged(cli, GWANAK_CHECKUP)[0] == "maybe"
    run = cli("policy", "match", "--all", "--on", ON, "--json").json
    failed = [r for r in run["results"] if r["failed_count"]]
    # with no profile nothing a person could be is ruled out; only services for companies and bodies are
    assert failed and all(
        {c["dimension"] for c in r["conditions"] if c["status"] == "not_met"} == {"user_type"} for r in failed
    )
    assert run["counts"]["eligible"] > 0
    assert run["missing_profile_fields"][:2] == ["birth_date", "region"]


def test_match_lists_eligible_then_maybe_and_hides_closed_and_ineligible(cli):
    setup_profile(cli, **JOBSEEKER_GWANAK)
    run = cli("policy", "match", "--on", ON, "--json").json
    results = run["results"]
    counts = run["counts"]
    assert results and len(results) == counts["eligible"] + counts["eligible_text"] + counts["maybe"]
    order = [r["eligibility"] for r in results]
    assert order == sorted(order, key=["eligible", "eligible_text", "maybe"].index)
    assert all(r["apply"]["state"] != "closed" and r["eligibility"] != "ineligible" for r in results)
    assert [r["rank"] for r in results] == sorted(r["rank"] for r in results)
    maybes = [r for r in results if r["eligibility"] == "maybe"]
    assert [r["unknown_count"] for r in maybes] == sorted(r["unknown_count"] for r in maybes)
    everything = cli("policy", "match", "--all", "--on", ON, "--json").json
    assert len(everything["results"]) == everything["counts"]["total"] == 2421
    closed = [r for r in everything["results"] if r["policy"]["source_id"] == "20250623005400111117"]  # 마감
    assert closed[0]["apply"]["state"] == "closed"
    assert "20250623005400111117" not in {r["policy"]["source_id"] for r in results}


def test_within_a_bucket_nearer_deadlines_and_more_local_come_first(cli):
    setup_profile(cli, **JOBSEEKER_GWANAK)
    results = cli("policy", "match", "--on", ON, "--json").json["results"]
    eligible_no_unknowns = [r for r in results if r["eligibility"] == "eligible"]
    deadlines = [r["apply"]["deadline"] or "9999-12-31" for r in eligible_no_unknowns]
    assert deadlines == sorted(deadlines)
    always = [r for r in eligible_no_unknowns if r["apply"]["deadline"] is None]
    scopes = [r["policy"]["region_scope"] for r in always]
    rank = {"local": 0, "sido": 1, "multi": 2, "national": 3}
    assert [rank[s] for s in scopes] == sorted(rank[s] for s in scopes)


def test_recommend_gives_the_top_of_the_match(cli):
    setup_profile(cli, **JOBSEEKER_GWANAK)
    top = cli("policy", "match", "--on", ON, "--json").json["results"][:3]
    rec = cli("policy", "recommend", "-n", "3", "--on", ON, "--json").json["results"]
    assert [r["policy"]["id"] for r in rec] == [r["policy"]["id"] for r in top]
    r = cli("policy", "recommend", "-n", "2", "--on", ON)
    assert r.code == 0 and "   1  " in r.out and "   3  " not in r.out


# --- the property: a nationwide policy with no limits never fails anyone --------------------------------------
def _open_youth(rec: dict) -> bool:
    zips = {z.strip()[:2] for z in (rec.get("zipCd") or "").split(",") if z.strip()}
    # a 지자체's own programme carrying every code is local to it (only a ministry's stays nationwide)
    central = rec["pvsnInstGroupCd"] == "0054001" or rec["sprvsnInstCd"].startswith("1")
    nationwide = central and (len(zips) >= 16 or not rec.get("zipCd"))
    no_limit = (
        "0013010" in rec["jobCd"]
        and "0049010" in rec["schoolCd"]
        and "0011009" in rec["plcyMajorCd"]
        and "0014010" in rec["sbizCd"]
        and rec["mrgSttsCd"] in ("0055003", "")
        and rec["earnCndSeCd"] in ("0043001", "")
        and rec["sprtTrgtMinAge"].strip() in ("0", "")
        and rec["sprtTrgtMaxAge"].strip() in ("0", "", "99", "100", "999")
    )
    return nationwide and no_limit


def _open_gov24(row: dict, cond: dict) -> bool:
    groups = [
        ["JA0101", "JA0102"],
        ["JA0201", "JA0202", "JA0203", "JA0204", "JA0205"],
        [k for k in cond if k.startswith("JA03")],
        [k for k in cond if k.startswith("JA04")],
    ]
    flags_open = all(
        all(cond.get(k) == "Y" for k in g)
        or all(cond.get(k) is None for k in g)
        or ("JA0322" in g and cond.get("JA0322") == "Y")
        or ("JA0410" in g and cond.get("JA0410") == "Y")
        for g in groups
    )
    ages_open = (cond.get("JA0110") or 0) == 0 and (cond.get("JA0111") is None or cond["JA0111"] >= 100)
    person = {"개인", "가구"} & set(row["사용자구분"].split("||"))
    return row["소관기관유형"] in ("중앙행정기관", "공공기관") and flags_open and ages_open and bool(person)


def nationwide_open_ids() -> set[str]:
    youth = json.loads(YOUTH.read_text(encoding="utf-8"))["result"]["youthPolicyList"]
    rows = json.loads(GOV_LIST.read_text(encoding="utf-8"))["data"]
    conds = {c["서비스ID"]: c for c in json.loads(GOV_COND.read_text(encoding="utf-8"))["data"]}
    ids = {r["plcyNo"] for r in youth if _open_youth(r)}
    ids |= {r["서비스ID"] for r in rows if _open_gov24(r, conds[r["서비스ID"]])}
    return ids


OPEN_IDS = nationwide_open_ids() if YOUTH.exists() else set()
REGIONS = ["11620", "11000", "26000", "26350", "12300", "51110", "41111", "41110", "36110", "50130", "28155"]
profiles = st.fixed_dictionaries(
    {},
    optional={
        "birth_date": st.dates(min_value=date(1930, 1, 1), max_value=date(2025, 12, 31)).map(str),
        "region": st.sampled_from(REGIONS),
        "gender": st.sampled_from(["남성", "여성"]),
        "employment": st.sampled_from(
            ["재직자", "자영업자", "미취업자", "프리랜서", "일용근로자", "창업자", "단기근로자", "영농종사자", "기타"]
        ),
        "education": st.sampled_from(
            ["고졸 미만", "고교 재학", "고교 졸업", "대학 재학", "대학 졸업", "석·박사", "기타"]
        ),
        "marital": st.sampled_from(["미혼", "기혼"]),
        "household_size": st.integers(1, 8).map(str),
        "income_monthly_household": st.integers(0, 20_000_000).map(str),
        "income_annual": st.integers(0, 300_000_000).map(str),
        "housing": st.sampled_from(["자가", "전세", "월세", "부모님 집"]),
        "traits": st.sampled_from(["없음", "장애인", "한부모, 무주택", "기초생활수급자, 다자녀"]),
    },
)


PROFILE_FIELDS = (
    "birth_date",
    "region",
    "gender",
    "employment",
    "education",
    "marital",
    "household_size",
    "income_monthly_household",
    "income_annual",
    "housing",
    "traits",
)


def test_there_are_many_nationwide_policies_without_limits():
    assert len(OPEN_IDS) > 40
    assert KPASS in OPEN_IDS


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(profile=profiles)
def test_no_condition_of_a_nationwide_no_limit_policy_ever_fails(profile):
    """Through the real services (profile saved, every policy matched on the real data), for any profile."""
    from reflee import services

    ctx = services.open()
    try:
        ctx.profile.update({name: profile.get(name) for name in PROFILE_FIELDS})
        run = ctx.policy.match(include_all=True, on=date.fromisoformat(ON))
    finally:
        ctx.close()
    assert run.counts["total"] == 2421
    seen = 0
    for result in run.results:
        if result.policy.source_id in OPEN_IDS:
            seen += 1
            coded = [c for c in result.conditions if c["origin"] != "text"]  # the text may still restrict
            assert all(c["status"] != "not_met" for c in coded), result
    assert seen == len(OPEN_IDS)
