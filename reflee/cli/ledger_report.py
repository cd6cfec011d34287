"""`reflee ledger report` and `reflee ledger recurring`: totals, trends with terminal bars, subscriptions.

A part of the `reflee ledger` group: reflee.cli.ledger composes these commands into it.
"""

from __future__ import annotations

from typing import Annotated

import typer

from reflee.cli.common import JsonOpt, emit, part, session
from reflee.cli.ledger_opts import CurrencyOpt, FromOpt, MonthOpt, ToOpt
from reflee.cli.views import ledger_report as views
from reflee.i18n import _

commands = part()


@commands.command("report")
def report(
    ctx: typer.Context,
    month: MonthOpt = None,
    from_: FromOpt = None,
    to: ToOpt = None,
    by: Annotated[
        str, typer.Option("--by", help=_("Group rows by category (default), month or account."))
    ] = "category",
    currency: CurrencyOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Income, expense, net and savings rate for a period, grouped, with a month-by-month trend."""
    rep = session(ctx).reports.report(month=month, start=from_, end=to, by=by, currency=currency)
    emit(rep, json_, views.report)


@commands.command("recurring")
def recurring(
    ctx: typer.Context,
    months: Annotated[int, typer.Option("--months", help=_("How many months back to look (default 12)."))] = 12,
    min_months: Annotated[
        int, typer.Option("--min-months", help=_("Charged in at least this many months (default 3)."))
    ] = 3,
    currency: CurrencyOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Recurring charges: the same payee, a similar amount, about once a month (subscriptions, bills)."""
    reports = session(ctx).reports
    items = reports.recurring(months=months, currency=currency, min_months=min_months)
    emit(items, json_, lambda found: views.recurring(found, months, min_months, reports.expense_months))
