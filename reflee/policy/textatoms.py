"""The phrases ``textrules`` reads in a line of policy text, each turned into an *atom* (a short code):

  age>=N  age<=N  age=N-M        만 나이
  med<=N  med=N-M                기준 중위소득 N% (가구)
  inc<=N                         연소득 N만원 (본인)
  kids>=N                        자녀 수
  t=TRAIT  t?=TRAIT              a trait (vocab.TRAITS); ``t?`` when the text narrows it further
                                 ('장애의 정도가 심한 장애인': not being 장애인 decides, being one does not)
  emp=A+B                        employment status (vocab.EMPLOYMENT values)
  stu                            a student (재학생)
  biz                            the applicant is a business (중소기업, 법인 …), not a person
  rg=CODE+CODE  out=CODE+CODE    lives inside / outside an area
  earn>=N:work[+business]        earns at least N만원 a month from work (or a business)
  newlywed  engaged              신혼부부 / 결혼 예정

Requirement atoms must all hold; group atoms are alternatives (one of them must hold).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from reflee.refdata import regions

WORKING = "employed+day_laborer+short_term"


@dataclass(frozen=True)
class Context:
    home: tuple[str, ...] = ()
    """The policy's own area (today's codes), for '관내', '타 지역'; empty when national or unknown."""
    coded: frozenset[str] = field(default_factory=frozenset)
    """Dimensions the record already codes ('age', 'region', 'income'): text restating them adds nothing."""


Maker = Callable[[re.Match[str], Context], str | None]


def _n(text: str) -> int:
    return int(text.replace(",", ""))


def _age_range(m: re.Match[str], ctx: Context) -> str | None:
    lo, hi = int(m["lo"]), int(m["hi"])
    if m["op"] == "미만":
        hi -= 1
    return None if "age" in ctx.coded or lo > hi else f"age={lo}-{hi}"


def _age_bound(m: re.Match[str], ctx: Context) -> str | None:
    n, op = int(m["n"]), m["op"]
    if "age" in ctx.coded:
        return None
    return {"이상": f"age>={n}", "초과": f"age>={n + 1}", "이하": f"age<={n}", "미만": f"age<={n - 1}"}[op]


def _median(m: re.Match[str], ctx: Context) -> str | None:
    if m["lo"]:
        return f"med={int(m['lo'])}-{int(m['hi'])}"
    hi = int(m["hi"])
    return f"med<={hi - 1 if m['op'] == '미만' else hi}"


_UNIT = {"만": 1, "백만": 100, "천만": 1000, "억": 10000, "천": 0.1}


def _annual(m: re.Match[str], ctx: Context) -> str | None:
    amount = float((m["amount"] or m["amount2"]).replace(",", "")) * _UNIT[m["unit"] or m["unit2"]]
    if "income" in ctx.coded:
        return None
    return f"inc<={int(amount)}"


def _kids(m: re.Match[str], ctx: Context) -> str | None:
    return f"kids>={int(m['n'] or m['n2'])}"


def _fixed(atom: str) -> Maker:
    return lambda m, ctx: atom


def _trait(name: str) -> Maker:
    def make(m: re.Match[str], ctx: Context) -> str:
        narrowed = m.groupdict().get("narrow")
        return f"{'t?' if narrowed else 't'}={name}"

    return make


def _home(m: re.Match[str], ctx: Context) -> str | None:
    return "rg=" + "+".join(ctx.home) if ctx.home else None


def _outside(m: re.Match[str], ctx: Context) -> str | None:
    return "out=" + "+".join(ctx.home) if ctx.home else None


_HOME_WORDS = re.compile(
    r"^(?:관내|해당\s?(?:지역|자치단체|지자체|시|군|구|시군구)|도내|시내|군내|구내|본\s?[시군구도])$"
)


def _place(m: re.Match[str], ctx: Context) -> str | None:
    words = m["place"].split()
    for start in range(len(words)):
        name = " ".join(words[start:])
        if _HOME_WORDS.match(name):
            return _home(m, ctx)
        codes = _resolve(name, ctx)
        if codes:
            if "region" in ctx.coded and ctx.home and set(codes) >= set(ctx.home):
                return None  # restates the coded area
            return "rg=" + "+".join(codes)
    return None


@lru_cache(maxsize=4096)
def _resolve(name: str, ctx: Context) -> tuple[str, ...]:
    name = re.sub(r"(?:내|에|관내)$", "", name).strip()
    if len(name) < 2:
        return ()
    found = regions.lookup(name)
    if len(found) > 1 and ctx.home:
        mine = [c for c in found if c[:2] in {h[:2] for h in ctx.home}]
        found = mine if len(mine) == 1 else found
    if len(found) != 1:
        return ()
    out: list[str] = []
    for code in regions.current(found[0]) or (found[0],):
        out.append(code)
    return tuple(out)


# (pattern, maker, kind): kind 'req' (must hold) or 'group' (one of the line's groups must hold).
# Earlier patterns win: their text is taken out before later ones look.
def _earned(m: re.Match[str], ctx: Context) -> str:
    kinds = "work+business" if m["biz"] else "work"
    return f"earn>={int(m['n'])}:{kinds}"


PATTERNS: list[tuple[re.Pattern[str], Maker, str]] = [
    (
        re.compile(
            r"월\s?(?:평균\s?)?(?P<n>\d{1,3})\s?만\s?원\s?이상(?:의|인)?\s?(?:근로|노동)"
            r"(?P<biz>\s?[,·ㆍ/및또는]+\s?사업)?\s?소득(?:이|을)?\s?(?:발생|있는)?"
        ),
        _earned,
        "req",
    ),
    (
        re.compile(
            r"(?:기준\s?)?중위\s?소득\s?(?:의\s?)?(?:(?P<lo>\d{2,3})\s?%\s?(?:초과\s?[~∼-]?|[~∼-])\s?)?"
            r"(?P<hi>\d{2,3})\s?%\s?(?P<op>이하|미만|이내)?"
        ),
        _median,
        "req",
    ),
    (
        re.compile(
            r"(?:연\s?(?:간\s?)?소득(?:액)?|소득\s?(?:기준|요건)\s?[:：]?\s?연(?:간)?)\s?(?:이\s?)?(?P<amount>\d[\d,.]*)"
            r"\s?(?P<unit>억|천만|백만|만|천)\s?원?\s?(?:이하|미만|이내)?"
            r"|연\s?(?P<amount2>\d[\d,.]*)\s?(?P<unit2>억|천만|백만|만|천)\s?원?\s?(?:이하|미만)(?:의|인)?\s?소득"
        ),
        _annual,
        "req",
    ),
    (
        re.compile(
            r"만?\s?(?P<lo>\d{1,2})\s?세?\s?(?:부터|이상)?\s?[~∼\-]\s?(?:만\s?)?(?P<hi>\d{1,2})\s?세\s?(?P<op>이하|미만)?"
        ),
        _age_range,
        "req",
    ),
    (re.compile(r"만\s?(?P<n>6\d|[7-9]\d)\s?세\s?(?P<op>이상|초과)"), _age_bound, "group"),
    (re.compile(r"만?\s?(?P<n>\d{1,2})\s?세\s?(?P<op>이상|이하|미만|초과)"), _age_bound, "req"),
    (
        re.compile(r"(?P<n>\d)\s?(?:명\s?의\s?)?자녀\s?이상|자녀\s?(?:가\s?)?(?P<n2>\d)\s?(?:명|인)\s?이상"),
        _kids,
        "group",
    ),
    (
        re.compile(
            r"(?:국민\s?)?기초\s?(?:생활\s?)?(?:보장\s?)?(?:생계\s?)?수급(?:자|권자|가구)?"
            r"|(?:기초\s?)?(?:생계|의료|주거|교육)(?:\s?[·,]\s?(?:생계|의료|주거|교육))*\s?급여\s?수급(?:자|권자|가구)?"
            r"|수급자(?=.{0,30}차상위)"
        ),
        _fixed("t=basic_livelihood"),
        "group",
    ),
    (re.compile(r"차상위\s?(?:계층|가구|자|본인부담경감)?"), _fixed("t=near_poverty"), "group"),
    (
        re.compile(
            r"(?P<narrow>장애의\s?정도가\s?심한|중증|[1-6]\s?[~∼-]?\s?\d?\s?급)?\s?(?:등록\s?)?장애인(?:\s?가구|\s?세대)?"
        ),
        _trait("disabled"),
        "group",
    ),
    (
        re.compile(
            r"(?:국가|독립|참전|특수임무|5\s?[·.]\s?18\s?민주|민주)\s?유공자(?P<narrow>\s?(?:및|또는|의)?\s?(?:유족|선순위\s?유족|상이자|\d\s?[~∼-]?\s?\d?\s?급\s?상이자))?"
            r"|(?:국가\s?)?보훈\s?대상자"
        ),
        _trait("veteran"),
        "group",
    ),
    (re.compile(r"한부모\s?(?:가족|가정|가구)?|미혼\s?[모부]|조손\s?가정"), _fixed("t=single_parent"), "group"),
    (re.compile(r"다자녀\s?(?:가구|가정|세대)?"), _fixed("t=multi_child"), "group"),
    (re.compile(r"(?:농업인|농업경영체|영농\s?종사자|농가)"), _fixed("t=farmer"), "group"),
    (re.compile(r"(?:어업인|어가)"), _fixed("t=fisher"), "group"),
    (re.compile(r"임산부|임신부|임신\s?중인\s?여성"), _fixed("t=pregnant"), "group"),
    (re.compile(r"다문화\s?(?:가족|가정)?"), _fixed("t=multicultural"), "group"),
    (re.compile(r"북한\s?이탈\s?주민|탈북민"), _fixed("t=north_defector"), "group"),
    (re.compile(r"학교\s?밖\s?청소년"), _fixed("t=out_of_school"), "group"),
    (re.compile(r"자립\s?준비\s?청년|보호\s?종료\s?(?:아동|청년)?"), _fixed("t=care_leaver"), "group"),
    (re.compile(r"1인\s?가구"), _fixed("t=one_person_household"), "group"),
    (re.compile(r"(?:예비\s?)?신혼\s?부부"), _fixed("newlywed"), "group"),
    (re.compile(r"결혼\s?예정(?:자)?|예비\s?부부"), _fixed("engaged"), "group"),
    (re.compile(r"무주택\s?(?:자|세대(?:주|원)?|가구)?"), _fixed("t=no_house"), "req"),
    (
        re.compile(r"중소\s?기업\s?(?:에\s?)?(?:재직|근무|취업)\s?(?:중인|한)?\s?(?:자|근로자|청년)?"),
        _fixed("t=sme_worker"),
        "req",
    ),
    (
        re.compile(r"(?:중소|중견|벤처)\s?기업(?:자)?|법인|기업체|사업장|(?<![가-힣])기업(?![가-힣])"),
        _fixed("biz"),
        "group",
    ),
    (
        re.compile(r"(?:건강보험\s?)?직장\s?가입자|(?:고용|4대)\s?보험\s?(?:피보험자|가입자|가입\s?중인\s?자)"),
        _fixed("emp=" + WORKING),
        "req",
    ),
    (
        re.compile(r"사업자\s?등록(?:자|증)?|개인\s?사업자|자영업자?|소상공인"),
        _fixed("emp=self_employed+founder"),
        "req",
    ),
    (re.compile(r"(?:예비\s?|기\s?)?창업(?:자|기업)"), _fixed("emp=founder+self_employed"), "req"),
    (
        re.compile(r"미\s?취업(?:자|청년)?|구직\s?(?:자|중인|활동)|실업\s?(?:자|인정|급여)|취업\s?준비생|취준생"),
        _fixed("emp=unemployed"),
        "req",
    ),
    (
        re.compile(r"재직\s?(?:자|중인|중)|(?<!상시)(?<!상시\s)(?<!소속\s)근로자(?!\s?수)|직장인"),
        _fixed("emp=" + WORKING),
        "req",
    ),
    (re.compile(r"(?:대학|대학원)?\s?(?:재학생|휴학생)|대학생"), _fixed("stu"), "group"),
    (re.compile(r"타\s?(?:지역|시\s?[·ㆍ]?\s?도|시군|지자체)|관외"), _outside, "req"),
    (
        re.compile(r"(?P<place>[가-힣]{2,12}(?:\s[가-힣]{1,8}){0,2}?)\s?(?:에\s?)?(?=거주|주민\s?등록|주소|전입)"),
        _place,
        "req",
    ),
    (re.compile(r"(?:관내|도내|시내|군내|구내)"), _home, "req"),
]


TRIGGERS: list[tuple[str, ...]] = [
    # per pattern: a piece of text it cannot match without (to skip most patterns on most lines cheaply)
    ("근로", "노동"),
    ("중위",),
    ("소득",),
    ("세",),
    ("세",),
    ("세",),
    ("자녀",),
    ("수급", "급여"),
    ("차상위",),
    ("장애",),
    ("유공", "보훈"),
    ("한부모", "미혼", "조손"),
    ("다자녀",),
    ("농",),
    ("어업", "어가"),
    ("임산", "임신"),
    ("다문화",),
    ("북한", "탈북"),
    ("학교",),
    ("자립", "보호"),
    ("1인",),
    ("신혼",),
    ("결혼", "예비"),
    ("무주택",),
    ("중소",),
    ("기업", "법인", "사업장"),
    ("가입자", "보험"),
    ("사업자", "자영업", "소상공인"),
    ("창업",),
    ("취업", "구직", "실업", "취준"),
    ("재직", "근로자", "직장인"),
    ("학생",),
    ("타", "관외"),
    ("거주", "주민", "주소", "전입"),
    ("관내", "도내", "시내", "군내", "구내"),
]


def find(line: str, ctx: Context) -> tuple[list[str], list[str], str]:
    """(requirement atoms, group atoms, the line with every read phrase taken out)."""
    reqs: list[str] = []
    groups: list[str] = []
    rest = line
    for (pattern, make, kind), triggers in zip(PATTERNS, TRIGGERS, strict=True):
        if not any(t in rest for t in triggers):
            continue
        pieces: list[str] = []
        last = 0
        for m in pattern.finditer(rest):
            atom = make(m, ctx)
            taken = atom is not None or _restated(m, make, ctx)
            if atom is not None:
                target = groups if kind == "group" else reqs
                if atom not in target:
                    target.append(atom)
            if taken:
                pieces.append(rest[last : m.start()])
                pieces.append(" ")
                last = m.end()
        if pieces:
            rest = "".join(pieces) + rest[last:]
    return reqs, groups, rest


def _restated(m: re.Match[str], make: Maker, ctx: Context) -> bool:
    """A phrase read but dropped because the record codes it already (an age, an income cap, its own area)."""
    if make in (_age_range, _age_bound):
        return "age" in ctx.coded
    if make is _annual:
        return "income" in ctx.coded
    if make is _place:
        words = m["place"].split()
        return "region" in ctx.coded and any(_resolve(" ".join(words[i:]), ctx) for i in range(len(words)))
    return False
