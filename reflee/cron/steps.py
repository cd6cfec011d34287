"""The steps of `cron run`, in order. Each does what is due and nothing else, and is safe to run again:
whatever it makes is keyed (a report per period, a notification per dedup key), so three runs in a row
make one report and one set of reminders.

The policy collector runs before "reminders" (fresh deadlines first); a sync push step goes last. A step is a
function ``(CronContext) -> StepResult``; add it to ``STEPS`` with its name, and it runs under the same lock, log
and error handling.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from reflee.cron.models import StepResult
from reflee.i18n import _

if TYPE_CHECKING:
    import logging

    from reflee.services import Services


@dataclass
class CronContext:
    session: Services
    now: datetime
    """Local time of this run (aware)."""
    started_at: str
    """UTC ISO timestamp of this run's start."""
    log: logging.Logger
    raised: list[Any] = field(default_factory=list)
    """Notifications this run raised (new ones only)."""

    @property
    def today(self) -> date:
        return self.now.date()


def feedback(ctx: CronContext) -> StepResult:
    """Work through the feedback queue within cron.feedback_seconds."""
    s = ctx.session
    budget = s.settings.cron.feedback_seconds
    if budget <= 0 or s.settings.feedback.mode == "off":
        return StepResult("feedback", "off")
    status = s.feedback.status(limit=1)
    if not status.counts["queued"]:
        return StepResult("feedback", "idle")
    from reflee.llm.base import probe
    from reflee.llm.errors import LLMUnreachable

    llm = s.llm_settings
    try:  # a server that is away must not use up the jobs' attempts, run after run
        probe(llm.server, llm.connect_timeout)
    except LLMUnreachable as exc:
        away = _("the model server is not reachable; the queue waits for the next run ({error})").format(
            error=exc.message
        )
        ctx.log.info("feedback: %s", away)
        return StepResult("feedback", "idle", message=away)
    summary = s.feedback.run_queue(time_budget=budget)
    did = [
        f"feedback:{k}:{v}"
        for k, v in (("done", summary.done), ("retried", summary.retried), ("failed", summary.failed))
        if v
    ]
    note: str | None = None
    if summary.unreachable:
        note = _("the model server is not reachable; the queue waits for the next run ({error})").format(
            error=summary.unreachable
        )
        ctx.log.info("feedback: %s", note)
    return StepResult("feedback", "ok" if did else "idle", did, note)


def search_index(ctx: CronContext) -> StepResult:
    """Index for search what a large retro import left unindexed (when nothing did it since)."""
    result = ctx.session.retro.index_backlog()
    if not result.indexed:
        return StepResult("search-index", "idle")
    return StepResult("search-index", "ok", [f"search-index:{result.indexed}"])


def reports(ctx: CronContext) -> StepResult:
    """Make last week's report once the week is over, and last month's once the month is."""
    s = ctx.session
    cron = s.settings.cron
    kinds = [k for k, on in (("weekly", cron.weekly), ("monthly", cron.monthly)) if on]
    if not kinds:
        return StepResult("reports", "off")
    growth = dataclasses.replace(s.growth, today=lambda: ctx.today)
    did = []
    for kind in kinds:
        period = growth.last_period(kind)
        if growth.due(kind) is not None:
            made = growth.make(kind, period.key)
            ctx.log.info(
                "reports: %s %s made (%s), narrative %s", kind, period.key, made.short_id, made.narrative_status
            )
            did.append(f"report:{kind}:{period.key}")
        report = growth.find(kind, period.key)
        if report is None or not report.complete:
            continue
        # raised on every run (once per period, by its key): a run killed between making the report and
        # raising this leaves it to the next one
        title = (_("Weekly report ready: {key}") if kind == "weekly" else _("Monthly report ready: {key}")).format(
            key=period.key
        )
        body = _("reflee report show {key} · {path}").format(key=period.key, path=report.files["html"])
        n, new = s.notify.raise_(
            "report.ready",
            title,
            body,
            link_type="report",
            link_id=report.id,
            dedup_key=f"report.ready:{kind}:{period.key}",
        )
        if new:
            ctx.raised.append(n)
    return StepResult("reports", "ok" if did else "idle", did)


def reminders(ctx: CronContext) -> StepResult:
    """The daily nudge to write, budget alerts and favourite policies' deadlines; each raised once."""
    s = ctx.session
    did = []
    hour = s.settings.cron.remind_hour
    if hour >= 0 and ctx.now.hour >= hour and not s.retro.list(since=ctx.today, until=ctx.today, limit=1):
        n, new = s.notify.raise_(
            "retro.reminder",
            _("No retrospect yet today ({date})").format(date=ctx.today.isoformat()),
            _("A few lines are enough: reflee retro add"),
            dedup_key=f"retro.reminder:{ctx.today.isoformat()}",
        )
        if new:
            ctx.raised.append(n)
            did.append("notify:retro.reminder")
    # Budget alerts are raised when an expense is added too, and deadlines move by the day: checking them
    # once an hour is enough, and keeps a run with nothing due from loading the ledger and policy modules.
    from reflee.cron import store

    hour_key = ctx.now.strftime("%Y-%m-%dT%H")
    if store.get_state(s.conn, CHECKED) != hour_key:
        budget = dataclasses.replace(s.budget, today=lambda: ctx.today)
        for title in budget.alerts():
            did.append("notify:budget.threshold")
            ctx.log.info("reminders: %s", title)
        for r in s.policy.remind(on=ctx.today).new:
            ctx.raised.append(r.notification)
            did.append("notify:policy.deadline")
        store.set_state(s.conn, CHECKED, hour_key)
    return StepResult("reminders", "ok" if did else "idle", did)


def policies(ctx: CronContext) -> StepResult:
    """Once a day, when an API key is set: fetch what changed in the policy sources (reflee policy fetch).
    New matches and favourites' changed deadlines are raised as notifications by the fetch itself."""
    from reflee.cron import store
    from reflee.policy.collector import SOURCES

    s = ctx.session
    collector = s.collector
    if not any(collector.settings.key(source) for source in SOURCES):
        return StepResult("policies", "off")
    day = ctx.today.isoformat()
    if store.get_state(s.conn, FETCHED) == day:
        return StepResult("policies", "idle")
    result = collector.fetch("all")
    store.set_state(s.conn, FETCHED, day)  # a failed source is tried again tomorrow, not every few minutes
    did = [f"policies:{run.source}:{run.new}+{run.changed}-{run.removed}" for run in result.runs]
    if result.error is not None:
        ctx.log.info("policies: %s", result.error.describe())
        raise result.error
    return StepResult("policies", "ok" if did else "idle", did)


WATERMARK = "desktop.shown_until"
FETCHED = "policies.fetched_day"
CHECKED = "reminders.checked_hour"


def desktop(ctx: CronContext) -> StepResult:
    """Show on the desktop the notifications raised since the last run (by this run or by any command)."""
    from reflee.cron import desktop as notifier
    from reflee.cron import store

    s = ctx.session
    if not s.settings.cron.desktop:
        return StepResult("desktop", "off")
    conn = s.conn
    since = store.get_state(conn, WATERMARK)
    if since is None:  # the first run: from now on
        since = ctx.started_at
        store.set_state(conn, WATERMARK, since)
    fresh = [n for n in s.notify.list(unread=True, limit=20) if n.created_at > since]
    if not fresh:
        return StepResult("desktop", "idle")
    if notifier.program() is None:
        store.set_state(conn, WATERMARK, max(n.created_at for n in fresh))
        return StepResult("desktop", "idle", message=_("no notify-send or osascript here"))
    shown = 0
    for n in sorted(fresh, key=lambda n: n.created_at):
        if notifier.send(n.title, n.body):
            shown += 1
    store.set_state(conn, WATERMARK, max(n.created_at for n in fresh))
    return StepResult("desktop", "ok", [f"desktop:{shown}"])


Step = Callable[[CronContext], StepResult]
STEPS: list[tuple[str, Step]] = [
    ("search-index", search_index),
    ("feedback", feedback),
    ("reports", reports),
    ("policies", policies),
    ("reminders", reminders),
    ("desktop", desktop),
    # ("sync-push", ...)  the sync push plugs in here, last
]
