"""Options shared by the retro commands (reflee.cli.retro and its part reflee.cli.retro_io)."""

from __future__ import annotations

from typing import Annotated

import typer

from reflee.cli import complete
from reflee.i18n import _

TagOpt = Annotated[
    list[str] | None, typer.Option("--tag", "-t", help=_("A tag; repeat for several."), autocompletion=complete.tags)
]
DateOpt = Annotated[
    str | None,
    typer.Option(
        "--date", "-d", help=_("The day it is about: 2026-11-21, today, yesterday, '3 days ago', 어제, '3일 전'.")
    ),
]
SinceOpt = Annotated[str | None, typer.Option("--since", help=_("Only entries on or after this date."))]
UntilOpt = Annotated[str | None, typer.Option("--until", help=_("Only entries on or before this date."))]
