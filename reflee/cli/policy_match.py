"""`reflee policy match | recommend | remind | fav …`: which policies fit you, and your favourites.

A part of the `reflee policy` group: reflee.cli.policy composes these commands (and the `fav` sub-group) into it.
Matching and listing favourites only read; reminders are raised by `policy remind` alone.
"""

from __future__ import annotations

from typing import Annotated

import typer

from reflee.cli.common import JsonOpt, emit, new_typer, parse_date_opt, part, session
from reflee.cli.policy_opts import IdArg, OnOpt
from reflee.cli.views import policy as views
from reflee.i18n import _

commands = part()


@commands.command("match")
def match(
    ctx: typer.Context,
    all_: Annotated[
        bool, typer.Option("--all", help=_("Also show policies you do not qualify for and closed ones."))
    ] = False,
    limit: Annotated[int | None, typer.Option("--limit", "-n", help=_("Show at most this many."), min=1)] = None,
    on: OnOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Policies that fit your profile, best first, with the reason for every condition."""
    run = session(ctx).policy.match(include_all=all_, on=parse_date_opt(on, "--on"), limit=limit)
    emit(run, json_, views.match_run)


@commands.command("recommend")
def recommend(
    ctx: typer.Context,
    n: Annotated[int, typer.Option("-n", "--number", help=_("How many to recommend."), min=1)] = 5,
    on: OnOpt = None,
    json_: JsonOpt = False,
) -> None:
    """The few policies that fit you best right now."""
    emit(session(ctx).policy.recommend(n, parse_date_opt(on, "--on")), json_, views.recommendation)


@commands.command("remind")
def remind(
    ctx: typer.Context,
    days: Annotated[
        int | None,
        typer.Option(
            "--days", help=_("Remind of favourites closing within this many days (default: policy.remind_days)."), min=0
        ),
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Raise a notification for each favourite closing soon (once per deadline; safe to run from cron)."""
    emit(session(ctx).policy.remind(days), json_, views.reminders)


fav_app = new_typer(_("Favourite policies (관심 정책): deadlines you want to be reminded of."))
commands.add_typer(fav_app, name="fav")


@fav_app.command("add")
def fav_add(
    ctx: typer.Context,
    ident: IdArg,
    note: Annotated[str | None, typer.Option("--note", help=_("A note to keep with it."))] = None,
    json_: JsonOpt = False,
) -> None:
    """Add a policy to your favourites."""
    emit(session(ctx).policy.fav_add(ident, note), json_, views.favorite_added)


@fav_app.command("rm")
def fav_rm(ctx: typer.Context, ident: IdArg, json_: JsonOpt = False) -> None:
    """Remove a policy from your favourites."""
    emit(session(ctx).policy.fav_remove(ident), json_, views.favorite_removed)


@fav_app.command("list")
def fav_list(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Your favourites, soonest deadline first (reminders come from 'policy remind')."""
    emit(session(ctx).policy.fav_list(), json_, views.favorites)
