"""`reflee ledger ...`: the household ledger (가계부): record, list, change and categorise transactions.

Reports and recurring charges are in ledger_report.py, import/export in ledger_io.py; both add their
commands to this module's ``app`` when it is imported.
"""

from __future__ import annotations

from typing import Annotated

import typer

from reflee import output
from reflee.cli.common import JsonOpt, LimitOpt, new_typer, parse_date_opt, session

app = new_typer("The household ledger (가계부): income and expenses, categories, reports, CSV import and export.")

IdArg = Annotated[str, typer.Argument(help="A transaction ID or any unambiguous prefix of it.")]
CategoryOpt = Annotated[str | None, typer.Option("--category", "-c", help="Category (분류), e.g. 식비, 카페, 급여.")]
MemoOpt = Annotated[str | None, typer.Option("--memo", "-m", help="What it was for (메모).")]
PayeeOpt = Annotated[str | None, typer.Option("--payee", "-p", help="Who was paid, or who paid you (가맹점/거래처).")]
AccountOpt = Annotated[str | None, typer.Option("--account", "-a", help="Account: 카드, 현금, 통장, ...")]
DateOpt = Annotated[
    str | None, typer.Option("--date", "-d", help="The day: 2026-11-21, today, yesterday, 어제, '3일 전'.")
]
MonthOpt = Annotated[str | None, typer.Option("--month", help="A month, YYYY-MM (default: this month).")]
FromOpt = Annotated[str | None, typer.Option("--from", help="First month (YYYY-MM) or day of the period.")]
ToOpt = Annotated[str | None, typer.Option("--to", help="Last month (YYYY-MM) or day of the period.")]


def service(ctx: typer.Context):  # -> LedgerService with the configured default currency
    context = session(ctx)
    svc = context.ledger
    svc.default_currency = context.settings.ledger.currency
    return svc


def money(minor: int, currency: str, *, signed: bool = False) -> str:
    from reflee.ledger.amounts import format_money

    return format_money(minor, currency, signed=signed)


def width(texts) -> int:
    """Terminal cells of the widest text (Hangul is two cells wide)."""
    from rich.cells import cell_len

    return max((cell_len(t) for t in texts), default=0)


def plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def show_alerts(alerts: list[str]) -> None:
    for title in alerts:
        output.info(f"[yellow]알림[/] {output.escape(title)}")


def _describe(t) -> str:
    from reflee.ledger.fields import show_category

    what = " · ".join(x for x in (t.payee, t.memo) if x)
    kind = "income" if t.kind == "income" else "expense"
    return (
        f"{kind} [bold]{money(t.amount, t.currency)}[/] · {output.escape(show_category(t.category))}"
        + (f" · {output.escape(what)}" if what else "")
        + f" ({t.date}, [bold]{t.short_id}[/])"
    )


@app.command("add")
def add(
    ctx: typer.Context,
    amount: Annotated[
        list[str],
        typer.Argument(
            help="How much: 12000, 12,000원, ₩12,000, 3만원, 3.5만, 1억 2천만원, $12.50, 12.50 USD "
            "(words may be given unquoted)."
        ),
    ],
    category: CategoryOpt = None,
    memo: MemoOpt = None,
    payee: PayeeOpt = None,
    income: Annotated[
        bool, typer.Option("--income/--expense", help="Money coming in (수입) rather than going out (지출, default).")
    ] = False,
    date_: DateOpt = None,
    account: AccountOpt = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", "-t", help="A tag; repeat for several.")] = None,
    no_suggest: Annotated[
        bool, typer.Option("--no-suggest", help="Do not pick a category from similar earlier transactions.")
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Record a transaction (an expense unless --income)."""
    result = service(ctx).add(
        " ".join(amount),
        kind="income" if income else "expense",
        category=category,
        memo=memo,
        payee=payee,
        on=parse_date_opt(date_, "--date"),
        account=account,
        tags=tag,
        suggest_category=not no_suggest,
    )
    if json_:
        output.emit_json(result)
        return
    output.info(f"[green]Added[/] {_describe(result.txn)}")
    if result.suggestion:
        s = result.suggestion
        output.info(
            f"  category {output.escape(s.category)!s} suggested from an earlier {output.escape(s.matched)!r}"
            f" (change it with: reflee ledger edit {result.txn.short_id} --category …)"
        )
    show_alerts(result.alerts)


def print_list(result) -> None:
    from reflee.ledger.fields import show_account, show_category

    esc = output.escape
    txns = result.transactions
    amounts = [money(t.signed, t.currency, signed=True) for t in txns]
    output.table(
        [
            ("ID", {"no_wrap": True, "min_width": width(t.short_id for t in txns)}),
            ("Date", {"no_wrap": True, "min_width": 10}),
            ("Amount", {"justify": "right", "no_wrap": True, "min_width": width(amounts)}),
            (
                "Category",
                {
                    "no_wrap": True,
                    "min_width": min(16, width(["Category", *(show_category(t.category) for t in txns)])),
                },
            ),
            ("Account", {"no_wrap": True, "min_width": min(12, width(["Account", *(t.account for t in txns)]))}),
            ("Payee / memo", {"overflow": "ellipsis", "no_wrap": True, "ratio": 1, "min_width": 8}),
        ],
        (
            (
                f"[bold]{t.short_id}[/]",
                t.date,
                f"[green]{amount}[/]" if t.kind == "income" else amount,
                esc(show_category(t.category)),
                esc(show_account(t.account)) if t.account else "",
                esc(" · ".join(x for x in (t.payee, t.memo) if x))
                + (f" [cyan]{esc(' '.join('#' + g for g in t.tags))}[/]" if t.tags else ""),
            )
            for t, amount in zip(txns, amounts, strict=True)
        ),
    )
    for tot in result.totals:
        output.console().print(
            f"[bold]{result.first_day} – {result.last_day}[/] {tot.currency} ({plural(tot.count, 'transaction')}):"
            f" 수입 income {money(tot.income, tot.currency)}"
            f" · 지출 expense {money(tot.expense, tot.currency)}"
            f" · net {money(tot.net, tot.currency, signed=True)}"
        )


@app.command("list")
def list_(
    ctx: typer.Context,
    month: MonthOpt = None,
    from_: FromOpt = None,
    to: ToOpt = None,
    category: Annotated[str | None, typer.Option("--category", "-c", help="Only this category.")] = None,
    account: Annotated[str | None, typer.Option("--account", "-a", help="Only this account.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="Only 'income' or 'expense'.")] = None,
    search: Annotated[str | None, typer.Option("--search", "-s", help="Text in the memo or payee.")] = None,
    tag: Annotated[str | None, typer.Option("--tag", "-t", help="Only transactions with this tag.")] = None,
    limit: LimitOpt = None,
    deleted: Annotated[bool, typer.Option("--deleted", help="List deleted transactions instead.")] = False,
    json_: JsonOpt = False,
) -> None:
    """List transactions of a month (this month by default), newest first, with totals."""
    result = service(ctx).list(
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
    if json_:
        output.emit_json(result)
        return
    if not result.transactions:
        output.info(
            f"No transactions from {result.first_day} to {result.last_day}. Add one: reflee ledger add 4500 -c 카페"
        )
        return
    print_list(result)


@app.command("show")
def show(ctx: typer.Context, ident: IdArg, json_: JsonOpt = False) -> None:
    """Show one transaction."""
    txn = service(ctx).get(ident)
    if json_:
        output.emit_json(txn)
        return
    output.console().print(_describe(txn) + ("  [red](deleted)[/]" if txn.deleted_at else ""))
    for label, value in (("account", txn.account), ("tags", " ".join("#" + t for t in txn.tags))):
        if value:
            output.console().print(f"  {label}: {output.escape(value)}")


@app.command("edit")
def edit(
    ctx: typer.Context,
    ident: IdArg,
    amount: Annotated[str | None, typer.Option("--amount", help="New amount (same forms as 'ledger add').")] = None,
    category: CategoryOpt = None,
    memo: MemoOpt = None,
    payee: PayeeOpt = None,
    income: Annotated[
        bool | None, typer.Option("--income/--expense", help="Make it income (수입) or an expense (지출).")
    ] = None,
    date_: DateOpt = None,
    account: AccountOpt = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", "-t", help="Add a tag; repeat for several.")] = None,
    untag: Annotated[list[str] | None, typer.Option("--untag", help="Remove a tag; repeat for several.")] = None,
    json_: JsonOpt = False,
) -> None:
    """Change a transaction; only the fields given change ('' clears memo, payee, account or category)."""
    result = service(ctx).edit(
        ident,
        amount=amount,
        kind=None if income is None else ("income" if income else "expense"),
        category=category,
        memo=memo,
        payee=payee,
        on=parse_date_opt(date_, "--date"),
        account=account,
        add_tags=tag,
        remove_tags=untag,
    )
    if json_:
        output.emit_json(result)
        return
    output.info(f"[green]Updated[/] {_describe(result.txn)}")
    show_alerts(result.alerts)


@app.command("rm")
def rm(ctx: typer.Context, ident: IdArg, json_: JsonOpt = False) -> None:
    """Delete a transaction (undo with 'ledger restore')."""
    txn = service(ctx).remove(ident)
    if json_:
        output.emit_json(txn)
        return
    output.info(f"Deleted {_describe(txn)}; undo with: reflee ledger restore {txn.short_id}")


@app.command("restore")
def restore(ctx: typer.Context, ident: IdArg, json_: JsonOpt = False) -> None:
    """Bring back a deleted transaction."""
    txn = service(ctx).restore(ident)
    if json_:
        output.emit_json(txn)
        return
    output.info(f"[green]Restored[/] {_describe(txn)}")


categories_app = typer.Typer(
    help="Categories with how many transactions use each; 'rename' renames or merges.",
    invoke_without_command=True,
    no_args_is_help=False,
    rich_markup_mode=None,
)
app.add_typer(categories_app, name="categories")


@categories_app.callback()
def categories(
    ctx: typer.Context,
    kind: Annotated[str | None, typer.Option("--kind", help="Only 'income' or 'expense' categories.")] = None,
    json_: JsonOpt = False,
) -> None:
    """List categories with their transaction counts and totals, most used first."""
    if ctx.invoked_subcommand is not None:
        return
    counts = service(ctx).categories(kind)
    if json_:
        output.emit_json(counts)
        return
    if not counts:
        output.info("No transactions yet. Add one: reflee ledger add 4500 -c 카페")
        return
    output.table(
        ["Category", "Kind", ("Count", {"justify": "right"}), ("Total", {"justify": "right"}), "Last used"],
        ((output.escape(c.category), c.kind, c.count, money(c.total, c.currency), c.last_date) for c in counts),
    )


@categories_app.command("rename")
def rename(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(help="The category to rename (미분류 means uncategorized).")],
    new: Annotated[str, typer.Argument(help="Its new name; an existing category merges the two.")],
    json_: JsonOpt = False,
) -> None:
    """Rename a category everywhere (transactions, budgets, import rules); renaming onto an existing one merges."""
    result = service(ctx).rename_category(old, new)
    if json_:
        output.emit_json(result)
        return
    verb = "Merged" if result.merged else "Renamed"
    output.info(
        f"[green]{verb}[/] {output.escape(result.old)} → {output.escape(result.new)}: "
        f"{plural(result.transactions, 'transaction')}, {plural(result.budgets_moved, 'budget')}, "
        f"{plural(result.rules, 'import rule')}"
        + (
            f" ({result.budgets_dropped} budgets of {output.escape(result.old)} dropped: "
            f"{output.escape(result.new)} already had one for those months)"
            if result.budgets_dropped
            else ""
        )
    )


from reflee.cli import ledger_io, ledger_report  # noqa: E402, F401  (they add their commands to ``app``)
