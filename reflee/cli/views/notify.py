"""How notifications look in a terminal (the notify commands' views)."""

from __future__ import annotations

from typing import Any

from reflee import output
from reflee.i18n import _


def notification_table(items: Any, *, unread: bool = False) -> None:
    """`notify list`: notifications, newest first (``unread``: only unread ones were asked for)."""
    if not items:
        output.info(_("No unread notifications.") if unread else _("No notifications."))
        return
    esc = output.escape
    output.table(
        ["", "ID", _("When"), _("Kind"), (_("Title"), {"ratio": 1, "overflow": "fold"})],
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


def unread_table(items: Any) -> None:
    notification_table(items, unread=True)


def marked_read(n: Any) -> None:
    output.info(
        _("Marked [bold]{short_id}[/] read: {escape}").format(short_id=n.short_id, escape=output.escape(n.title))
    )


def marked_all_read(result: dict[str, int]) -> None:
    output.info(_("Marked {marked_read} notification(s) read.").format(marked_read=result["marked_read"]))
