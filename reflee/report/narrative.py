"""The growth narrative: the local model writes a few sentences from the report's facts, each citing IDs.

The model is sent the facts (figures, themes, follow-ups, short excerpts of the period's retrospects, each
under its ID) and must answer in a JSON schema: a list of claims, each with the IDs it rests on. A claim
citing nothing, or only IDs that are not in the facts, is dropped. The answer cache makes a second report
of the same facts free; ``timeout`` seconds after the call starts it is cancelled and the report is made
without the narrative.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Any

from reflee.report.models import Claim, Narrative, Report

TEMPLATE_VERSION = "report-narrative-1"
MAX_EXCERPTS = 40
EXCERPT_CHARS = 240
MAX_CLAIMS = 8
FACT_IDS = ("writing", "money", "budget", "policy")
"""IDs a claim may cite besides retrospect and policy IDs: the report's own sections."""

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "claims": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"text": {"type": "string"}, "ids": {"type": "array", "items": {"type": "string"}}},
                "required": ["text", "ids"],
            },
        }
    },
    "required": ["claims"],
}

SYSTEM = {
    "ko": (
        "당신은 사용자의 주간·월간 성장 리포트에 들어갈 짧은 서술을 쓰는 코치입니다. 아래 사실만 근거로 "
        "3~6개의 문장(claim)을 한국어로 쓰세요. 각 문장은 근거가 된 ID(회고 ID, 정책 ID, 또는 "
        "writing / money / budget / policy)를 ids 에 담아야 합니다. 사실에 없는 내용은 쓰지 마세요. "
        'JSON으로만 답하세요: {"claims": [{"text": "...", "ids": ["..."]}]}'
    ),
    "en": (
        "You are a coach writing a short growth narrative for the user's weekly or monthly report. Using only "
        "the facts below, write 3 to 6 claims in English. Each claim lists in ids the IDs it rests on "
        "(retrospect IDs, policy IDs, or writing / money / budget / policy). Say nothing the facts do not "
        'support. Answer only in JSON: {"claims": [{"text": "...", "ids": ["..."]}]}'
    ),
}


def facts_for_model(report: Report, excerpts: list[tuple[str, str, str]]) -> dict[str, Any]:
    """What the model is told: the figures and themes with their IDs, and (ID, date, text) excerpts."""
    r, m = report.retro, report.money
    return {
        "period": report.period.to_json(),
        "complete": report.complete,
        "writing": {
            "entries": r.entries,
            "previous_entries": r.previous_entries,
            "days_written": r.days_written,
            "days_in_period": r.days_in_period,
            "current_streak": r.current_streak,
            "words": r.words,
            "tags": [t for t, _n in r.tags],
        },
        "themes": [t.to_json() for t in r.themes],
        "follow_ups": [f.to_json() for f in r.follow_ups],
        "money": {
            "currency": m.currency,
            "income": m.income,
            "expense": m.expense,
            "net": m.net,
            "savings_rate": m.savings_rate,
            "previous_expense": m.previous_expense,
            "biggest_changes": [c.to_json() for c in m.changes],
        },
        "budget": [b.to_json() for b in m.budgets if b.used_pct is not None and b.used_pct >= 80],
        "policy": {
            "new_matches": [{"id": p.short_id, "title": p.title} for p in report.policy.new_matches],
            "closing_soon": [
                {"id": p.short_id, "title": p.title, "deadline": p.deadline} for p in report.policy.closing_soon
            ],
        },
        "entries": [
            {"id": rid, "date": day, "text": text[:EXCERPT_CHARS]} for rid, day, text in excerpts[-MAX_EXCERPTS:]
        ],
    }


def messages(report: Report, excerpts: list[tuple[str, str, str]]) -> list[dict[str, str]]:
    lang = report.language if report.language in SYSTEM else "en"
    facts = json.dumps(facts_for_model(report, excerpts), ensure_ascii=False, indent=1)
    return [{"role": "system", "content": SYSTEM[lang]}, {"role": "user", "content": facts}]


def allowed_ids(report: Report, excerpts: list[tuple[str, str, str]]) -> set[str]:
    ids = set(FACT_IDS) | {rid for rid, _d, _t in excerpts} | set(report.retro.retro_ids)
    for theme in report.retro.themes:
        ids.update(theme.retro_ids)
    for f in report.retro.follow_ups:
        ids.update(f.from_ids)
        ids.update(f.evidence_ids)
    ids.update(p.short_id for p in report.policy.new_matches + report.policy.closing_soon)
    return ids


def parse_claims(text: str, allowed: set[str]) -> list[Claim]:
    """The claims of a model answer that cite known IDs (unknown IDs are dropped; a claim left with none is)."""
    data = json.loads(text)
    raw = data.get("claims") if isinstance(data, dict) else None
    if not isinstance(raw, list):
        raise ValueError("the answer has no list of claims")
    out = []
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("text"), str) or not item["text"].strip():
            continue
        cited = [str(i).strip() for i in item.get("ids") or [] if isinstance(i, str | int)]
        known = [i for i in cited if i in allowed]
        if known:
            out.append(Claim(item["text"].strip(), known))
    return out[:MAX_CLAIMS]


def write(
    report: Report,
    excerpts: list[tuple[str, str, str]],
    client: Any,
    *,
    timeout: float,
    cancel_factory: Callable[[], Any],
) -> Narrative:
    """Ask the model (``client``: an LLMClient) for the narrative; never raises for model trouble."""
    from reflee.errors import CancelledError
    from reflee.llm.errors import LLMError, LLMUnreachable

    allowed = allowed_ids(report, excerpts)

    def usable(result: Any) -> bool:
        try:
            return bool(parse_claims(result.content, allowed))
        except ValueError:
            return False

    token = cancel_factory()
    timer = threading.Timer(timeout, token.cancel)
    timer.daemon = True
    timer.start()
    try:
        result = client.chat(
            messages(report, excerpts),
            schema=SCHEMA,
            purpose="report-narrative",
            template_version=TEMPLATE_VERSION,
            accept=usable,
            cancel=token,
        )
    except CancelledError:
        return Narrative("timeout", error=f"no answer within {timeout:g} s")
    except LLMUnreachable as exc:
        return Narrative("unavailable", error=exc.message)
    except LLMError as exc:
        return Narrative("unavailable" if exc.transient else "failed", error=exc.message)
    finally:
        timer.cancel()
    try:
        claims = parse_claims(result.content, allowed)
    except ValueError as exc:
        return Narrative("failed", model=result.model, error=str(exc))
    if not claims:
        return Narrative("failed", model=result.model, error="no claim cited a known ID")
    return Narrative("written", claims, model=result.model, cached=result.cached)
