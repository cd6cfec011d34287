"""Judging a text rule (a condition of origin ``text``, read by ``textrules``) against the user.

Each atom is judged T (holds), F (does not), U (the profile cannot tell: a field is missing) or X (only the
text can tell: a residue, or a narrower wording than reflee reads). A line is the AND of its requirement atoms
and the OR of its group atoms; a line with a residue is at best X. The lines combine as the rule's mode says:
``all`` (AND), ``any`` (OR: alternatives) or ``none`` (no line may apply: exclusions).

Status: T -> met, F -> not_met, U -> unknown, X -> text (the coded conditions may pass, the text decides).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reflee.i18n import _
from reflee.policy.facts import Facts, employment_label
from reflee.policy.match_region import area_label, region_verdict
from reflee.refdata import vocab

T, F, U, X = "T", "F", "U", "X"
_AND = {F: 0, U: 1, X: 2, T: 3}
_OR = {T: 0, U: 1, X: 2, F: 3}
STATUS = {T: "met", F: "not_met", U: "unknown", X: "text"}


@dataclass(frozen=True)
class Judged:
    status: str
    """met | not_met | unknown | text"""
    line: str | None
    """The line that decided it (or that the user has to read)."""
    atoms: tuple[tuple[str, str], ...]
    """(atom, its value) that decided it."""
    asks: tuple[str, ...] = ()
    """Profile fields that would settle an unknown."""
    excluded: bool = False
    """Decided by a line of who may not apply."""


def parse_values(values: tuple[str, ...]) -> tuple[str, list[tuple[list[str], list[str], str, str]]]:
    """(mode, [(requirement atoms, group atoms, residue: '' | '?' (may be one more group) | 'q' (narrows the
    line), flag: '' | '!' (who may not apply) | '&' (binds every alternative))])."""
    mode, lines = values[0], []
    for entry in values[1:]:
        reqs, groups, residue, *flag = entry.split(";")
        lines.append((reqs.split(",") if reqs else [], groups.split(",") if groups else [], residue, "".join(flag)))
    return mode, lines


def judge(values: tuple[str, ...], text: str, facts: Facts, memo: dict[tuple[str, ...], Any] | None = None) -> Judged:
    """The rule against the user. Rules alike but for their words share a judgement: pass the same ``memo``
    (for one user) to judge each such set of lines once."""
    core = memo.get(values) if memo is not None else None
    if core is None:
        core = _judge(values, facts)
        if memo is not None:
            memo[values] = core
    status, index, atoms, asks, excluded = core
    texts = text.split("\n")
    line = texts[index] if index is not None and index < len(texts) else None
    return Judged(status, line, atoms, asks, excluded=excluded)


def _judge(
    values: tuple[str, ...], facts: Facts
) -> tuple[str, int | None, tuple[tuple[str, str], ...], tuple[str, ...], bool]:
    """(status, index of the deciding line, the atoms that decided, fields that would settle it, excluded)."""
    mode, lines = parse_values(values)
    judged, binding = [], []
    for i, (reqs, groups, residue, flag) in enumerate(lines):
        if mode == "none" or flag == "!":
            binding.append((_exclusion(reqs + groups, residue, facts), i, True))
        elif flag == "&":  # binds every alternative: judged with the exclusions, not as an alternative
            binding.append((_line(reqs, groups, residue, facts), i, False))
        else:
            judged.append((_line(reqs, groups, residue, facts), i, False))
    order = _OR if mode == "any" else _AND
    best = min(judged, key=lambda j: order[j[0][0]]) if judged else None
    worst = min(binding, key=lambda j: _AND[j[0][0]]) if binding else None
    excluded = mode == "none"
    if best is None or (worst and _AND[worst[0][0]] < _AND[best[0][0]]):
        best = worst
        excluded = excluded or (best is not None and best[2] and best[0][0] == F)
    assert best is not None
    value = best[0][0]
    if mode == "any" and value == F and not excluded:
        return STATUS[F], None, tuple((a, v) for j in judged for a, v in j[0][1]), (), False
    asks = tuple(dict.fromkeys(_asks(a) for j in judged + binding if j[0][0] == U for a, v in j[0][1] if v == U))
    return STATUS[value], best[1], best[0][1], asks, excluded


def _line(reqs: list[str], groups: list[str], residue: str, facts: Facts) -> tuple[str, tuple[tuple[str, str], ...]]:
    """AND of the requirements, OR of the groups; a residue that may be one more group turns a group miss into
    X and leaves a group hit standing, a residue narrowing the line caps it at X."""
    parts = [(a, atom(a, facts)) for a in reqs]
    if groups:
        options = [(a, atom(a, facts)) for a in groups]
        best = min(options, key=lambda o: _OR[o[1]])
        if best[1] == F and residue == "?":
            best = ("?", X)
        parts.append(best if best[1] != F else (",".join(groups), F))
        if residue == "?" and best[1] != X:
            residue = ""
    if residue:
        parts.append(("?", X))
    if not parts:
        return X, (("?", X),)
    worst = min(parts, key=lambda p: _AND[p[1]])
    decisive = tuple(p for p in parts if p[1] == worst[1]) if worst[1] != T else tuple(parts)
    return worst[1], decisive


def _exclusion(atoms: list[str], residue: str, facts: Facts) -> tuple[str, tuple[tuple[str, str], ...]]:
    """A line of who may not apply: F when the user is one of them, T when none of them."""
    flipped = []
    for a in atoms:
        v = atom(a, facts)
        flipped.append((a, {T: F, F: T}.get(v, v) if not a.startswith("t?=") else {T: X, F: T}.get(v, v)))
    if residue or not flipped:
        flipped.append(("?", X))
    worst = min(flipped, key=lambda p: _AND[p[1]])
    return worst[1], tuple(p for p in flipped if p[1] == worst[1])


def _yn(value: bool | None) -> str:
    return U if value is None else (T if value else F)


def atom(a: str, facts: Facts) -> str:
    """One atom against the user: T, F, U or X."""
    name, _sep, arg = a.partition("=")
    if a == "?":
        return X
    if name in ("age>", "age<", "age"):
        return _age(a, facts)
    if name.startswith("med"):
        return _median(a, facts)
    if name == "inc<":
        if facts.income_annual is None:
            return U
        ok = facts.income_annual <= int(arg) * 10_000
        return T if ok else (U if facts.income_inferred else F)
    if name == "earn>":
        return _earned(arg, facts)
    if name == "kids>":
        return U if facts.children is None else (T if facts.children >= int(arg) else F)
    if name == "t":
        return _yn(facts.trait(arg))
    if name == "t?":
        v = facts.trait(arg)
        return U if v is None else (X if v else F)
    if name == "emp":
        wanted = set(arg.split("+"))
        got = facts.works(wanted)
        if got is False and facts.employment and "student" in facts.employment and "unemployed" in wanted:
            return X  # a student without a job: whether they count as 미취업 is the programme's call
        return _yn(got)
    if a == "stu":
        return _yn(facts.student())
    if a == "biz":
        jobs = facts.employment or frozenset()
        return X if jobs & {"self_employed", "founder"} else (U if facts.employment is None else F)
    if name in ("rg", "out"):
        if not facts.region_options:
            return U
        inside = region_verdict(facts.region_options, set(arg.split("+")))
        seen = {"met": T, "not_met": F}.get(inside, U)
        return seen if name == "rg" else {T: F, F: T}.get(seen, seen)
    if a == "newlywed":
        married = facts.trait("married")
        return U if married is None else (X if married or facts.trait("engaged") else F)
    if a == "engaged":
        return _yn(facts.trait("engaged"))
    return X


def _earned(arg: str, facts: Facts) -> str:
    """Earns at least N만원 a month from work (or, when the text says so, a business)."""
    amount, _sep, kinds = arg.partition(":")
    wanted = {"employed", "day_laborer", "short_term", "freelancer"}
    if "business" in kinds:
        wanted |= {"self_employed", "founder"}
    works = facts.works(wanted)
    if works is False:
        return F
    if facts.income_annual is None or works is None:
        return U
    return T if facts.income_annual >= int(amount) * 10_000 * 12 else (U if facts.income_inferred else F)


def _age(a: str, facts: Facts) -> str:
    if facts.age is None:
        return U
    if a.startswith("age>="):
        return T if facts.age >= int(a[5:]) else F
    if a.startswith("age<="):
        return T if facts.age <= int(a[5:]) else F
    lo, hi = (int(x) for x in a[4:].split("-"))
    return T if lo <= facts.age <= hi else F


def _median(a: str, facts: Facts) -> str:
    if facts.median_pct is None:
        return U
    if a.startswith("med<="):
        ok = facts.median_pct <= int(a[5:])
    else:
        lo, hi = (int(x) for x in a[4:].split("-"))
        ok = lo < facts.median_pct <= hi
    return T if ok else (U if facts.median_inferred else F)


def _asks(a: str) -> str:
    name, _sep, arg = a.partition("=")
    if name.startswith("age"):
        return "birth_date"
    if name.startswith("med"):
        return "income_monthly_household"
    if name == "inc<":
        return "income_annual"
    if name == "kids>":
        return "children"
    if name == "earn>":
        return "income_annual"
    if name in ("emp", "biz") or a == "biz":
        return "employment"
    if a == "stu":
        return "education"
    if name in ("rg", "out"):
        return "region"
    if a == "newlywed":
        return "marital"
    if name in ("t", "t?"):
        return Facts().asks(arg)  # 1인가구 is settled by the household size, 무주택 by the housing …
    return "traits"


def describe(a: str) -> str:
    """An atom in words: '만 65세 이상', '기초생활수급자', '자녀 3명 이상', '부산광역시 밖 거주'."""
    if "," in a:
        return " / ".join(describe(x) for x in a.split(","))
    name, _sep, arg = a.partition("=")
    if a == "?":
        return _("what the text says")
    if a.startswith("age>="):
        return _("age {n} or over").format(n=a[5:])
    if a.startswith("age<="):
        return _("age {n} or under").format(n=a[5:])
    if name == "age":
        lo, hi = arg.split("-")
        return _("age {lo} to {hi}").format(lo=lo, hi=hi)
    if a.startswith("med<="):
        return _("household income at most {pct}% of the median").format(pct=a[5:])
    if name == "med":
        lo, hi = arg.split("-")
        return _("household income {lo}% to {hi}% of the median").format(lo=lo, hi=hi)
    if name == "inc<":
        return _("yearly income at most {amount} 만원").format(amount=f"{int(arg):,}")
    if name == "kids>":
        return _("{n} or more children").format(n=arg)
    if name == "earn>":
        amount, _sep, kinds = arg.partition(":")
        if "business" in kinds:
            return _("earning {amount}만원 or more a month from work or a business").format(amount=amount)
        return _("earning {amount}만원 or more a month from work").format(amount=amount)
    if name in ("t", "t?"):
        return vocab.TARGETS.get(arg, arg) + (_(" (narrower in the text)") if name == "t?" else "")
    if name == "emp":
        return employment_label(tuple(arg.split("+")))
    if a == "stu":
        return _("a student")
    if a == "biz":
        return _("a business (중소기업, 법인)")
    if name in ("rg", "out"):
        where = area_label(tuple(arg.split("+")))
        return (
            _("living in {area}").format(area=where) if name == "rg" else _("living outside {area}").format(area=where)
        )
    if a == "newlywed":
        return _("a newly married couple")
    if a == "engaged":
        return _("getting married")
    return a
