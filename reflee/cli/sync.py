"""`reflee sync ...`: push local changes to the shared server; what is waiting; the push log."""

from __future__ import annotations

from typing import Annotated

import typer

from reflee.cli.common import JsonOpt, emit, new_typer, session
from reflee.cli.views import sync as views
from reflee.errors import ExitCode
from reflee.i18n import _

app = new_typer(_("Push your changes to the shared sync server: status, push, log."))


@app.command("push", help=_("Send what changed since the last push (exit 10 when some records were not sent)."))
def push(
    ctx: typer.Context,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help=_("Show what would be sent; send nothing, change nothing."))
    ] = False,
    only: Annotated[
        str | None,
        typer.Option("--only", help=_("Comma-separated: profile, ledger, budgets, favorites, retros, chat.")),
    ] = None,
    prefer: Annotated[
        str | None,
        typer.Option(
            "--prefer", help=_("Settle conflicts: local (send ours over the server's) or server (keep theirs).")
        ),
    ] = None,
    json_: JsonOpt = False,
) -> None:
    service = session(ctx).sync
    groups = only.split(",") if only is not None else None
    with views.progress_bar(_("pushing"), quiet=json_ or dry_run) as progress:
        result = service.push(only=groups, dry_run=dry_run, prefer=prefer, progress=progress)
    assert result is not None
    emit(result, json_, views.pushed)
    if not result.complete:
        raise typer.Exit(int(ExitCode.CONFLICT))


@app.command("status", help=_("Changes waiting by kind, what would leave this machine, the last push, the account."))
def status(ctx: typer.Context, json_: JsonOpt = False) -> None:
    emit(session(ctx).sync.status(), json_, views.status)


@app.command("log", help=_("Past pushes, newest first, with the records each could not send."))
def log(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option("--limit", "-n", help=_("Show at most this many pushes."), min=1)] = 10,
    json_: JsonOpt = False,
) -> None:
    emit(session(ctx).sync.log(limit), json_, views.push_log)
