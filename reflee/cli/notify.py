"""`reflee notify ...`: what needs your attention (알림)."""

from __future__ import annotations

from typing import Annotated

import typer

from reflee import output
from reflee.cli.common import JsonOpt, LimitOpt, new_typer, session
from reflee.errors import UsageError

app = new_typer("Notifications (알림): budgets, deadlines, feedback, and what needs attention.")


@app.command("list")
def list_(
    ctx: typer.Context,
    unread: Annotated[bool, typer.Option("--unread", "-u", help="Only unread notifications.")] = False,
    limit: LimitOpt = None,
    json_: JsonOpt = False,
) -> None:
    """List notifications, newest first."""
    items = session(ctx).notify.list(unread=unread, limit=limit)
    if json_:
        output.emit_json(items)
        return
    if not items:
        output.info("No unread notifications." if unread else "No notifications.")
        return
    esc = output.escape
    output.table(
        ["", "ID", "When", "Kind", ("Title", {"ratio": 1, "overflow": "fold"})],
        (
            (
                "[bold yellow]●[/]" if n.unread else " ",
                n.short_id,
                output.local_time(n.created_at),
                esc(n.kind),
                esc(n.title) + (f"\n[dim]{esc(n.body)}[/]" if n.body else ""),
            )
            for n in items
        ),
    )


@app.command("read")
def read(
    ctx: typer.Context,
    ident: Annotated[str | None, typer.Argument(help="A notification ID or unambiguous prefix.")] = None,
    all_: Annotated[bool, typer.Option("--all", "-a", help="Mark every notification read.")] = False,
    json_: JsonOpt = False,
) -> None:
    """Mark a notification (or --all) as read."""
    service = session(ctx).notify
    if all_ == (ident is not None):
        raise UsageError("give a notification ID or --all (not both)")
    if all_:
        count = service.read_all()
        if json_:
            output.emit_json({"marked_read": count})
        else:
            output.info(f"Marked {count} notification(s) read.")
        return
    assert ident is not None
    n = service.read(ident)
    if json_:
        output.emit_json(n)
    else:
        output.info(f"Marked [bold]{n.short_id}[/] read: {output.escape(n.title)}")
