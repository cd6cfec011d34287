"""Options shared by the ledger and budget commands (reflee.cli.ledger, its parts ledger_io and ledger_report,
and reflee.cli.budget), and the one helper they share: naming a field the way one command shows it."""

from __future__ import annotations

from typing import Annotated

import typer

from reflee.cli import complete

IdArg = Annotated[str, typer.Argument(help="A transaction ID or any unambiguous prefix of it.")]
CategoryOpt = Annotated[
    str | None,
    typer.Option(
        "--category", "-c", help="Category (분류), e.g. 식비, 카페, 급여.", autocompletion=complete.categories
    ),
]
MemoOpt = Annotated[str | None, typer.Option("--memo", "-m", help="What it was for (메모).")]
PayeeOpt = Annotated[str | None, typer.Option("--payee", "-p", help="Who was paid, or who paid you (가맹점/거래처).")]
AccountOpt = Annotated[
    str | None, typer.Option("--account", "-a", help="Account: 카드, 현금, 통장, ...", autocompletion=complete.accounts)
]
DateOpt = Annotated[
    str | None, typer.Option("--date", "-d", help="The day: 2026-11-21, today, yesterday, 어제, '3일 전'.")
]
MonthOpt = Annotated[str | None, typer.Option("--month", help="A month, YYYY-MM (default: this month).")]
FromOpt = Annotated[str | None, typer.Option("--from", help="First month (YYYY-MM) or day of the period.")]
ToOpt = Annotated[str | None, typer.Option("--to", help="Last month (YYYY-MM) or day of the period.")]
CurrencyOpt = Annotated[
    str | None, typer.Option("--currency", help="Which currency to total (default: the ledger.currency setting).")
]
