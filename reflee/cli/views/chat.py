"""How chat looks to people: the answer as it streams (Markdown on a terminal, plain text otherwise), its
sources as numbered footnotes, sessions, conversations and message search."""

from __future__ import annotations

import re
import sys
import time
from typing import TYPE_CHECKING, Any

from reflee import output
from reflee.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from reflee.chat.models import (
        Answer,
        ChatExport,
        ChatMessage,
        ChatSession,
        Conversation,
        MessageSearch,
        SessionList,
        Source,
    )

CITATION = re.compile(r"\[([a-z]:[0-9A-Za-z][0-9A-Za-z_.\-]*)\]")
KIND_LABELS = {
    "retro": N_("retrospect"),
    "txn": N_("transaction"),
    "money": N_("totals"),
    "budget": N_("budget"),
    "policy": N_("policy"),
    "profile": N_("profile"),
}


def footnotes(text: str, order: list[str]) -> str:
    """Citations as footnote numbers, ``[r:0195a3b2]`` -> ``[1]``, numbered as first seen."""

    def number(m: re.Match[str]) -> str:
        if m.group(1) not in order:
            order.append(m.group(1))
        return f"[{order.index(m.group(1)) + 1}]"

    return CITATION.sub(number, text)


class AnswerStream:
    """The model's answer as it arrives: re-rendered as Markdown (citations as footnote numbers) on a terminal,
    written through as plain text (citations as they are, for scripts) otherwise."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.tty = sys.stdout.isatty()
        self.live: Any = None
        self._last = 0.0

    def __enter__(self) -> AnswerStream:
        if self.tty:
            from rich.live import Live

            self.live = Live(
                self._render(), console=output.console(), refresh_per_second=10, vertical_overflow="visible"
            )
            self.live.__enter__()
        return self

    def _render(self) -> Any:
        from rich.markdown import Markdown

        return Markdown(footnotes("".join(self.parts), []) or " ")

    def __call__(self, piece: str) -> None:
        self.parts.append(piece)
        if self.live is not None:
            now = time.monotonic()
            if now - self._last > 0.08:
                self.live.update(self._render())
                self._last = now
        else:
            sys.stdout.write(piece)
            sys.stdout.flush()

    def __exit__(self, *exc: object) -> None:
        if self.live is not None:
            self.live.update(self._render())
            self.live.__exit__(None, None, None)
        elif self.parts and not "".join(self.parts).endswith("\n"):
            sys.stdout.write("\n")
            sys.stdout.flush()


def source_lines(sources: list[Source], text: str, *, numbered: bool) -> list[str]:
    order: list[str] = []
    footnotes(text, order)
    by_key = {s.key: s for s in sources}
    lines = []
    for i, key in enumerate(order, start=1):
        s = by_key.get(key)
        if s is None:
            continue
        label = " · ".join(
            x for x in (s.date, (_(KIND_LABELS[s.kind]) if s.kind in KIND_LABELS else s.kind), s.title) if x
        )
        lines.append((f"[{i}] " if numbered else "") + f"{key}  {label}")
    return lines


def answer_end(answer: Answer) -> None:
    """After the stream: the footnotes, how the answer ended, and notes (on stderr)."""
    msg = answer.answer
    lines = source_lines(msg.sources, msg.content, numbered=sys.stdout.isatty())
    if lines:
        con = output.console()
        con.print()
        con.print("[bold]" + _("Sources") + "[/]")
        for line in lines:
            con.print(output.escape(line))
    if msg.status == "interrupted":
        output.info("[yellow]" + _("(interrupted; what came so far is saved)") + "[/]")
    for note in answer.notices:
        output.info("[dim]" + output.escape(note) + "[/]")
    if "history_dropped" in answer.codes or "history_summarised" in answer.codes:
        output.info(
            "[dim]"
            + ngettext(
                "{count} older message did not fit the context window and was left out",
                "{count} older messages did not fit the context window and were left out",
                answer.context.get("history_dropped", 0),
            ).format(count=answer.context.get("history_dropped", 0))
            + (" " + _("(their summary was sent)") if answer.context.get("summary_sent") else "")
            + "[/]"
        )


def all_sources(msg: ChatMessage) -> None:
    """/sources: every record given to the model for the last answer, cited or not."""
    if not msg.sources:
        output.info(_("No records were given to the model for this answer."))
        return
    output.table(
        [_("Key"), _("Kind"), _("Date"), (_("Title"), {"overflow": "ellipsis", "ratio": 1}), _("Cited")],
        (
            [
                s.key,
                (_(KIND_LABELS[s.kind]) if s.kind in KIND_LABELS else s.kind),
                s.date,
                output.escape(s.title),
                "✓" if s.cited else "",
            ]
            for s in msg.sources
        ),
    )


def sessions(result: SessionList) -> None:
    if not result.sessions:
        output.info(_("No chat sessions yet. Start one with: reflee chat"))
        return
    output.table(
        [_("ID"), _("Updated"), _("Messages"), _("Model"), (_("Title"), {"overflow": "ellipsis", "ratio": 1})],
        (
            [s.short_id, output.local_time(s.updated_at), s.messages, output.escape(s.model), output.escape(s.title)]
            for s in result.sessions
        ),
    )


def conversation(conv: Conversation) -> None:
    con = output.console()
    s = conv.session
    con.print(f"[bold]{output.escape(s.title or s.short_id)}[/]  [dim]{s.short_id} · {output.escape(s.model)}[/]")
    for m in conv.messages:
        con.print()
        when = output.local_time(m.created_at)
        if m.role == "user":
            con.print(f"[bold cyan]{_('You')}[/] [dim]{when}[/]")
            con.print(output.escape(m.content))
            continue
        status = "" if m.status == "complete" else f" [yellow]({m.status})[/]"
        con.print(f"[bold green]reflee[/] [dim]{when}[/]{status}")
        con.print(output.escape(footnotes(m.content, [])))
        for line in source_lines(m.sources, m.content, numbered=True):
            con.print("[dim]" + output.escape(line) + "[/]")
        if m.error:
            con.print("[red]" + output.escape(m.error) + "[/]")


def session_line(verb: str, s: ChatSession) -> None:
    output.info(f"[green]{verb}[/] {s.short_id}: {output.escape(s.title)}")


def renamed(s: ChatSession) -> None:
    session_line(_("Renamed"), s)


def removed(s: ChatSession) -> None:
    session_line(_("Deleted chat session"), s)


def found(result: MessageSearch) -> None:
    if not result.hits:
        output.info(_("No messages match {query!r}.").format(query=result.query))
        return
    output.table(
        [_("Session"), _("When"), _("Who"), (_("Message"), {"overflow": "ellipsis", "ratio": 1})],
        (
            [h.session.short_id, output.local_time(h.message.created_at), h.message.role, output.escape(h.snippet)]
            for h in result.hits
        ),
    )


def exported(result: ChatExport) -> None:
    if result.path is None:
        sys.stdout.write(result.text)
        sys.stdout.flush()
    else:
        output.info(_("Wrote {path}").format(path=result.path))
