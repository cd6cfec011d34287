"""`reflee chat`: an interactive chat about your own records; `chat list | show | rename | rm | export | search`
for the sessions kept."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from reflee.cli.chat_opts import ContinueOpt, ModelOpt, SessionOpt
from reflee.cli.common import JsonOpt, LimitOpt, emit, session
from reflee.cli.fields import labels
from reflee.cli.views import chat as views
from reflee.i18n import N_, _

HELP = N_("Chat with a local model about your own retrospects, money, policies and profile, with sources.")
app = typer.Typer(help=_(HELP), invoke_without_command=True, no_args_is_help=False, rich_markup_mode=None)

IdArg = Annotated[str, typer.Argument(help=_("A chat session ID or any unambiguous prefix of it."))]


@app.callback(help=_(HELP) + "\n\n" + _("Without a sub-command: an interactive chat (type /help inside)."))
def chat(
    ctx: typer.Context,
    continue_: ContinueOpt = False,
    session_id: SessionOpt = None,
    model: ModelOpt = None,
) -> None:
    if ctx.invoked_subcommand is not None:
        return
    from reflee.cli.chat_repl import repl  # the interactive loop loads only when chatting

    repl(session(ctx), continue_=continue_, session_id=session_id, model=model)


@app.command("list", help=_("List chat sessions, most recent first."))
def list_(ctx: typer.Context, limit: LimitOpt = None, json_: JsonOpt = False) -> None:
    emit(session(ctx).chat.list(limit), json_, views.sessions)


@app.command("show", help=_("Show a chat session: every question and answer, with sources."))
def show(ctx: typer.Context, ident: IdArg, json_: JsonOpt = False) -> None:
    with labels(session="ID"):
        emit(session(ctx).chat.show(ident), json_, views.conversation)


@app.command("rename", help=_("Give a chat session a new title."))
def rename(
    ctx: typer.Context,
    ident: IdArg,
    title: Annotated[str, typer.Argument(help=_("The new title."))],
    json_: JsonOpt = False,
) -> None:
    with labels(session="ID", title="TITLE"):
        emit(session(ctx).chat.rename(ident, title), json_, views.renamed)


@app.command("rm", help=_("Delete a chat session (kept in the file with a tombstone)."))
def rm(ctx: typer.Context, ident: IdArg, json_: JsonOpt = False) -> None:
    with labels(session="ID"):
        emit(session(ctx).chat.remove(ident), json_, views.removed)


class ExportFormat(StrEnum):
    md = "md"
    json = "json"


@app.command("export", help=_("Export a chat session as Markdown (citations as footnotes) or JSON."))
def export(
    ctx: typer.Context,
    ident: IdArg,
    format_: Annotated[ExportFormat, typer.Option("--format", "-f", help=_("md (Markdown) or json."))] = (
        ExportFormat.md
    ),
    output_: Annotated[
        Path | None, typer.Option("--output", "-o", help=_("Write to this file instead of stdout."), dir_okay=False)
    ] = None,
) -> None:
    chat = session(ctx).chat
    with labels(session="ID"):
        if output_ is None or str(output_) == "-":
            result = chat.export(ident, format_.value)
        else:
            result = chat.export_to_file(ident, format_.value, output_)
    views.exported(result)


@app.command("search", help=_("Search every past question and answer (all words must match)."))
def search(
    ctx: typer.Context,
    query: Annotated[list[str], typer.Argument(help=_("Words to find; Korean matches by substring."))],
    limit: Annotated[int, typer.Option("--limit", "-n", help=_("Show at most this many."), min=1)] = 20,
    json_: JsonOpt = False,
) -> None:
    emit(session(ctx).chat.search(" ".join(query), limit=limit), json_, views.found)
