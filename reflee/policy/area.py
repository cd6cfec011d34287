"""A policy's area: region codes as today's codes, and how wide the area is (for ranking and display)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reflee.refdata import regions

NATIONWIDE_SHARE = 0.95
"""A list reaching every 시도 and at least this share of all 시군구 is a nationwide programme: the few codes
it lacks are new ones (a 구 split off in 2026) that the source has not added yet."""


@dataclass
class Area:
    codes: tuple[str, ...]
    """Today's codes (retired ones replaced by their successors), plus any code reflee does not know."""
    unknown: tuple[str, ...]
    scope: str
    """national | sido | local | multi"""
    size: int | None
    """How many of today's smallest units (시군구 / 구) it covers; None when national."""


def area(raw_codes: list[str]) -> Area:
    return _area(tuple(raw_codes))


def narrowest(codes: list[str]) -> str | None:
    """Of several places (codes, retired ones and groups allowed), the one covering the fewest units: a 구
    over its 시, the old 광주 area over the merged 시도. The first wins a tie."""
    best, size = None, 0
    for code in codes:
        units: set[str] = set()
        for c in regions.current(code):
            units |= regions.leaves(c) if c in regions.NAMES else {c}
        if units and (best is None or len(units) < size):
            best, size = code, len(units)
    return best


def _with_successors(codes: dict[str, None], covered: set[str]) -> None:
    """A 시도-wide list written before a split lacks the new units (인천 2026: 검단구, 영종구): when all a 시도
    lacks are such units, it covers them too."""
    for prefix in {c[:2] for c in codes}:
        whole = prefix + "000"
        if whole not in regions.NAMES:
            continue
        missing = regions.leaves(whole) - covered
        if missing and missing <= regions.split_successors() and len(covered & regions.leaves(whole)) > len(missing):
            for c in sorted(missing):
                codes[c] = None
            covered |= missing


@cache
def _area(raw_codes: tuple[str, ...]) -> Area:
    codes: dict[str, None] = {}
    unknown: list[str] = []
    for code in raw_codes:
        now = regions.current(code)
        if not now:
            unknown.append(code)
            codes[code] = None
        for c in now:
            codes[c] = None
    covered: set[str] = set()
    for c in codes:
        if c in regions.NAMES:
            covered |= regions.leaves(c)
    _with_successors(codes, covered)
    everything = regions.all_leaves()
    prefixes = {c[:2] for c in covered}
    if prefixes >= set(regions.SIDO) and len(covered & everything) >= NATIONWIDE_SHARE * len(everything):
        return Area(tuple(sorted(codes)), tuple(unknown), "national", None)
    if len({c[:2] for c in codes}) > 1:
        scope = "multi"
    elif covered and covered >= regions.leaves(next(iter(codes))[:2] + "000"):
        scope = "sido"
    else:
        scope = "local"
    return Area(tuple(sorted(codes)), tuple(unknown), scope, len(covered) or None)
