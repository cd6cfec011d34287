"""`reflee ask "QUESTION"`: one question about your own records, answered by the local model with sources."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from reflee.cancel import CancelToken
from reflee.cli.chat_opts import ContinueOpt, ModelOpt, SessionOpt, ctrl_c_cancels
from reflee.cli.common import JsonOpt, emit, session
from reflee.cli.fields import labels
from reflee.cli.views import chat as views
from reflee.errors import DataError, ExitCode, UsageError
from reflee.i18n import _

MAX_QUESTION_BYTES = 1_000_000


def _stdin() -> str:
    data = sys.stdin.buffer.read(MAX_QUESTION_BYTES + 1)
    if len(data) > MAX_QUESTION_BYTES:
        raise UsageError(_("more than 1 MB on stdin"), field="question (stdin)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(_("stdin: not valid UTF-8 (at byte {offset})").format(offset=exc.start)) from None


def command(
    ctx: typer.Context,
    question: Annotated[
        list[str], typer.Argument(help=_("The question ('-' reads it from stdin). Korean or English."))
    ],
    session_id: SessionOpt = None,
    continue_: ContinueOpt = False,
    model: ModelOpt = None,
    json_: JsonOpt = False,
) -> None:
    text = " ".join(question)
    source = "QUESTION"
    if text.strip() == "-":
        text, source = _stdin(), "question (stdin)"
    context = session(ctx)
    chat = context.chat
    ref = session_id
    if ref is None and continue_:
        last = chat.last()
        ref = last.id if last else None
    token = CancelToken()
    with labels(question=source), ctrl_c_cancels(token):
        if json_:
            answer = chat.ask(text, session=ref, model=model, cancel=token)
        else:
            with views.AnswerStream() as stream:
                answer = chat.ask(text, session=ref, model=model, on_token=stream, cancel=token)
    emit(answer, json_, views.answer_end)
    if answer.answer.status == "interrupted":
        raise typer.Exit(int(ExitCode.INTERRUPTED))


command.__doc__ = _(
    "Ask one question about your retrospects, money, policies or profile; the answer streams, with sources."
)
