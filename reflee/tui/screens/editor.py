"""The retrospect editor: purpose, the day (어제, 3일 전, 2026-11-21), tags and the content in a TextArea.
Korean input comes through the terminal's IME like any text. Errors show under the form, naming the field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, TextArea

from reflee.errors import RefleeError
from reflee.i18n import _

if TYPE_CHECKING:
    from reflee.retro.models import Retro
    from reflee.tui.app import RefleeApp

FIELD_LABELS = {
    "purpose": _("Purpose"),
    "entry_date": _("Date"),
    "date": _("Date"),
    "tags": _("Tags"),
    "content": _("What happened"),
}
"""The form's names for the service's fields (the TUI's side of reflee.cli.fields)."""


@dataclass
class Saved:
    retro: Retro
    job_id: str | None
    """The feedback job queued with this version, when feedback is on."""


class EditorScreen(ModalScreen["Saved | None"]):
    BINDINGS: ClassVar = [("ctrl+s", "save", _("Save")), ("escape", "cancel", _("Cancel"))]

    def __init__(self, retro: Retro | None) -> None:
        super().__init__()
        self.retro = retro

    @property
    def reflee(self) -> RefleeApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        r = self.retro
        with Vertical(id="editor"):
            yield Label(_("New retrospect") if r is None else _("Edit {id}").format(id=r.short_id), id="editor-title")
            yield Input(r.purpose if r else "", placeholder=_("Purpose: why, the goal behind it"), id="editor-purpose")
            with Horizontal(id="editor-meta"):
                yield Input(r.entry_date if r else "", placeholder=_("Date: today, 어제, 3일 전"), id="editor-date")
                yield Input(" ".join(r.tags) if r else "", placeholder=_("Tags: 운동 회고"), id="editor-tags")
            yield TextArea(r.content if r else "", id="editor-content")
            yield Label("", id="editor-error")
            with Horizontal(id="editor-buttons"):
                yield Button(_("Save (ctrl+s)"), variant="primary", id="editor-save")
                yield Button(_("Cancel (esc)"), id="editor-cancel")

    def on_mount(self) -> None:
        self.query_one("#editor-content" if self.retro else "#editor-purpose").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "editor-save":
            self.action_save()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        self.query_one("#editor-error", Label).update("")
        self.save(
            self.query_one("#editor-purpose", Input).value,
            self.query_one("#editor-date", Input).value.strip(),
            self.query_one("#editor-tags", Input).value.split(),
            self.query_one("#editor-content", TextArea).text,
        )

    @work(thread=True, exclusive=True, group="editor-save")
    def save(self, purpose: str, day: str, tags: list[str], content: str) -> None:
        from reflee.dates import parse_date

        try:
            today = self.reflee.today()  # the app's clock: 어제 and an empty date are read against it
            on = parse_date(day, today, field="entry_date") if day else (today if self.retro is None else None)
            with self.reflee.session() as s:
                if self.retro is None:
                    retro = s.retro.add(content, purpose=purpose, entry_date=on, tags=tags)
                else:
                    retro = s.retro.edit(self.retro.id, content=content, purpose=purpose, entry_date=on, set_tags=tags)
                job = s.feedback.job_for(retro.id, retro.version)
        except RefleeError as exc:
            self.app.call_from_thread(self.show_error, exc)
            return
        self.app.call_from_thread(self.dismiss, Saved(retro, job))

    def show_error(self, exc: RefleeError) -> None:
        field = exc.field or ""
        label = FIELD_LABELS.get(field.split(" ")[0], field)
        message = exc.message
        if not exc.field and ":" in message:  # a parser that names its field in the text ("--date: …")
            message = message.split(":", 1)[1].strip()
            label = FIELD_LABELS["date"] if "date" in exc.message.split(":", 1)[0] else label
        self.query_one("#editor-error", Label).update(f"⚠ {label}: {message}" if label else f"⚠ {message}")
        target = {"purpose": "#editor-purpose", "entry_date": "#editor-date", "tags": "#editor-tags"}.get(field)
        self.query_one(target or "#editor-content").focus()
