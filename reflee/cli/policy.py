"""`reflee policy ...`: youth and government policies (청년정책 · 공공서비스) — import, find, match, favourites.

This module holds import, list, search and show; the part reflee.cli.policy_match adds match, recommend,
remind and the `fav` group, and reflee.cli.policy_fetch adds fetch, changes and fetch-log (composed at the end).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated

import typer

from reflee import output
from reflee.cli import policy_fetch, policy_match
from reflee.cli.common import JsonOpt, compose, emit, new_typer, parse_date_opt, session
from reflee.cli.policy_opts import IdArg, OnOpt
from reflee.cli.views import policy as views
from reflee.i18n import _

app = new_typer(_("Youth and government policies (청년정책 · 공공서비스): import, find, match against your profile."))


Tick = Callable[[int, int], None]


@contextmanager
def _progress_bar() -> Iterator[tuple[Tick | None, Tick | None]]:
    """(reading, writing) callbacks of a progress bar on a terminal's stderr (gone when done), each stage with its
    own count of records; (None, None) elsewhere. Until the files are loaded a spinner says so."""
    if not sys.stderr.isatty():
        yield None, None
        return
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn

    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), console=output.err_console(), transient=True
    ) as bar:
        task = bar.add_task(_("loading the files…"), total=None)

        def stage(description: str) -> Tick:
            def tick(done: int, total: int) -> None:
                count = _("{done}/{total}").format(done=f"{done:,}", total=f"{total:,}")
                bar.update(task, description=f"{description} {count}", completed=done, total=total)

            return tick

        yield stage(_("checking records")), stage(_("saving records"))


@app.command("import")
def import_(
    ctx: typer.Context,
    files: Annotated[
        list[str],
        typer.Argument(
            help=_(
                "온통청년 getPlcy JSON, 공공서비스 serviceList + supportConditions JSON (give both), or reflee's "
                "policies JSON; '-' reads stdin."
            )
        ),
    ],
    json_: JsonOpt = False,
) -> None:
    """Import policies; the same source ID updates the stored policy. Unreadable records are reported."""
    sources: list[str | tuple[str, bytes]] = [("stdin", sys.stdin.buffer.read()) if f == "-" else f for f in files]
    service = session(ctx).policy
    with _progress_bar() as (reading, progress):
        report = service.import_(sources, progress, reading=reading)
    views.import_notes(report)  # on stderr, with or without --json
    emit(report, json_, views.import_summary)


@app.command("list")
def list_(
    ctx: typer.Context,
    category: Annotated[
        str | None,
        typer.Option(
            "--category", "-c", help=_("Only this 분야: 일자리, 주거, 교육·직업훈련, 금융·복지·문화, 참여·기반, …")
        ),
    ] = None,
    open_: Annotated[bool, typer.Option("--open", help=_("Only policies taking applications now."))] = False,
    source: Annotated[str | None, typer.Option("--source", help=_("Only this source: youth, gov24, …"))] = None,
    limit: Annotated[int | None, typer.Option("--limit", "-n", help=_("Show at most this many."), min=1)] = None,
    on: OnOpt = None,
    json_: JsonOpt = False,
) -> None:
    """List stored policies, newest first."""
    listing = session(ctx).policy.list(
        category=category, open_only=open_, source=source, limit=limit, on=parse_date_opt(on, "--on")
    )
    emit(listing, json_, views.policy_list)


@app.command("search")
def search(
    ctx: typer.Context,
    query: Annotated[list[str], typer.Argument(help=_("Words to find (all must match); Korean matches by substring."))],
    limit: Annotated[int, typer.Option("--limit", "-n", help=_("Show at most this many."), min=1)] = 20,
    json_: JsonOpt = False,
) -> None:
    """Search titles, descriptions, targets and agencies, best matches first."""
    emit(session(ctx).policy.search(" ".join(query), limit=limit), json_, views.search_hits)


@app.command("show")
def show(ctx: typer.Context, ident: IdArg, on: OnOpt = None, json_: JsonOpt = False) -> None:
    """Show one policy: what it offers, who it is for, whether it fits you, how and when to apply."""
    emit(session(ctx).policy.show(ident, parse_date_opt(on, "--on")), json_, views.policy_detail)


compose(app, policy_match.commands, policy_fetch.commands)
