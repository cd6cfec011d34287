"""`reflee tui` (and `reflee` alone on a terminal): the interactive app."""

from __future__ import annotations

import typer

from reflee.cli.common import session


def command(ctx: typer.Context) -> None:
    """Open the interactive app: write, review, money, policies and notifications in one screen."""
    s = session(ctx)
    s.notify.unread_count()  # a cheap read opens (and migrates) the database: its errors print as usual
    from reflee.tui.app import run  # textual costs ~150 ms to import: only here

    run(s.paths, s.settings)
