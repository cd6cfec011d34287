"""`reflee index status | rebuild | run`: the embeddings index behind semantic search and chat."""

from __future__ import annotations

from typing import Annotated

import typer

from reflee.cancel import CancelToken
from reflee.cli.chat_opts import ctrl_c_cancels
from reflee.cli.common import JsonOpt, emit, new_typer, session
from reflee.cli.views import index as views
from reflee.cli.views.ledger import progress_bar
from reflee.i18n import N_, _

HELP = N_("The embeddings index for semantic search over retrospects: status, rebuild, run the queue.")
app = new_typer(_(HELP))


@app.command("status", help=_("How many retrospects have embeddings, the queue, and how vectors are searched."))
def status(ctx: typer.Context, json_: JsonOpt = False) -> None:
    emit(session(ctx).index.status(), json_, views.status)


@app.command("rebuild", help=_("Embed every retrospect without a current embedding (all of them with --all)."))
def rebuild(
    ctx: typer.Context,
    all_: Annotated[
        bool, typer.Option("--all", help=_("Embed every retrospect again, not only missing ones."))
    ] = False,
    json_: JsonOpt = False,
) -> None:
    token = CancelToken()
    with ctrl_c_cancels(token), progress_bar(_("Embedding")) as progress:
        result = session(ctx).index.rebuild(everything=all_, progress=progress, cancel=token)
    emit(result, json_, views.ran)


@app.command("run", help=_("Compute the queued embeddings (with --watch, keep waiting for new ones)."))
def run(
    ctx: typer.Context,
    watch: Annotated[bool, typer.Option("--watch", help=_("Keep running and embed new entries as they come."))] = False,
    json_: JsonOpt = False,
) -> None:
    token = CancelToken()
    with ctrl_c_cancels(token), progress_bar(_("Embedding")) as progress:
        result = session(ctx).index.run(progress=progress, cancel=token, watch=watch)
    emit(result, json_, views.ran)
