"""The feedback panel: the newest feedback of a retrospect, the answer as the model writes it, or the job's
state (queued / failed, with what to do)."""

from __future__ import annotations

import json
import re

from rich.text import Text
from textual.widgets import Static

from reflee.feedback.models import Feedback
from reflee.i18n import _

SECTIONS = (
    ("strengths", "잘한 점 Strengths"),
    ("weaknesses", "부족한 점 Weaknesses"),
    ("keep_doing", "계속할 점 Keep doing"),
    ("recommendations", "행동 교정 제안 Recommended changes"),
)
_SUMMARY = re.compile(r'"summary"\s*:\s*"((?:[^"\\]|\\.)*)')


def partial_summary(text: str) -> str:
    """The summary as far as it has been written in a JSON answer that is still arriving."""
    m = _SUMMARY.search(text)
    if not m:
        return ""
    raw = m.group(1)
    for cut in range(len(raw), max(len(raw) - 6, -1), -1):  # a cut escape at the end: drop it
        try:
            return str(json.loads(f'"{raw[:cut]}"'))
        except json.JSONDecodeError:
            continue
    return raw


class FeedbackPanel(Static):
    """Shows one retrospect's feedback; ``stream`` follows an answer as it arrives."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, classes="feedback")
        self.border_title = _("Feedback")
        self._streamed = ""

    def show_feedback(self, fb: Feedback | None, state: str | None = None, error: str | None = None) -> None:
        if fb is None:
            words = {
                "queued": _("Queued: the model will write it (reflee feedback run, or f to ask now)."),
                "running": _("Being written…"),
                "failed": _("Failed: {error}. Press f to try again.").format(error=error or "?"),
            }
            self.update(Text(words.get(state or "", _("No feedback yet. Press f to ask the model.")), style="dim"))
            return
        out = Text()
        out.append(fb.summary + "\n", style="bold")
        for key, label in SECTIONS:
            items = getattr(fb, key)
            if items:
                out.append("\n" + label + "\n", style="underline")
                for item in items:
                    out.append("• " + item + "\n")
        if fb.notice:
            out.append("\n" + fb.notice, style="yellow")
        self.update(out)

    def start_stream(self) -> None:
        self._streamed = ""
        self.update(Text(_("The model is writing…"), style="dim italic"))

    def add_token(self, piece: str) -> None:
        self._streamed += piece
        summary = partial_summary(self._streamed)
        self.update(Text(summary or _("The model is writing…"), style="italic"))
