"""reflee's own normalized policy JSON (docs/policies.md) -> ``Policy``, checked field by field."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from reflee.i18n import _
from reflee.policy.area import area
from reflee.policy.models import CONFIDENCE, DIMENSIONS, Condition, Policy, Window
from reflee.policy.normalize import RecordError, clean, iso_timestamp, url
from reflee.refdata import vocab

_SOURCE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,31}$")
UNITS = {"year", "krw10k_per_year", "median_percent"}
BRACKETS = {"0-50", "51-75", "76-100", "101-200", "201-"}
APPLY_KINDS = {"always", "period", "closed", "unknown"}
_VOCABS: dict[str, Any] = {
    "employment": vocab.EMPLOYMENT,
    "education": vocab.EDUCATION,
    "major": vocab.MAJOR,
    "marital": vocab.MARITAL,
    "gender": vocab.GENDER,
    "special": vocab.TARGETS,
    "personal": vocab.TARGETS,
    "household": vocab.TARGETS,
}


def record_id(doc: Any) -> str:
    return clean(doc.get("source_id")) if isinstance(doc, dict) else ""


def _text(doc: dict[str, Any], key: str) -> str:
    value = doc.get(key)
    if value is not None and not isinstance(value, str):
        raise RecordError(_("{key}: must be text").format(key=key))
    return clean(value)


def _strings(doc: dict[str, Any], key: str) -> list[str]:
    value = doc.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RecordError(_("{key}: must be a list of text").format(key=key))
    return [clean(v) for v in value if clean(v)]


def _day(value: Any, where: str) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise RecordError(_("{where}: {value!r} is not a YYYY-MM-DD date").format(where=where, value=value)) from None


def parse(doc: Any) -> tuple[Policy, list[str]]:
    if not isinstance(doc, dict):
        raise RecordError(_("not a JSON object"))
    source = clean(doc.get("source"))
    if not _SOURCE.match(source):
        raise RecordError(
            _("source: {source!r} must be a short lower-case name such as 'manual' or 'youth'").format(source=source)
        )
    source_id = record_id(doc)
    if not source_id:
        raise RecordError(_("source_id: missing"))
    title = _text(doc, "title")
    if not title:
        raise RecordError(_("title: missing"))
    org = doc.get("org") or {}
    apply = doc.get("apply") or {}
    if not isinstance(org, dict) or not isinstance(apply, dict):
        raise RecordError(_("org and apply must be JSON objects"))
    kind = clean(apply.get("kind")) or "unknown"
    if kind not in APPLY_KINDS:
        raise RecordError(
            _("apply.kind: {kind!r} is not one of {join}").format(kind=kind, join=", ".join(sorted(APPLY_KINDS)))
        )
    windows = []
    raw_windows = apply.get("windows") or []
    if not isinstance(raw_windows, list):
        raise RecordError(_("apply.windows: must be a list of objects with start and end"))
    for i, w in enumerate(raw_windows):
        if not isinstance(w, dict):
            raise RecordError(_("apply.windows[{i}]: must be an object with start and end").format(i=i))
        start, end = _day(w.get("start"), f"apply.windows[{i}].start"), _day(w.get("end"), f"apply.windows[{i}].end")
        if start and end and start > end:
            raise RecordError(
                _("apply.windows[{i}]: ends ({end}) before it starts ({start})").format(i=i, end=end, start=start)
            )
        windows.append(Window(start, end))
    popularity = doc.get("popularity")
    if popularity is not None and (isinstance(popularity, bool) or not isinstance(popularity, int)):
        raise RecordError(_("popularity: must be a whole number"))
    p = Policy(
        source=source,
        source_id=source_id,
        title=title,
        summary=_text(doc, "summary"),
        benefit=_text(doc, "benefit"),
        target=_text(doc, "target"),
        exclusions=_text(doc, "exclusions"),
        keywords=_strings(doc, "keywords"),
        category=_text(doc, "category") or None,
        subcategories=_strings(doc, "subcategories"),
        benefit_types=_strings(doc, "benefit_types"),
        user_types=_strings(doc, "user_types"),
        org_name=clean(org.get("name")) or None,
        org_code=clean(org.get("code")) or None,
        org_level=clean(org.get("level")) or None,
        apply_kind=kind,
        apply_windows=windows,
        apply_text=clean(apply.get("text")),
        apply_method=clean(apply.get("method")),
        apply_url=url(apply.get("url")),
        detail_url=url(doc.get("detail_url")),
        contact=_text(doc, "contact"),
        popularity=popularity,
        registered_at=iso_timestamp(doc.get("registered_at"), "registered_at"),
        source_updated_at=iso_timestamp(doc.get("source_updated_at"), "source_updated_at"),
    )
    warnings: list[str] = []
    p.region_scope = "national"
    conditions = doc.get("conditions") or []
    if not isinstance(conditions, list):
        raise RecordError(_("conditions: must be a list"))
    seen: set[tuple[str, str]] = set()
    for i, item in enumerate(conditions):
        cond = _condition(item, f"conditions[{i}]", warnings, p)
        if (cond.dimension, cond.origin) in seen:
            cond.origin = f"{cond.origin}#{i}"
        seen.add((cond.dimension, cond.origin))
        p.conditions.append(cond)
    return p, warnings


def _int(item: dict[str, Any], key: str, where: str) -> int | None:
    value = item.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RecordError(_("{where}.{key}: must be a whole number, 0 or more").format(where=where, key=key))
    return value


def _condition(item: Any, where: str, warnings: list[str], p: Policy) -> Condition:
    if not isinstance(item, dict):
        raise RecordError(_("{where}: must be an object").format(where=where))
    dimension, op = clean(item.get("dimension")), clean(item.get("op"))
    if dimension not in DIMENSIONS:
        raise RecordError(
            _("{where}.dimension: {dimension!r} is not one of {join}").format(
                where=where, dimension=dimension, join=", ".join(DIMENSIONS)
            )
        )
    origin = clean(item.get("origin")) or "reflee"
    confidence = clean(item.get("confidence")) or ("text" if op == "text" else "coded")
    if confidence not in CONFIDENCE:
        raise RecordError(
            _("{where}.confidence: {confidence!r} is not one of {join}").format(
                where=where, confidence=confidence, join=", ".join(CONFIDENCE)
            )
        )
    unit = clean(item.get("unit")) or None
    if op == "range":
        lo, hi = _int(item, "min", where), _int(item, "max", where)
        if lo is None and hi is None:
            raise RecordError(_("{where}: a range needs min, max or both").format(where=where))
        if lo is not None and hi is not None and lo > hi:
            raise RecordError(_("{where}: min {lo} is above max {hi}").format(where=where, lo=lo, hi=hi))
        if unit not in UNITS or (dimension == "age") != (unit == "year"):
            raise RecordError(
                _(
                    "{where}.unit: {unit!r} does not fit {dimension} (age: year; income: krw10k_per_year or "
                    "median_percent)"
                ).format(where=where, unit=unit, dimension=dimension)
            )
        return Condition(
            dimension,
            op,
            origin,
            min=lo,
            max=hi,
            unit=unit,
            text=clean(item.get("text")) or None,
            confidence=confidence,
        )
    if op == "text":
        text = clean(item.get("text"))
        if not text:
            raise RecordError(_("{where}.text: missing").format(where=where))
        if dimension == "region":
            p.region_scope = "unknown"
        return Condition(dimension, op, origin, text=text, confidence="text")
    if op != "in":
        raise RecordError(_("{where}.op: {op!r} is not one of range, in, text").format(where=where, op=op))
    values = item.get("values")
    if not isinstance(values, list) or not values or not all(isinstance(v, str) and v.strip() for v in values):
        raise RecordError(_("{where}.values: must be a non-empty list of text").format(where=where))
    values = [clean(v) for v in values]
    if dimension == "region":
        for v in values:
            if not re.fullmatch(r"\d{5}", v):
                raise RecordError(_("{where}.values: {v!r} is not a 5-digit region code").format(where=where, v=v))
        found = area(values)
        if found.unknown:
            warnings.append(f"{where}: region code(s) {', '.join(found.unknown)} unknown to this reflee; kept as given")
        p.region_scope, p.region_size = found.scope, found.size
        values = list(found.codes)
    elif dimension == "income":
        if unit != "median_bracket" or not set(values) <= BRACKETS:
            raise RecordError(
                _("{where}: income 'in' takes median_bracket values {join}").format(
                    where=where, join=", ".join(sorted(BRACKETS))
                )
            )
    elif dimension in _VOCABS:
        bad = [v for v in values if v not in _VOCABS[dimension]]
        if bad:
            raise RecordError(
                _("{where}.values: {bad!r} is not a known {dimension} value").format(
                    where=where, bad=bad[0], dimension=dimension
                )
            )
    return Condition(
        dimension,
        op,
        origin,
        values=tuple(values),
        unit=unit,
        text=clean(item.get("text")) or None,
        confidence=confidence,
    )
