"""Profiles and (profile, record, expected verdict, deciding field) cases on the real data, chosen by reading the
raw records (tests/policy_data.py loads them). Judged on policy_data.ON (2026-07-15).

Verdicts: eligible (해당: every restriction coded or read, and met), eligible_text (해당(글 확인): the coded ones
met, a line of the record's text decides), maybe (확인 필요: the profile cannot tell yet), ineligible (해당 없음).
The deciding field names where in the record the answer comes from.
"""

from __future__ import annotations

PROFILES: dict[str, dict[str, str]] = {
    # a 19-year-old university student in 관악구, no income, who said none of the traits apply
    "student": {
        "birth_date": "2007-03-01",
        "region": "서울 관악구",
        "employment": "학생",
        "education": "대학 재학",
        "household_size": "1",
        "income_annual": "0",
        "traits": "없음",
    },
    # the same student, traits not given at all (unknown, not absent)
    "student_no_traits": {
        "birth_date": "2007-03-01",
        "region": "서울 관악구",
        "employment": "학생",
        "education": "대학 재학",
    },
    # 31, employed in 해운대구, lives alone on 3,600만원 a year (monthly household income derived), no children
    "employed": {
        "birth_date": "1995-01-10",
        "region": "부산 해운대구",
        "employment": "재직자",
        "household_size": "1",
        "income_annual": "3600만원",
        "children": "0",
        "traits": "없음",
    },
    # 27, jobseeker in 순천 (전남광주통합특별시), lives alone without income
    "jobseeker_suncheon": {
        "birth_date": "1999-05-05",
        "region": "12150",
        "employment": "미취업자",
        "household_size": "1",
        "income_annual": "0",
        "traits": "없음",
    },
    # 25, employed, lives in 인천 서구 마전동: 검단구 since 2026
    "geomdan": {"birth_date": "2001-02-02", "region": "인천 서구 마전동", "employment": "재직자"},
    # 28, jobseeker in 광주 북구 (the old 광주광역시 area)
    "gwangju": {"birth_date": "1998-04-04", "region": "광주 북구", "employment": "미취업자"},
    # 40, runs a shop and is starting a second business, household of 4 on 250만원 a month, 3 children, 수급자
    "poor_family": {
        "birth_date": "1986-01-01",
        "region": "서울 관악구",
        "employment": "자영업자, 창업자",
        "household_size": "4",
        "income_monthly_household": "250만원",
        "children": "3",
        "traits": "기초생활수급자, 그 외 없음",
    },
    # 26, founder in 의성군
    "uiseong": {"birth_date": "2000-06-06", "region": "경북 의성군", "employment": "창업자"},
    # 21, care leaver (자립준비청년) in 관악구, jobseeker, lives alone on 1,200만원 a year
    "care_leaver": {
        "birth_date": "2005-01-01",
        "region": "서울 관악구",
        "employment": "미취업자",
        "household_size": "1",
        "income_annual": "1200만원",
        "traits": "자립준비청년",
    },
    # 28, employed in 관악구, lives alone on 1,200만원 a year
    "low_worker": {
        "birth_date": "1998-02-02",
        "region": "서울 관악구",
        "employment": "재직자",
        "household_size": "1",
        "income_annual": "1200만원",
        "traits": "없음",
    },
    # 29, self-employed in 관악구, lives alone on 1,500만원 a year
    "low_self_employed": {
        "birth_date": "1997-02-02",
        "region": "서울 관악구",
        "employment": "자영업자",
        "household_size": "1",
        "income_annual": "1500만원",
        "traits": "없음",
    },
    # 71, disabled, in 관악구, none of the other traits
    "disabled_senior": {"birth_date": "1955-01-01", "region": "서울 관악구", "traits": "장애인, 그 외 없음"},
    # 33, employed in 수원, getting married, no house; other traits not said
    "engaged": {
        "birth_date": "1993-03-03",
        "region": "경기 수원시 장안구",
        "employment": "재직자",
        "marital": "미혼",
        "traits": "결혼예정, 무주택",
    },
}
PROFILES["disabled_young"] = {"birth_date": "2000-05-05", "region": "서울 관악구", "traits": "장애인"}
"""26, disabled, nothing said about the other traits (무주택 among them: unknown, not absent)."""

# (profile, record ID, expected verdict, deciding field, why) — the class of audit error each covers is in the
# comment above its group.
CASES: list[tuple[str, str, str, str, str]] = [
    # --- no coded conditions, the 지원대상 text restricts ------------------------------------------------------
    (
        "student",
        "B55435200002",
        "eligible_text",
        "지원대상",
        "생물자원관: none of the groups, but 고하도 주민 / 회원 lines",
    ),
    ("student_no_traits", "B55435200002", "maybe", "지원대상", "장애인 / 유공자 / 수급자: traits not given"),
    ("disabled_senior", "B55435200002", "eligible", "지원대상", "만 65세 이상 and 장애인: both groups read"),
    ("student", "B55283600001", "eligible_text", "지원대상", "잡월드: only the 인솔자 line could apply"),
    ("disabled_senior", "B55283600001", "eligible", "지원대상", "국가유공자 및 장애인, 만 65세 이상자 50% 할인"),
    ("student", "SD0000003995", "eligible_text", "지원대상", "대학생 listed, but only for 우체국예금고객"),
    ("employed", "SD0000003995", "ineligible", "지원대상", "31, employed, none of the groups"),
    ("disabled_senior", "SD0000003995", "maybe", "JA0201", "장애인 (우체국예금고객 only); income not given"),
    ("student", "134200000045", "eligible_text", "지원대상", "평생교육바우처: not 수급자/차상위; 지역특화 대상자 open"),
    ("poor_family", "134200000045", "eligible", "지원대상", "기초생활보장 수급자, 19세 이상"),
    # --- the income flag is looser than the text ---------------------------------------------------------------
    ("employed", "B55037300001", "ineligible", "지원대상", "에너지복지요금: no group applies, 0 children"),
    ("student", "B55037300001", "maybe", "지원대상", "children not given (3자녀 이상 가구)"),
    ("poor_family", "B55037300001", "eligible", "지원대상", "기초생활수급자"),
    ("student_no_traits", "B55037300001", "maybe", "지원대상", "traits not given"),
    # --- too cautious: bracket and text agree; the text admits business income --------------------------------
    ("employed", "135200005013", "ineligible", "지원대상", "청년내일저축계좌: 117% against 중위소득 50% 이하"),
    ("low_worker", "135200005013", "eligible", "지원대상", "39% ≤ 50%, earns ≥ 10만원 a month, 28"),
    ("low_self_employed", "135200005013", "eligible", "지원대상", "자영업자: '근로, 사업 소득' admits business income"),
    ("care_leaver", "135200005013", "ineligible", "JA0326", "no work or business income (jobseeker)"),
    ("poor_family", "135200005013", "ineligible", "JA0111", "40 is over 39"),
    # --- the target group is in the text (정책설명, title) only ----------------------------------------------
    ("employed", "20250122005400110369", "ineligible", "plcyExplnCn", "구직급여: for those who lost their job"),
    ("jobseeker_suncheon", "20250122005400110369", "eligible_text", "addAplyQlfcCndCn", "실업인정 rules in the text"),
    ("care_leaver", "20260330005400112329", "ineligible", "zipCd", "자립준비청년 자립수당 (경북's listing): 경북 only"),
    ("student", "20260330005400112329", "ineligible", "plcyNm", "자립준비청년 only; the student said no traits"),
    ("student_no_traits", "20260330005400112329", "ineligible", "zipCd", "경북 only, whatever the trait"),
    ("care_leaver", "20260430005400212954", "ineligible", "zipCd", "부산 자립준비청년 자립수당: 부산 only"),
    # --- business-only services ------------------------------------------------------------------------------
    ("student", "B55400900047", "ineligible", "지원대상", "사업전환자금: 중소기업 only"),
    ("employed", "B55400900047", "ineligible", "지원대상", "an employee is not a 중소기업"),
    ("low_self_employed", "B55400900047", "eligible_text", "지원대상", "자영업자: is it a 중소기업 of 5+? the text"),
    ("poor_family", "B55400900047", "eligible_text", "지원대상", "자영업자·창업자: the text decides"),
    # --- region = organiser, not eligibility ------------------------------------------------------------------
    ("jobseeker_suncheon", "20250917005400211706", "eligible", "plcyExplnCn", "경남 한 달 여행: 타 지역 청년"),
    ("care_leaver", "20250917005400211706", "eligible", "plcyExplnCn", "a 서울 resident is from 타 지역"),
    ("uiseong", "20250917005400211706", "eligible", "plcyExplnCn", "의성 (경북) is outside 경남"),
    # --- a 지자체's record with the nationwide code --------------------------------------------------------------
    ("student", "20260330005400212325", "ineligible", "sprvsnInstCd", "의성군 청년인큐베이팅공유공간"),
    ("uiseong", "20260330005400212325", "eligible", "sprvsnInstCd", "a 26-year-old in 의성군"),
    ("student", "20260330005400212318", "ineligible", "sprvsnInstCd", "의성군 청년기업 융자"),
    ("employed", "20251106005400211805", "ineligible", "sprvsnInstCd", "함안군 청년 창업가"),
    ("employed", "20250903005400211614", "ineligible", "sprvsnInstCd", "청년월세 (세종's record): 세종 only"),
    (
        "care_leaver",
        "20250502005400110774",
        "maybe",
        "addAplyQlfcCndCn",
        "국토교통부 청년월세: national; 무주택 not said",
    ),
    # --- the 2026 인천 split -----------------------------------------------------------------------------------
    ("geomdan", "20260406005400212472", "eligible", "zipCd", "인천 i-패스: 인천-wide list made before 검단구"),
    ("geomdan", "20260506005400213148", "ineligible", "jobCd", "세대융합 청년창업: (예비)창업자 only"),
    ("geomdan", "20260506005400213152", "ineligible", "sprtTrgtMinAge", "인천시 일자리센터: 34 and over"),
    ("student", "20260406005400212472", "ineligible", "zipCd", "a 관악구 resident is not in 인천"),
    # --- agency region too wide --------------------------------------------------------------------------------
    ("jobseeker_suncheon", "20260703005400213249", "ineligible", "rgtrInstCdNm", "광주청년 일경험드림: old 광주 area"),
    ("gwangju", "20260703005400213249", "eligible", "rgtrInstCdNm", "광주 북구, 28"),
    ("gwangju", "20260408005400212605", "maybe", "plcySprtCn", "작은결혼식: 예비 청년부부 대상; 결혼예정 not said"),
    # --- students, several statuses, children, traits said or not said ---------------------------------------
    ("student", "20250315005400210618", "eligible_text", "jobCd", "미취업자 only: is a student 미취업? the text"),
    ("low_worker", "20250315005400210618", "ineligible", "jobCd", "재직자 against 미취업자"),
    ("student", "20260710005400113257", "eligible", "-", "K-패스: no conditions"),
    ("employed", "20260710005400113257", "eligible", "-", "K-패스: no conditions"),
    ("poor_family", "20260710005400113257", "eligible", "-", "K-패스: no conditions"),
    ("disabled_senior", "135200000090", "eligible", "JA0328", "장애인구강진료센터"),
    ("student", "135200000090", "ineligible", "JA0328", "not disabled (traits: none)"),
    ("student_no_traits", "135200000090", "maybe", "JA0328", "traits not given"),
    ("disabled_young", "161300000088", "maybe", "JA0412", "청년주택드림 청약통장: 무주택 not said (unknown)"),
    ("engaged", "161300000088", "maybe", "지원대상", "무주택, 33; income not given (연 5천만원 이하)"),
    ("low_worker", "161300000088", "ineligible", "JA0412", "traits: none, so not 무주택"),
    ("employed", "20250514005400110812", "ineligible", "earnEtcCn", "청년내일저축계좌: 117% against 50~100%"),
    ("low_worker", "20250514005400110812", "ineligible", "earnEtcCn", "39% is below the 50~100% band"),
    ("poor_family", "20250226005400110565", "ineligible", "sprtTrgtMaxAge", "청년주택드림청약통장: 40 is over 34"),
    ("care_leaver", "20250226005400110565", "maybe", "addAplyQlfcCndCn", "무주택 not said; 1,200만원 ≤ 5,000만원"),
    ("disabled_senior", "B55145700001", "eligible", "JA0110", "철도 경로할인: 65 and over"),
    ("employed", "B55145700001", "ineligible", "JA0110", "31 is under 65"),
    ("care_leaver", "20250903005400211614", "ineligible", "sprvsnInstCd", "청년월세 (세종): not 세종"),
    ("care_leaver", "B27000100008", "eligible_text", "지원대상", "무료 소송대리: 39% ≤ 50%; 소송구조 피구조자 only"),
    ("employed", "B27000100008", "maybe", "JA0201", "117% outside the rough ≤50% bracket"),
]
