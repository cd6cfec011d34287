"""`reflee ledger categorize`: fix categories after an import, by rules, over the transactions a filter picks.

(`ledger edit` on many IDs is in reflee.cli.ledger.) Output is printed by reflee.cli.views.ledger_fix.
"""

from __future__ import annotations

from typing import Annotated

import typer

from reflee.cli.common import JsonOpt, emit, new_typer, session
from reflee.cli.fields import labels
from reflee.cli.ledger_opts import FromOpt, MonthOpt, ToOpt
from reflee.cli.views import ledger_fix as views
from reflee.i18n import _

commands = new_typer("")


@commands.command(
    "categorize",
    help=_(
        "Re-apply category rules to transactions already saved: the saved import profiles' rules, or --rule. "
        "--dry-run shows what would change."
    ),
)
def categorize(
    ctx: typer.Context,
    rule: Annotated[
        list[str] | None,
        typer.Option("--rule", "-r", help=_("A one-off rule 'REGEX=CATEGORY' on memo or payee; repeat for several.")),
    ] = None,
    profile: Annotated[
        str | None, typer.Option("--profile", help=_("Use the rules of this saved import profile only."))
    ] = None,
    month: MonthOpt = None,
    start: FromOpt = None,
    end: ToOpt = None,
    payee: Annotated[str | None, typer.Option("--payee", "-p", help=_("Only payees containing this text."))] = None,
    memo: Annotated[
        str | None, typer.Option("--memo", "-m", help=_("Only memos matching this pattern (a regular expression)."))
    ] = None,
    category: Annotated[
        str | None, typer.Option("--category", "-c", help=_("Only transactions now in this category."))
    ] = None,
    uncategorized: Annotated[
        bool, typer.Option("--uncategorized", "-u", help=_("Only transactions without a category (미분류)."))
    ] = False,
    kind: Annotated[str | None, typer.Option("--kind", help=_("Only 'income' or 'expense'."))] = None,
    all_: Annotated[bool, typer.Option("--all", help=_("Every transaction (when no other filter is given)."))] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=_("Show what would change; change nothing."))] = False,
    json_: JsonOpt = False,
) -> None:
    from reflee.ledger.fix_models import Selection

    selection = Selection(month, start, end, payee, memo, category, uncategorized, kind, all_)
    with labels(rules="--rule", selection="--month/--payee/--memo/--uncategorized/--all", start="--from", end="--to"):
        result = session(ctx).ledger.categorize(selection, rules=rule or [], profile=profile, dry_run=dry_run)
    emit(result, json_, views.categorized)
