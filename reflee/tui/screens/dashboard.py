"""The dashboard: streak and last retrospect, its feedback, this month's budget, six months of spending, the best
matching policies and unread notifications. Each panel opens its screen."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.containers import Grid
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from reflee.i18n import _
from reflee.tui.messages import DataChanged
from reflee.tui.widgets.bars import bar, won

if TYPE_CHECKING:
    from reflee.overview.models import Overview
    from reflee.tui.app import RefleeApp


class Panel(Static):
    """A bordered panel that opens ``target`` (a mode) when clicked."""

    def __init__(self, title: str, target: str, *, id: str) -> None:
        super().__init__(_("loading…"), id=id, classes="panel")
        self.border_title = title
        self.target = target

    def on_click(self, event: events.Click) -> None:
        self.app.switch_mode(self.target)


class DashboardScreen(Screen[None]):
    BINDINGS: ClassVar = [("g", "reload", _("Refresh"))]

    def compose(self) -> ComposeResult:
        yield Header()
        with Grid(id="dashboard"):
            yield Panel(_("Retrospects"), "retros", id="panel-retro")
            yield Panel(_("Budget this month"), "ledger", id="panel-budget")
            yield Panel(_("Spending, six months"), "ledger", id="panel-trend")
            yield Panel(_("Policies for you"), "policies", id="panel-policy")
            yield Panel(_("Notifications"), "notifications", id="panel-notify")
        yield Footer()

    @property
    def reflee(self) -> RefleeApp:
        return self.app  # type: ignore[return-value]

    def on_mount(self) -> None:
        self.action_reload()

    def on_screen_resume(self) -> None:
        self.action_reload()

    def on_data_changed(self, _message: DataChanged) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="dashboard")
    def load(self) -> None:
        with self.reflee.session() as s:
            view = s.overview.today(self.reflee.today())
        self.app.call_from_thread(self.show, view)

    def show(self, v: Overview) -> None:
        self.query_one("#panel-retro", Static).update(self._retro(v))
        self.query_one("#panel-budget", Static).update(self._budget(v))
        self.query_one("#panel-trend", Static).update(self._trend(v))
        self.query_one("#panel-policy", Static).update(self._policies(v))
        self.query_one("#panel-notify", Static).update(self._notifications(v))

    # -- the panels' contents ---------------------------------------------------------------------------------
    @staticmethod
    def _retro(v: Overview) -> Text:
        out = Text()
        out.append(_("streak {days} days").format(days=v.current_streak), style="bold green")
        out.append("  " + _("longest {days}").format(days=v.longest_streak) + "\n", style="dim")
        last = v.last_retro
        if last is None:
            out.append(_("No retrospects yet. Press r, then a, to write one."))
            return out
        out.append(f"{last.short_id} {last.entry_date}\n", style="bold")
        out.append(last.title + "\n")
        if last.feedback_summary:
            out.append(_("Feedback: ") + last.feedback_summary, style="italic")
        else:
            out.append(_("Feedback: {state}").format(state=_state_word(last.feedback_state)), style="dim")
        return out

    @staticmethod
    def _budget(v: Overview) -> Table | Text:
        if not v.budgets:
            return Text(
                _("Spent {amount} this month. No budgets yet (reflee budget set …).").format(
                    amount=won(v.month_expense, v.currency)
                )
            )
        table = Table.grid(padding=(0, 1))
        table.add_column(no_wrap=True, overflow="ellipsis", max_width=10)
        table.add_column(no_wrap=True)
        table.add_column(justify="right", no_wrap=True)
        for line in v.budgets:
            table.add_row(line.category, bar(line.ratio, 10), f"{line.ratio * 100:.0f}%")
        return table

    @staticmethod
    def _trend(v: Overview) -> Table:
        peak = max((m.expense for m in v.trend), default=0)
        table = Table.grid(padding=(0, 1))
        table.add_column(no_wrap=True)
        table.add_column(no_wrap=True)
        table.add_column(justify="right", no_wrap=True)
        for m in v.trend:
            table.add_row(m.month[2:], bar(m.expense / peak if peak else 0.0, 10), won(m.expense, v.currency))
        return table

    @staticmethod
    def _policies(v: Overview) -> Text:
        if not v.policies:
            return Text(_("No policies imported yet (reflee policy import …)."), style="dim")
        out = Text()
        for p in v.policies:
            due = f"D-{p.days_left}" if p.days_left is not None else _("always open")
            out.append(f"{due:>6} ", style="red" if p.days_left is not None and p.days_left <= 7 else "green")
            out.append(p.title + "\n")
        return out

    @staticmethod
    def _notifications(v: Overview) -> Text:
        if not v.unread:
            return Text(_("Nothing unread."), style="dim")
        out = Text(_("{count} unread").format(count=v.unread) + "\n", style="bold yellow")
        for n in v.notifications:
            out.append("• " + n.title + "\n")
        return out


def _state_word(state: str) -> str:
    return {
        "queued": _("queued"),
        "running": _("being written"),
        "failed": _("failed"),
        "none": _("none yet"),
    }.get(state, state)
