"""`reflee policy match | recommend | remind | fav …`: which policies fit you, and your favourites.

Registered on the `reflee policy` group by reflee.cli.policy.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from reflee import output
from reflee.cli import policy_view
from reflee.cli.common import JsonOpt, new_typer, parse_date_opt, session

OnOpt = Annotated[
    str | None, typer.Option("--on", help="Judge ages and application periods as of this day (default today).")
]
IdArg = Annotated[str, typer.Argument(help="A policy ID (or prefix), a 온통청년 plcyNo or a 공공서비스 서비스ID.")]


def match(
    ctx: typer.Context,
    all_: Annotated[
        bool, typer.Option("--all", help="Also show policies you do not qualify for and closed ones.")
    ] = False,
    limit: Annotated[int | None, typer.Option("--limit", "-n", help="Show at most this many.", min=1)] = None,
    on: OnOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Policies that fit your profile, best first, with the reason for every condition."""
    run = session(ctx).policy.match(include_all=all_, on=parse_date_opt(on, "--on"), limit=limit)
    if json_:
        output.emit_json(run)
        return
    if run.counts["total"] == 0:
        output.info("No policies yet. Import some with: reflee policy import youthcenter.json")
        return
    policy_view.match_blocks(run.results)
    policy_view.run_summary(run, showing_all=all_)


def recommend(
    ctx: typer.Context,
    n: Annotated[int, typer.Option("-n", "--number", help="How many to recommend.", min=1)] = 5,
    on: OnOpt = None,
    json_: JsonOpt = False,
) -> None:
    """The few policies that fit you best right now."""
    run = session(ctx).policy.recommend(n, parse_date_opt(on, "--on"))
    if json_:
        output.emit_json(run)
        return
    if not run.results:
        output.info("Nothing to recommend yet: import policies (reflee policy import …) and fill in your profile.")
        return
    policy_view.match_blocks(run.results)
    policy_view.run_summary(run, showing_all=False)


def remind(
    ctx: typer.Context,
    days: Annotated[
        int | None,
        typer.Option(
            "--days", help="Remind of favourites closing within this many days (default: policy.remind_days).", min=0
        ),
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Raise a notification for each favourite closing soon (once per deadline; safe to run from cron)."""
    reminders = session(ctx).policy.remind(days)
    if json_:
        output.emit_json(reminders)
        return
    new = [r for r in reminders if r.new]
    for r in new:
        output.info(f"[yellow]알림[/] {output.escape(r.notification.title)}")
    if sys.stderr.isatty():  # under cron, silence when there is nothing new (no daily e-mail)
        output.info(
            f"{len(new)} new reminder{'s' if len(new) != 1 else ''} ({len(reminders) - len(new)} already raised)"
        )


fav_app = new_typer("Favourite policies (관심 정책): deadlines you want to be reminded of.")


@fav_app.command("add")
def fav_add(
    ctx: typer.Context,
    ident: IdArg,
    note: Annotated[str | None, typer.Option("--note", help="A note to keep with it.")] = None,
    json_: JsonOpt = False,
) -> None:
    """Add a policy to your favourites."""
    fav = session(ctx).policy.fav_add(ident, note)
    if json_:
        output.emit_json(fav)
    else:
        output.info(f"[green]★ Added[/] {output.escape(fav.policy.title)} ({policy_view.apply_label(fav.apply)})")


@fav_app.command("rm")
def fav_rm(ctx: typer.Context, ident: IdArg, json_: JsonOpt = False) -> None:
    """Remove a policy from your favourites."""
    fav = session(ctx).policy.fav_remove(ident)
    if json_:
        output.emit_json(fav)
    else:
        output.info(f"Removed {output.escape(fav.policy.title)} from favourites")


@fav_app.command("list")
def fav_list(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Your favourites, soonest deadline first (raises the reminders that are due)."""
    favs = session(ctx).policy.fav_list()
    if json_:
        output.emit_json(favs)
        return
    if not favs:
        output.info("No favourites yet. Add one with: reflee policy fav add ID")
        return
    policy_view.favorites_table(favs)
