"""공공서비스(혜택) rows -> ``Policy``: a serviceList row joined with its supportConditions row by 서비스ID.

Flags are "Y" or null; each group is all Y (open), some Y (restricted to those), or all null (not said).
The service has no region field: the area comes from the agency (소관기관유형 / 명 / 코드).
"""

from __future__ import annotations

from typing import Any

from reflee.i18n import _
from reflee.policy import codes, parse_text
from reflee.policy.area import area, narrowest
from reflee.policy.models import Condition, Policy
from reflee.policy.normalize import RecordError, clean, id_and_title, iso_timestamp, split_list, url
from reflee.policy.periods import gov24_period, inverted
from reflee.refdata import orgs, regions

SOURCE = "gov24"
ORG_LEVELS = {
    "중앙행정기관": "central",
    "공공기관": "public",
    "광역시도": "sido",
    "시군구": "sigungu",
    "교육청": "edu",
    "지방공기업": "local_public",
    "지방출자_출연기관": "local_foundation",
}
NO_UPPER_AGE = 100


def record_id(row: dict[str, Any]) -> str:
    return clean(row.get("서비스ID") or row.get("SVC_ID"))


def parse(row: dict[str, Any], conditions: dict[str, Any] | None) -> tuple[Policy, list[str]]:
    """The policy and warnings. ``conditions`` None means no supportConditions row was given."""
    source_id, title = id_and_title(row, record_id, "서비스ID", "서비스명", "service")
    warnings: list[str] = []
    field_label = clean(row.get("서비스분야"))
    kind, windows = _period(row)
    if inverted(windows):
        warnings.append(f"신청기한: {clean(row.get('신청기한'))!r} ends before it starts; period taken as unknown")
        kind, windows = "unknown", []
    selection = clean(row.get("선정기준"))
    p = Policy(
        source=SOURCE,
        source_id=source_id,
        title=title,
        summary=clean(row.get("서비스목적요약")),
        benefit=clean(row.get("지원내용")),
        target=clean(row.get("지원대상")) + (f"\n\n[선정기준]\n{selection}" if selection else ""),
        category=codes.category(field_label) if field_label else None,
        subcategories=[codes.canonical_label(field_label)] if field_label else [],
        benefit_types=split_list(row.get("지원유형"), "||"),
        user_types=split_list(row.get("사용자구분"), "||"),
        org_name=clean(row.get("소관기관명")) or None,
        org_code=clean(row.get("소관기관코드")) or None,
        org_level=ORG_LEVELS.get(clean(row.get("소관기관유형"))),
        apply_kind=kind,
        apply_windows=windows,
        apply_text=clean(row.get("신청기한")),
        apply_method=" / ".join(x for x in (clean(row.get("신청방법")), clean(row.get("접수기관"))) if x),
        detail_url=url(row.get("상세조회URL")),
        contact=" / ".join(x for x in (clean(row.get("부서명")), clean(row.get("전화문의")).replace("||", ", ")) if x),
        popularity=_popularity(row.get("조회수")),
        registered_at=iso_timestamp(row.get("등록일시"), "등록일시"),
        source_updated_at=iso_timestamp(row.get("수정일시"), "수정일시"),
    )
    _region(p)
    if p.user_types and not set(p.user_types) & codes.PERSON_USER_TYPES:
        p.conditions.append(Condition("user_type", "in", "gov24.사용자구분", values=tuple(p.user_types)))
    if conditions is None:
        p.conditions.append(
            Condition(
                "conditions",
                "text",
                "gov24.supportConditions",
                text="지원조건(supportConditions) 자료 없이 가져왔습니다",
                confidence="text",
            )
        )
    else:
        _flags(conditions, p)
    parse_text.gov24(row, p, clean)
    return p, warnings


def _period(row: dict[str, Any]) -> tuple[str, list]:
    try:
        return gov24_period(clean(row.get("신청기한")))
    except ValueError as exc:
        raise RecordError(str(exc)) from None


def _popularity(value: object) -> int | None:
    s = clean(value)
    return int(s) if s.isdigit() else None


def _region(p: Policy) -> None:
    """Central and public bodies serve everyone; a local agency's services are for its area."""
    if p.org_level in ("central", "public"):
        p.region_scope = "national"
        return
    by_name = regions.from_org_name(p.org_name or "")
    by_code = orgs.region_of(p.org_code) if p.org_code else None
    guess = narrowest([g for g in (by_name, by_code) if g])
    if guess is None:
        if p.org_level is None:
            return  # an agency of unknown type that names no place: leave the area open, as the source does
        p.conditions.append(
            Condition("region", "text", "gov24.소관기관", text=f"지역 불명 (소관기관: {p.org_name})", confidence="text")
        )
        return
    found = area([guess])
    p.region_scope, p.region_size = found.scope, found.size
    p.conditions.append(Condition("region", "in", "gov24.소관기관", values=found.codes, confidence="org"))


def _flag(row: dict[str, Any], key: str) -> bool:
    value = row.get(key)
    if value is None or value in ("", "N", "n"):
        return False
    if value in ("Y", "y"):
        return True
    raise RecordError(_("{key}: {value!r} is not 'Y' or empty").format(key=key, value=value))


def _age_value(row: dict[str, Any], key: str) -> int | None:
    value = row.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not (isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit())):
        raise RecordError(_("{key}: {value!r} is not an age").format(key=key, value=value))
    return int(value)


def _group(row: dict[str, Any], keys: list[str]) -> tuple[set[str], bool]:
    """(keys flagged Y, whether every key of the group is Y)."""
    ys = {k for k in keys if _flag(row, k)}
    return ys, len(ys) == len(keys)


def _flags(row: dict[str, Any], p: Policy) -> None:
    if not isinstance(row, dict):
        raise RecordError(_("supportConditions row is not a JSON object"))
    ys, every = _group(row, list(codes.GENDER_FLAGS))
    if ys and not every:
        p.conditions.append(
            Condition("gender", "in", "gov24.JA01", values=tuple(codes.GENDER_FLAGS[k] for k in sorted(ys)))
        )
    _ages(row, p)
    ys, every = _group(row, list(codes.INCOME_FLAGS))
    if ys and not every:
        brackets = tuple(_bracket(k) for k in sorted(ys))
        p.conditions.append(
            Condition("income", "in", "gov24.JA02", values=brackets, unit="median_bracket", confidence="coarse")
        )
    personal = {**codes.PERSONAL_FLAGS, **codes.OLD_PERSONAL_FLAGS}
    _traits(row, p, "personal", "gov24.JA03", personal, codes.PERSONAL_NONE)
    _traits(row, p, "household", "gov24.JA04", codes.HOUSEHOLD_FLAGS, codes.HOUSEHOLD_NONE)
    if "user_type" in {c.dimension for c in p.conditions}:
        ys, every = _group(row, list(codes.BUSINESS_FLAGS))
        if ys and not every:
            labels = tuple(dict.fromkeys(codes.BUSINESS_FLAGS[k] for k in sorted(ys)))
            p.conditions.append(Condition("business", "in", "gov24.JA11-22", values=labels, confidence="text"))


def _bracket(key: str) -> str:
    lo, hi = codes.INCOME_FLAGS[key]
    return f"{lo}-{hi if hi is not None else ''}"


def _ages(row: dict[str, Any], p: Policy) -> None:
    lo, hi = _age_value(row, "JA0110"), _age_value(row, "JA0111")
    if lo is None and hi is None:
        stages = [codes.OLD_LIFE_STAGES[k] for k in codes.OLD_LIFE_STAGES if _flag(row, k)]
        if stages and len(stages) < len(codes.OLD_LIFE_STAGES):
            lo = min(s[0] for s in stages)
            his = [s[1] for s in stages]
            hi = None if None in his else max(h for h in his if h is not None)
    lo = lo or None
    hi = hi if hi is not None and hi < NO_UPPER_AGE else None
    if lo is not None and hi is not None and lo > hi:
        raise RecordError(_("JA0110 {lo} is above JA0111 {hi}").format(lo=lo, hi=hi))
    if lo is not None or hi is not None:
        p.conditions.append(Condition("age", "range", "gov24.JA0110", min=lo, max=hi, unit="year"))


def _traits(row: dict[str, Any], p: Policy, dimension: str, origin: str, table: dict[str, str], none_key: str) -> None:
    keys = [k for k in table if k in row] or list(table)
    ys, every = _group(row, [*keys, none_key])
    if not ys or every or none_key in ys:
        return  # not said, open to all, or open to people with none of these traits too
    values = tuple(dict.fromkeys(table[k] for k in keys if k in ys))
    p.conditions.append(Condition(dimension, "in", origin, values=values))
