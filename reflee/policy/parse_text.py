"""The text rules of a parsed policy: each restricting field of the record read by ``textrules`` and added
as a condition of origin ``text`` (op 'in', unit 'rule'), after the coded ones.

온통청년: 추가신청자격 (``addAplyQlfcCndCn``), 참여제한대상 (``ptcpPrpTrgtCn``), 소득기타내용 (``earnEtcCn``),
and two purposes the 정책설명 states plainly (for 타 지역 청년; for those who lost their job).
공공서비스: 지원대상 and 선정기준. Text that restates a coded condition adds nothing; text that reads the
income more finely replaces the rough 공공서비스 income bracket; text aimed at people from elsewhere
(타 지역 청년) replaces the coded area, which is then the organiser's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reflee.policy import textatoms, textrules
from reflee.policy.models import Condition, Policy

ORIGIN = "text"
_OUTSIDE = re.compile(r"타\s?(?:지역|시\s?[·ㆍ]?\s?도)\s?(?:청년|거주|주민)|외지\s?청년|타\s?지역에\s?거주")
_LOST_JOB = re.compile(r"실직(?:하여|한|자|으로)|실업자|실업으로")
_ENGAGED = re.compile(r"예비\s?(?:청년\s?)?(?:신혼\s?)?부부|결혼을\s?앞둔|결혼\s?예정")


def _context(p: Policy) -> textatoms.Context:
    home: tuple[str, ...] = ()
    coded = set()
    for c in p.conditions:
        if c.dimension == "region" and c.op == "in" and c.unit != "outside":
            home = c.values
            coded.add("region")
        elif c.dimension == "age":
            coded.add("age")
        elif c.dimension == "income" and c.unit == "krw10k_per_year":
            coded.add("income")
    return textatoms.Context(home, frozenset(coded))


def _add(p: Policy, dimension: str, rule: textrules.Rule | None) -> None:
    if rule is None:
        return
    p.conditions.append(
        Condition(dimension, "in", ORIGIN, unit="rule", values=rule.values, text=rule.text, confidence="text")
    )


def _organiser_area(p: Policy, rules: Sequence[textrules.Rule | None]) -> None:
    """A rule for people from outside the area: the coded area is where the programme is run, not who may
    apply — drop it."""
    if any(r and any(a.startswith("out=") for x in r.lines for a in x.reqs) for r in rules):
        p.conditions[:] = [c for c in p.conditions if not (c.dimension == "region" and c.origin != ORIGIN)]


def _line_for_codes(record: dict, p: Policy, clean) -> None:
    """A code list holding 기타, or 미취업자 (which a student may or may not count as), is settled by the
    record's text: keep the line to show with it (추가신청자격, else the 정책설명's first line)."""
    lines = textrules.lines_of(clean(record.get("addAplyQlfcCndCn"))) or textrules.lines_of(
        clean(record.get("plcyExplnCn"))
    )
    if not lines:
        return
    for c in p.conditions:
        if c.dimension in ("employment", "education", "major", "special") and {"other", "unemployed"} & set(c.values):
            c.text = lines[0][: textrules.MAX_TEXT]


def youth(record: dict, p: Policy, clean) -> None:
    _line_for_codes(record, p, clean)
    ctx = _context(p)
    qualification = textrules.read(clean(record.get("addAplyQlfcCndCn")), "target", ctx)
    exclusion = textrules.read(clean(record.get("ptcpPrpTrgtCn")), "exclusion", ctx)
    purpose = _purpose(clean(record.get("plcyExplnCn")) + "\n" + clean(record.get("plcySprtCn")), ctx, p.title)
    _organiser_area(p, [qualification, purpose])
    _add(p, "qualification", qualification)
    _add(p, "exclusion", exclusion)
    _add(p, "target", purpose)
    income_text = clean(record.get("earnEtcCn"))
    coded_income = [c for c in p.conditions if c.dimension == "income"]
    if coded_income and coded_income[0].op == "text":
        p.conditions.remove(coded_income[0])
        rule = textrules.read(income_text, "target", ctx)
        _add(p, "income", rule or _unread(income_text))


def _unread(text: str) -> textrules.Rule | None:
    """Income text with nothing regular in it ('공고문 참고'): one line for the user to read."""
    lines = textrules.lines_of(text)
    if not lines:
        return None
    return textrules.Rule("all", (textrules.Line(" ".join(lines), residue=True),))


TITLE_GROUPS = {
    # groups a title names plainly ('보호종료아동 자립수당', '신혼부부 전세자금'): the programme is for them
    "t=care_leaver", "t=single_parent", "t=multi_child", "t=disabled", "t=veteran", "t=north_defector",
    "t=multicultural", "t=pregnant", "t=basic_livelihood", "t=near_poverty", "t=out_of_school", "newlywed",
}  # fmt: skip


def _title(title: str, ctx: textatoms.Context) -> textrules.Line | None:
    _reqs, groups, _rest = textatoms.find(title, ctx)
    named = tuple(g for g in groups if g in TITLE_GROUPS)
    return textrules.Line(title, groups=named) if named else None


def _purpose(summary: str, ctx: textatoms.Context, title: str = "") -> textrules.Rule | None:
    """What the title, the 정책설명 and the 지원내용 say plainly about whom it is for: a group the title names,
    and three phrases (for 타 지역 청년; for those who lost their job; for couples about to marry). Nothing
    else is read there."""
    found = [x for x in (_title(title, ctx),) if x]
    for sentence in re.split(r"(?<=[.다])\s+|\n", summary):
        if _OUTSIDE.search(sentence) and ctx.home:
            found.append(textrules.Line(sentence.strip(), reqs=("out=" + "+".join(ctx.home),)))
        elif _LOST_JOB.search(sentence):
            found.append(textrules.Line(sentence.strip(), reqs=("emp=unemployed",)))
        elif _ENGAGED.search(sentence):
            found.append(textrules.Line(sentence.strip(), groups=("engaged", "newlywed")))
    return textrules.Rule("all", tuple(found)) if found else None


def gov24(row: dict, p: Policy, clean) -> None:
    ctx = _context(p)
    target_text = clean(row.get("지원대상"))
    selection_text = clean(row.get("선정기준"))
    target = textrules.read(target_text, "target", ctx)
    if target is None or not any(x.groups for x in target.lines):
        named = _title(p.title, ctx)
        if named:
            target = textrules.Rule("all", (*(target.lines if target else ()), named))
    selection = None
    if selection_text and _squash(selection_text) != _squash(target_text):
        selection = textrules.read(selection_text, "selection", ctx)
    rules = [r for r in (target, selection) if r]
    if any(a.startswith("med") for r in rules for x in r.lines for a in x.reqs):
        # the text reads the income more finely than the rough bracket flags: it decides
        p.conditions[:] = [c for c in p.conditions if not (c.dimension == "income" and c.unit == "median_bracket")]
    if any("business" in a for r in rules for x in r.lines for a in x.reqs if a.startswith("earn>")):
        # '근로, 사업 소득': the 근로자 flag is narrower than the text, which admits business income too
        for c in p.conditions:
            if c.dimension == "personal" and "worker" in c.values:
                c.values = (*c.values, "self_employed")
    _organiser_area(p, rules)
    _add(p, "target", target)
    _add(p, "selection", selection)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)
