"""Canonical values a profile is written in and a policy condition is compared against, with Korean labels.

Both policy sources are mapped onto these (온통청년 codes and 공공서비스 JA flags), so a condition and a
profile always speak the same words. Each entry: value -> (Korean label, other words people type).
"""

from __future__ import annotations

import unicodedata

Vocab = dict[str, tuple[str, tuple[str, ...]]]

GENDER: Vocab = {
    "male": ("남성", ("남", "남자", "m")),
    "female": ("여성", ("여", "여자", "f")),
}
EMPLOYMENT: Vocab = {
    "employed": ("재직자", ("직장인", "근로자", "회사원", "재직", "취업")),
    "self_employed": ("자영업자", ("자영업", "사업자")),
    "unemployed": ("미취업자", ("구직자", "실업자", "미취업", "취준생", "취업준비생", "jobseeker")),
    "freelancer": ("프리랜서", ()),
    "day_laborer": ("일용근로자", ("일용직",)),
    "founder": ("(예비)창업자", ("창업자", "예비창업자", "창업")),
    "short_term": ("단기근로자", ("단기", "아르바이트", "알바", "파트타임")),
    "farmer": ("영농종사자", ("농업", "영농")),
    "student": ("학생", ("재학생", "재학 중", "학생(재학)", "student")),
    "other": ("기타", ()),
}
EDUCATION: Vocab = {
    "below_hs": ("고졸 미만", ("중졸", "고등학교 중퇴")),
    "hs_student": ("고교 재학", ("고등학생", "고교재학")),
    "hs_grad_expected": ("고졸 예정", ("고교 졸업 예정",)),
    "hs_grad": ("고교 졸업", ("고졸",)),
    "college_student": ("대학 재학", ("대학생", "대학재학", "휴학생")),
    "college_grad_expected": ("대졸 예정", ("대학 졸업 예정", "졸업예정")),
    "college_grad": ("대학 졸업", ("대졸", "학사")),
    "graduate": ("석·박사", ("석사", "박사", "대학원", "석박사", "대학원생")),
    "other": ("기타", ()),
}
MAJOR: Vocab = {
    "humanities": ("인문계열", ("인문",)),
    "social": ("사회계열", ("사회",)),
    "business": ("상경계열", ("상경", "경영", "경제")),
    "science": ("이학계열", ("이학", "자연계열", "자연과학")),
    "engineering": ("공학계열", ("공학", "공대")),
    "arts": ("예체능계열", ("예체능", "예술", "체육")),
    "agriculture": ("농산업계열", ("농산업", "농업계열")),
    "other": ("기타", ()),
}
MARITAL: Vocab = {
    "single": ("미혼", ("비혼", "싱글")),
    "married": ("기혼", ("결혼", "혼인")),
}
HOUSING: Vocab = {
    "owner": ("자가", ("자가주택", "본인 소유")),
    "jeonse": ("전세", ()),
    "monthly_rent": ("월세", ("보증부 월세",)),
    "public_rental": ("공공임대", ("임대주택", "행복주택")),
    "with_family": ("부모님 집", ("부모님과 거주", "가족과 거주", "본가")),
    "dormitory": ("기숙사", ("고시원", "쉐어하우스")),
    "other": ("기타", ()),
}
TRAITS: Vocab = {
    # what a person may be or have; a profile lists the ones that apply
    "disabled": ("장애인", ("장애",)),
    "single_parent": ("한부모가정", ("한부모", "조손가정")),
    "basic_livelihood": ("기초생활수급자", ("기초생활수급", "수급자", "기초수급")),
    "near_poverty": ("차상위계층", ("차상위",)),
    "multi_child": ("다자녀가구", ("다자녀",)),
    "no_house": ("무주택", ("무주택자", "무주택세대")),
    "veteran": ("국가보훈대상자", ("보훈", "보훈대상자", "국가유공자")),
    "illness": ("질병/질환자", ("질환자", "환자")),
    "pregnant": ("임산부", ("임신",)),
    "prospective_parent": ("예비부모/난임", ("예비부모", "난임")),
    "new_birth": ("출산/입양 가정", ("출산", "입양")),
    "farmer": ("농업인", ("농민",)),
    "fisher": ("어업인", ("어민",)),
    "livestock_farmer": ("축산업인", ("축산",)),
    "forester": ("임업인", ("임업",)),
    "multicultural": ("다문화가족", ("다문화",)),
    "north_defector": ("북한이탈주민", ("탈북민", "새터민")),
    "one_person_household": ("1인가구", ("1인 가구", "혼자 삶")),
    "newcomer": ("신규전입", ("전입",)),
    "extended_family": ("확대가족", ()),
    "sme_worker": ("중소기업 재직", ("중소기업", "중소기업 재직자")),
    "soldier": ("군인", ("군 복무", "장병")),
    "local_talent": ("지역인재", ()),
    "small_business": ("소상공인", ()),
    "care_leaver": ("자립준비청년", ("보호종료아동", "보호종료청년", "자립준비")),
    "engaged": ("결혼예정", ("결혼 예정", "예비부부", "예비신혼부부")),
    "out_of_school": ("학교 밖 청소년", ("학교밖청소년",)),
}
TARGETS: dict[str, str] = {
    # what a policy may be aimed at beyond TRAITS (labels only; each is worked out from other fields)
    "female": "여성",
    "male": "남성",
    "worker": "근로자/직장인",
    "jobseeker": "구직자/실업자",
    "elementary_student": "초등학생",
    "middle_student": "중학생",
    "high_school_student": "고등학생",
    "university_student": "대학생/대학원생",
    "other": "기타 대상",
    "married": "기혼",
    "self_employed": "자영업자",
    **{k: v[0] for k, v in TRAITS.items()},
}


def label(vocab: Vocab, value: str | None) -> str:
    if value is None:
        return ""
    return vocab[value][0] if value in vocab else value


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lower().replace(" ", "").replace("·", "").replace("・", "")


def parse(vocab: Vocab, text: str) -> str | None:
    """The canonical value a person means: the value itself, its Korean label, or a listed other word."""
    key = _key(text)
    for value, (korean, others) in vocab.items():
        if key in (_key(value), _key(korean), *(_key(o) for o in others)):
            return value
    return None


def choices(vocab: Vocab) -> str:
    """'재직자 (employed), 자영업자 (self_employed), …' for error messages and help."""
    return ", ".join(f"{korean} ({value})" for value, (korean, _) in vocab.items())
