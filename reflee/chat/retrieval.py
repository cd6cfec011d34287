"""Grounding: the records a question needs, each with its ID, best first.

Retrospects (and their latest feedback) by hybrid retrieval — full-text hits for each content word and the
semantic nearest neighbours of the question, fused by reciprocal rank; money as totals computed by the ledger
(per month and category, and budget state), never left to the model's arithmetic; the profile and the
policies matched against it with their deadlines. Other domains are reached only through their services.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from reflee.chat.intent import Route
from reflee.chat.periods import Period
from reflee.chat.prompt import Record
from reflee.chat.terms import terms
from reflee.errors import RefleeError
from reflee.ids import natural_sid
from reflee.index.service import rrf
from reflee.ledger.models import format_money, show_category

if TYPE_CHECKING:
    from reflee.cancel import CancelToken
    from reflee.feedback.service import FeedbackService
    from reflee.index.service import IndexService
    from reflee.ledger.budget import BudgetService
    from reflee.ledger.report import ReportService
    from reflee.ledger.service import LedgerService
    from reflee.policy.service import PolicyService
    from reflee.profile.service import ProfileService
    from reflee.retro.service import RetroService

CANDIDATES = 20
"""How deep each ranked list goes before fusion."""


@dataclass
class Grounding:
    """The services retrieval reads, handed in by the session (built only when a question needs them)."""

    retro: Callable[[], RetroService]
    index: Callable[[], IndexService]
    feedback: Callable[[], FeedbackService]
    ledger: Callable[[], LedgerService]
    reports: Callable[[], ReportService]
    budget: Callable[[], BudgetService]
    profile: Callable[[], ProfileService]
    policy: Callable[[], PolicyService]
    currency: str = "KRW"


@dataclass
class Retrieved:
    records: list[Record] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def retrieve(
    g: Grounding,
    route: Route,
    question: str,
    *,
    today: date,
    limit: int,
    cancel: CancelToken | None = None,
) -> Retrieved:
    out = Retrieved()
    words = terms(question)
    per_intent: list[list[Record]] = []
    for intent in route.intents:
        if intent == "retro":
            per_intent.append(_retros(g, question, words, route.period, limit, out, cancel))
        elif intent == "money":
            per_intent.append(_money(g, question, route.period, today))
        elif intent == "policy":
            per_intent.append(_policies(g, words, limit))
        elif intent == "profile":
            per_intent.append(_profile(g))
    # the primary intent's records first, then the others', interleaved by rank
    seen: set[str] = set()
    depth = max((len(x) for x in per_intent), default=0)
    ordered = [recs for recs in per_intent if recs]
    if ordered:
        for rec in ordered[0]:
            if rec.key not in seen:
                seen.add(rec.key)
                out.records.append(rec)
        for i in range(depth):
            for recs in ordered[1:]:
                if i < len(recs) and recs[i].key not in seen:
                    seen.add(recs[i].key)
                    out.records.append(recs[i])
    out.records = out.records[: max(limit, 1) + 4]  # fixed summaries (money, profile) ride along
    return out


def _retros(
    g: Grounding,
    question: str,
    words: list[str],
    period: Period | None,
    limit: int,
    out: Retrieved,
    cancel: CancelToken | None,
) -> list[Record]:
    retro = g.retro()
    index = g.index()
    since, until = (period.start, period.end) if period else (None, None)
    iso_since, iso_until = (since.isoformat() if since else None), (until.isoformat() if until else None)
    lists: list[list[str]] = []
    if words:
        lists.append([rid for rid, _s in index.keywords(words, CANDIDATES, since=iso_since, until=iso_until)])
    if period is not None:
        lists.append([r.id for r in retro.list(since=since, until=until, limit=CANDIDATES)])
    if index.model:
        from reflee.llm.errors import LLMError

        try:
            vec = index.embed_query(question, cancel)
            near = index.nearest(vec, CANDIDATES, since=iso_since, until=iso_until)
            lists.append([rid for rid, _score in near])
        except LLMError as exc:
            out.codes.append("semantic_unavailable")
            out.notes.append(exc.message + (f" ({exc.hint})" if exc.hint else ""))
    fused = rrf(*lists)[:limit]
    records = []
    feedback = g.feedback().latest_for([rid for rid, _score in fused])
    for rid, score in fused:
        r = retro.get(rid)
        text = r.content
        latest = feedback.get(rid)
        if latest is not None and latest.summary:
            text += f"\n(feedback) {latest.summary}"
        tags = f" #{' #'.join(r.tags)}" if r.tags else ""
        records.append(Record(f"r:{r.short_id}", "retro", r.id, (r.purpose + tags).strip(), r.entry_date, text, score))
    return records


def _money_text(report: Any, currency: str) -> str:
    t = report.totals
    lines = [
        f"income {format_money(t.income, currency)}, expense {format_money(t.expense, currency)}, "
        f"net {format_money(t.net, currency, signed=True)}, {t.count} transactions"
    ]
    for row in report.rows[:12]:
        share = f" ({row.share_pct}%)" if row.share_pct is not None else ""
        lines.append(
            f"- {row.kind} {row.category}: {format_money(row.amount, currency)}{share}, {row.count} transactions"
        )
    return "\n".join(lines)


def _money(g: Grounding, question: str, period: Period | None, today: date) -> list[Record]:
    from reflee.chat.periods import month_back

    period = period or month_back(today, 0)
    reports, records = g.reports(), []
    cur = g.currency
    seen: set[str] = set()
    whole_months = period.start.day == 1 and (period.end + timedelta(days=1)).day == 1
    if whole_months and len(period.months) <= 3:  # a month (or up to three): each with its categories
        for month in period.months[::-1]:
            rep = reports.report(month=month, by="category")
            seen.update(row.category for row in rep.rows)
            records.append(Record(f"m:{month}", "money", month, "totals by category", month, _money_text(rep, cur)))
    else:
        start, end = period.start.isoformat(), period.end.isoformat()
        rep = reports.report(start=start, end=end, by="category")
        seen.update(row.category for row in rep.rows)
        records.append(
            Record(f"m:{start}_{end}", "money", f"{start}..{end}", "totals by category", f"{start}..{end}",
                   _money_text(rep, cur))
        )  # fmt: skip
    month = period.months[-1]
    bud = g.budget().show(month)
    if bud.lines or bud.total:
        rows = [*bud.lines, *([bud.total] if bud.total else [])]
        text = "\n".join(
            f"- {b.category}: budget {format_money(b.budget, cur)}, spent {format_money(b.spent, cur)}, "
            f"remaining {format_money(b.remaining, cur, signed=True)}"
            + (f" ({b.used_pct}% used)" if b.used_pct is not None else "")
            + (" OVER" if b.over else "")
            for b in rows
        )
        records.append(Record(f"b:{month}", "budget", month, "budget state", month, text))
    ledger = g.ledger()
    low = question.lower()
    named = sorted((c for c in seen if c and c.lower() in low), key=len, reverse=True)  # spent on in the period
    for category in named[:2]:
        found = ledger.list(start=period.start.isoformat(), end=period.end.isoformat(), category=category, limit=5)
        for t in found.transactions:
            what = " · ".join(x for x in (show_category(t.category), t.payee, t.memo) if x)
            records.append(
                Record(f"t:{t.short_id or natural_sid(t.id)}", "txn", t.id, what, t.date,
                       f"{t.kind} {format_money(t.amount, t.currency)}")
            )  # fmt: skip
    return records


def _profile(g: Grounding) -> list[Record]:
    profile = g.profile().get()
    if profile.is_empty:
        return []
    lines = [f"- {v.label}: {v.display}" for v in profile.fields.values() if v.value is not None]
    if profile.age is not None:
        lines.insert(0, f"- age: {profile.age}")
    return [Record("u:profile", "profile", "profile", "profile", profile.on, "\n".join(lines))]


def _policies(g: Grounding, words: list[str], limit: int) -> list[Record]:
    policy = g.policy()
    records = _profile(g)
    if policy.count() == 0:
        return records
    found: dict[str, Record] = {}
    ranked: list[list[str]] = []
    for word in words[:2]:
        try:
            hits = policy.search(word, limit=limit).items
        except RefleeError:
            continue
        ranked.append([])
        for h in hits:
            p = h.policy
            key = f"p:{p.short_id or natural_sid(p.id)}"
            ranked[-1].append(key)
            found.setdefault(key, _policy_record(key, p.id, p.title, p.org_name, h.apply.state, h.apply.deadline,
                                                 h.apply.days_left, p.summary or p.benefit))  # fmt: skip
    run = policy.match(limit=limit)
    ranked.append([])
    for m in run.results:
        brief = m.policy
        key = f"p:{brief.short_id or natural_sid(brief.id)}"
        ranked[-1].append(key)
        found[key] = _policy_record(
            key, brief.id, brief.title, brief.org_name, m.apply.state, m.apply.deadline, m.apply.days_left,
            brief.apply_text,
            eligibility=m.eligibility,
        )  # fmt: skip
    for key, _score in rrf(*ranked)[:limit]:
        records.append(found[key])
    return records


def _policy_record(
    key: str,
    ref: str,
    title: str,
    org: str | None,
    state: str,
    deadline: str | None,
    days_left: int | None,
    detail: str,
    *,
    eligibility: str | None = None,
) -> Record:
    facts = [f"application: {state}"]
    if deadline:
        facts.append(f"deadline {deadline}" + (f" ({days_left} days left)" if days_left is not None else ""))
    if eligibility:
        facts.append(f"eligibility for the user: {eligibility}")
    text = ", ".join(facts) + (f"\n{detail.strip()}" if detail and detail.strip() else "")
    return Record(key, "policy", ref, title + (f" ({org})" if org else ""), deadline or "", text)
