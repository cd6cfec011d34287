"""`reflee ledger import`, `export` and `profiles`: bank CSV in (with saved rules), CSV / JSON / hledger out."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from reflee import output
from reflee.cli.common import JsonOpt
from reflee.cli.ledger import FromOpt, MonthOpt, ToOpt, app, money, service, show_alerts
from reflee.errors import DataError, UsageError

PREVIEW_ROWS = 100


def _col(flag: str, what: str):
    return typer.Option(flag, help=f"Column for {what}: its header text or a 1-based number.")


@contextmanager
def _progress(label: str):
    """A Rich progress bar on stderr when it is a terminal; otherwise no output at all."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=output.err_console(),
        transient=True,
    ) as bar:
        tasks: dict[str, int] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(f"{label}: {stage}", total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A CSV file from your bank or card company.")],
    profile: Annotated[
        str | None, typer.Option("--profile", help="Use a saved rules profile (mapping + rules).")
    ] = None,
    save_profile: Annotated[
        str | None, typer.Option("--save-profile", help="Save this mapping and these rules under a name.")
    ] = None,
    date_col: Annotated[str | None, _col("--date-col", "the date")] = None,
    date_format: Annotated[
        str | None, typer.Option("--date-format", help="strptime format of the date, e.g. '%m/%d/%Y'.")
    ] = None,
    amount_col: Annotated[str | None, _col("--amount-col", "one signed amount")] = None,
    debit_col: Annotated[str | None, _col("--debit-col", "money out (출금), an expense")] = None,
    credit_col: Annotated[str | None, _col("--credit-col", "money in (입금), income")] = None,
    kind_col: Annotated[str | None, _col("--kind-col", "income/expense words (수입/지출, 입금/출금)")] = None,
    memo_col: Annotated[str | None, _col("--memo-col", "the memo (several: comma-separated)")] = None,
    payee_col: Annotated[str | None, _col("--payee-col", "the payee (가맹점)")] = None,
    account_col: Annotated[str | None, _col("--account-col", "the account")] = None,
    category_col: Annotated[str | None, _col("--category-col", "the category")] = None,
    currency_col: Annotated[str | None, _col("--currency-col", "the currency code")] = None,
    account: Annotated[
        str | None, typer.Option("--account", "-a", help="Account for every row (e.g. 신한카드).")
    ] = None,
    currency: Annotated[str | None, typer.Option("--currency", help="Currency of the amounts (default KRW).")] = None,
    positive: Annotated[
        str | None,
        typer.Option("--positive", help="What a positive amount is: income (default) or expense (card statements)."),
    ] = None,
    rule: Annotated[
        list[str] | None,
        typer.Option("--rule", "-r", help="'REGEX=CATEGORY': category for memos matching REGEX; repeatable."),
    ] = None,
    encoding: Annotated[
        str | None, typer.Option("--encoding", help="utf-8, utf-8-sig, cp949 or euc-kr (default: detected).")
    ] = None,
    delimiter: Annotated[
        str | None, typer.Option("--delimiter", help="',', ';', '|' or tab (default: detected).")
    ] = None,
    skip: Annotated[
        int | None, typer.Option("--skip", min=0, help="Lines above the header to skip (default: header found).")
    ] = None,
    no_header: Annotated[
        bool | None, typer.Option("--no-header", help="The file has no header row; columns are numbers.")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", "-n", help="Show the parsed rows; change nothing.")] = False,
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="Import the valid rows even if some rows are invalid.")
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Import a bank or card CSV; rows imported before (also from overlapping statements) are skipped."""
    from reflee.ledger.csvimport import parse_rule
    from reflee.ledger.csvspec import ImportSpec

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
    rules = [parse_rule(r) for r in rule or []]
    with _progress(f"Importing {file.name}") as progress:
        result = (
            service(ctx)
            .importer()
            .run(
                file,
                spec,
                rules=rules,
                profile=profile,
                save_profile=None if dry_run else save_profile,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
                progress=progress,
            )
        )
    failed = bool(result.errors) and not skip_invalid
    if json_:
        output.emit_json(result)
    elif dry_run:
        _preview(result)
    else:
        output.info(
            f"[green]Imported[/] {result.added} new transactions from {output.escape(result.file)} "
            f"({result.encoding}); {result.duplicates} already imported, {result.invalid} invalid skipped."
        )
        if result.saved_profile:
            output.info(f"Saved profile {output.escape(result.saved_profile)!r}: reuse it with --profile.")
        show_alerts(result.alerts)
    if dry_run and failed:
        raise DataError(result.failure().replace("nothing was imported", "a real import would import nothing"))
    if dry_run and save_profile:
        output.info("(dry run: the profile was not saved)")


def _preview(result) -> None:
    from reflee.ledger.fields import show_category

    esc = output.escape
    rows = result.preview[:PREVIEW_ROWS]
    output.table(
        [
            ("Line", {"justify": "right"}),
            "Date",
            ("Amount", {"justify": "right"}),
            "Category",
            "Account",
            ("Payee / memo", {"overflow": "ellipsis", "no_wrap": True, "ratio": 1}),
            "Status",
        ],
        (
            (
                r.line,
                r.date,
                money(r.amount if r.kind == "income" else -r.amount, r.currency, signed=r.kind == "income"),
                esc(show_category(r.category)),
                esc(r.account),
                esc(" · ".join(x for x in (r.payee, r.memo) if x)),
                "[dim]duplicate[/]" if r.status == "duplicate" else "[green]new[/]",
            )
            for r in rows
        ),
    )
    if len(result.preview) > PREVIEW_ROWS:
        output.info(f"… {len(result.preview) - PREVIEW_ROWS} more rows (--json shows all)")
    for err in result.errors[:20]:
        output.info(f"[red]invalid[/] {esc(str(err))}")
    output.info(
        f"Dry run ({result.encoding}): {result.added} would be added, {result.duplicates} already imported, "
        f"{result.invalid} invalid. Nothing was changed."
    )


@app.command("export")
def export(
    ctx: typer.Context,
    format_: Annotated[str, typer.Option("--format", "-f", help="csv (default), json or hledger.")] = "csv",
    out: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    month: MonthOpt = None,
    from_: FromOpt = None,
    to: ToOpt = None,
    json_: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
) -> None:
    """Export transactions (all, or a period) as CSV, JSON or an hledger journal."""
    fmt = "json" if json_ else format_
    svc = service(ctx)
    if out is None:
        svc.export(fmt, sys.stdout, month=month, start=from_, end=to)
        sys.stdout.flush()
        return
    tmp = out.with_name(out.name + ".tmp")
    try:
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            count = svc.export(fmt, fh, month=month, start=from_, end=to)
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UsageError(f"--output: cannot write {out}: {exc.strerror}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    output.info(f"Exported {count} transactions to {output.escape(str(out))} ({fmt}).")


profiles_app = typer.Typer(help="Saved CSV import profiles (column mapping + category rules).", no_args_is_help=True)
app.add_typer(profiles_app, name="profiles")


@profiles_app.command("list")
def profiles_list(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """List saved import profiles with their mapping and rules."""
    items = service(ctx).importer().profiles()
    if json_:
        output.emit_json(items)
        return
    if not items:
        output.info("No saved profiles. Save one with: reflee ledger import FILE … --save-profile 신한카드")
        return
    esc = output.escape
    output.table(
        ["Name", ("Mapping", {"ratio": 1}), "Rules"],
        (
            (
                esc(p.name),
                esc(", ".join(f"{k}={v}" for k, v in sorted(p.mapping.items()))),
                esc("\n".join(f"/{pat}/ → {cat}" for pat, cat in p.rules)),
            )
            for p in items
        ),
    )


@profiles_app.command("rm")
def profiles_rm(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The profile's name.")],
    json_: JsonOpt = False,
) -> None:
    """Delete a saved import profile."""
    service(ctx).importer().delete_profile(name)
    if json_:
        output.emit_json({"deleted": name})
        return
    output.info(f"Deleted profile {output.escape(name)!r}.")
