"""The Textual app: modes for each area, key bindings in the footer, a session per worker thread."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import partial
from typing import Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from reflee.config import Settings
from reflee.i18n import _
from reflee.paths import Paths
from reflee.services import Services
from reflee.tui.screens.dashboard import DashboardScreen
from reflee.tui.screens.help import HelpScreen
from reflee.tui.screens.ledger import LedgerScreen
from reflee.tui.screens.notifications import NotificationsScreen
from reflee.tui.screens.policies import PoliciesScreen
from reflee.tui.screens.reports import ReportsScreen
from reflee.tui.screens.retros import RetrosScreen


class RefleeApp(App[None]):
    """reflee: 회고, 가계부, 청년정책 — your retrospects, money and policies, on your own machine."""

    TITLE = "reflee"
    CSS_PATH = "app.tcss"
    MODES: ClassVar[dict[str, type]] = {  # type: ignore[assignment]
        "dashboard": DashboardScreen,
        "retros": RetrosScreen,
        "ledger": LedgerScreen,
        "policies": PoliciesScreen,
        "notifications": NotificationsScreen,
        "reports": ReportsScreen,
    }
    DEFAULT_MODE = "dashboard"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "switch_mode('dashboard')", _("Dashboard")),
        Binding("r", "switch_mode('retros')", _("Retros")),
        Binding("l", "switch_mode('ledger')", _("Ledger")),
        Binding("p", "switch_mode('policies')", _("Policies")),
        Binding("n", "switch_mode('notifications')", _("Alerts")),
        Binding("o", "switch_mode('reports')", _("Reports")),
        Binding("question_mark", "help", _("Help")),
        Binding("q", "quit", _("Quit")),
    ]

    def __init__(self, paths: Paths, settings: Settings, *, today: date | None = None) -> None:
        super().__init__()
        self.paths = paths
        self.settings = settings
        self.today_override = today
        """A frozen clock for snapshots and tests; None means the real local date."""

    def today(self) -> date:
        from reflee.dates import local_today

        return self.today_override or local_today()

    def session(self) -> Services:
        """A new session for the calling (worker) thread: same home and settings, its own connection."""
        return Services(self.paths, self.settings)

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The command palette (ctrl+p): every screen, and every action of the screen in front, by name."""
        yield from super().get_system_commands(screen)
        for mode, title in (
            ("dashboard", _("Dashboard")),
            ("retros", _("Retrospects")),
            ("ledger", _("Ledger")),
            ("policies", _("Policies")),
            ("notifications", _("Notifications")),
            ("reports", _("Reports")),
        ):
            yield SystemCommand(title, _("Go to {screen}").format(screen=title), partial(self.switch_mode, mode))
        yield SystemCommand(_("Help"), _("Every key, screen by screen"), self.action_help)
        for binding in getattr(screen, "BINDINGS", []):
            key, action, description = binding if isinstance(binding, tuple) else (None, None, None)
            if action and description:
                yield SystemCommand(description, key or "", partial(screen.run_action, action))


def run(paths: Paths, settings: Settings) -> None:
    RefleeApp(paths, settings).run()
