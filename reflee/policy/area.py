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
