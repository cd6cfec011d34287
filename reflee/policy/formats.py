"""Recognising a policy file: which source it is, and its records.

Accepted: the 온통청년 getPlcy response (live envelope ``{resultCode, resultMessage, result: {pagging,
youthPolicyList}}`` or a snapshot ``{totalCount, …, result: {youthPolicyList}}``), the 공공서비스 serviceList
and supportConditions responses (``{…, data: [...]}``; live or snapshot), and reflee's own format
(``{"format": "reflee.policies", "version": 1, "policies": [...]}``, see docs/policies.md).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from reflee.errors import DataError
from reflee.i18n import _

REFLEE_FORMAT = "reflee.policies"
REFLEE_VERSION = 1
KINDS = ("youth", "gov24_list", "gov24_conditions", "reflee")
_HELP = (
    "expected a 온통청년 getPlcy response, a 공공서비스 serviceList or supportConditions response, "
    "or reflee's policies JSON (see docs/policies.md)"
)


@dataclass
class PolicyFile:
    name: str
    kind: str
    records: list[Any]


def load(name: str, data: bytes) -> PolicyFile:
    """Parse and recognise one file. Raises DataError naming the file (and line) when it is not usable."""
    text = _decode(name, data)
    if not text.strip():
        raise DataError(_("{name}: the file is empty; {help}").format(name=name, help=_HELP))
    try:
        doc = json.loads(text)
    except RecursionError:
        raise DataError(
            _("{name}: nested too deeply to be a policy file; nothing was imported").format(name=name)
        ) from None
    except json.JSONDecodeError as exc:
        if exc.msg.startswith("Unterminated string") or exc.pos >= len(text.rstrip()) - 1:
            raise DataError(
                _(
                    "{name}: the JSON ends early at line {lineno} (the file looks truncated); nothing was imported"
                ).format(name=name, lineno=exc.lineno)
            ) from None
        raise DataError(
            _("{name}: not valid JSON at line {lineno} column {colno}: {msg}").format(
                name=name, lineno=exc.lineno, colno=exc.colno, msg=exc.msg
            )
        ) from None
    return PolicyFile(name, *_recognise(name, doc))


def _decode(name: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(
            _("{name}: not UTF-8 text (byte 0x{data:02x} at offset {start})").format(
                name=name, data=data[exc.start], start=exc.start
            )
        ) from None


def _recognise(name: str, doc: Any) -> tuple[str, list[Any]]:
    if isinstance(doc, dict):
        if doc.get("format") == REFLEE_FORMAT:
            version = doc.get("version")
            if version != REFLEE_VERSION:
                raise DataError(
                    _("{name}: reflee policies format version {version!r}; this reflee reads version 1").format(
                        name=name, version=version
                    )
                )
            policies = doc.get("policies")
            if not isinstance(policies, list):
                raise DataError(_("{name}: 'policies' must be a list").format(name=name))
            return "reflee", policies
        if "resultCode" in doc and doc.get("result") is None:
            raise DataError(
                f"{name}: the 온통청년 API answered with an error instead of policies: "
                f"{doc.get('resultCode')} {doc.get('resultMessage') or ''}".rstrip()
            )
        result = doc.get("result")
        if isinstance(result, dict) and "youthPolicyList" in result:
            records = result["youthPolicyList"]
            if not isinstance(records, list):
                raise DataError(_("{name}: result.youthPolicyList must be a list").format(name=name))
            return "youth", records
        if "data" in doc:
            if not isinstance(doc["data"], list):
                raise DataError(_("{name}: 'data' must be a list").format(name=name))
            return _gov24_kind(name, doc["data"]), doc["data"]
        raise DataError(_("{name}: not a policy file reflee knows; {help}").format(name=name, help=_HELP))
    if isinstance(doc, list):
        first = next((r for r in doc if isinstance(r, dict)), None)
        if first is not None and "plcyNo" in first:
            return "youth", doc
        if first is not None and ("서비스ID" in first or "SVC_ID" in first):
            return _gov24_kind(name, doc), doc
    raise DataError(_("{name}: not a policy file reflee knows; {help}").format(name=name, help=_HELP))


def _gov24_kind(name: str, rows: list[Any]) -> str:
    first = next((r for r in rows if isinstance(r, dict)), None)
    if first is None:
        if rows:
            raise DataError(_("{name}: 'data' holds no JSON objects; {help}").format(name=name, help=_HELP))
        return "gov24_list"  # an empty page: nothing to import
    if not ("서비스ID" in first or "SVC_ID" in first):
        raise DataError(_("{name}: rows have no 서비스ID; {help}").format(name=name, help=_HELP))
    if any(k.startswith("JA0") for k in first):
        return "gov24_conditions"
    if "구비서류" in first and "사용자구분" not in first:
        raise DataError(
            _(
                "{name}: this is a 공공서비스 serviceDetail response; reflee imports serviceList + supportConditions"
            ).format(name=name)
        )
    if "서비스명" in first and ("소관기관명" in first or "지원대상" in first):
        return "gov24_list"
    raise DataError(
        _("{name}: rows with 서비스ID but neither service fields nor JA condition flags; {help}").format(
            name=name, help=_HELP
        )
    )
