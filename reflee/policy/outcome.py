"""What judging one condition gives (status, reason, the deciding line, the fields that would settle it), and
the phrases every reason is built from."""

from __future__ import annotations

from dataclasses import dataclass, field

from reflee.i18n import N_, _
from reflee.refdata import vocab

HINTS = {
    # profile field -> what to add to settle an unknown
    "birth_date": N_("add your birth date to the profile to settle it"),
    "region": N_("add your region to the profile to settle it"),
    "gender": N_("add your gender to the profile to settle it"),
    "employment": N_("add your employment status to the profile to settle it"),
    "education": N_("add your education to the profile to settle it"),
    "household_size": N_("add your household size to the profile to settle it"),
    "housing": N_("add your housing to the profile to settle it"),
    "children": N_("add how many children you have to the profile to settle it"),
    "marital": N_("add your marital status to the profile to settle it"),
    "income_annual": N_("add your yearly income to the profile to settle it"),
    "income_monthly_household": N_("add your household's monthly income and size to the profile to settle it"),
}


@dataclass(frozen=True)
class Outcome:
    status: str
    reason: str
    line: str | None = None
    """For ``text``: the line of the record that decides (지원대상, 선정기준, 추가자격, 참여제한)."""
    asks: tuple[str, ...] = field(default_factory=tuple)
    """For ``unknown``: the profile fields that would settle it."""


def hint(fields: tuple[str, ...] | list[str], traits: tuple[str, ...] = ()) -> str:
    """'(프로필에 가구원 수를 넣으면 확인)', or for traits '(프로필 특성에 임산부 여부를 넣으면 확인)'."""
    parts = [_(HINTS[f]) for f in fields if f in HINTS]
    if traits:
        names = ", ".join(vocab.TARGETS.get(t, t) for t in traits)
        parts.append(_("say in your profile's traits whether you are {names} to settle it").format(names=names))
    return f" ({'; '.join(parts)})" if parts else ""


def met(mine: str, cond: str) -> str:
    return _("{mine} — condition {cond} met").format(mine=mine, cond=cond)


def not_met(mine: str, cond: str) -> str:
    return _("{mine} — condition {cond} not met").format(mine=mine, cond=cond)
