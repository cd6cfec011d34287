"""The overview: one read across retrospects, feedback, the ledger, policies and notifications.

It reaches each domain only through that domain's service, handed in by the session; it writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from reflee.ids import natural_sid
from reflee.overview.models import BudgetBar, LastRetro, MonthSpend, NoteLine, Overview, PolicyPick

if TYPE_CHECKING:
    from reflee.feedback.service import FeedbackService
    from reflee.ledger.budget import BudgetService
    from reflee.ledger.report import ReportService
    from reflee.notify.service import NotifyService
    from reflee.policy.service import PolicyService
    from reflee.retro.service import RetroService

POLICIES_SHOWN = 3
NOTIFICATIONS_SHOWN = 3


@dataclass
class OverviewService:
    retro: Callable[[], RetroService]
    feedback: Callable[[], FeedbackService]
    budget: Callable[[], BudgetService]
    reports: Callable[[], ReportService]
    policy: Callable[[], PolicyService]
    notify: Callable[[], NotifyService]
    currency: str = "KRW"

    def today(self, on: date | None = None) -> Overview:
        """Everything the dashboard shows for ``on`` (default: today)."""
        from reflee.dates import local_today

        day = on or local_today()
        view = Overview(today=day.isoformat(), currency=self.currency, month=day.isoformat()[:7])
        self._retros(view, day)
        self._money(view)
        self._policies(view, day)
        self._notifications(view)
        return view

    def _retros(self, view: Overview, day: date) -> None:
        stats = self.retro().stats(today=day, weeks=1)
        view.total_entries = stats.total_entries
        view.current_streak = stats.current_streak
        view.longest_streak = stats.longest_streak
        latest = self.retro().list(limit=1)
        if not latest:
            return
        r = latest[0]
        title = next((ln.strip() for ln in (r.purpose or r.content).splitlines() if ln.strip()), "")
        last = LastRetro(r.id, r.short_id, r.entry_date, title)
        fb = self.feedback().show(r.id)
        if fb.latest is not None:
            last.feedback_summary = fb.latest.summary
            last.feedback_state = "done"
        elif fb.job is not None:
            last.feedback_state = str(fb.job.get("state") or "queued")
        view.last_retro = last

    def _money(self, view: Overview) -> None:
        budget = self.budget().show(view.month)
        view.budgets = [BudgetBar(line.category, line.spent, line.budget, budget.currency) for line in budget.lines]
        report = self.reports().report(month=view.month)
        view.currency = report.currency
        view.month_expense = report.totals.expense
        view.trend = [MonthSpend(t.key, t.expense, t.income) for t in report.trend]

    def _policies(self, view: Overview, day: date) -> None:
        if self.policy().count() == 0:
            return
        run = self.policy().recommend(POLICIES_SHOWN, on=day)
        view.policies = [
            PolicyPick(
                m.policy.id,
                m.policy.short_id or natural_sid(m.policy.id),
                m.policy.title,
                m.eligibility,
                m.apply.deadline,
                m.apply.days_left,
            )
            for m in run.results
        ]

    def _notifications(self, view: Overview) -> None:
        notify = self.notify()
        view.unread = notify.unread_count()
        view.notifications = [
            NoteLine(n.id, n.title, n.created_at) for n in notify.list(unread=True, limit=NOTIFICATIONS_SHOWN)
        ]
