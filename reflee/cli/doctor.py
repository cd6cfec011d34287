"""`reflee doctor`: is the model server there, does it have the model, does its context fit."""

from __future__ import annotations

import typer

from reflee import output
from reflee.cli.common import JsonOpt, session
from reflee.cli.model import model_service
from reflee.errors import ExitCode


def command(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Check the model server, the model and its context length; each problem with the command that fixes it."""
    context = session(ctx)
    failed = context.feedback.status().counts["failed"]
    checks = model_service(ctx).doctor(failed_jobs=failed)
    bad = any(c.status == "fail" for c in checks)
    if json_:
        output.emit_json({"ok": not bad, "checks": checks})
    else:
        marks = {"ok": "[green]✓[/]", "warn": "[yellow]![/]", "fail": "[red]✗[/]"}
        con = output.console()
        for c in checks:
            con.print(f"{marks[c.status]} [bold]{c.name}[/]: {output.escape(c.detail)}")
            if c.fix and c.status != "ok":
                con.print(f"    fix: [bold]{output.escape(c.fix)}[/]")
    if bad:
        raise typer.Exit(int(ExitCode.UNAVAILABLE))
