"""온통청년 (youthcenter.go.kr getPlcy) records -> ``Policy``.

Every value is a string; blanks are '', ' ' or 7–8 spaces; ``zipCd`` may be missing. Coded fields with an
unknown code, malformed numbers or dates make the record unreadable (RecordError naming the field).
"""

from __future__ import annotations

import re
from typing import Any

from reflee.i18n import _
from reflee.policy import codes, parse_text
from reflee.policy.area import area, narrowest
from reflee.policy.models import Condition, Policy
from reflee.policy.normalize import RecordError, clean, id_and_title, iso_timestamp, split_list, url
from reflee.policy.periods import inverted, youth_windows
from reflee.refdata import orgs, regions

SOURCE = "youth"
NO_UPPER_AGE = 99
"""A maximum age of 99, 100 or 999 means no upper bound."""


def record_id(record: dict[str, Any]) -> str:
    return clean(record.get("plcyNo"))


def _int(record: dict[str, Any], key: str) -> int | None:
    s = clean(record.get(key))
    if not s:
        return None
    if not re.fullmatch(r"[0-9]+", s):
        raise RecordError(_("{key}: {s!r} is not a whole number").format(key=key, s=s))
    if len(s) > 18 and int(s) > 2**63 - 1:  # what SQLite can store
        raise RecordError(_("{key}: {s} is too large").format(key=key, s=s))
    return int(s)


def _code(record: dict[str, Any], key: str, table: dict[str, Any]) -> str | None:
    s = clean(record.get(key))
    if not s:
        return None
    if s not in table:
        raise RecordError(_("{key}: unknown code {s!r}").format(key=key, s=s))
    return s


def parse(record: dict[str, Any]) -> tuple[Policy, list[str]]:
    """The policy and warnings about it. Raises RecordError when the record cannot be read."""
    source_id, title = id_and_title(record, record_id, "plcyNo", "plcyNm", "policy")
    warnings: list[str] = []
    cats = [codes.category(c) for c in split_list(record.get("lclsfNm"))]
    cats = list(dict.fromkeys(cats))
    method = clean(record.get("plcyPvsnMthdCd"))
    p = Policy(
        source=SOURCE,
        source_id=source_id,
        title=title,
        summary=clean(record.get("plcyExplnCn")),
        benefit=clean(record.get("plcySprtCn")),
        target=clean(record.get("addAplyQlfcCndCn")),
        exclusions=clean(record.get("ptcpPrpTrgtCn")),
        keywords=split_list(record.get("plcyKywdNm")),
        category=cats[0] if cats else None,
        subcategories=list(dict.fromkeys(codes.canonical_label(c) for c in split_list(record.get("mclsfNm")))),
        benefit_types=[codes.YOUTH_METHOD.get(method, method)] if method else [],
        user_types=["개인"],
        org_name=clean(record.get("sprvsnInstCdNm")) or clean(record.get("rgtrInstCdNm")) or None,
        org_code=clean(record.get("sprvsnInstCd")) or None,
        org_level=codes.YOUTH_PROVIDER.get(clean(record.get("pvsnInstGroupCd"))),
        apply_method=clean(record.get("plcyAplyMthdCn")),
        apply_url=url(record.get("aplyUrlAddr")),
        detail_url=url(record.get("refUrlAddr1")) or url(record.get("refUrlAddr2")),
        contact=_contact(record),
        popularity=_int(record, "inqCnt") if clean(record.get("inqCnt")).isdigit() else None,
        registered_at=iso_timestamp(record.get("frstRegDt"), "frstRegDt"),
        source_updated_at=iso_timestamp(record.get("lastMdfcnDt"), "lastMdfcnDt"),
    )
    if len(cats) > 1:
        p.subcategories = cats[1:] + p.subcategories
    _apply(record, p, warnings)
    _region(record, p, warnings)
    _age(record, p)
    _income(record, p)
    _marital(record, p)
    for key, (dimension, table) in codes.YOUTH_LISTS.items():
        _listed(record, p, key, dimension, table)
    parse_text.youth(record, p, clean)
    return p, warnings


def _contact(record: dict[str, Any]) -> str:
    parts = []
    for label, key in (("주관", "sprvsnInstCdNm"), ("운영", "operInstCdNm")):
        name = clean(record.get(key))
        if name:
            pic = clean(record.get(key.replace("CdNm", "PicNm")))
            parts.append(f"{label}: {name}" + (f" ({pic})" if pic else ""))
    extra = clean(record.get("etcMttrCn"))
    if extra:
        parts.append(extra)
    return "\n".join(parts)


def _apply(record: dict[str, Any], p: Policy, warnings: list[str]) -> None:
    code = _code(record, "aplyPrdSeCd", codes.YOUTH_APPLY)
    try:
        windows = youth_windows(clean(record.get("aplyYmd")))
    except ValueError as exc:
        raise RecordError(str(exc)) from None
    kind = codes.YOUTH_APPLY[code] if code else "unknown"
    if inverted(windows):
        warnings.append(f"aplyYmd: {clean(record.get('aplyYmd'))!r} ends before it starts; period taken as unknown")
        windows = []
    if kind == "period" and not windows:
        kind = "unknown"
    p.apply_kind = kind
    p.apply_windows = windows if kind == "period" else []
    p.apply_text = {"always": "상시", "closed": "마감"}.get(kind, clean(record.get("aplyYmd")).replace("\\N", ", "))


def _region(record: dict[str, Any], p: Policy, warnings: list[str]) -> None:
    if "zipCd" in record and clean(record.get("zipCd")):
        raw = split_list(record.get("zipCd"))
        for code in raw:
            if not re.fullmatch(r"\d{5}", code):
                raise RecordError(_("zipCd: {code!r} is not a 5-digit region code").format(code=code))
        found = area(raw)
        if found.unknown:
            warnings.append(f"zipCd: region code(s) {', '.join(found.unknown)} unknown to this reflee; kept as given")
        if found.scope == "national" and p.org_level == "local":
            local = _agency_region(record)
            if local:  # a 지자체's own programme carrying every code: it is for that 지자체
                _org_area(p, local)
                return
        p.region_scope, p.region_size = found.scope, found.size
        if found.scope != "national":
            p.conditions.append(Condition("region", "in", "youth.zipCd", values=found.codes))
        return
    if p.org_level == "central":
        p.region_scope = "national"
        return
    best = _agency_region(record)
    if best:
        _org_area(p, best)
    else:
        p.conditions.append(
            Condition("region", "text", "youth.zipCd", text="지역 코드(zipCd)가 없습니다", confidence="text")
        )


def _agency_region(record: dict[str, Any]) -> str | None:
    """The narrowest place the record's agencies point at (a 구청 over its 시, '광주시청' over the merged
    전남광주통합특별시); None when the supervising agency is a central one or names no place."""
    code = clean(record.get("sprvsnInstCd"))
    if code[:1] == "1":
        return None  # a ministry's programme registered by a local office
    names = [clean(record.get(k)) for k in ("operInstCdNm", "sprvsnInstCdNm", "rgtrInstCdNm")]
    guesses = [g for n in names if n and (g := regions.from_org_name(n))]
    by_code = orgs.region_of(code) if code else None
    if by_code:
        guesses.append(by_code)
    return narrowest(guesses)


def _org_area(p: Policy, code: str) -> None:
    found = area([code])
    p.region_scope, p.region_size = found.scope, found.size
    p.conditions.append(Condition("region", "in", "youth.org", values=found.codes, confidence="org"))


def _age(record: dict[str, Any], p: Policy) -> None:
    lo, hi = _int(record, "sprtTrgtMinAge"), _int(record, "sprtTrgtMaxAge")
    lo = lo or None
    hi = hi if hi and hi < NO_UPPER_AGE else None
    if lo is not None and hi is not None and lo > hi:
        raise RecordError(_("sprtTrgtMinAge {lo} is above sprtTrgtMaxAge {hi}").format(lo=lo, hi=hi))
    if lo is not None or hi is not None:
        p.conditions.append(Condition("age", "range", "youth.sprtTrgtAge", min=lo, max=hi, unit="year"))


def _income(record: dict[str, Any], p: Policy) -> None:
    kind = codes.YOUTH_INCOME[c] if (c := _code(record, "earnCndSeCd", codes.YOUTH_INCOME)) else "none"
    text = clean(record.get("earnEtcCn")) or None
    if kind == "annual":
        _int(record, "earnMinAmt")
        cap = _int(record, "earnMaxAmt")
        if cap:
            p.conditions.append(Condition("income", "range", "youth.earn", max=cap, unit="krw10k_per_year", text=text))
            return
        kind = "text" if text else "none"
    if kind == "text":
        p.conditions.append(
            Condition("income", "text", "youth.earn", text=text or "소득 조건 있음 (내용 없음)", confidence="text")
        )


def _marital(record: dict[str, Any], p: Policy) -> None:
    code = _code(record, "mrgSttsCd", codes.YOUTH_MARITAL)
    status = codes.YOUTH_MARITAL[code] if code else None
    if status:
        p.conditions.append(Condition("marital", "in", "youth.mrgSttsCd", values=(status,)))


def _listed(record: dict[str, Any], p: Policy, key: str, dimension: str, table: dict[str, str]) -> None:
    listed = split_list(record.get(key))
    for code in listed:
        if code != codes.NO_LIMIT[key] and code not in table:
            raise RecordError(_("{key}: unknown code {code!r}").format(key=key, code=code))
    if not listed or codes.NO_LIMIT[key] in listed or set(listed) >= set(table):
        return
    values = tuple(table[c] for c in table if c in listed)
    p.conditions.append(Condition(dimension, "in", f"youth.{key}", values=values))
