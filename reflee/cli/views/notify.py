"""How notifications look in a terminal (the notify commands' views)."""

from __future__ import annotations

from typing import Any

from reflee import output


def notification_table(items: Any, *, unread: bool = False) -> None:
    """`notify list`: notifications, newest first (``unread``: only unread ones were asked for)."""
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


def unread_table(items: Any) -> None:
    notification_table(items, unread=True)


def marked_read(n: Any) -> None:
    output.info(f"Marked [bold]{n.short_id}[/] read: {output.escape(n.title)}")


def marked_all_read(result: dict[str, int]) -> None:
    output.info(f"Marked {result['marked_read']} notification(s) read.")
