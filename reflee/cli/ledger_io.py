"""`reflee ledger import`, `export` and `profiles`: bank CSV in (with saved rules), CSV / JSON / hledger out.

A part of the `reflee ledger` group: reflee.cli.ledger composes these commands into it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from reflee import output
from reflee.cli import complete
from reflee.cli.common import JsonOpt, emit, part, session
from reflee.cli.fields import labels
from reflee.cli.ledger_opts import FromOpt, MonthOpt, ToOpt
from reflee.cli.views import ledger as views
from reflee.i18n import _
from reflee.ledger.models import ImportSpec

commands = part()


def _col(flag: str, what: str):  # -> typer's OptionInfo
    return typer.Option(flag, help=_("Column for {what}: its header text or a 1-based number.").format(what=what))


@commands.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(help=_("A statement from your bank or card company: .csv (CP949 or UTF-8) or .xlsx."))
    ],
    profile: Annotated[
        str | None, typer.Option("--profile", help=_("Use a saved rules profile (mapping + rules)."))
    ] = None,
    save_profile: Annotated[
        str | None, typer.Option("--save-profile", help=_("Save this mapping and these rules under a name."))
    ] = None,
    date_col: Annotated[str | None, _col("--date-col", _("the date"))] = None,
    date_format: Annotated[
        str | None, typer.Option("--date-format", help=_("strptime format of the date, e.g. '%m/%d/%Y'."))
    ] = None,
    amount_col: Annotated[str | None, _col("--amount-col", _("one signed amount"))] = None,
    debit_col: Annotated[str | None, _col("--debit-col", _("money out (출금), an expense"))] = None,
    credit_col: Annotated[str | None, _col("--credit-col", _("money in (입금), income"))] = None,
    kind_col: Annotated[str | None, _col("--kind-col", _("income/expense words (수입/지출, 입금/출금)"))] = None,
    memo_col: Annotated[str | None, _col("--memo-col", _("the memo (several: comma-separated)"))] = None,
    payee_col: Annotated[str | None, _col("--payee-col", _("the payee (가맹점)"))] = None,
    account_col: Annotated[str | None, _col("--account-col", _("the account"))] = None,
    category_col: Annotated[str | None, _col("--category-col", _("the category"))] = None,
    currency_col: Annotated[str | None, _col("--currency-col", _("the currency code"))] = None,
    account: Annotated[
        str | None,
        typer.Option(
            "--account", "-a", help=_("Account for every row (e.g. 신한카드)."), autocompletion=complete.accounts
        ),
    ] = None,
    currency: Annotated[
        str | None, typer.Option("--currency", help=_("Currency of the amounts (default KRW)."))
    ] = None,
    positive: Annotated[
        str | None,
        typer.Option("--positive", help=_("What a positive amount is: income (default) or expense (card statements).")),
    ] = None,
    rule: Annotated[
        list[str] | None,
        typer.Option("--rule", "-r", help=_("'REGEX=CATEGORY': category for memos matching REGEX; repeatable.")),
    ] = None,
    encoding: Annotated[
        str | None, typer.Option("--encoding", help=_("utf-8, utf-8-sig, cp949 or euc-kr (default: detected)."))
    ] = None,
    delimiter: Annotated[
        str | None, typer.Option("--delimiter", help=_("',', ';', '|' or tab (default: detected)."))
    ] = None,
    skip: Annotated[
        int | None, typer.Option("--skip", min=0, help=_("Lines above the header to skip (default: header found)."))
    ] = None,
    no_header: Annotated[
        bool | None, typer.Option("--no-header", help=_("The file has no header row; columns are numbers."))
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", "-n", help=_("Show the parsed rows; change nothing."))] = False,
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help=_("Import the valid rows even if some rows are invalid."))
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Import a bank or card statement (.csv or .xlsx); rows imported before are skipped."""
    spec = ImportSpec(
        date=date_col,
        date_format=date_format,
        amount=amount_col,
        debit=debit_col,
        credit=credit_col,
        kind=kind_col,
        memo=memo_col,
        payee=payee_col,
        account=account_col,
        category=category_col,
        currency=currency_col,
        default_account=account,
        default_currency=currency,
        positive=positive,
        encoding=encoding,
        delimiter=delimiter,
        skip=skip,
        no_header=no_header or None,
    )
    with views.progress_bar(_("Importing {name}").format(name=file.name)) as progress:
        result = session(ctx).ledger.import_csv(
            file,
            spec,
            rules=rule or [],
            profile=profile,
            save_profile=save_profile,
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            progress=progress,
        )
    emit(result, json_, views.imported)
    if dry_run and result.failed:
        raise result.failure()
    if dry_run and save_profile:
        views.profile_not_saved()


@commands.command("export")
def export(
    ctx: typer.Context,
    format_: Annotated[str, typer.Option("--format", "-f", help=_("csv (default), json or hledger."))] = "csv",
    out: Annotated[Path | None, typer.Option("--output", "-o", help=_("Write to this file instead of stdout."))] = None,
    month: MonthOpt = None,
    from_: FromOpt = None,
    to: ToOpt = None,
    json_: Annotated[bool, typer.Option("--json", help=_("Same as --format json."))] = False,
) -> None:
    """Export transactions (all, or a period) as CSV, JSON or an hledger journal."""
    fmt = "json" if json_ else format_
    ledger = session(ctx).ledger
    if out is None:
        ledger.export(fmt, output.data_stream(), month=month, start=from_, end=to)
        sys.stdout.flush()
        return
    views.exported(ledger.export(fmt, out, month=month, start=from_, end=to))


profiles_app = typer.Typer(help=_("Saved CSV import profiles (column mapping + category rules)."), no_args_is_help=True)
commands.add_typer(profiles_app, name="profiles")


@profiles_app.command("list")
def profiles_list(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """List saved import profiles with their mapping and rules."""
    emit(session(ctx).ledger.profiles(), json_, views.profiles)


@profiles_app.command("rm")
def profiles_rm(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help=_("The profile's name."))],
    json_: JsonOpt = False,
) -> None:
    """Delete a saved import profile."""
    with labels(name="NAME"):
        result = session(ctx).ledger.delete_profile(name)
    emit(result, json_, views.profile_deleted)
