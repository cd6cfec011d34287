"""Options and helpers shared by every command (the sqlite-utils ``output_options`` idea)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, TypeVar

import typer

from reflee.i18n import _
from reflee.services import Services

T = TypeVar("T")

JsonOpt = Annotated[bool, typer.Option("--json", help=_("Print JSON (stable keys, ISO dates) and nothing else."))]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help=_("Do not ask for confirmation."))]
LimitOpt = Annotated[int | None, typer.Option("--limit", "-n", help=_("Show at most this many."), min=1)]


def session(ctx: typer.Context) -> Services:
    """The command's session (opened by the root callback, closed when the command ends)."""
    root = ctx.find_root()
    if root.obj is None:
        from reflee import services

        root.obj = services.open()
        root.call_on_close(root.obj.close)
    return root.obj


RANGE_ENDS = {"--since": False, "--until": True}
"""Options that bound a range of days: a month given to them (지난달, 11월, -1) means its first or last day."""


def parse_date_opt(value: str | None, field: str) -> date | None:
    """A day as people write it (reflee.dates.parse_date); for --since / --until also a month."""
    if value is None:
        return None
    from reflee.dates import day_or_month, parse_date

    if field in RANGE_ENDS:
        return day_or_month(value, end=RANGE_ENDS[field], field=field)
    return parse_date(value, field=field)


def new_typer(help_text: str) -> typer.Typer:
    return typer.Typer(help=help_text, no_args_is_help=True, rich_markup_mode=None)


def part() -> typer.Typer:
    """The commands of one part of a group that spans several modules (``commands = part()``); the group's
    own module lists its parts with ``compose``. Parts never import their group, so there is no cycle."""
    return typer.Typer(rich_markup_mode=None)


def compose(app: typer.Typer, *parts: typer.Typer) -> typer.Typer:
    """Add every command and sub-group of ``parts`` to the group ``app``, in order."""
    for p in parts:
        app.registered_commands.extend(p.registered_commands)
        app.registered_groups.extend(p.registered_groups)
    return app


def emit(result: T, json_: bool, view: Callable[[T], None]) -> None:
    """The one output path: a command's result as JSON for scripts (``--json``), or through its view for
    people. Views live in reflee.cli.views and only print."""
    if json_:
        from reflee import output

        output.emit_json(result)
    else:
        view(result)
