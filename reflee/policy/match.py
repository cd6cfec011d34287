"""Matching one condition against the user: met / not met / unknown / text, with a reason a person can read.

Rules (see docs/policies.md): a missing profile field gives unknown, never a silent pass or fail; a
condition only the record's text can settle gives ``text`` (the deciding line is kept with it); the
공공서비스 income brackets are rough, so falling outside them gives unknown, not a fail; a code list holding
기타 cannot exclude anyone. Every reason names what was compared: the user's side, then the condition.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from reflee.i18n import _
from reflee.i18n import current as current_language
from reflee.policy import match_income, match_region, rules
from reflee.policy.facts import Facts, employment_label
from reflee.policy.models import Condition, dimension_label
from reflee.policy.outcome import Outcome, hint, met, not_met
from reflee.refdata import vocab

MET, NOT_MET, UNKNOWN, TEXT = "met", "not_met", "unknown", "text"
area_label = match_region.area_label
region_verdict = match_region.region_verdict
bracket_label = match_income.bracket_label
_VOCAB = {
    "employment": vocab.EMPLOYMENT,
    "education": vocab.EDUCATION,
    "major": vocab.MAJOR,
    "marital": vocab.MARITAL,
    "gender": vocab.GENDER,
}


def evaluate(cond: Condition, facts: Facts) -> tuple[str, str]:
    """(status, reason) for one condition."""
    out = judge(cond, facts)
    return out.status, out.reason


def judge(cond: Condition, facts: Facts, memo: dict[Any, Any] | None = None) -> Outcome:
    """``memo``: shared by the conditions judged for one user (text rules alike but for their words)."""
    if cond.unit == "rule":
        return _rule(cond, facts, memo)
    if cond.op == "text":
        return Outcome(UNKNOWN, _text_reason(cond, facts))
    handler = _HANDLERS.get(cond.dimension)
    if handler is None:
        return Outcome(
            UNKNOWN,
            _("{label}: {cond} — check yourself").format(
                label=dimension_label(cond.dimension), cond=_join(cond.values)
            ),
        )
    return handler(cond, facts)


def _join(values: tuple[str, ...] | list[str], limit: int = 4) -> str:
    shown = list(values[:limit])
    rest = len(values) - len(shown)
    return ", ".join(shown) + (_(" and {count} more").format(count=rest) if rest > 0 else "")


def _text_reason(cond: Condition, facts: Facts) -> str:
    text = " ".join((cond.text or "").split())
    if len(text) > 120:
        text = text[:119] + "…"
    extra = ""
    if cond.dimension == "income" and facts.median_pct is not None:
        extra = _(" (your household: about {pct}% of the median income)").format(pct=facts.median_pct)
    return _("{label} condition (text): {text} — check yourself{extra}").format(
        label=dimension_label(cond.dimension), text=text, extra=extra
    )


# --- text rules -----------------------------------------------------------------------------------------------
def _rule(cond: Condition, facts: Facts, memo: dict[Any, Any] | None = None) -> Outcome:
    j = rules.judge(cond.values, cond.text or "", facts, memo)
    label = dimension_label(cond.dimension)
    mode = "none" if j.excluded else cond.values[0]
    atoms = [a for a, _v in j.atoms if a != "?"]
    what = "·".join(_described(a, current_language()) for a in atoms) if atoms else ""
    line = _short(j.line or "")
    if j.status == MET:
        if mode == "none":
            return Outcome(MET, _("none of {label} (text) applies to you: {line}").format(label=label, line=line))
        return Outcome(MET, _("{what} — {label} (text) met: {line}").format(what=what, label=label, line=line))
    if j.status == NOT_MET:
        if mode == "any":
            return Outcome(
                NOT_MET, _("none of the groups in {label} (text) is you: {what}").format(label=label, what=_short(what))
            )
        if mode == "none":
            return Outcome(
                NOT_MET, _("{what} — excluded by {label} (text): {line}").format(what=what, label=label, line=line)
            )
        return Outcome(NOT_MET, _("{what} not met — {label} (text): {line}").format(what=what, label=label, line=line))
    if j.status == UNKNOWN:
        traits = tuple(
            name
            for a, v in j.atoms
            if v == "U" and a.startswith(("t=", "t?=")) and facts.asks(name := a.split("=", 1)[1]) == "traits"
        )
        fields = tuple(f for f in j.asks if f != "traits")
        return Outcome(
            UNKNOWN,
            _("{label} (text): {line} — not known whether {what} applies{hint}").format(
                label=label, line=line, what=what, hint=hint(fields, traits)
            ),
            asks=j.asks,
        )
    return Outcome(TEXT, _('{label} (text): "{line}" — read it to decide').format(label=label, line=line), line=j.line)


@lru_cache(maxsize=4096)
def _described(atom: str, language: str) -> str:
    return rules.describe(atom)


def _short(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- age ------------------------------------------------------------------------------------------------------
def age_range(cond: Condition) -> str:
    if cond.min is not None and cond.max is not None:
        return _("age {lo} to {hi}").format(lo=cond.min, hi=cond.max)
    if cond.min is not None:
        return _("age {n} or over").format(n=cond.min)
    return _("age {n} or under").format(n=cond.max)


def _age(cond: Condition, facts: Facts) -> Outcome:
    rng = age_range(cond)
    if facts.age is None:
        return Outcome(
            UNKNOWN,
            _("no birth date — condition {cond}{hint}").format(cond=rng, hint=hint(["birth_date"])),
            asks=("birth_date",),
        )
    ok = (cond.min is None or facts.age >= cond.min) and (cond.max is None or facts.age <= cond.max)
    mine = _("age {age}").format(age=facts.age)
    return Outcome(MET, met(mine, rng)) if ok else Outcome(NOT_MET, not_met(mine, rng))


# --- region ---------------------------------------------------------------------------------------------------
def _region(cond: Condition, facts: Facts) -> Outcome:
    if not facts.region_options:
        return Outcome(
            UNKNOWN, _("no region — condition {cond}").format(cond=match_region.where(cond)), asks=("region",)
        )
    status, reason = match_region.judge(cond, facts.region_options)
    return Outcome(status, reason, asks=("region",) if status == UNKNOWN else ())


# --- code lists -----------------------------------------------------------------------------------------------
def _listed(cond: Condition, facts: Facts) -> Outcome:
    table = _VOCAB[cond.dimension]
    wanted = _join([vocab.label(table, v) for v in cond.values])
    label = dimension_label(cond.dimension)
    if cond.dimension == "employment":
        values = facts.employment
        if not values:
            return Outcome(
                UNKNOWN, _("no {field} given — condition {cond}").format(field=label, cond=wanted), asks=("employment",)
            )
        mine = employment_label(values)
        if values & set(cond.values):
            return Outcome(MET, met(mine, wanted))
        if "student" in values and "unemployed" in cond.values:
            return Outcome(
                TEXT,
                _("{mine} — condition {cond}: whether a student counts as 미취업 is in the record's text").format(
                    mine=mine, cond=wanted
                ),
                line=cond.text,
            )
        if "other" in cond.values or "other" in values:
            return _other(mine, wanted, cond)
        return Outcome(NOT_MET, not_met(mine, wanted))
    value = getattr(facts, cond.dimension)
    if value is None:
        return Outcome(
            UNKNOWN, _("no {field} given — condition {cond}").format(field=label, cond=wanted), asks=(cond.dimension,)
        )
    mine = vocab.label(table, value)
    if value in cond.values:
        return Outcome(MET, met(mine, wanted))
    if "other" in cond.values or value == "other":
        return _other(mine, wanted, cond)
    return Outcome(NOT_MET, not_met(mine, wanted))


def _other(mine: str, wanted: str, cond: Condition) -> Outcome:
    return Outcome(
        TEXT,
        _("{mine} — condition {cond}: it lists 기타 (other); read the record's text").format(mine=mine, cond=wanted),
        line=cond.text,
    )


def _targets(cond: Condition, facts: Facts) -> Outcome:
    wanted = _join([facts.label(v) for v in cond.values])
    answers = {v: facts.target(v) for v in cond.values}
    yes = [v for v, a in answers.items() if a]
    if yes:
        return Outcome(MET, met(facts.label(yes[0]), wanted))
    unsure = [v for v, a in answers.items() if a is None and v != "other"]
    if unsure:
        asks = tuple(dict.fromkeys(facts.asks(v) for v in unsure))
        traits = tuple(v for v in unsure if facts.asks(v) == "traits")
        fields = tuple(f for f in asks if f != "traits")
        return Outcome(
            UNKNOWN,
            _("condition {cond} — not known whether it applies to you{hint}").format(
                cond=wanted, hint=hint(fields, traits)
            ),
            asks=asks,
        )
    mine = ", ".join(dict.fromkeys(facts.describe(v) for v in cond.values if v != "other"))
    if "other" in cond.values:
        return _other(mine, wanted, cond)
    return Outcome(NOT_MET, not_met(mine, wanted))


def _user_type(cond: Condition, facts: Facts) -> Outcome:
    wanted = ", ".join(cond.values)
    if "소상공인" in cond.values:
        has = facts.trait("small_business")
        if has:
            return Outcome(MET, met(_("a 소상공인"), wanted))
        if has is None:
            return Outcome(
                UNKNOWN,
                _("condition: for {cond} — the profile cannot tell whether you are a 소상공인").format(cond=wanted),
                asks=("employment",),
            )
    return Outcome(
        NOT_MET, _("an individual — condition: for {cond} only (individuals cannot apply)").format(cond=wanted)
    )


def _business(cond: Condition, facts: Facts) -> Outcome:
    return Outcome(UNKNOWN, _("business condition: {cond} — check yourself").format(cond=_join(cond.values)))


_HANDLERS: dict[str, Callable[[Condition, Facts], Outcome]] = {
    "age": _age,
    "region": _region,
    "income": match_income.judge,
    "employment": _listed,
    "education": _listed,
    "major": _listed,
    "marital": _listed,
    "gender": _listed,
    "special": _targets,
    "personal": _targets,
    "household": _targets,
    "user_type": _user_type,
    "business": _business,
}

ELIGIBILITY = ("eligible", "eligible_text", "maybe", "ineligible")


def eligibility(statuses: list[str]) -> str:
    """eligible (every condition met), eligible_text (the coded ones met, a text line decides), maybe (none
    failed, some unknown), ineligible (any failed)."""
    if NOT_MET in statuses:
        return "ineligible"
    if UNKNOWN in statuses:
        return "maybe"
    if TEXT in statuses:
        return "eligible_text"
    return "eligible"


def describe(cond: Condition) -> str:
    """A condition in words, without the user: '만 19~34세', '서울특별시 관악구', '미취업자, (예비)창업자'."""
    if cond.unit == "rule":
        return " / ".join(_short(x, 80) for x in (cond.text or "").split("\n")[:3])
    if cond.op == "text":
        return " ".join((cond.text or "").split())
    if cond.dimension == "age":
        return age_range(cond)
    if cond.dimension == "region":
        return match_region.where(cond)
    if cond.dimension == "income":
        return match_income.describe(cond)
    if cond.dimension in _VOCAB:
        return ", ".join(vocab.label(_VOCAB[cond.dimension], v) for v in cond.values)
    if cond.dimension in ("special", "personal", "household"):
        return ", ".join(vocab.TARGETS.get(v, v) for v in cond.values)
    return ", ".join(cond.values)
