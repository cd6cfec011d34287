"""`reflee doctor`: is the model server there, does it have the model, does its context fit."""

from __future__ import annotations

import typer

from reflee.cli.common import JsonOpt, emit, session
from reflee.cli.views import models as views
from reflee.errors import ExitCode


def command(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Check the model server, the model and its context length; each problem with the command that fixes it."""
    report = session(ctx).models.doctor()
    emit(report, json_, views.doctor)
    if not report.ok:
        raise typer.Exit(int(ExitCode.UNAVAILABLE))
