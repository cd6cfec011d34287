"""`reflee policy fetch | changes | fetch-log`: keep policies current from the live APIs, and what changed.

A part of the `reflee policy` group (composed in reflee.cli.policy). Fetching is an explicit write step: it
updates policies and raises notifications; `changes` and `fetch-log` only read.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated

import typer

from reflee import output
from reflee.cli.common import JsonOpt, emit, parse_date_opt, part, session
from reflee.cli.views import policy_collect as views
from reflee.i18n import _

commands = part()

SourceOpt = Annotated[
    str | None, typer.Option("--source", help=_("Only this source: youth (온통청년) or gov24 (공공서비스)."))
]


@contextmanager
def _progress_bar() -> Iterator[Callable[[int, int | None], None] | None]:
    """Pages read, on a terminal's stderr (gone when done); nothing under cron or with output redirected."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn(_("fetching")), BarColumn(), MofNCompleteColumn(), console=output.err_console(), transient=True
    ) as bar:
        task = bar.add_task("fetch", total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


@commands.command(
    "fetch", help=_("Fetch policies from the 온통청년 and 공공서비스 APIs with your keys, and log what changed.")
)
def fetch(
    ctx: typer.Context,
    source: Annotated[
        str, typer.Option("--source", help=_("Which API to read: youth (온통청년), gov24 (공공서비스) or all."))
    ] = "all",
    since: Annotated[
        str | None,
        typer.Option(
            "--since", help=_("Read 공공서비스 services changed since this day (default: since the last fetch).")
        ),
    ] = None,
    full: Annotated[
        bool, typer.Option("--full", help=_("Read every record (finds policies that were withdrawn)."))
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help=_("Read and compare, show what would change, write nothing."))
    ] = False,
    from_file: Annotated[
        list[str] | None,
        typer.Option(
            "--from-file",
            help=_("Read this downloaded API response instead of the API (repeatable)."),
        ),
    ] = None,
    json_: JsonOpt = False,
) -> None:
    with _progress_bar() as progress:
        result = session(ctx).collector.fetch(
            source, since=parse_date_opt(since, "--since"), full=full, dry_run=dry_run, files=from_file,
            progress=progress,
        )  # fmt: skip
    emit(result, json_, views.fetch_result)
    if result.error is not None:
        raise result.error


@commands.command(
    "changes",
    help=_("What fetches found: new and withdrawn policies, and changed deadlines, ages, income and regions."),
)
def changes(
    ctx: typer.Context,
    since: Annotated[str | None, typer.Option("--since", help=_("Only changes found on or after this day."))] = None,
    source: SourceOpt = None,
    limit: Annotated[int | None, typer.Option("--limit", "-n", help=_("Show at most this many."), min=1)] = None,
    json_: JsonOpt = False,
) -> None:
    listing = session(ctx).collector.changes(since=parse_date_opt(since, "--since"), source=source, limit=limit)
    emit(listing, json_, views.change_list)


@commands.command(
    "fetch-log", help=_("Each fetch run: source, time, pages, records read / new / changed / removed, errors.")
)
def fetch_log(
    ctx: typer.Context,
    source: SourceOpt = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help=_("Show at most this many runs."), min=1)] = 20,
    json_: JsonOpt = False,
) -> None:
    emit(session(ctx).collector.fetch_log(source=source, limit=limit), json_, views.fetch_log)
