"""The interactive chat: a prompt that takes multi-line questions, streams each answer as Markdown, and knows
a few slash commands. Ctrl-C during an answer stops it (what came is kept, marked interrupted) and returns to
the prompt; Ctrl-C at the prompt clears the line; Ctrl-D or /exit leaves.

While it runs, a background worker computes queued embeddings (its own session and connection), so entries
written elsewhere become searchable by meaning during the conversation.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from typing import TYPE_CHECKING

from reflee import output
from reflee.cancel import CancelToken
from reflee.cli.chat_opts import ctrl_c_cancels
from reflee.cli.views import chat as views
from reflee.errors import RefleeError
from reflee.i18n import N_, _

if TYPE_CHECKING:
    from reflee.chat.models import ChatMessage, ChatSession
    from reflee.services import Services

COMMANDS = {
    "/help": N_("Show this list."),
    "/new": N_("Start a new session."),
    "/sessions": N_("List recent sessions."),
    "/model": N_("Show the model, or switch this session to another: /model NAME."),
    "/sources": N_("Every record given to the model for the last answer."),
    "/edit": N_("Write the next question in your editor ($EDITOR)."),
    "/exit": N_("Leave (Ctrl-D does too)."),
}


def _help() -> None:
    con = output.console()
    for name, text in COMMANDS.items():
        con.print(f"  [bold]{name}[/]  {_(text)}")
    con.print(
        "  "
        + _('End a line with \\ to go on to the next line, or put """ on a line of its own to start and end a block.')
    )


def read_question(prompt: str = "› ") -> str | None:
    """One question from the terminal (None at end of input). Multi-line with a trailing \\ or a \"\"\" block."""
    lines: list[str] = []
    block = False
    while True:
        try:
            line = input(prompt if not lines and not block else "… ")
        except EOFError:
            return None if not lines else "\n".join(lines)
        if line.strip() == '"""':
            if block:
                return "\n".join(lines)
            block = True
            continue
        if block:
            lines.append(line)
            continue
        if line.endswith("\\"):
            lines.append(line[:-1])
            continue
        lines.append(line)
        return "\n".join(lines)


class _EmbedWorker:
    """Computes queued embeddings in the background while the chat runs (stops quietly on any trouble)."""

    def __init__(self, context: Services) -> None:
        self.cancel = CancelToken()
        self.thread = threading.Thread(target=self._run, args=(context.fork(),), daemon=True, name="reflee-embed")

    def _run(self, context: Services) -> None:
        with context, contextlib.suppress(RefleeError, Exception):
            if context.settings.chat.embed_model:
                context.index.run(watch=True, cancel=self.cancel)

    def __enter__(self) -> _EmbedWorker:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.cancel.cancel()
        self.thread.join(5)


def repl(
    context: Services, *, continue_: bool = False, session_id: str | None = None, model: str | None = None
) -> None:
    chat = context.chat
    current: ChatSession | None = None
    if session_id:
        current = chat.get(session_id)
    elif continue_:
        current = chat.last()
    if current is not None and model:
        current = chat.set_model(current.id, model)
    con = output.console()
    shown_model = current.model if current else (model or chat.default_model)
    where = _("session {id}").format(id=current.short_id) if current else _("new session")
    con.print(
        f"[bold]reflee chat[/] · {output.escape(where)} · {output.escape(shown_model)} — "
        + _("/help for commands, /exit to leave")
    )
    if current is not None:
        views.conversation(chat.show(current.id))
    last: ChatMessage | None = None
    with _EmbedWorker(context):
        while True:
            try:
                text = read_question()
            except KeyboardInterrupt:
                con.print()
                con.print("[dim]" + _("(cleared; /exit to leave)") + "[/]")
                continue
            if text is None:
                con.print()
                return
            if not text.strip():
                continue
            word, _sep, rest = text.strip().partition(" ")
            if word.startswith("/"):
                if word in ("/exit", "/quit"):
                    return
                if word == "/help":
                    _help()
                elif word == "/new":
                    current, last = None, None
                    con.print(_("New session."))
                elif word == "/sessions":
                    views.sessions(chat.list(10))
                elif word == "/model":
                    if rest.strip():
                        model = rest.strip()
                        if current is not None:
                            current = chat.set_model(current.id, model)
                        con.print(_("Model: {model}").format(model=output.escape(model)))
                    else:
                        con.print(
                            _("Model: {model}").format(
                                model=output.escape(current.model if current else (model or chat.default_model))
                            )
                        )
                elif word == "/sources":
                    if last is None:
                        con.print(_("No answer yet."))
                    else:
                        views.all_sources(last)
                elif word == "/edit":
                    from reflee import editor

                    try:
                        text = editor.edit("", context.settings.editor_command()).strip()
                    except RefleeError as exc:
                        output.error_line(exc.describe())
                        continue
                    if text:
                        con.print(output.escape(text))
                        current, last = _ask(context, current, text, model)
                else:
                    con.print(_("Unknown command {name}; /help lists them.").format(name=word))
                continue
            current, last = _ask(context, current, text, model)


def _ask(
    context: Services, current: ChatSession | None, text: str, model: str | None
) -> tuple[ChatSession | None, ChatMessage | None]:
    token = CancelToken()
    try:
        with ctrl_c_cancels(token), views.AnswerStream() as stream:
            answer = context.chat.ask(
                text, session=current.id if current else None, model=model, on_token=stream, cancel=token
            )
    except RefleeError as exc:
        from reflee.cli.fields import label

        output.error_line(exc.describe(label(exc.field) if exc.field != "question" else None))
        from reflee.llm.errors import LLMError

        if current is None and isinstance(exc, LLMError):  # the question was saved in a new session: stay in it
            current = context.chat.last()
        return current, None
    views.answer_end(answer)
    sys.stdout.flush()
    return answer.session, answer.answer
