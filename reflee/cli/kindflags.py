"""`--income` and `--expense` as two flags, so that giving both is refused instead of the last one winning."""

from __future__ import annotations

from typing import Annotated

import typer

from reflee.errors import UsageError
from reflee.i18n import _

IncomeOpt = Annotated[bool, typer.Option("--income", help=_("Money coming in (수입)."))]
ExpenseOpt = Annotated[bool, typer.Option("--expense", help=_("Money going out (지출)."))]


def kind_from(income: bool, expense: bool) -> str | None:
    """'income', 'expense', or None when neither flag was given; both at once is a usage error (exit 2)."""
    if income and expense:
        raise UsageError(_("--income and --expense contradict each other; give one of them"))
    if income:
        return "income"
    return "expense" if expense else None
