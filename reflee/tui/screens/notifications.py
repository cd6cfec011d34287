"""Notifications: what needs attention (budgets, deadlines, feedback), with read and read-all."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from reflee.i18n import _

if TYPE_CHECKING:
    from reflee.notify.models import Notification
    from reflee.tui.app import RefleeApp


class NotificationsScreen(Screen[None]):
    BINDINGS: ClassVar = [("enter", "read", _("Mark read")), ("A", "read_all", _("Read all"))]

    def __init__(self) -> None:
        super().__init__()
        self.items: list[Notification] = []

    @property
    def reflee(self) -> RefleeApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="notify-table", cursor_type="row")
        yield Static("", id="notify-body")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("", key="unread")
        table.add_column(_("When"), key="when")
        table.add_column(_("Message"), key="title")
        table.focus()
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="notify")
    def load(self, read: str | None = None, read_all: bool = False) -> None:
        with self.reflee.session() as s:
            if read is not None:
                s.notify.read(read)
            if read_all:
                s.notify.read_all()
            items = s.notify.list(limit=200)
        self.app.call_from_thread(self.show, items)

    def show(self, items: list[Notification]) -> None:
        self.items = items
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for n in items:
            table.add_row(
                Text("●", style="yellow") if n.read_at is None else "",
                n.created_at[:16].replace("T", " "),
                n.title,
                key=n.id,
            )
        if not items:
            self.query_one("#notify-body", Static).update(Text(_("No notifications."), style="dim"))
            return
        table.move_cursor(row=min(row, len(items) - 1))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        n = next((x for x in self.items if event.row_key and x.id == event.row_key.value), None)
        if n is not None:
            self.query_one("#notify-body", Static).update(Text(n.body or n.title))

    def action_read(self) -> None:
        table = self.query_one(DataTable)
        if self.items and 0 <= table.cursor_row < len(self.items):
            self.load(read=self.items[table.cursor_row].id)

    def action_read_all(self) -> None:
        self.load(read_all=True)
