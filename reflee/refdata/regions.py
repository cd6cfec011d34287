"""법정 시도 / 시군구 codes (5 digits: 시도 2 + 시군구 3), their names, and old codes aliased to new ones.

``xx000`` stands for a whole 시도. A city with 일반구 (수원시 41110) is the parent of its 구 (41111 …).
Codes were renumbered: 강원 42→51 (2023-06), 전북 45→52 (2024-01), 대구 군위 47720→27720 (2023-07),
광주 29 and 전남 46 → 전남광주통합특별시 12 (2026), and 인천's 구 were reorganised in 2026 (중구 and 동구 →
제물포구 / 영종구, 서구 → 서해구 / 검단구). ``ALIASES`` maps each retired code to its successors (the
first is where records were recoded to; a split has several).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from reflee.refdata.region_table import GWANGJU, JEONNAM, OLD_NAMES, SIGUNGU, SPLIT_DONG

SIDO: dict[str, tuple[str, tuple[str, ...]]] = {
    # prefix: (official name, other names people and agencies write)
    "11": ("서울특별시", ("서울", "서울시")),
    "12": ("전남광주통합특별시", ("전남광주", "전남광주특별시")),
    "26": ("부산광역시", ("부산", "부산시")),
    "27": ("대구광역시", ("대구", "대구시")),
    "28": ("인천광역시", ("인천", "인천시")),
    "30": ("대전광역시", ("대전", "대전시")),
    "31": ("울산광역시", ("울산", "울산시")),
    "36": ("세종특별자치시", ("세종", "세종시")),
    "41": ("경기도", ("경기",)),
    "43": ("충청북도", ("충북",)),
    "44": ("충청남도", ("충남",)),
    "47": ("경상북도", ("경북",)),
    "48": ("경상남도", ("경남",)),
    "50": ("제주특별자치도", ("제주", "제주도")),
    "51": ("강원특별자치도", ("강원", "강원도")),
    "52": ("전북특별자치도", ("전북", "전라북도")),
}
OLD_SIDO_NAMES: dict[str, str] = {
    # names of retired 시도 -> the group code their area now belongs to
    "광주광역시": "29000",
    "광주": "29000",
    "전라남도": "46000",
    "전남": "46000",
}


def _build() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    names: dict[str, str] = {f"{p}000": full for p, (full, _) in SIDO.items()}
    for line in SIGUNGU.strip().splitlines():
        for item in line.split("|"):
            code, name = item.split(" ", 1)
            names[code] = name
    aliases: dict[str, tuple[str, ...]] = {
        "28110": ("28125", "28155"),
        "28140": ("28125",),
        "28260": ("28290", "28275"),
        "47720": ("27720",),
        "29000": tuple(GWANGJU.values()),
        "46000": tuple(JEONNAM.values()),
        "42000": ("51000",),
        "45000": ("52000",),
    }
    aliases.update({old: (new,) for old, new in {**GWANGJU, **JEONNAM}.items()})
    for code in list(names):
        if code.startswith("51") and code != "51000":
            aliases["42" + code[2:]] = (code,)
        if code.startswith("52") and code != "52000":
            aliases["45" + code[2:]] = (code,)
    return names, aliases


NAMES, ALIASES = _build()
"""NAMES: every current code -> its name within its 시도 ('관악구', '수원시 장안구'; a 시도 code -> its full name)."""


def sido_code(code: str) -> str:
    return code[:2] + "000"


def is_sido(code: str) -> bool:
    return code.endswith("000")


def is_known(code: str) -> bool:
    return code in NAMES or code in ALIASES


@cache
def children(code: str) -> tuple[str, ...]:
    """The current codes directly inside ``code``: a 시도's 시군구 (not 구 of cities), a city's 구."""
    if is_sido(code):
        p = code[:2]
        return tuple(c for c in NAMES if c[:2] == p and c != code and parent(c) == code)
    if code in NAMES and " " not in NAMES[code]:
        return tuple(c for c in NAMES if c != code and NAMES[c].startswith(NAMES[code] + " ") and c[:2] == code[:2])
    return ()


@cache
def parent(code: str) -> str | None:
    """The city a 구 belongs to, else the 시도; None for a 시도."""
    if is_sido(code):
        return None
    name = NAMES.get(code, "")
    if " " in name:
        city = name.split(" ", 1)[0]
        for c, n in NAMES.items():
            if n == city and c[:2] == code[:2]:
                return c
    return sido_code(code)


def ancestors(code: str) -> tuple[str, ...]:
    out = []
    p = parent(code)
    while p:
        out.append(p)
        p = parent(p)
    return tuple(out)


@cache
def leaves(code: str) -> frozenset[str]:
    """The smallest current units inside ``code`` (itself when it has none)."""
    kids = children(code)
    if not kids:
        return frozenset((code,))
    return frozenset(leaf for k in kids for leaf in leaves(k))


@cache
def all_leaves() -> frozenset[str]:
    return frozenset(leaf for p in SIDO for leaf in leaves(p + "000"))


def current(code: str) -> tuple[str, ...]:
    """A code as today's codes: itself if current, its successors if retired, () if unknown."""
    if code in NAMES:
        return (code,)
    return ALIASES.get(code, ())


@cache
def split_successors() -> frozenset[str]:
    """Today's codes that came out of a split (a retired code with several successors)."""
    return frozenset(c for new in ALIASES.values() if len(new) > 1 and len(new) < 4 for c in new)


def full_name(code: str) -> str:
    """'서울특별시 관악구', '경기도 수원시 장안구', '서울특별시'; retired codes by their old name."""
    if code in NAMES:
        if is_sido(code):
            return NAMES[code]
        return f"{SIDO[code[:2]][0]} {NAMES[code]}"
    if code in OLD_NAMES:
        return OLD_NAMES[code]
    if code in ALIASES:
        return "(옛 코드) " + " / ".join(full_name(c) for c in ALIASES[code])
    return code


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


@cache
def _sido_words() -> dict[str, tuple[str, ...]]:
    words: dict[str, tuple[str, ...]] = {}
    for p, (full, short) in SIDO.items():
        for w in (full, *short):
            words[w] = (p + "000",)
    for w, group in OLD_SIDO_NAMES.items():
        words[w] = (group,)
    return words


def _groups(code: str) -> tuple[str, ...]:
    """The current codes a possibly-retired group or sido code stands for (29000 -> the 광주 구)."""
    return current(code)


@cache
def _name_index() -> dict[str, tuple[str, ...]]:
    """'관악구', '수원시장안구', '장안구' … -> the 시군구 codes bearing that name."""
    index: dict[str, list[str]] = {}
    for code, name in NAMES.items():
        if is_sido(code):
            continue
        for key in dict.fromkeys((name, name.replace(" ", ""), name.split(" ")[-1])):
            index.setdefault(key, []).append(code)
    return {k: tuple(v) for k, v in index.items()}


def _within(prefixes: set[str], rest: str) -> list[str]:
    """시군구 codes (in the given 시도 prefixes) whose name equals ``rest`` ('관악구', '수원시 장안구', '장안구')."""
    index = _name_index()
    found = dict.fromkeys(index.get(rest, ()) + index.get(rest.replace(" ", ""), ()))
    return [c for c in found if c[:2] in prefixes]


def lookup(text: str) -> list[str]:
    """Codes a person or an agency may mean by ``text`` (see ``_lookup``)."""
    return list(_lookup(text))


@cache
def _lookup(text: str) -> tuple[str, ...]:
    """Codes a person or an agency may mean by ``text``: a code (old ones aliased) or a name.

    '11620', '서울 관악구', '서울특별시 관악구', '관악구', '부산', '광주 북구', '수원시 장안구'.
    Several results mean the text is ambiguous (e.g. '중구'); none means unknown.
    """
    s = _clean(text)
    if re.fullmatch(r"\d{5}", s):
        return tuple(current(s))
    dong = re.fullmatch(r"(.+?)\s+(\S+(?:동|읍|면|리|가))", s)
    if dong:
        place = lookup(dong[1])
        if len(place) > 1:
            by_dong = by_dong_name(place, dong[2])
            if by_dong:
                return (by_dong,)
        if place:
            return tuple(place)
    retired = _retired_name(s)
    if retired:
        return tuple(current(retired))
    if re.fullmatch(r"\d{2}", s) and s in SIDO:
        return (s + "000",)
    words = _sido_words()
    for w in sorted(words, key=len, reverse=True):
        if s == w:
            return tuple(words[w])
        if s.startswith(w) and (s[len(w)] == " " or len(w) >= 3):
            rest = s[len(w) :].strip()
            prefixes = {c[:2] for g in words[w] for c in _groups(g)}
            hits = _within(prefixes, rest)
            if hits:
                return tuple(hits)
    return tuple(_within(set(SIDO), s))


def _retired_name(text: str) -> str | None:
    """The retired code a name still in use means ('인천 서구' -> 28260), or None."""
    words = _sido_words()
    for w in sorted(words, key=len, reverse=True):
        if text.startswith(w) and len(text) > len(w):
            rest = text[len(w) :].strip()
            for p in {c[:2] for g in words[w] for c in _groups(g)}:
                found = _RETIRED_UNITS.get(p, {}).get(rest)
                if found:
                    return found
    return None


def split_of(codes: list[str]) -> str | None:
    """The retired code whose successors ``codes`` are (to say '인천 서구 was split'), or None."""
    for old, new in ALIASES.items():
        if len(new) > 1 and set(new) == set(codes):
            return old
    return None


def by_dong_name(codes: list[str], dong: str) -> str | None:
    """Which of a split's successors holds the 동 ``dong`` (None when this reflee cannot tell)."""
    old = split_of(codes)
    for successor, names in SPLIT_DONG.get(old or "", {}).items():
        if dong in names.split():
            return successor
    return None


_RETIRED_UNITS = {"28": {"중구": "28110", "동구": "28140", "서구": "28260"}}
"""Names of retired 시군구 that agencies still write (인천 before 2026)."""
_GOV_SUFFIX = re.compile(r"^(?:시청|도청|청|광역시청|특별시청)(?:\s|$)")


@cache
def from_org_name(org: str) -> str | None:
    """The region an agency name points at, as a code that may be retired or a group (pass it through
    ``current``): '서울특별시 종로구' -> 11110, '경상북도문화관광공사' -> 47000, '광주시청' -> 29000,
    '강북구도시관리공단' -> 11305 (the 구 name is unique), '인천광역시 동구 …' -> 28140. None when the
    name names no place ('보건복지부')."""
    s = _clean(org).replace("(재)", "").replace("재단법인", "").strip()
    s = re.sub(r"교육청$", "", s)
    words = _sido_words()
    for w in sorted(words, key=len, reverse=True):
        if not s.startswith(w):
            continue
        rest = s[len(w) :].strip()
        group = words[w][0]
        if rest and not _GOV_SUFFIX.match(rest):
            prefixes = {c[:2] for c in _groups(group)}
            unit = _longest_unit(prefixes, rest) or _retired_unit(prefixes, rest)
            if unit:
                return unit
        return group
    return _longest_unit(set(SIDO), s, stems=True)


def _retired_unit(prefixes: set[str], text: str) -> str | None:
    for p in prefixes:
        for name, code in _RETIRED_UNITS.get(p, {}).items():
            if text.replace(" ", "").startswith(name):
                return code
    return None


def _longest_unit(prefixes: set[str], text: str, *, stems: bool = False) -> str | None:
    """The 시군구 whose name ``text`` starts with (spaces ignored), preferring the longest; with ``stems``
    also the name without 시/군/구 ('성남도시개발공사' -> 성남시). None when no place or several fit."""
    flat = text.replace(" ", "")
    if not flat:
        return None
    found: dict[int, set[str]] = {}
    for code, name in NAMES.items():
        if is_sido(code) or code[:2] not in prefixes:
            continue
        variants = {name.replace(" ", ""), name.split(" ")[-1]}
        if stems:
            variants |= {v[:-1] for v in variants if len(v) >= 3}
        for variant in variants:
            if flat.startswith(variant):
                found.setdefault(len(variant), set()).add(code)
    if not found:
        return None
    longest = found[max(found)]
    if len(longest) > 1:  # a city and one of its 구 share the name only when the text names the city
        cities = {c for c in longest if parent(c) and parent(c) in longest}
        longest = longest - cities if cities else longest
    return next(iter(longest)) if len(longest) == 1 else None
