"""Options and helpers shared by every command (the sqlite-utils ``output_options`` idea)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from reflee.context import AppContext

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (stable keys, ISO dates) and nothing else.")]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
LimitOpt = Annotated[int | None, typer.Option("--limit", "-n", help="Show at most this many.", min=1)]


def app_context(ctx: typer.Context) -> AppContext:
    root = ctx.find_root()
    if root.obj is None:
        root.obj = AppContext.create()
    return root.obj


def parse_date_opt(value: str | None, field: str) -> date | None:
    if value is None:
        return None
    from reflee.dates import parse_date

    return parse_date(value, field=field)


def new_typer(help_text: str) -> typer.Typer:
    return typer.Typer(help=help_text, no_args_is_help=True, rich_markup_mode=None)
