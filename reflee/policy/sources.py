"""The two policy APIs as requests and answers: what to ask for each page, and what an answer means.

No HTTP here (that is reflee.policy.fetch): building a page's request, and reading a page's body into records
or into one of three verdicts — a rejected key (never retried), a transient fault (tried again), or an answer
that is not what the API sends (bad data).

온통청년 getPlcy pages by ``pageNum``/``pageSize`` and answers every error as HTTP 200 with a ``resultCode``
(401: the key is not valid). 공공서비스 (odcloud) pages by ``page``/``perPage``, takes the key as the
``Authorization: Infuser KEY`` header or the ``serviceKey`` query, and answers a bad key with HTTP 401
``{"code": -401, "msg": …}``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from reflee.errors import DataError, UsageError
from reflee.i18n import _

YOUTH = "youth"
GOV24 = "gov24"
SOURCES = (YOUTH, GOV24)
LABELS = {YOUTH: "온통청년", GOV24: "공공서비스(혜택)"}
KEY_PAGES = {
    YOUTH: "https://www.youthcenter.go.kr/cmnFooter/openapiIntro/oaiDoc",
    GOV24: "https://www.data.go.kr/data/15113968/openapi.do",
}
KEY_SETTINGS = {YOUTH: "policy.youth_api_key", GOV24: "policy.gov24_api_key"}
KEY_ENV = {YOUTH: "REFLEE_YOUTH_API_KEY", GOV24: "REFLEE_GOV24_API_KEY"}
YOUTH_OK = 200
YOUTH_KEY_CODES = {401, 403}


class KeyRejectedError(UsageError):
    """The API refused the key (exit 2): never retried."""


class Transient(Exception):
    """A fault worth trying again: 429 / 5xx, a body cut short, an error code that is not about the key."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


@dataclass(frozen=True)
class PageRequest:
    endpoint: str
    """getPlcy | serviceList | supportConditions"""
    url: str
    page: int
    params: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return _("{endpoint} page {page}").format(endpoint=self.endpoint, page=self.page)


@dataclass
class Page:
    endpoint: str
    page: int
    total: int
    records: list[dict[str, Any]]


def missing_key(sources: list[str]) -> UsageError:
    """The refusal when no key is set: where to put one and where to get one, for each source asked for."""
    where = ", ".join(
        _("{setting} (or ${env}) for {api}").format(setting=KEY_SETTINGS[s], env=KEY_ENV[s], api=LABELS[s])
        for s in sources
    )
    return UsageError(
        _("no API key is set: {where}; set one with 'reflee config set KEY VALUE'").format(where=where),
        hint=_("get a free key at {urls}; without one, 'policy fetch --from-file FILE' reads downloaded files").format(
            urls=" · ".join(KEY_PAGES[s] for s in sources)
        ),
    )


def youth_request(url: str, key: str, page: int, size: int) -> PageRequest:
    params = {"apiKeyNm": key, "pageNum": str(page), "pageSize": str(size), "pageType": "1", "rtnType": "json"}
    return PageRequest("getPlcy", url, page, params)


def gov24_request(
    base: str, endpoint: str, key: str, page: int, size: int, cond: dict[str, str] | None = None
) -> PageRequest:
    """A page of serviceList or supportConditions. data.go.kr shows each key twice, URL-encoded and decoded: either
    works here (an encoded one is decoded), sent in the header so nothing encodes it again."""
    params = {"page": str(page), "perPage": str(size), "returnType": "JSON", **(cond or {})}
    headers = {"Authorization": f"Infuser {unquote(key) if '%' in key else key}"}
    return PageRequest(endpoint, f"{base.rstrip('/')}/{endpoint}", page, params, headers)


def _json(req: PageRequest, body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise DataError(_("{page}: the answer is not UTF-8 text").format(page=req.label)) from None
    except json.JSONDecodeError:
        raise Transient(_("{page}: the answer ended early or is not JSON").format(page=req.label)) from None


def read_youth(req: PageRequest, status: int, body: bytes) -> Page:
    """An 온통청년 answer: errors come as HTTP 200 with a resultCode."""
    if status != 200:
        raise DataError(_("{page}: HTTP {status}").format(page=req.label, status=status))
    doc = _json(req, body)
    if not isinstance(doc, dict) or "resultCode" not in doc:
        raise DataError(_("{page}: not a 온통청년 getPlcy answer").format(page=req.label))
    code = _int(doc.get("resultCode"))
    message = str(doc.get("resultMessage") or "")
    if code in YOUTH_KEY_CODES:
        raise KeyRejectedError(
            _("온통청년 refused the API key: {code} {message}").format(code=code, message=message),
            hint=_("check policy.youth_api_key ({url})").format(url=KEY_PAGES[YOUTH]),
        )
    if code != YOUTH_OK:
        raise Transient(f"{req.label}: resultCode {code} {message}".rstrip())
    result = doc.get("result")
    if not isinstance(result, dict) or not isinstance(result.get("youthPolicyList"), list):
        raise DataError(_("{page}: result.youthPolicyList is missing").format(page=req.label))
    paging = result.get("pagging")
    total = _int(paging.get("totCount")) if isinstance(paging, dict) else None
    if total is None:
        raise DataError(_("{page}: result.pagging.totCount is missing").format(page=req.label))
    return Page(req.endpoint, req.page, total, result["youthPolicyList"])


def read_gov24(req: PageRequest, status: int, body: bytes) -> Page:
    """An odcloud answer: HTTP 401 (or a negative ``code``) for a bad key."""
    if status in (401, 403):
        detail = ""
        try:
            doc = json.loads(body.decode("utf-8", "replace"))
            detail = f"{doc.get('code', '')} {doc.get('msg', '')}".strip() if isinstance(doc, dict) else ""
        except json.JSONDecodeError:
            pass
        raise KeyRejectedError(
            _("공공서비스 refused the API key: HTTP {status} {detail}").format(status=status, detail=detail).rstrip(),
            hint=_("check policy.gov24_api_key and that your data.go.kr account was approved for {url}").format(
                url=KEY_PAGES[GOV24]
            ),
        )
    if status != 200:
        raise DataError(_("{page}: HTTP {status}").format(page=req.label, status=status))
    doc = _json(req, body)
    if not isinstance(doc, dict) or not isinstance(doc.get("data"), list):
        raise DataError(_("{page}: not a 공공서비스 answer (no data list)").format(page=req.label))
    total = _int(doc.get("matchCount"))
    total = total if total is not None else _int(doc.get("totalCount"))
    if total is None:
        raise DataError(_("{page}: totalCount is missing").format(page=req.label))
    return Page(req.endpoint, req.page, total, doc["data"])


def _int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None
