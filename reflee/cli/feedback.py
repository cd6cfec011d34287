"""`reflee feedback ...`: structured feedback on retrospects from the local model, and its queue."""

from __future__ import annotations

from typing import Annotated

import typer

from reflee import output
from reflee.cli.common import JsonOpt, new_typer, session
from reflee.cli.feedback_view import LiveTokens, render
from reflee.errors import ExitCode, UsageError

app = new_typer("Feedback on your retrospects from a local model: show, regenerate, run the queue.")
RetroIdArg = Annotated[str, typer.Argument(help="A retrospect ID or any unambiguous prefix of it.")]


def run_inline(context, job_id: str, *, quiet: bool = False):
    """Generate feedback for one job now, streaming on a terminal. Returns the Outcome; never raises for
    model trouble (the job stays queued or failed, and one line says why)."""
    processor = context.feedback_processor()
    with LiveTokens("피드백 작성 중 · writing feedback…") as live:
        outcome = processor.run_job(context.conn, job_id, on_token=None if quiet else live)
    if outcome.state in ("queued", "failed") and outcome.error:
        what = "feedback queued" if outcome.state == "queued" else "feedback failed"
        fix = outcome.hint or ("run 'reflee feedback run' later" if outcome.state == "queued" else "")
        output.info(f"[yellow]{what}[/]: {output.escape(outcome.error)}" + (f" — {output.escape(fix)}" if fix else ""))
    return outcome


@app.command("show")
def show(
    ctx: typer.Context,
    ident: RetroIdArg,
    all_: Annotated[bool, typer.Option("--all", "-a", help="Show every earlier feedback too.")] = False,
    json_: JsonOpt = False,
) -> None:
    """Show the newest feedback on a retrospect (and its job's state)."""
    view = session(ctx).feedback.show(ident)
    if json_:
        output.emit_json(view)
        return
    if view.latest is None:
        job = view.job
        state = (
            f"job {job['state']}" + (f": {job['last_error']}" if job and job.get("last_error") else "") if job else ""
        )
        output.info(f"No feedback yet for {view.retro_short_id}. {state}".strip())
        output.info("Generate it with: reflee feedback run   (or: reflee feedback regen " + view.retro_short_id + ")")
        raise typer.Exit(int(ExitCode.NOT_FOUND))
    for i, fb in enumerate(view.history if all_ else [view.latest]):
        if i:
            output.console().rule()
        render(fb)
    if not all_ and len(view.history) > 1:
        output.info(f"[dim]{len(view.history) - 1} earlier feedback(s); see them with --all[/]")


@app.command("regen")
def regen(
    ctx: typer.Context,
    ident: RetroIdArg,
    queue_only: Annotated[bool, typer.Option("--queue", help="Only queue it; 'feedback run' will do it.")] = False,
    json_: JsonOpt = False,
) -> None:
    """Ask for fresh feedback on a retrospect; earlier feedback stays in the history."""
    context = session(ctx)
    job_id = context.feedback.regen(ident)
    outcome = None if queue_only else run_inline(context, job_id, quiet=json_)
    if json_:
        output.emit_json(
            {
                "job_id": job_id,
                "state": outcome.state if outcome else "queued",
                "error": outcome.error if outcome else None,
                "feedback": outcome.feedback if outcome else None,
            }
        )
    elif outcome and outcome.feedback:
        render(outcome.feedback)
    elif outcome is None:
        output.info(f"Queued feedback job {job_id[:8]}; run it with: reflee feedback run")


@app.command("run")
def run(
    ctx: typer.Context,
    watch: Annotated[bool, typer.Option("--watch", "-w", help="Keep running and take new jobs as they come.")] = False,
    concurrency: Annotated[
        int,
        typer.Option(
            "--concurrency", "-c", help="Jobs to run at once (match the server's parallel slots).", min=1, max=64
        ),
    ] = 1,
    json_: JsonOpt = False,
) -> None:
    """Process queued feedback jobs: progress bar on a terminal, quiet under cron.

    Exit 0 when the queue is worked through; 6 when the model server is unreachable (jobs stay queued);
    5 when some jobs failed this run (see 'reflee feedback status').
    """
    import sys

    context = session(ctx)
    processor = context.feedback_processor()
    waiting = context.feedback.status().counts["queued"]
    progress = None
    if sys.stderr.isatty() and not json_:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        progress = Progress(
            TextColumn("[bold]feedback"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=output.err_console(), transient=False,
        )  # fmt: skip
        task = progress.add_task("feedback", total=waiting or None)
        progress.start()

    def on_outcome(o) -> None:
        if progress is not None and o.state in ("done", "skipped", "failed"):
            progress.advance(task)

    try:
        summary = processor.run(concurrency=concurrency, watch=watch, on_outcome=on_outcome)
    finally:
        if progress is not None:
            progress.stop()
    if json_:
        output.emit_json(summary)
    elif sys.stderr.isatty():
        output.info(
            f"done {summary.done}, skipped {summary.skipped}, retried {summary.retried}, failed {summary.failed}"
        )
    if summary.unreachable:
        output.error_line(f"{summary.unreachable}; jobs stay queued")
        raise typer.Exit(int(ExitCode.UNAVAILABLE))
    if summary.failed:
        output.error_line(f"{summary.failed} feedback job(s) failed; see 'reflee feedback status'")
        raise typer.Exit(int(ExitCode.DATA))


@app.command("status")
def status(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Queued, running, done and failed feedback jobs, with the errors of failed ones."""
    st = session(ctx).feedback.status()
    if json_:
        output.emit_json(st)
        return
    c = st.counts
    con = output.console()
    con.print(
        f"queued [bold]{c['queued']}[/]  running [bold]{c['running']}[/]  done [bold green]{c['done']}[/]  "
        f"failed [bold red]{c['failed']}[/]"
    )
    if st.next_retry_at and c["queued"]:
        con.print(f"[dim]next job due at {st.next_retry_at}[/]")
    if st.failed:
        output.table(
            ["Job", "Retro", "Tries", "Why", ("Last error", {"ratio": 1})],
            (
                (
                    f["job_id"][:10],
                    (f["retro_id"] or "")[:10],
                    f["attempts"],
                    f["failure"] or "",
                    output.escape(f["last_error"] or ""),
                )
                for f in st.failed
            ),
            title="failed",
        )
        con.print("[dim]retry with: reflee feedback retry --failed[/]")


@app.command("retry")
def retry(
    ctx: typer.Context,
    ident: Annotated[str | None, typer.Argument(help="A failed job's ID, or a retrospect ID.")] = None,
    failed: Annotated[bool, typer.Option("--failed", help="Retry every failed job.")] = False,
    json_: JsonOpt = False,
) -> None:
    """Queue failed feedback jobs again."""
    if not failed and ident is None:
        raise UsageError("give a job or retrospect ID, or --failed")
    count = session(ctx).feedback.retry(ident, all_failed=failed)
    if json_:
        output.emit_json({"requeued": count})
    else:
        output.info(f"Requeued {count} job(s); run them with: reflee feedback run")
