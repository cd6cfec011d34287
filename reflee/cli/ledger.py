"""`reflee ledger ...`: the household ledger (가계부): record, list, change and categorise transactions.

Reports and recurring charges are in the part ledger_report.py, import/export and import profiles in the part
ledger_io.py; this module composes them into the group. Output is printed by reflee.cli.views.ledger.
"""

from __future__ import annotations

from typing import Annotated

import typer

from reflee.cli import complete, ledger_fix, ledger_io, ledger_report
from reflee.cli.common import JsonOpt, LimitOpt, compose, emit, new_typer, parse_date_opt, session
from reflee.cli.fields import labels
from reflee.cli.kindflags import ExpenseOpt, IncomeOpt, kind_from
from reflee.cli.ledger_opts import (
    AccountOpt,
    CategoryOpt,
    DateOpt,
    FromOpt,
    IdArg,
    MemoOpt,
    MonthOpt,
    PayeeOpt,
    ToOpt,
)
from reflee.cli.views import ledger as views
from reflee.cli.views import ledger_fix as fix_views
from reflee.i18n import _

app = new_typer(_("The household ledger (가계부): income and expenses, categories, reports, CSV import and export."))


@app.command("add")
def add(
    ctx: typer.Context,
    amount: Annotated[
        list[str],
        typer.Argument(
            help=_(
                "How much: 12000, 12,000원, ₩12,000, 3만원, 3.5만, 1억 2천만원, $12.50, 12.50 USD "
                "(words may be given unquoted)."
            )
        ),
    ],
    category: CategoryOpt = None,
    memo: MemoOpt = None,
    payee: PayeeOpt = None,
    income: IncomeOpt = False,
    expense: ExpenseOpt = False,
    date_: DateOpt = None,
    account: AccountOpt = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", "-t", help=_("A tag; repeat for several."))] = None,
    no_suggest: Annotated[
        bool, typer.Option("--no-suggest", help=_("Do not pick a category from similar earlier transactions."))
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Record a transaction (an expense unless --income)."""
    result = session(ctx).ledger.add(
        " ".join(amount),
        kind=kind_from(income, expense) or "expense",
        category=category,
        memo=memo,
        payee=payee,
        on=parse_date_opt(date_, "--date"),
        account=account,
        tags=tag,
        suggest_category=not no_suggest,
    )
    emit(result, json_, views.added)


@app.command("list")
def list_(
    ctx: typer.Context,
    month: MonthOpt = None,
    from_: FromOpt = None,
    to: ToOpt = None,
    category: Annotated[
        str | None, typer.Option("--category", "-c", help=_("Only this category."), autocompletion=complete.categories)
    ] = None,
    account: Annotated[
        str | None, typer.Option("--account", "-a", help=_("Only this account."), autocompletion=complete.accounts)
    ] = None,
    kind: Annotated[str | None, typer.Option("--kind", help=_("Only 'income' or 'expense'."))] = None,
    search: Annotated[str | None, typer.Option("--search", "-s", help=_("Text in the memo or payee."))] = None,
    tag: Annotated[str | None, typer.Option("--tag", "-t", help=_("Only transactions with this tag."))] = None,
    limit: LimitOpt = None,
    deleted: Annotated[bool, typer.Option("--deleted", help=_("List deleted transactions instead."))] = False,
    json_: JsonOpt = False,
) -> None:
    """List transactions of a month (this month by default), newest first, with totals."""
    result = session(ctx).ledger.list(
        month=month,
        start=from_,
        end=to,
        kind=kind,
        category=category,
        account=account,
        text=search,
        tag=tag,
        limit=limit,
        deleted=deleted,
    )
    emit(result, json_, views.listing)


@app.command("show")
def show(ctx: typer.Context, ident: IdArg, json_: JsonOpt = False) -> None:
    """Show one transaction."""
    emit(session(ctx).ledger.get(ident), json_, views.shown)


@app.command("edit")
def edit(
    ctx: typer.Context,
    idents: Annotated[
        list[str],
        typer.Argument(
            help=_("One or more transaction IDs (the short IDs lists show); all change, or none does."),
            metavar="ID...",
        ),
    ],
    amount: Annotated[str | None, typer.Option("--amount", help=_("New amount (same forms as 'ledger add')."))] = None,
    category: CategoryOpt = None,
    memo: MemoOpt = None,
    payee: PayeeOpt = None,
    income: IncomeOpt = False,
    expense: ExpenseOpt = False,
    date_: DateOpt = None,
    account: AccountOpt = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", "-t", help=_("Add a tag; repeat for several."))] = None,
    untag: Annotated[list[str] | None, typer.Option("--untag", help=_("Remove a tag; repeat for several."))] = None,
    json_: JsonOpt = False,
) -> None:
    """Change one or more transactions; only the fields given change ('' clears memo, payee, account or category)."""
    changes = {
        "amount": amount,
        "kind": kind_from(income, expense),
        "category": category,
        "memo": memo,
        "payee": payee,
        "on": parse_date_opt(date_, "--date"),
        "account": account,
        "add_tags": tag,
        "remove_tags": untag,
    }
    ledger = session(ctx).ledger
    with labels(amount="--amount", ref="ID"):
        if len(idents) == 1:
            emit(ledger.edit(idents[0], **changes), json_, views.updated)
        else:
            emit(ledger.edit_many(idents, **changes), json_, fix_views.edited)


@app.command("rm")
def rm(ctx: typer.Context, ident: IdArg, json_: JsonOpt = False) -> None:
    """Delete a transaction (undo with 'ledger restore')."""
    emit(session(ctx).ledger.remove(ident), json_, views.removed)


@app.command("restore")
def restore(ctx: typer.Context, ident: IdArg, json_: JsonOpt = False) -> None:
    """Bring back a deleted transaction."""
    emit(session(ctx).ledger.restore(ident), json_, views.restored)


categories_app = typer.Typer(
    help=_("Categories with how many transactions use each; 'rename' renames or merges."),
    invoke_without_command=True,
    no_args_is_help=False,
    rich_markup_mode=None,
)
app.add_typer(categories_app, name="categories")


@categories_app.callback()
def categories(
    ctx: typer.Context,
    kind: Annotated[str | None, typer.Option("--kind", help=_("Only 'income' or 'expense' categories."))] = None,
    json_: JsonOpt = False,
) -> None:
    """List categories with their transaction counts and totals, most used first."""
    if ctx.invoked_subcommand is not None:
        return
    emit(session(ctx).ledger.categories(kind), json_, views.categories)


@categories_app.command("rename")
def rename(
    ctx: typer.Context,
    old: Annotated[
        str,
        typer.Argument(
            help=_("The category to rename (미분류 means uncategorized)."), autocompletion=complete.categories
        ),
    ],
    new: Annotated[
        str,
        typer.Argument(
            help=_("Its new name; an existing category merges the two."), autocompletion=complete.categories
        ),
    ],
    json_: JsonOpt = False,
) -> None:
    """Rename a category everywhere (transactions, budgets, import rules); renaming onto an existing one merges."""
    with labels(old="OLD", new="NEW"):
        result = session(ctx).ledger.rename_category(old, new)
    emit(result, json_, views.renamed)


compose(app, ledger_io.commands, ledger_report.commands, ledger_fix.commands)
