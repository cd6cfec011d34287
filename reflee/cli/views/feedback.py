"""How feedback looks to people: the formatted sections, the live stream while it is written, the queue."""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from reflee import output
from reflee.feedback.models import FIELDS, LABELS, Feedback, Outcome, QueueStatus, RunSummary
from reflee.feedback.service import FeedbackView


def render(fb: Feedback) -> None:
    con = output.console()
    esc = output.escape
    labels = LABELS.get(fb.language, LABELS["en"])
    con.print(f"[bold magenta]✦ {labels['summary']}[/]  [dim]{esc(fb.model)} · {fb.created_at[:10]}[/]")
    con.print(esc(fb.summary))
    for key in FIELDS[1:]:
        items = getattr(fb, key)
        if not items:
            continue
        con.print(f"\n[bold]{labels[key]}[/]")
        for item in items:
            con.print(f"  • {esc(item)}")
    if fb.notice:
        con.print(f"\n[yellow]※ {esc(fb.notice)}[/]")


def after_save(fb: Feedback) -> None:
    """Feedback shown right below the line that says the retrospect was saved."""
    output.console().print()
    render(fb)


def outcome_note(outcome: Outcome) -> None:
    """One line when feedback asked for now could not be written (queued for later, or failed)."""
    if outcome.state in ("queued", "failed") and outcome.error:
        what = "feedback queued" if outcome.state == "queued" else "feedback failed"
        fix = outcome.hint or ("run 'reflee feedback run' later" if outcome.state == "queued" else "")
        output.info(f"[yellow]{what}[/]: {output.escape(outcome.error)}" + (f" — {output.escape(fix)}" if fix else ""))


def show(view: FeedbackView, *, all_: bool = False) -> None:
    if view.latest is None:
        job = view.job
        state = (
            f"job {job['state']}" + (f": {job['last_error']}" if job and job.get("last_error") else "") if job else ""
        )
        output.info(f"No feedback yet for {view.retro_short_id}. {state}".strip())
        output.info("Generate it with: reflee feedback run   (or: reflee feedback regen " + view.retro_short_id + ")")
        return
    for i, fb in enumerate(view.history if all_ else [view.latest]):
        if i:
            output.console().rule()
        render(fb)
    if not all_ and len(view.history) > 1:
        output.info(f"[dim]{len(view.history) - 1} earlier feedback(s); see them with --all[/]")


def regenerated(outcome: Outcome) -> None:
    if outcome.feedback is not None:
        render(outcome.feedback)


def queued(outcome: Outcome) -> None:
    output.info(f"Queued feedback job {outcome.job_id[:8]}; run it with: reflee feedback run")


def run_summary(summary: RunSummary) -> None:
    """Quiet under cron: the counts only on a terminal."""
    if sys.stderr.isatty():
        output.info(
            f"done {summary.done}, skipped {summary.skipped}, retried {summary.retried}, failed {summary.failed}"
        )


def status(st: QueueStatus) -> None:
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


def requeued(result: dict[str, int]) -> None:
    output.info(f"Requeued {result['requeued']} job(s); run them with: reflee feedback run")


# -- the live stream -----------------------------------------------------------------------------
_SUMMARY = re.compile(r'"summary"\s*:\s*"((?:[^"\\]|\\.)*)')


def partial_summary(text: str) -> str | None:
    """The summary as far as it has streamed, from a JSON answer that is still arriving."""
    m = _SUMMARY.search(text)
    if m is None:
        return None
    raw = m[1]
    while raw:
        try:
            return str(json.loads(f'"{raw}"'))
        except ValueError:  # a half-received escape at the end
            raw = raw[:-1]
    return ""


class LiveTokens:
    """While the model writes, show the last lines of its answer (dimmed) on a terminal; nothing otherwise."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.parts: list[str] = []
        self.live: Any = None
        self.enabled = sys.stderr.isatty()

    def __enter__(self) -> LiveTokens:
        if self.enabled:
            from rich.live import Live

            self.live = Live(self._view(), console=output.err_console(), transient=True, refresh_per_second=12)
            self.live.__enter__()
        return self

    def _view(self) -> Any:
        from rich.text import Text

        text = "".join(self.parts)
        summary = partial_summary(text)
        shown = summary if summary is not None else text[-300:]
        return Text.assemble((f"{self.title} ", "bold"), (shown[-300:], "dim"))

    def __call__(self, piece: str) -> None:
        self.parts.append(piece)
        if self.live is not None:
            self.live.update(self._view())

    def __exit__(self, *exc: object) -> None:
        if self.live is not None:
            self.live.__exit__(None, None, None)
