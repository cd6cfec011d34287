"""`reflee feedback ...`: structured feedback on retrospects from the local model, and its queue."""

from __future__ import annotations

import functools
import sys
from typing import Annotated, Any

import typer

from reflee import output
from reflee.cli import feedback_eval
from reflee.cli.common import JsonOpt, compose, emit, new_typer, session
from reflee.cli.feedback_inline import run_inline
from reflee.cli.views import feedback as views
from reflee.errors import ExitCode, UsageError
from reflee.feedback.models import Outcome
from reflee.i18n import _

app = new_typer(_("Feedback on your retrospects from a local model: show, regenerate, run the queue."))
RetroIdArg = Annotated[str, typer.Argument(help=_("A retrospect ID or any unambiguous prefix of it."))]

__all__ = ["app", "run_inline"]


@app.command("show")
def show(
    ctx: typer.Context,
    ident: RetroIdArg,
    all_: Annotated[bool, typer.Option("--all", "-a", help=_("Show every earlier feedback too."))] = False,
    json_: JsonOpt = False,
) -> None:
    """Show the newest feedback on a retrospect (and its job's state)."""
    view = session(ctx).feedback.show(ident)
    emit(view, json_, functools.partial(views.show, all_=all_))
    if view.latest is None and not json_:
        raise typer.Exit(int(ExitCode.NOT_FOUND))


@app.command("regen")
def regen(
    ctx: typer.Context,
    ident: RetroIdArg,
    queue_only: Annotated[bool, typer.Option("--queue", help=_("Only queue it; 'feedback run' will do it."))] = False,
    json_: JsonOpt = False,
) -> None:
    """Ask for fresh feedback on a retrospect; earlier feedback stays in the history."""
    context = session(ctx)
    job_id = context.feedback.regen(ident)
    if queue_only:
        emit(Outcome(job_id, None, "queued", job_short_id=context.feedback.job_short_id(job_id)), json_, views.queued)
    else:
        emit(run_inline(context, job_id, quiet=json_), json_, views.regenerated)


@app.command("run")
def run(
    ctx: typer.Context,
    watch: Annotated[
        bool, typer.Option("--watch", "-w", help=_("Keep running and take new jobs as they come."))
    ] = False,
    concurrency: Annotated[
        int,
        typer.Option(
            "--concurrency", "-c", help=_("Jobs to run at once (match the server's parallel slots)."), min=1, max=64
        ),
    ] = 1,
    reclaim: Annotated[
        bool,
        typer.Option(
            "--reclaim",
            help=_("First take over every running job, whoever holds it (a worker that died on another machine)."),
        ),
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Process queued feedback jobs: progress bar on a terminal, quiet under cron.

    Exit 0 when the queue is worked through; 6 when the model server is unreachable (jobs stay queued);
    5 when some jobs failed this run (see 'reflee feedback status').
    """
    service = session(ctx).feedback
    progress: Any = None
    if sys.stderr.isatty() and not json_:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        waiting = service.status().counts["queued"]
        progress = Progress(
            TextColumn("[bold]feedback"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=output.err_console(), transient=False,
        )  # fmt: skip
        task = progress.add_task("feedback", total=waiting or None)
        progress.start()

    def on_outcome(o: Outcome) -> None:
        if progress is not None and o.state in ("done", "skipped", "failed"):
            progress.advance(task)

    try:
        summary = service.run_queue(concurrency, watch, on_outcome, reclaim=reclaim)
    except KeyboardInterrupt:
        output.info(_("Jobs in progress went back to the queue."))
        raise
    finally:
        if progress is not None:
            progress.stop()
    emit(summary, json_, views.run_summary)
    if summary.unreachable:
        output.error_line(_("{unreachable}; jobs stay queued").format(unreachable=summary.unreachable))
        raise typer.Exit(int(ExitCode.UNAVAILABLE))
    if summary.failed:
        output.error_line(
            _("{failed} feedback job(s) failed; see 'reflee feedback status'").format(failed=summary.failed)
        )
        raise typer.Exit(int(ExitCode.DATA))


@app.command("status")
def status(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Queued, running, done and failed feedback jobs, with the errors of failed ones."""
    emit(session(ctx).feedback.status(), json_, views.status)


@app.command("retry")
def retry(
    ctx: typer.Context,
    ident: Annotated[str | None, typer.Argument(help=_("A failed job's ID, or a retrospect ID."))] = None,
    failed: Annotated[bool, typer.Option("--failed", help=_("Retry every failed job."))] = False,
    json_: JsonOpt = False,
) -> None:
    """Queue failed feedback jobs again."""
    if not failed and ident is None:
        raise UsageError(_("give a job or retrospect ID, or --failed"))
    if failed and ident is not None:
        raise UsageError(_("give a job or retrospect ID, or --failed (not both)"))
    count = session(ctx).feedback.retry(ident, all_failed=failed)
    emit({"requeued": count}, json_, views.requeued)


compose(app, feedback_eval.commands)
