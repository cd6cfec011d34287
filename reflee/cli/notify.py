"""`reflee notify ...`: what needs your attention (알림)."""

from __future__ import annotations

from typing import Annotated

import typer

from reflee.cli.common import JsonOpt, LimitOpt, emit, new_typer, session
from reflee.cli.views import notify as views
from reflee.errors import UsageError
from reflee.i18n import _

app = new_typer(_("Notifications (알림): budgets, deadlines, feedback, and what needs attention."))


@app.command("list")
def list_(
    ctx: typer.Context,
    unread: Annotated[bool, typer.Option("--unread", "-u", help=_("Only unread notifications."))] = False,
    limit: LimitOpt = None,
    json_: JsonOpt = False,
) -> None:
    """List notifications, newest first."""
    items = session(ctx).notify.list(unread=unread, limit=limit)
    emit(items, json_, views.unread_table if unread else views.notification_table)


@app.command("read")
def read(
    ctx: typer.Context,
    ident: Annotated[str | None, typer.Argument(help=_("A notification ID or unambiguous prefix."))] = None,
    all_: Annotated[bool, typer.Option("--all", "-a", help=_("Mark every notification read."))] = False,
    json_: JsonOpt = False,
) -> None:
    """Mark a notification (or --all) as read."""
    if all_ == (ident is not None):
        raise UsageError(_("give a notification ID or --all (not both)"))
    service = session(ctx).notify
    if all_:
        emit({"marked_read": service.read_all()}, json_, views.marked_all_read)
    else:
        assert ident is not None
        emit(service.read(ident), json_, views.marked_read)
