"""Reports: the stored weekly and monthly growth reports, each rendered in the app; `w` / `m` make this week's or
this month's report so far (the model's narrative included when it answers in time)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Markdown

from reflee.errors import RefleeError
from reflee.i18n import _

if TYPE_CHECKING:
    from reflee.report.models import StoredReport
    from reflee.tui.app import RefleeApp


class ReportsScreen(Screen[None]):
    BINDINGS: ClassVar = [
        ("w", "make('weekly')", _("This week")),
        ("m", "make('monthly')", _("This month")),
        ("g", "reload", _("Refresh")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: list[StoredReport] = []

    @property
    def reflee(self) -> RefleeApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield DataTable(id="report-table", cursor_type="row")
            with VerticalScroll(id="report-box"):
                yield Markdown(_("No reports yet: press w for this week's, m for this month's."), id="report-text")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(_("Period"), key="period")
        table.add_column(_("Kind"), key="kind")
        table.focus()
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    def action_reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="report-list")
    def load(self, select: str | None = None) -> None:
        with self.reflee.session() as s:
            items = s.growth.list(limit=100)
        self.app.call_from_thread(self.show_list, items, select)

    def show_list(self, items: list[StoredReport], select: str | None) -> None:
        self.items = items
        table = self.query_one(DataTable)
        table.clear()
        words = {"weekly": _("weekly"), "monthly": _("monthly")}
        for r in items:
            key = r.period_key + ("" if r.complete else " " + _("(so far)"))
            table.add_row(key, words.get(r.kind, r.kind), key=r.id)
        if items:
            row = next((i for i, r in enumerate(items) if r.id == select), 0)
            table.move_cursor(row=row)
            self.open_report(items[row].id)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key and event.row_key.value:
            self.open_report(str(event.row_key.value))

    @work(thread=True, exclusive=True, group="report-show")
    def open_report(self, report_id: str) -> None:
        with self.reflee.session() as s:
            shown = s.growth.show(report_id, "md")
        self.app.call_from_thread(self.query_one("#report-text", Markdown).update, shown.content or "")

    def action_make(self, kind: str) -> None:
        self.notify(_("Making the report…"), title=_("Reports"))
        self.make(kind)

    @work(thread=True, exclusive=True, group="report-make")
    def make(self, kind: str) -> None:
        period = "this week" if kind == "weekly" else "this month"
        try:
            with self.reflee.session() as s:
                made = s.growth.make(kind, period)
        except RefleeError as exc:
            self.app.call_from_thread(self.notify, exc.describe(), severity="error")
            return
        self.app.call_from_thread(self.load, made.id)
