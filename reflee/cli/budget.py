"""`reflee budget ...`: monthly budgets (예산) per category and in total, against what was spent."""

from __future__ import annotations

from typing import Annotated

import typer

from reflee.cli import complete
from reflee.cli.common import JsonOpt, emit, new_typer, session
from reflee.cli.fields import labels
from reflee.cli.views import budget as views
from reflee.i18n import _

app = new_typer(_("Monthly budgets (예산) per category and in total: set them, and see what is left."))


@app.command("set")
def set_(
    ctx: typer.Context,
    category: Annotated[
        str,
        typer.Argument(
            help=_("A category, or 'total' (전체) for the overall monthly budget."),
            autocompletion=complete.budget_categories,
        ),
    ],
    amount: Annotated[str, typer.Argument(help=_("The monthly amount: 50만원, 500,000, $300. 0 removes the budget."))],
    month: Annotated[
        str | None,
        typer.Option(
            "--month", help=_("First month it applies to: 2026-11, 11월, 이번 달, -1 … (default: this month).")
        ),
    ] = None,
    rollover: Annotated[
        bool | None,
        typer.Option(
            "--rollover/--no-rollover", help=_("Carry unspent budget into the next month (default: unchanged).")
        ),
    ] = None,
    new: Annotated[
        bool, typer.Option("--new", help=_("Start a new category even when its name is close to one you use."))
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Set a monthly budget; it carries forward to later months until you set it again."""
    with labels(category="CATEGORY"):
        result = session(ctx).budget.set_budget(category, amount, month=month, rollover=rollover, new=new)
    emit(result, json_, views.budget_set)


@app.command("show")
def show(
    ctx: typer.Context,
    month: Annotated[
        str | None,
        typer.Option("--month", help=_("A month: 2026-11, 11월, 지난달, last month, -1 … (default: this month).")),
    ] = None,
    currency: Annotated[
        str | None, typer.Option("--currency", help=_("Budgets in this currency (default: ledger.currency)."))
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Budget, spent, remaining and % used per category and in total, with bars; over-budget is flagged."""
    emit(session(ctx).budget.show(month, currency), json_, views.budgets)
