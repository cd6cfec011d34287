"""`reflee report ...`: weekly and monthly growth reports, made once per period and kept."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reflee.cli.common import JsonOpt, LimitOpt, emit, new_typer, session
from reflee.cli.fields import labels
from reflee.cli.views import report as views
from reflee.i18n import _

app = new_typer(_("Weekly and monthly growth reports from your retrospects, money and policies."))

PeriodOpt = Annotated[
    str | None,
    typer.Option(
        "--period",
        "-p",
        help=_(
            "Which week or month: 2026-W47, 2026-11, last week, 지난주, this month, 이번 달 … "
            "(default: the last complete one)."
        ),
    ),
]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help=_("md (default), html or json."))]
OutOpt = Annotated[Path | None, typer.Option("--out", "-o", help=_("Also write the report in --format to this file."))]
ForceOpt = Annotated[bool, typer.Option("--force", help=_("Make it again even if this period's report exists."))]
NoLlmOpt = Annotated[bool, typer.Option("--no-llm", help=_("Skip the narrative from the local model."))]
RawOpt = Annotated[bool, typer.Option("--raw", help=_("Print the Markdown source instead of rendering it."))]
IdArg = Annotated[str, typer.Argument(help=_("A report ID (or prefix), or its period: 2026-W47, 2026-11."))]


def _make(
    ctx: typer.Context,
    kind: str,
    period: str | None,
    fmt: str,
    out: Path | None,
    force: bool,
    no_llm: bool,
    raw: bool,
    json_: bool,
) -> None:
    result = session(ctx).growth.make(kind, period, fmt=fmt, out=out, force=force, no_llm=no_llm)
    emit(result, json_, views.saved if out is not None else (views.raw if raw else views.content))


@app.command("weekly", help=_("Make (or show again) the report of a week."))
def weekly(
    ctx: typer.Context,
    period: PeriodOpt = None,
    fmt: FormatOpt = "md",
    out: OutOpt = None,
    force: ForceOpt = False,
    no_llm: NoLlmOpt = False,
    raw: RawOpt = False,
    json_: JsonOpt = False,
) -> None:
    _make(ctx, "weekly", period, fmt, out, force, no_llm, raw, json_)


@app.command("monthly", help=_("Make (or show again) the report of a month."))
def monthly(
    ctx: typer.Context,
    period: PeriodOpt = None,
    fmt: FormatOpt = "md",
    out: OutOpt = None,
    force: ForceOpt = False,
    no_llm: NoLlmOpt = False,
    raw: RawOpt = False,
    json_: JsonOpt = False,
) -> None:
    _make(ctx, "monthly", period, fmt, out, force, no_llm, raw, json_)


@app.command("list", help=_("List the stored reports, newest period first."))
def list_(
    ctx: typer.Context,
    kind: Annotated[str | None, typer.Option("--kind", help=_("Only weekly or monthly reports."))] = None,
    limit: LimitOpt = None,
    json_: JsonOpt = False,
) -> None:
    emit(session(ctx).growth.list(kind, limit), json_, views.table)


@app.command("show", help=_("Show a stored report (never remade); Markdown is rendered for the terminal."))
def show(ctx: typer.Context, ident: IdArg, fmt: FormatOpt = "md", raw: RawOpt = False, json_: JsonOpt = False) -> None:
    with labels(ident="ID"):
        result = session(ctx).growth.show(ident, fmt)
    emit(result, json_, views.raw if raw else views.content)


@app.command("open", help=_("Open a stored report in the browser (the HTML file, or --format md)."))
def open_(
    ctx: typer.Context,
    ident: IdArg,
    fmt: Annotated[str, typer.Option("--format", "-f", help=_("html (default) or md."))] = "html",
    json_: JsonOpt = False,
) -> None:
    with labels(ident="ID"):
        result = session(ctx).growth.path(ident, fmt)
    path = result.files[fmt]
    emit(result, json_, views.opened)
    typer.launch(path)
