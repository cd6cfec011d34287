"""The two sources' code tables, mapped onto reflee's canonical vocabularies (reflee.refdata.vocab).

온통청년: the official code sheet (API코드정보.xlsx, sheet 코드정보). 공공서비스: the JA flags of
/gov24/v3/supportConditions as described in its Swagger. Each list-valued youth field has a "no limit"
code; a list holding it, or every other code, restricts nothing.
"""

from __future__ import annotations

import unicodedata

# --- 온통청년 ----------------------------------------------------------------------------------------------
YOUTH_EMPLOYMENT = {
    "0013001": "employed",
    "0013002": "self_employed",
    "0013003": "unemployed",
    "0013004": "freelancer",
    "0013005": "day_laborer",
    "0013006": "founder",
    "0013007": "short_term",
    "0013008": "farmer",
    "0013009": "other",
}
YOUTH_EDUCATION = {
    "0049001": "below_hs",
    "0049002": "hs_student",
    "0049003": "hs_grad_expected",
    "0049004": "hs_grad",
    "0049005": "college_student",
    "0049006": "college_grad_expected",
    "0049007": "college_grad",
    "0049008": "graduate",
    "0049009": "other",
}
YOUTH_MAJOR = {
    "0011001": "humanities",
    "0011002": "social",
    "0011003": "business",
    "0011004": "science",
    "0011005": "engineering",
    "0011006": "arts",
    "0011007": "agriculture",
    "0011008": "other",
}
YOUTH_SPECIAL = {
    "0014001": "sme_worker",
    "0014002": "female",
    "0014003": "basic_livelihood",
    "0014004": "single_parent",
    "0014005": "disabled",
    "0014006": "farmer",
    "0014007": "soldier",
    "0014008": "local_talent",
    "0014009": "other",
}
NO_LIMIT = {"jobCd": "0013010", "schoolCd": "0049010", "plcyMajorCd": "0011009", "sbizCd": "0014010"}
YOUTH_LISTS = {
    # field -> (dimension, code table)
    "jobCd": ("employment", YOUTH_EMPLOYMENT),
    "schoolCd": ("education", YOUTH_EDUCATION),
    "plcyMajorCd": ("major", YOUTH_MAJOR),
    "sbizCd": ("special", YOUTH_SPECIAL),
}
YOUTH_MARITAL = {"0055001": "married", "0055002": "single", "0055003": None}
YOUTH_INCOME = {"0043001": "none", "0043002": "annual", "0043003": "text"}
YOUTH_APPLY = {"0057001": "period", "0057002": "always", "0057003": "closed"}
YOUTH_METHOD = {
    "0042001": "인프라 구축",
    "0042002": "프로그램",
    "0042003": "직접대출",
    "0042004": "공공기관",
    "0042005": "계약(위탁운영)",
    "0042006": "보조금",
    "0042007": "대출보증",
    "0042008": "공적보험",
    "0042009": "조세지출",
    "0042010": "바우처",
    "0042011": "정보제공",
    "0042012": "경제적 규제",
    "0042013": "기타",
}
YOUTH_PROVIDER = {"0054001": "central", "0054002": "local"}

CATEGORY_ALIASES = {
    # 2025 labels (and variants) -> the 2026 대분류
    "교육": "교육·직업훈련",
    "복지문화": "금융·복지·문화",
    "참여권리": "참여·기반",
}
GOV24_CATEGORY = {
    # 공공서비스 서비스분야 -> the nearest youth 대분류 (so one --category filter covers both); others kept as is
    "고용·창업": "일자리",
    "주거·자립": "주거",
    "보육·교육": "교육·직업훈련",
    "생활안정": "금융·복지·문화",
    "문화·환경": "금융·복지·문화",
}


def canonical_label(text: str) -> str:
    """NFKC, one middle dot (·) for ･ ・ ㆍ, trimmed."""
    s = unicodedata.normalize("NFKC", text).strip()
    for dot in ("･", "・", "ㆍ", "‧", "·"):
        s = s.replace(dot, "·")
    return s


def category(label: str) -> str:
    s = canonical_label(label)
    return CATEGORY_ALIASES.get(s, GOV24_CATEGORY.get(s, s))


# --- 공공서비스 (gov24) supportConditions --------------------------------------------------------------------
GENDER_FLAGS = {"JA0101": "male", "JA0102": "female"}
INCOME_FLAGS = {"JA0201": (0, 50), "JA0202": (51, 75), "JA0203": (76, 100), "JA0204": (101, 200), "JA0205": (201, None)}
PERSONAL_FLAGS = {
    "JA0301": "prospective_parent",
    "JA0302": "pregnant",
    "JA0303": "new_birth",
    "JA0313": "farmer",
    "JA0314": "fisher",
    "JA0315": "livestock_farmer",
    "JA0316": "forester",
    "JA0317": "elementary_student",
    "JA0318": "middle_student",
    "JA0319": "high_school_student",
    "JA0320": "university_student",
    "JA0326": "worker",
    "JA0327": "jobseeker",
    "JA0328": "disabled",
    "JA0329": "veteran",
    "JA0330": "illness",
}
PERSONAL_NONE = "JA0322"
HOUSEHOLD_FLAGS = {
    "JA0401": "multicultural",
    "JA0402": "north_defector",
    "JA0403": "single_parent",
    "JA0404": "one_person_household",
    "JA0411": "multi_child",
    "JA0412": "no_house",
    "JA0413": "newcomer",
    "JA0414": "extended_family",
}
HOUSEHOLD_NONE = "JA0410"
OLD_PERSONAL_FLAGS = {
    # v1 (2021–22) dumps: 장애 정도, 보훈 종류, 질병 종류 -> the v3 flag they were folded into
    "JA0304": "disabled",
    "JA0305": "disabled",
    **{f"JA03{n:02d}": "veteran" for n in range(6, 13)},
    "JA0323": "illness",
    "JA0324": "illness",
    "JA0325": "illness",
}
OLD_LIFE_STAGES = {
    # v1 life-stage flags -> age bands (만 나이)
    "JA0103": (0, 5),
    "JA0104": (6, 12),
    "JA0105": (13, 18),
    "JA0106": (19, 29),
    "JA0107": (30, 49),
    "JA0108": (50, 64),
    "JA0109": (65, None),
}
BUSINESS_FLAGS = {
    "JA1101": "예비창업자",
    "JA1102": "영업중",
    "JA1103": "생계곤란/폐업예정자",
    "JA1201": "음식점업",
    "JA1202": "제조업",
    "JA1299": "기타업종",
    "JA2101": "중소기업",
    "JA2102": "사회복지시설",
    "JA2103": "기관/단체",
    "JA2201": "제조업",
    "JA2202": "농업,임업 및 어업",
    "JA2203": "정보통신업",
    "JA2299": "기타업종",
}
PERSON_USER_TYPES = {"개인", "가구"}
