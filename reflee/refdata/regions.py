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

_SIGUNGU = """
11110 종로구|11140 중구|11170 용산구|11200 성동구|11215 광진구|11230 동대문구|11260 중랑구|11290 성북구
11305 강북구|11320 도봉구|11350 노원구|11380 은평구|11410 서대문구|11440 마포구|11470 양천구|11500 강서구
11530 구로구|11545 금천구|11560 영등포구|11590 동작구|11620 관악구|11650 서초구|11680 강남구|11710 송파구
11740 강동구
12110 목포시|12130 여수시|12150 순천시|12170 나주시|12190 광양시|12210 동구|12240 서구|12270 남구|12300 북구
12330 광산구|12710 담양군|12720 곡성군|12730 구례군|12740 고흥군|12750 보성군|12760 화순군|12770 장흥군
12780 강진군|12790 해남군|12800 영암군|12810 무안군|12820 함평군|12830 영광군|12840 장성군|12850 완도군
12860 진도군|12870 신안군
26110 중구|26140 서구|26170 동구|26200 영도구|26230 부산진구|26260 동래구|26290 남구|26320 북구|26350 해운대구
26380 사하구|26410 금정구|26440 강서구|26470 연제구|26500 수영구|26530 사상구|26710 기장군
27110 중구|27140 동구|27170 서구|27200 남구|27230 북구|27260 수성구|27290 달서구|27710 달성군|27720 군위군
28125 제물포구|28155 영종구|28177 미추홀구|28185 연수구|28200 남동구|28237 부평구|28245 계양구|28275 검단구
28290 서해구|28710 강화군|28720 옹진군
30110 동구|30140 중구|30170 서구|30200 유성구|30230 대덕구
31110 중구|31140 남구|31170 동구|31200 북구|31710 울주군
36110 세종특별자치시
41110 수원시|41111 수원시 장안구|41113 수원시 권선구|41115 수원시 팔달구|41117 수원시 영통구
41130 성남시|41131 성남시 수정구|41133 성남시 중원구|41135 성남시 분당구|41150 의정부시
41170 안양시|41171 안양시 만안구|41173 안양시 동안구
41190 부천시|41192 부천시 원미구|41194 부천시 소사구|41196 부천시 오정구|41210 광명시|41220 평택시
41250 동두천시|41270 안산시|41271 안산시 상록구|41273 안산시 단원구
41280 고양시|41281 고양시 덕양구|41285 고양시 일산동구|41287 고양시 일산서구|41290 과천시|41310 구리시
41360 남양주시|41370 오산시|41390 시흥시|41410 군포시|41430 의왕시|41450 하남시
41460 용인시|41461 용인시 처인구|41463 용인시 기흥구|41465 용인시 수지구|41480 파주시|41500 이천시
41550 안성시|41570 김포시|41590 화성시|41591 화성시 만세구|41593 화성시 효행구|41595 화성시 병점구
41597 화성시 동탄구|41610 광주시|41630 양주시|41650 포천시|41670 여주시|41800 연천군|41820 가평군|41830 양평군
43110 청주시|43111 청주시 상당구|43112 청주시 서원구|43113 청주시 흥덕구|43114 청주시 청원구|43130 충주시
43150 제천시|43720 보은군|43730 옥천군|43740 영동군|43745 증평군|43750 진천군|43760 괴산군|43770 음성군
43800 단양군
44130 천안시|44131 천안시 동남구|44133 천안시 서북구|44150 공주시|44180 보령시|44200 아산시|44210 서산시
44230 논산시|44250 계룡시|44270 당진시|44710 금산군|44760 부여군|44770 서천군|44790 청양군|44800 홍성군
44810 예산군|44825 태안군
47110 포항시|47111 포항시 남구|47113 포항시 북구|47130 경주시|47150 김천시|47170 안동시|47190 구미시
47210 영주시|47230 영천시|47250 상주시|47280 문경시|47290 경산시|47730 의성군|47750 청송군|47760 영양군
47770 영덕군|47820 청도군|47830 고령군|47840 성주군|47850 칠곡군|47900 예천군|47920 봉화군|47930 울진군
47940 울릉군
48120 창원시|48121 창원시 의창구|48123 창원시 성산구|48125 창원시 마산합포구|48127 창원시 마산회원구
48129 창원시 진해구|48170 진주시|48220 통영시|48240 사천시|48250 김해시|48270 밀양시|48310 거제시
48330 양산시|48720 의령군|48730 함안군|48740 창녕군|48820 고성군|48840 남해군|48850 하동군|48860 산청군
48870 함양군|48880 거창군|48890 합천군
50110 제주시|50130 서귀포시
51110 춘천시|51130 원주시|51150 강릉시|51170 동해시|51190 태백시|51210 속초시|51230 삼척시|51720 홍천군
51730 횡성군|51750 영월군|51760 평창군|51770 정선군|51780 철원군|51790 화천군|51800 양구군|51810 인제군
51820 고성군|51830 양양군
52110 전주시|52111 전주시 완산구|52113 전주시 덕진구|52130 군산시|52140 익산시|52180 정읍시|52190 남원시
52210 김제시|52710 완주군|52720 진안군|52730 무주군|52740 장수군|52750 임실군|52770 순창군|52790 고창군
52800 부안군
"""

_GWANGJU = {"29110": "12210", "29140": "12240", "29155": "12270", "29170": "12300", "29200": "12330"}
_JEONNAM = {
    "46110": "12110", "46130": "12130", "46150": "12150", "46170": "12170", "46230": "12190",
    "46710": "12710", "46720": "12720", "46730": "12730", "46770": "12740", "46780": "12750",
    "46790": "12760", "46800": "12770", "46810": "12780", "46820": "12790", "46830": "12800",
    "46840": "12810", "46860": "12820", "46870": "12830", "46880": "12840", "46890": "12850",
    "46900": "12860", "46910": "12870",
}  # fmt: skip
_OLD_NAMES = {
    # retired codes whose old name differs from the successor's (for messages)
    "28110": "인천광역시 중구",
    "28140": "인천광역시 동구",
    "28260": "인천광역시 서구",
    "29000": "광주광역시",
    "46000": "전라남도",
    "42000": "강원도",
    "45000": "전라북도",
    "47720": "경상북도 군위군",
}


def _build() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    names: dict[str, str] = {f"{p}000": full for p, (full, _) in SIDO.items()}
    for line in _SIGUNGU.strip().splitlines():
        for item in line.split("|"):
            code, name = item.split(" ", 1)
            names[code] = name
    aliases: dict[str, tuple[str, ...]] = {
        "28110": ("28125", "28155"),
        "28140": ("28125",),
        "28260": ("28290", "28275"),
        "47720": ("27720",),
        "29000": tuple(_GWANGJU.values()),
        "46000": tuple(_JEONNAM.values()),
        "42000": ("51000",),
        "45000": ("52000",),
    }
    aliases.update({old: (new,) for old, new in {**_GWANGJU, **_JEONNAM}.items()})
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


def full_name(code: str) -> str:
    """'서울특별시 관악구', '경기도 수원시 장안구', '서울특별시'; retired codes by their old name."""
    if code in NAMES:
        if is_sido(code):
            return NAMES[code]
        return f"{SIDO[code[:2]][0]} {NAMES[code]}"
    if code in _OLD_NAMES:
        return _OLD_NAMES[code]
    if code in ALIASES:
        return "(옛 코드) " + " / ".join(full_name(c) for c in ALIASES[code])
    return code


def short_name(code: str) -> str:
    """'관악구', '수원시 장안구', '서울' — for compact lists."""
    if is_sido(code) and code[:2] in SIDO:
        return SIDO[code[:2]][1][0]
    return NAMES.get(code) or full_name(code)


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


def _within(prefixes: set[str], rest: str) -> list[str]:
    """시군구 codes (in the given 시도 prefixes) whose name equals ``rest`` ('관악구', '수원시 장안구', '장안구')."""
    rest_nospace = rest.replace(" ", "")
    hits = []
    for code, name in NAMES.items():
        if is_sido(code) or code[:2] not in prefixes:
            continue
        if name == rest or name.replace(" ", "") == rest_nospace or name.split(" ")[-1] == rest:
            hits.append(code)
    return hits


def lookup(text: str) -> list[str]:
    """Codes a person or an agency may mean by ``text``: a code (old ones aliased) or a name.

    '11620', '서울 관악구', '서울특별시 관악구', '관악구', '부산', '광주 북구', '수원시 장안구'.
    Several results mean the text is ambiguous (e.g. '중구'); none means unknown.
    """
    s = _clean(text)
    if re.fullmatch(r"\d{5}", s):
        return list(current(s))
    if re.fullmatch(r"\d{2}", s) and s in SIDO:
        return [s + "000"]
    words = _sido_words()
    for w in sorted(words, key=len, reverse=True):
        if s == w:
            return list(words[w])
        if s.startswith(w) and (s[len(w)] == " " or len(w) >= 3):
            rest = s[len(w) :].strip()
            prefixes = {c[:2] for g in words[w] for c in _groups(g)}
            hits = _within(prefixes, rest)
            if hits:
                return hits
    return _within(set(SIDO), s)


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
