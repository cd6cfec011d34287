"""Options shared by the policy commands (reflee.cli.policy and its part reflee.cli.policy_match)."""

from __future__ import annotations

from typing import Annotated

import typer

from reflee.i18n import _

OnOpt = Annotated[
    str | None, typer.Option("--on", help=_("Judge ages and application periods as of this day (default today)."))
]
IdArg = Annotated[str, typer.Argument(help=_("A policy ID (or prefix), a 온통청년 plcyNo or a 공공서비스 서비스ID."))]
