"""`reflee feedback eval` and `reflee feedback evals`: measure a prompt template and a model on the bundled
evaluation set. A part of the `reflee feedback` group (reflee.cli.feedback composes it)."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from reflee import output
from reflee.cli.common import JsonOpt, emit, part, session
from reflee.cli.views import feedback_eval as views
from reflee.i18n import _

commands = part()


@commands.command(
    "eval",
    help=_(
        "Score a prompt template and a model on the bundled evaluation set (35 Korean and 10 English "
        "retrospects): schema, language, full sections, no repeats, grounded items, no prompt echo, length."
    ),
)
def eval_(
    ctx: typer.Context,
    template: Annotated[
        str | None,
        typer.Option("--template", "-t", help=_("v1, v2, user, or a template file (default: what feedback uses now).")),
    ] = None,
    model: Annotated[
        str | None, typer.Option("--model", "-m", help=_("The model to evaluate (default: llm.model)."))
    ] = None,
    compare: Annotated[
        str | None,
        typer.Option("--compare", help=_("Compare with template=NAME, model=NAME, or a stored run's ID.")),
    ] = None,
    judge: Annotated[
        str | None, typer.Option("--judge", help=_("Also grade each answer with this model and a written rubric."))
    ] = None,
    language: Annotated[str | None, typer.Option("--language", help=_("Only the ko or en entries."))] = None,
    limit: Annotated[int | None, typer.Option("--limit", "-n", help=_("Only the first N entries."), min=1)] = None,
    json_: JsonOpt = False,
) -> None:
    service = session(ctx).feedback
    progress: Any = None
    if sys.stderr.isatty() and not json_:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        progress = Progress(
            TextColumn("[bold]eval"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=output.err_console(), transient=True,
        )  # fmt: skip
        task = progress.add_task("eval", total=None)
        progress.start()

    def on_progress(done: int, total: int) -> None:
        if progress is not None:
            progress.update(task, completed=done, total=total)

    try:
        result = service.evaluate(
            template=template, model=model, compare=compare, judge=judge, language=language, limit=limit,
            progress=on_progress,
        )  # fmt: skip
    finally:
        if progress is not None:
            progress.stop()
    emit(result, json_, views.result)


@commands.command("evals", help=_("Stored eval runs, newest first; with a run's ID, that run's scores."))
def evals(
    ctx: typer.Context,
    ident: Annotated[str | None, typer.Argument(help=_("An eval run's ID (or a prefix of it)."))] = None,
    json_: JsonOpt = False,
) -> None:
    service = session(ctx).feedback
    if ident is None:
        emit(service.eval_runs(), json_, views.runs)
    else:
        emit(service.eval_show(ident), json_, views.result)
