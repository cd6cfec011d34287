"""Matching the region: an area in words (naming what a 시도-wide list leaves out), and whether the places
the user may live in are inside it."""

from __future__ import annotations

from reflee.i18n import _
from reflee.policy.models import Condition
from reflee.refdata import regions

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"
MOST = 0.6
"""A 시도 list covering at least this share of its 구/시군 is written as the 시도 minus what it leaves out."""


def area_label(codes: tuple[str, ...]) -> str:
    """'서울특별시 전체', '부산광역시 부산진구', '인천광역시 (중구·동구 제외)', '서울특별시 외 3곳'."""
    if not codes:
        return _("no area")
    by_sido: dict[str, list[str]] = {}
    for c in codes:
        by_sido.setdefault(c[:2], []).append(c)
    parts = []
    for prefix, members in by_sido.items():
        whole = prefix + "000"
        covered: set[str] = set()
        for m in members:
            covered |= regions.leaves(m) if m in regions.NAMES else {m}
        if whole in members or (whole in regions.NAMES and covered >= regions.leaves(whole)):
            parts.append(_("all of {sido}").format(sido=regions.full_name(whole)))
            continue
        everything = regions.leaves(whole) if whole in regions.NAMES else frozenset()
        if everything and len(covered & everything) >= MOST * len(everything):
            left = sorted(everything - covered)
            names = "·".join(regions.NAMES[c] for c in _grouped(left))
            parts.append(_("{sido} except {names}").format(sido=regions.full_name(whole), names=names))
            continue
        parts.extend(regions.full_name(m) for m in members)
    if len(parts) > 3:
        return _("{first} and {count} more").format(first=parts[0], count=len(parts) - 1)
    return ", ".join(parts)


def _grouped(leaves: list[str]) -> list[str]:
    """Leaves, with every city whose 구 are all among them named once ('수원시' for its four 구)."""
    out: list[str] = []
    seen: set[str] = set()
    for leaf in leaves:
        city = regions.parent(leaf)
        if city and not regions.is_sido(city) and regions.leaves(city) <= set(leaves):
            if city not in seen:
                seen.add(city)
                out.append(city)
        else:
            out.append(leaf)
    return out


def region_verdict(user: tuple[str, ...], allowed: set[str]) -> str:
    """met when every place the user may live in is inside the area, not met when none is, else unknown."""
    inside: list[bool | None] = []
    for code in user:
        if code in allowed or any(a in allowed for a in regions.ancestors(code)):
            inside.append(True)
            continue
        leaves = regions.leaves(code)
        hit = [leaf for leaf in leaves if leaf in allowed or any(a in allowed for a in regions.ancestors(leaf))]
        inside.append(True if len(hit) == len(leaves) else (None if hit else False))
    if all(x is True for x in inside):
        return MET
    if all(x is False for x in inside):
        return NOT_MET
    return UNKNOWN


def where(cond: Condition) -> str:
    """The condition's area in words, with how it was found."""
    label = area_label(cond.values)
    if cond.unit == "outside":
        label = _("outside {area}").format(area=label)
    if cond.confidence == "org":
        label += _(" (by the agency)")
    elif cond.origin == "text":
        label += _(" (from the text)")
    return label


def judge(cond: Condition, user: tuple[str, ...]) -> tuple[str, str]:
    """(status, reason) for a region condition; ``user`` the places the user may live in (not empty)."""
    cond_words = where(cond)
    mine = _("living in {place}").format(place=_(" or ").join(regions.full_name(c) for c in user))
    status = region_verdict(user, set(cond.values))
    if cond.unit == "outside":
        status = {MET: NOT_MET, NOT_MET: MET}.get(status, status)
    strange = [v for v in cond.values if not regions.is_known(v) and v[:2] in {c[:2] for c in user}]
    if status == NOT_MET and strange:  # a code in the user's 시도 that this reflee does not know
        return UNKNOWN, _(
            "{mine} — condition {cond}: it holds region codes this reflee does not know ({codes}); check yourself"
        ).format(mine=mine, cond=cond_words, codes=", ".join(strange))
    if status == UNKNOWN:
        return UNKNOWN, _("{mine} — condition {cond}: only partly overlaps (add your 시군구 to settle it)").format(
            mine=mine, cond=cond_words
        )
    if status == MET:
        return MET, _("{mine} — condition {cond} met").format(mine=mine, cond=cond_words)
    return NOT_MET, _("{mine} — condition {cond} not met").format(mine=mine, cond=cond_words)
