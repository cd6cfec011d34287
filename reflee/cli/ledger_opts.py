"""Options shared by the ledger and budget commands (reflee.cli.ledger, its parts ledger_io and ledger_report,
and reflee.cli.budget), and the one helper they share: naming a field the way one command shows it."""

from __future__ import annotations

from typing import Annotated

import typer

from reflee.cli import complete
from reflee.i18n import _

IdArg = Annotated[str, typer.Argument(help=_("A transaction ID or any unambiguous prefix of it."))]
CategoryOpt = Annotated[
    str | None,
    typer.Option(
        "--category", "-c", help=_("Category (분류), e.g. 식비, 카페, 급여."), autocompletion=complete.categories
    ),
]
MemoOpt = Annotated[str | None, typer.Option("--memo", "-m", help=_("What it was for (메모)."))]
PayeeOpt = Annotated[
    str | None, typer.Option("--payee", "-p", help=_("Who was paid, or who paid you (가맹점/거래처)."))
]
AccountOpt = Annotated[
    str | None,
    typer.Option("--account", "-a", help=_("Account: 카드, 현금, 통장, ..."), autocompletion=complete.accounts),
]
DateOpt = Annotated[
    str | None, typer.Option("--date", "-d", help=_("The day: 2026-11-21, today, yesterday, 어제, '3일 전'."))
]
MonthOpt = Annotated[
    str | None,
    typer.Option("--month", help=_("A month: 2026-11, 11월, 지난달, last month, -1 … (default: this month).")),
]
FromOpt = Annotated[
    str | None, typer.Option("--from", help=_("First month (2026-01, 1월, -3 …) or day of the period."))
]
ToOpt = Annotated[str | None, typer.Option("--to", help=_("Last month (2026-11, 지난달 …) or day of the period."))]
CurrencyOpt = Annotated[
    str | None, typer.Option("--currency", help=_("Which currency to total (default: the ledger.currency setting)."))
]
