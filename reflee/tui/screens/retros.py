"""Retrospects: a list with live search (Korean substrings), the selected entry with its feedback, and the editor
for new and existing entries. Feedback streams into the panel while the model writes; the UI never waits."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from reflee.cancel import CancelToken
from reflee.errors import CancelledError, RefleeError
from reflee.i18n import _
from reflee.tui.messages import DataChanged
from reflee.tui.screens.editor import EditorScreen, Saved
from reflee.tui.widgets.feedback import FeedbackPanel

if TYPE_CHECKING:
    from reflee.feedback.service import FeedbackView
    from reflee.retro.models import Retro
    from reflee.tui.app import RefleeApp

LIST_LIMIT = 200


class RetrosScreen(Screen[None]):
    BINDINGS: ClassVar = [
        ("a", "new", _("Write")),
        ("e", "edit", _("Edit")),
        ("f", "feedback", _("Ask feedback")),
        ("escape", "stop", _("Stop")),
        ("slash", "focus_search", _("Search")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, Retro] = {}
        self.current: Retro | None = None
        self.cancel: CancelToken | None = None

    @property
    def reflee(self) -> RefleeApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder=_("Search (Korean words match inside words: 회고, 운동)"), id="retro-search")
        with Horizontal():
            yield DataTable(id="retro-table", cursor_type="row", zebra_stripes=True)
            with Vertical(id="retro-side"):
                with VerticalScroll(id="retro-detail-box"):
                    yield Static("", id="retro-detail")
                yield FeedbackPanel(id="retro-feedback")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(_("ID"), key="id")
        table.add_column(_("Date"), key="date")
        table.add_column(_("Purpose / content"), key="title")
        table.focus()  # single-key commands work at once; / goes to the search box
        self.load("")

    def on_screen_resume(self) -> None:
        self.load(self.query_one("#retro-search", Input).value)

    # -- the list and search ------------------------------------------------------------------------------------
    @on(Input.Changed, "#retro-search")
    def search_changed(self, event: Input.Changed) -> None:
        self.load(event.value)

    def action_focus_search(self) -> None:
        self.query_one("#retro-search", Input).focus()

    @work(thread=True, exclusive=True, group="retro-list")
    def load(self, query: str) -> None:
        with self.reflee.session() as s:
            if query.strip():
                retros = [hit.retro for hit in s.retro.search(query, limit=LIST_LIMIT).hits]
            else:
                retros = s.retro.list(limit=LIST_LIMIT)
        self.app.call_from_thread(self.show_list, retros)

    def show_list(self, retros: list[Retro]) -> None:
        table = self.query_one(DataTable)
        keep = self.current.id if self.current else None
        table.clear()
        self.rows = {r.id: r for r in retros}
        for r in retros:
            title = next((ln for ln in (r.purpose or r.content).splitlines() if ln.strip()), "")
            table.add_row(r.short_id, r.entry_date, title, key=r.id)
        if not retros:
            self.query_one("#retro-detail", Static).update(Text(_("Nothing here yet. Press a to write."), "dim"))
            self.query_one(FeedbackPanel).update("")
            self.current = None
            return
        ids = list(self.rows)
        table.move_cursor(row=ids.index(keep) if keep in self.rows else 0)
        self.select(self.rows[ids[table.cursor_row]])

    @on(DataTable.RowHighlighted, "#retro-table")
    def row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value if event.row_key else None
        if key in self.rows:
            self.select(self.rows[key])

    def select(self, retro: Retro) -> None:
        if self.current is not None and self.current.id == retro.id and self.cancel is not None:
            return  # its feedback is streaming into the panel
        self.current = retro
        head = Text(f"{retro.short_id}  {retro.entry_date}\n", style="bold")
        if retro.tags:
            head.append(" ".join("#" + t for t in retro.tags) + "\n", style="cyan")
        if retro.purpose:
            head.append(_("Purpose") + ": " + retro.purpose + "\n", style="bold")
        head.append("\n" + retro.content)
        self.query_one("#retro-detail", Static).update(head)
        self.load_feedback(retro.id)

    @work(thread=True, exclusive=True, group="retro-feedback-view")
    def load_feedback(self, retro_id: str) -> None:
        with self.reflee.session() as s:
            view = s.feedback.show(retro_id)
        self.app.call_from_thread(self.show_feedback, view)

    def show_feedback(self, view: FeedbackView) -> None:
        if self.current is None or view.retro_id != self.current.id or self.cancel is not None:
            return
        job = view.job or {}
        self.query_one(FeedbackPanel).show_feedback(view.latest, job.get("state"), job.get("last_error"))

    # -- writing ------------------------------------------------------------------------------------------------
    def action_new(self) -> None:
        self.app.push_screen(EditorScreen(None), self.after_edit)

    def action_edit(self) -> None:
        if self.current is not None:
            self.app.push_screen(EditorScreen(self.current), self.after_edit)

    def after_edit(self, saved: Saved | None) -> None:
        if saved is None:
            return
        self.current = saved.retro
        self.post_message(DataChanged("retro"))
        self.load(self.query_one("#retro-search", Input).value)
        if saved.job_id and self.reflee.settings.feedback.mode == "inline":
            self.stream_feedback(saved.retro.id, saved.job_id)

    def action_feedback(self) -> None:
        if self.current is not None and self.cancel is None:
            self.stream_feedback(self.current.id, None)

    def action_stop(self) -> None:
        if self.cancel is not None:
            self.cancel.cancel()

    @work(thread=True, exclusive=True, group="retro-feedback")
    def stream_feedback(self, retro_id: str, job_id: str | None) -> None:
        panel = self.query_one(FeedbackPanel)
        token = CancelToken()
        self.cancel = token
        self.app.call_from_thread(panel.start_stream)
        try:
            with self.reflee.session() as s:
                job = job_id or s.feedback.regen(retro_id)
                outcome = s.feedback.generate(
                    job, on_token=lambda piece: self.app.call_from_thread(panel.add_token, piece), cancel=token
                )
        except CancelledError:
            self.app.call_from_thread(self._feedback_ended, retro_id, _("Stopped; the job waits in the queue."))
            return
        except RefleeError as exc:
            self.app.call_from_thread(self._feedback_ended, retro_id, exc.describe())
            return
        if outcome.feedback is not None:
            self.app.call_from_thread(self._feedback_done, outcome.feedback)
        else:
            self.app.call_from_thread(self._feedback_ended, retro_id, outcome.error or outcome.state)

    def _feedback_done(self, fb: object) -> None:
        self.cancel = None
        self.query_one(FeedbackPanel).show_feedback(fb)  # type: ignore[arg-type]
        self.post_message(DataChanged("feedback"))

    def _feedback_ended(self, retro_id: str, why: str) -> None:
        self.cancel = None
        self.notify(why, title=_("Feedback"), severity="warning")
        self.load_feedback(retro_id)
