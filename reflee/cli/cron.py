"""`reflee cron ...`: the unattended runner (feedback queue, reports, reminders) and its schedule."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from reflee.cli.common import JsonOpt, YesOpt, emit, new_typer, session
from reflee.cli.views import cron as views
from reflee.errors import ExitCode, UsageError
from reflee.i18n import _

app = new_typer(_("Run what is due unattended (feedback queue, reports, reminders) and schedule it."))
SystemdOpt = Annotated[
    bool, typer.Option("--systemd", help=_("A systemd user service and timer instead of a crontab line."))
]


def _at(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            _("cannot read {text} as a local time (try 2026-11-23T09:00)").format(text=repr(text)), field="at"
        ) from None


@app.command("run", help=_("Do what is due now; quiet on success, one line per problem on stderr."))
def run(
    ctx: typer.Context,
    at: Annotated[
        str | None,
        typer.Option("--at", help=_("Run as if it were this local time (YYYY-MM-DDTHH:MM), to try a schedule.")),
    ] = None,
    json_: JsonOpt = False,
) -> None:
    result = session(ctx).cron.run(_at(at))
    emit(result, json_, views.ran)
    if result.problems:
        raise typer.Exit(result.exit_code or int(ExitCode.ERROR))


@app.command("show", help=_("Print the crontab line and the equivalent systemd user service and timer."))
def show(ctx: typer.Context, json_: JsonOpt = False) -> None:
    emit(session(ctx).cron.schedule(), json_, views.schedule)


@app.command("install", help=_("Add the crontab line (or the systemd timer) after showing it."))
def install(ctx: typer.Context, systemd: SystemdOpt = False, yes: YesOpt = False, json_: JsonOpt = False) -> None:
    service = session(ctx).cron
    if not yes and not json_:
        views.schedule(service.schedule(), only="systemd" if systemd else "crontab")
        if not typer.confirm(_("Install it?"), default=True):
            raise typer.Abort()
    emit(service.install(systemd), json_, views.installed)


@app.command("uninstall", help=_("Remove exactly the line (or the timer) that 'cron install' added."))
def uninstall(ctx: typer.Context, systemd: SystemdOpt = False, json_: JsonOpt = False) -> None:
    emit(session(ctx).cron.uninstall(systemd), json_, views.installed)


@app.command("status", help=_("The last runs and what they did, and whether a schedule is installed."))
def status(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option("--limit", "-n", help=_("Show at most this many runs."), min=1)] = 10,
    json_: JsonOpt = False,
) -> None:
    emit(session(ctx).cron.status(limit), json_, views.status)
