"""`reflee llm log`: what was asked of the model."""

from __future__ import annotations

import typer

from reflee.cli.common import JsonOpt, LimitOpt, emit, new_typer, session
from reflee.cli.views import models as views
from reflee.i18n import _

app = new_typer(_("The record of every model call."))


@app.command("log")
def log(ctx: typer.Context, limit: LimitOpt = 20, json_: JsonOpt = False) -> None:
    """Recent model calls: model, purpose, tokens, durations, and errors; messages and answers with --json."""
    emit(session(ctx).llm_log.recent(limit or 20), json_, views.calls)
