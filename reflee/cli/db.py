"""`reflee db ...`: the SQLite file: where it is, its schema, backups and integrity."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reflee.cli.common import JsonOpt, emit, new_typer, session
from reflee.cli.views import db as views
from reflee.errors import ExitCode
from reflee.i18n import _

app = new_typer(_("The database file: path, status, backup and integrity check."))


@app.command("path")
def path(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Print where the database file lives."""
    emit(session(ctx).database.path(), json_, views.path)


@app.command("status")
def status(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Schema version, applied and pending migrations, and row counts."""
    emit(session(ctx).database.status(), json_, views.status)


@app.command("backup")
def backup(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help=_("Where to write the copy (must not exist)."))],
    json_: JsonOpt = False,
) -> None:
    """Copy the database with SQLite's online backup (safe while reflee is writing)."""
    emit(session(ctx).database.backup(file), json_, views.backed_up)


@app.command("check")
def check(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Run SQLite's integrity and foreign-key checks and the full-text index check."""
    result = session(ctx).database.check()
    emit(result, json_, views.check)
    if not result.ok:
        raise typer.Exit(int(ExitCode.STORAGE))
