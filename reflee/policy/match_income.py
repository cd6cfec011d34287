"""Matching income: a yearly cap in 만원 (온통청년 coded or read from text), a share of 기준 중위소득 (read from
text), or a 공공서비스 income bracket (rough: falling outside it gives unknown, never a fail)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reflee.i18n import _
from reflee.policy.models import Condition
from reflee.policy.outcome import Outcome, hint, met, not_met

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"
ORDER = ["0-50", "51-75", "76-100", "101-200", "201-"]


def _won(amount: int) -> str:
    man = amount // 10_000
    return f"{man:,}만원" if amount % 10_000 == 0 else f"{amount:,}원"


def _outcome(status: str, reason: str, asks: tuple[str, ...] = ()) -> Outcome:
    return Outcome(status, reason, asks=asks)


def describe(cond: Condition) -> str:
    if cond.unit == "krw10k_per_year":
        if cond.max is not None:
            return _("yearly income at most {amount} 만원").format(amount=f"{cond.max:,}")
        return _("yearly income at least {amount} 만원").format(amount=f"{cond.min:,}")
    if cond.unit == "median_percent":
        if cond.max is not None:
            return _("household income at most {pct}% of the median").format(pct=cond.max)
        return _("household income at least {pct}% of the median").format(pct=cond.min)
    return bracket_label(cond.values) + _(" (정부24 bracket)")


def judge(cond: Condition, facts: Any) -> Outcome:
    limit = describe(cond) if cond.unit != "median_bracket" else bracket_label(cond.values)
    if cond.unit == "krw10k_per_year":
        if facts.income_annual is None:
            return _outcome(UNKNOWN, _("no income given — condition {cond}").format(cond=limit), ("income_annual",))
        ok = (cond.max is None or facts.income_annual <= cond.max * 10_000) and (
            cond.min is None or facts.income_annual >= cond.min * 10_000
        )
        mine = _("yearly income {amount}").format(amount=_won(facts.income_annual))
        if facts.income_inferred:
            mine += _(" (estimated from the ledger)")
        if not ok and facts.income_inferred:  # an estimate does not exclude anyone
            return _outcome(UNKNOWN, _estimate(mine, limit))
        return _outcome(MET, met(mine, limit)) if ok else _outcome(NOT_MET, not_met(mine, limit))
    if facts.median_pct is None:
        return _outcome(
            UNKNOWN,
            _("no household monthly income or size — condition {cond}{hint}").format(
                cond=limit, hint=hint(["income_monthly_household"]) if cond.unit == "median_percent" else ""
            ),
            ("income_monthly_household", "household_size"),
        )
    pct: Decimal = facts.median_pct
    mine = _("about {pct}% of the median income").format(pct=pct)
    if facts.median_inferred:
        mine += _(" (estimated from the ledger)")
    if cond.unit == "median_percent":
        ok = (cond.max is None or pct <= cond.max) and (cond.min is None or pct >= cond.min)
        if not ok and facts.median_inferred:
            return _outcome(UNKNOWN, _estimate(mine, limit))
        return _outcome(MET, met(mine, limit)) if ok else _outcome(NOT_MET, not_met(mine, limit))
    if bracket_of(pct) in cond.values:
        return _outcome(MET, met(mine, limit))
    return _outcome(
        UNKNOWN,
        _("{mine} — outside condition {cond}, but 정부24's income brackets are rough: check yourself").format(
            mine=mine, cond=limit
        ),
    )


def _estimate(mine: str, limit: str) -> str:
    return _("{mine} — outside condition {cond}, but it is an estimate: check yourself").format(mine=mine, cond=limit)


def bracket_of(pct: Decimal) -> str:
    for b in ORDER[:-1]:
        if pct <= int(b.split("-")[1]):
            return b
    return "201-"


def bracket_label(values: tuple[str, ...]) -> str:
    idx = sorted(ORDER.index(v) for v in values if v in ORDER)
    if idx and idx == list(range(idx[0], idx[-1] + 1)):
        lo, hi = ORDER[idx[0]].split("-")[0], ORDER[idx[-1]].split("-")[1]
        if lo == "0":
            return _("median income {pct}% or less").format(pct=hi)
        if not hi:
            return _("median income over {pct}%").format(pct=int(lo) - 1)
        return _("median income {lo}~{hi}%").format(lo=lo, hi=hi)
    return _("median income brackets {list}").format(list=", ".join(f"{ORDER[i].rstrip('-')}%" for i in idx))
