"""Gather a report's facts from the other domains, through the services the session hands in (``Sources``).

Nothing here knows another domain's tables: retrospects come from the retro service, feedback from the
feedback service, money from the ledger's report and budget services, policies from the policy service.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from reflee.ids import natural_sid
from reflee.report import themes
from reflee.report.models import (
    BudgetUse,
    CategoryChange,
    MoneyFacts,
    PolicyChangeItem,
    PolicyFacts,
    PolicyItem,
    RecurringChange,
    RetroFacts,
    TrendPoint,
)
from reflee.report.periods import Period, week_of
from reflee.report.sources import Sources

TREND_WEEKS = 12
MAX_CHANGES = 5
MAX_NEW_POLICIES = 10


def retro_facts(
    src: Sources, period: Period, today: date, week_start: str
) -> tuple[RetroFacts, dict[str, int], list[tuple[str, str, str]]]:
    """The period's writing, its feedback themes and last period's follow-ups; also the entries per week (by the
    week's first day, for the trend) and (short ID, date, text) of each retrospect, for the narrative."""
    end = min(period.end, today)
    retros = sorted(src.retros(period.start, period.end), key=lambda r: (r.entry_date, r.created_at))
    prev = period.previous(week_start)
    previous = src.retros(prev.start, prev.end)
    per_day = Counter(r.entry_date for r in retros)
    facts = RetroFacts(
        entries=len(retros),
        previous_entries=len(previous),
        days_written=len(per_day),
        days_in_period=len(period.days),
        per_day=[(d.isoformat(), per_day.get(d.isoformat(), 0)) for d in period.days],
        retro_ids=[r.short_id for r in retros],
    )
    facts.longest_streak = _longest_run([d for d in period.days if per_day.get(d.isoformat())])
    tags: Counter[str] = Counter(t for r in retros for t in r.tags)
    facts.tags = sorted(tags.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    facts.words, facts.top_words = themes.top_words(f"{r.purpose}\n{r.content}" for r in retros)
    facts.current_streak = src.streak(end)
    counts = src.day_counts(week_of(end, week_start).start - timedelta(weeks=TREND_WEEKS - 1), end)
    weeks: Counter[str] = Counter()
    for day, n in counts.items():
        weeks[week_of(date.fromisoformat(day), week_start).start.isoformat()] += n

    feedback = src.feedback([r.id for r in retros]) if retros else {}
    short = {r.id: r.short_id for r in retros}
    facts.with_feedback = len(feedback)
    items: dict[str, list[tuple[str, str]]] = {"strength": [], "weakness": [], "recommendation": []}
    for rid, fb in feedback.items():
        for kind, values in (
            ("strength", fb.strengths),
            ("weakness", fb.weaknesses),
            ("recommendation", fb.recommendations),
        ):
            items[kind] += [(v, short[rid]) for v in values]
    for kind in ("strength", "weakness", "recommendation"):
        facts.themes += themes.group(kind, items[kind])
    prev_feedback = src.feedback([r.id for r in previous]) if previous else {}
    prev_short = {r.id: r.short_id for r in previous}
    prev_recs = themes.group(
        "recommendation", [(v, prev_short[rid]) for rid, fb in prev_feedback.items() for v in fb.recommendations]
    )
    facts.follow_ups = themes.follow_ups(prev_recs, [(f"{r.purpose}\n{r.content}", r.short_id) for r in retros])
    excerpts = [(r.short_id, r.entry_date, f"{r.purpose}\n{r.content}".strip()) for r in retros]
    return facts, dict(weeks), excerpts


def _longest_run(days: list[date]) -> int:
    best = run = 0
    last: date | None = None
    for d in days:
        run = run + 1 if last is not None and d - last == timedelta(days=1) else 1
        best = max(best, run)
        last = d
    return best


def money_facts(src: Sources, period: Period, today: date, week_start: str) -> MoneyFacts:
    now = src.money(period.start.isoformat(), period.end.isoformat())
    prev_period = period.previous(week_start)
    before = src.money(prev_period.start.isoformat(), prev_period.end.isoformat())
    m = MoneyFacts(
        currency=now.currency,
        income=now.totals.income,
        expense=now.totals.expense,
        transactions=now.totals.count,
        previous_income=before.totals.income,
        previous_expense=before.totals.expense,
        other_currencies=dict(now.other_currencies),
    )
    for kind, target in (("expense", m.expenses), ("income", m.income_lines)):
        cur = {r.category: r.amount for r in now.rows if r.kind == kind}
        old = {r.category: r.amount for r in before.rows if r.kind == kind}
        target += [CategoryChange(c, cur.get(c, 0), old.get(c, 0)) for c in cur.keys() | old.keys()]
        target.sort(key=lambda c: (-c.amount, -c.previous, c.category))
    m.changes = sorted((c for c in m.expenses if c.change), key=lambda c: (-abs(c.change), c.category))[:MAX_CHANGES]
    month = period.key if period.kind == "monthly" else min(period.end, today).isoformat()[:7]
    budget = src.budget(month)
    m.budget_month = month
    m.budgets = [BudgetUse(b.category, b.budget, b.spent, b.used_pct) for b in budget.lines]
    if budget.total is not None:
        t = budget.total
        m.budget_total = BudgetUse(t.category, t.budget, t.spent, t.used_pct)
    start, end = period.start.isoformat(), period.end.isoformat()
    recent = (period.end - timedelta(days=62)).isoformat()
    for r in src.recurring():
        change = RecurringChange(r.name, r.category, r.amount, r.first_date, r.last_date)
        if r.first_date >= recent and start <= r.last_date <= end:
            m.recurring_started.append(change)
        elif not r.active and start <= r.next_date <= end and r.last_date < start:
            m.recurring_stopped.append(change)
    return m


def trend(src: Sources, period: Period, counts: dict[str, int], week_start: str) -> list[TrendPoint]:
    """Twelve weeks ending with the period's last week: entries (counted per week from ``counts``) and money."""
    last = week_of(period.end, week_start)
    out = []
    for back in range(TREND_WEEKS - 1, -1, -1):
        start = last.start - timedelta(weeks=back)
        end = start + timedelta(days=6)
        totals = src.money(start.isoformat(), end.isoformat()).totals
        out.append(TrendPoint(start.isoformat(), counts.get(start.isoformat(), 0), totals.expense, totals.income))
    return out


def policy_facts(src: Sources, previous_ids: set[str] | None, today: date, period: Period | None = None) -> PolicyFacts:
    facts = PolicyFacts()
    results = src.matches()
    facts.matching = len(results)
    facts.matching_ids = [r.policy.id for r in results]
    known = previous_ids or set()
    for r in results:
        if r.policy.id not in known and len(facts.new_matches) < MAX_NEW_POLICIES:
            p = r.policy
            facts.new_matches.append(
                PolicyItem(p.id, p.short_id or natural_sid(p.id), p.title, r.apply.deadline, r.apply.days_left)
            )
    for fav in src.favorites():
        st = fav.apply
        soon = st.days_left is not None and st.days_left <= max(src.remind_days, 14)
        if st.state == "open" and st.deadline is not None and soon:
            p = fav.policy
            facts.closing_soon.append(
                PolicyItem(p.id, p.short_id or natural_sid(p.id), p.title, st.deadline, st.days_left)
            )
    if period is not None:
        _policy_changes(facts, src, period, {f.policy.id for f in src.favorites()})
    return facts


def _policy_changes(facts: PolicyFacts, src: Sources, period: Period, favorites: set[str]) -> None:
    """The collector's log for the period: counts of new and withdrawn policies, and each change to a policy
    that fits or is a favourite (deadlines and conditions moving are what a reader acts on)."""
    mine = set(facts.matching_ids) | favorites
    for c in src.policy_changes(period.start, period.end):
        if c.kind == "new":
            facts.new_policies += 1
        elif c.kind == "removed":
            facts.removed_policies += 1
        if c.policy_id in mine and len(facts.changes) < MAX_NEW_POLICIES:
            facts.changes.append(
                PolicyChangeItem(
                    c.policy_id, c.short_id or natural_sid(c.policy_id), c.title, c.kind, c.field, c.old, c.new
                )
            )
