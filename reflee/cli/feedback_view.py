"""Showing feedback to people: the formatted sections, and the live stream while it is written."""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from reflee import output
from reflee.feedback.models import FIELDS, LABELS


def render(fb: Any) -> None:
    con = output.console()
    esc = output.escape
    labels = LABELS.get(fb.language, LABELS["en"])
    con.print(f"[bold magenta]✦ {labels['summary']}[/]  [dim]{esc(fb.model)} · {fb.created_at[:10]}[/]")
    con.print(esc(fb.summary))
    for key in FIELDS[1:]:
        items = getattr(fb, key)
        if not items:
            continue
        con.print(f"\n[bold]{labels[key]}[/]")
        for item in items:
            con.print(f"  • {esc(item)}")
    if fb.notice:
        con.print(f"\n[yellow]※ {esc(fb.notice)}[/]")


_SUMMARY = re.compile(r'"summary"\s*:\s*"((?:[^"\\]|\\.)*)')


def partial_summary(text: str) -> str | None:
    """The summary as far as it has streamed, from a JSON answer that is still arriving."""
    m = _SUMMARY.search(text)
    if m is None:
        return None
    raw = m[1]
    while raw:
        try:
            return json.loads(f'"{raw}"')
        except ValueError:  # a half-received escape at the end
            raw = raw[:-1]
    return ""


class LiveTokens:
    """While the model writes, show the last lines of its answer (dimmed) on a terminal; nothing otherwise."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.parts: list[str] = []
        self.live: Any = None
        self.enabled = sys.stderr.isatty()

    def __enter__(self) -> LiveTokens:
        if self.enabled:
            from rich.live import Live

            self.live = Live(self._view(), console=output.err_console(), transient=True, refresh_per_second=12)
            self.live.__enter__()
        return self

    def _view(self) -> Any:
        from rich.text import Text

        text = "".join(self.parts)
        summary = partial_summary(text)
        shown = summary if summary is not None else text[-300:]
        return Text.assemble((f"{self.title} ", "bold"), (shown[-300:], "dim"))

    def __call__(self, piece: str) -> None:
        self.parts.append(piece)
        if self.live is not None:
            self.live.update(self._view())

    def __exit__(self, *exc: object) -> None:
        if self.live is not None:
            self.live.__exit__(None, None, None)
