"""Policies: matches with each condition's status and reason, filters (해당 / 확인 필요 / favourites / closing
soon), a favourite toggle, details with links, and the profile form whose changes run the match again."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Header, Label, Static, TextArea

from reflee.errors import AbortedError, RefleeError
from reflee.i18n import _

if TYPE_CHECKING:
    from reflee.policy.results import MatchResult
    from reflee.tui.app import RefleeApp

CLOSING_SOON_DAYS = 14
VERDICT = {
    "eligible": ("해당", "green"),
    "eligible_text": ("해당(글 확인)", "cyan"),
    "maybe": ("확인 필요", "yellow"),
    "ineligible": ("해당 없음", "red"),
}
STATUS = {"met": ("✓", "green"), "not_met": ("✗", "red"), "unknown": ("?", "yellow"), "text": ("¶", "cyan")}
FILTERS = {
    "all": _("all"),
    "eligible": "해당",
    "maybe": "확인 필요",
    "favorites": _("favourites"),
    "closing": _("closing soon"),
}


def keep(result: MatchResult, how: str) -> bool:
    if how == "eligible":
        return result.eligibility in ("eligible", "eligible_text")
    if how == "maybe":
        return result.eligibility == "maybe"
    if how == "favorites":
        return result.favorite
    if how == "closing":
        return result.apply.days_left is not None and result.apply.days_left <= CLOSING_SOON_DAYS
    return True


class ProfileScreen(ModalScreen[bool]):
    """The profile as `field = value` lines (the same text `reflee profile edit` opens)."""

    BINDINGS: ClassVar = [("ctrl+s", "save", _("Save")), ("escape", "cancel", _("Cancel"))]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    @property
    def reflee(self) -> RefleeApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Vertical(id="profile"):
            yield Label(_("Your profile: change a value, ctrl+s saves and runs the match again"))
            yield TextArea(self.text, id="profile-text")
            yield Label("", id="profile-error")

    def action_cancel(self) -> None:
        self.dismiss(False)

    def action_save(self) -> None:
        self.save(self.query_one(TextArea).text)

    @work(thread=True, exclusive=True, group="profile-save")
    def save(self, text: str) -> None:
        try:
            with self.reflee.session() as s:
                s.profile.update_from_text(text)
        except AbortedError:
            self.app.call_from_thread(self.dismiss, False)
            return
        except RefleeError as exc:
            self.app.call_from_thread(self.query_one("#profile-error", Label).update, "⚠ " + exc.describe())
            return
        self.app.call_from_thread(self.dismiss, True)


class PoliciesScreen(Screen[None]):
    BINDINGS: ClassVar = [
        ("1", "filter('eligible')", "해당"),
        ("2", "filter('maybe')", "확인 필요"),
        ("3", "filter('favorites')", _("Favourites")),
        ("4", "filter('closing')", _("Closing soon")),
        ("0", "filter('all')", _("All")),
        ("s", "star", _("Favourite")),
        ("e", "profile", _("Profile")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.results: list[MatchResult] = []
        self.shown: list[MatchResult] = []
        self.how = "all"

    @property
    def reflee(self) -> RefleeApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="policy-head")
        with Horizontal():
            yield DataTable(id="policy-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="policy-detail-box"):
                yield Static("", id="policy-detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("★", key="fav")
        table.add_column(_("Verdict"), key="verdict")
        table.add_column(_("Apply"), key="apply")
        table.add_column(_("Policy"), key="title")
        table.focus()
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="policy-load")
    def load(self, star: tuple[str, bool] | None = None) -> None:
        with self.reflee.session() as s:
            if star is not None:
                policy_id, on = star
                if on:
                    s.policy.fav_add(policy_id)
                else:
                    s.policy.fav_remove(policy_id)
            run = s.policy.match(on=self.reflee.today()) if s.policy.count() else None
        self.app.call_from_thread(self.show, run.results if run else [], run is None)

    def show(self, results: list[MatchResult], empty_store: bool) -> None:
        self.results = results
        self.refilter()
        if empty_store:
            self.query_one("#policy-detail", Static).update(
                Text(_("No policies yet: reflee policy import FILE (or policy fetch)."), style="dim")
            )

    def refilter(self) -> None:
        self.shown = [r for r in self.results if keep(r, self.how)]
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for r in self.shown:
            word, colour = VERDICT.get(r.eligibility, (r.eligibility, ""))
            due = r.apply.days_left
            apply = Text(
                f"D-{due}" if due is not None else (_("open") if r.apply.state == "open" else r.apply.state),
                style="red" if due is not None and due <= 7 else "",
            )
            table.add_row("★" if r.favorite else "", Text(word, style=colour), apply, r.policy.title, key=r.policy.id)
        counts = {k: sum(1 for r in self.results if keep(r, k)) for k in FILTERS}
        head = Text()
        for key, label in FILTERS.items():
            head.append(f" {label} {counts[key]} ", style="reverse" if key == self.how else "")
        self.query_one("#policy-head", Label).update(head)
        if self.shown:
            table.move_cursor(row=min(row, len(self.shown) - 1))
            self.detail(self.shown[table.cursor_row])
        else:
            self.query_one("#policy-detail", Static).update(Text(_("Nothing matches this filter."), style="dim"))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        r = next((x for x in self.shown if event.row_key and x.policy.id == event.row_key.value), None)
        if r is not None:
            self.detail(r)

    def detail(self, r: MatchResult) -> None:
        p = r.policy
        out = Text(p.title + "\n", style="bold")
        out.append(" · ".join(x for x in (p.category, p.org_name, p.region_scope) if x) + "\n", style="dim")
        if r.apply.deadline:
            out.append(_("Applications close {day}").format(day=r.apply.deadline) + "\n")
        out.append("\n")
        for c in r.conditions:
            mark, colour = STATUS.get(c.get("status", ""), ("·", ""))
            out.append(f"{mark} ", style=colour)
            out.append(f"{c.get('label', '')}: {c.get('reason', '')}\n")
        for line in r.deciding_lines:
            out.append("\n▸ " + _("The text decides: ") + line + "\n", style="cyan")
        for url in (p.detail_url, p.apply_url):
            if url:
                out.append("\n" + url, style=f"link {url}")
        self.query_one("#policy-detail", Static).update(out)

    def action_filter(self, how: str) -> None:
        self.how = how
        self.refilter()

    def action_star(self) -> None:
        table = self.query_one(DataTable)
        if self.shown and 0 <= table.cursor_row < len(self.shown):
            r = self.shown[table.cursor_row]
            self.load(star=(r.policy.id, not r.favorite))

    def action_profile(self) -> None:
        self.open_profile()

    @work(thread=True, exclusive=True, group="profile-open")
    def open_profile(self) -> None:
        with self.reflee.session() as s:
            text = s.profile.template()

        def saved(changed: bool | None) -> None:
            if changed:
                self.notify(_("Profile saved; matching again."))
                self.load()

        self.app.call_from_thread(self.app.push_screen, ProfileScreen(text), saved)
