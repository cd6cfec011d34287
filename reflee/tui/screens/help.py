"""The help screen: every key, screen by screen (the footer shows the ones in reach)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from reflee.i18n import _

HELP = _("""# reflee

| key | |
|---|---|
| d r l p n o | dashboard · retrospects · ledger · policies · notifications · reports |
| ctrl+p | the command palette: every action by name |
| ? | this help · q quits |

**Retrospects** — `/` search as you type (Korean matches inside words) · `a` new · `e` edit ·
`f` ask for feedback (it streams in) · `esc` stops the model.
In the editor: `ctrl+s` saves, `esc` cancels; the date takes 어제, 3일 전, 2026-11-21.

**Ledger** — `[` `]` previous / next month · `t` this month · `a` add (3만원, 12,000원, $12.50) ·
`x` delete (asks) · `u` undo the last delete · `/` filter by category, payee or memo.

**Policies** — `1` 해당 · `2` 확인 필요 · `3` favourites · `4` closing soon · `0` all ·
`s` star a favourite · `e` edit your profile (the match is run again).

**Notifications** — `enter` marks one read · `A` marks all read.

**Reports** — `w` this week's report · `m` this month's (made now, so far) · the list shows the stored ones.
""")


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar = [("escape", "dismiss", _("Close")), ("question_mark", "dismiss", _("Close"))]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Markdown(HELP)

    def action_dismiss(self, result: object = None) -> None:  # type: ignore[override]
        self.dismiss(None)
