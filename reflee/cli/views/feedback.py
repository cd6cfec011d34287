"""How feedback looks to people: the formatted sections, the live stream while it is written, the queue."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from typing import Any

from reflee import output
from reflee.feedback.models import FIELDS, LABELS, Feedback, Outcome, QueueStatus, RunSummary
from reflee.feedback.partial import partial_fields
from reflee.feedback.service import FeedbackView
from reflee.i18n import N_, _

QUALITY_LABELS = {
    "language": N_("not in the entry's language"),
    "sections": N_("empty sections: {fields}"),
    "distinct": N_("items repeat: {items}"),
    "keep_vs_recs": N_("'keep doing' repeats the recommendations: {items}"),
    "grounded": N_("items not found in the entry: {items}"),
    "no_echo": N_("copies the prompt back: {items}"),
    "length": N_("too long or too short: {fields}"),
}


def quality_lines(fb: Feedback) -> list[str]:
    """One line per quality flag the answer kept, in the interface language."""
    labels = LABELS.get(fb.language, LABELS["en"])
    lines = []
    for flag in fb.quality:
        template = QUALITY_LABELS.get(flag.get("code", ""))
        if template is None:
            continue
        fields = ", ".join(labels.get(f, f) for f in flag.get("fields", []))
        items = " / ".join(f"“{i[:40]}”" for i in flag.get("items", [])[:3])
        lines.append(_(template).format(fields=fields, items=items))
    return lines


def render(fb: Feedback) -> None:
    con = output.console()
    esc = output.escape
    labels = LABELS.get(fb.language, LABELS["en"])
    con.print(f"[bold magenta]✦ {labels['summary']}[/]  [dim]{esc(fb.model)} · {fb.created_at[:10]}[/]")
    con.print(esc(fb.summary))
    for key in FIELDS[1:]:
        items = getattr(fb, key)
        con.print(f"\n[bold]{labels[key]}[/]")
        if not items:
            con.print("  [dim]" + esc(_("(the model left this empty)")) + "[/]")
        for item in items:
            con.print(f"  • {esc(item)}")
    if fb.notice:
        con.print(f"\n[yellow]※ {esc(fb.notice)}[/]")
    for line in quality_lines(fb):
        con.print(f"[yellow]⚠ {esc(line)}[/]")


def after_save(fb: Feedback) -> None:
    """Feedback shown right below the line that says the retrospect was saved."""
    output.console().print()
    render(fb)


def outcome_note(outcome: Outcome) -> None:
    """One short line when feedback asked for now could not be written: queued for later (the model server did
    not answer: how to get it, and how to stop asking at once) or failed (why, and the fix)."""
    if outcome.state not in ("queued", "failed") or not outcome.error:
        return
    if outcome.state == "queued" and outcome.unreachable:
        if "llm.base_url" in (outcome.hint or ""):  # an OpenAI-compatible server: name the setting to check
            line = _("feedback queued, cannot reach llm.base_url: reflee feedback run, or feedback.mode queue")
        else:
            line = _("feedback queued, cannot reach model: reflee feedback run, or feedback.mode queue")
    elif outcome.state == "queued":
        line = _("feedback queued ({error}): reflee feedback run").format(error=output.first_line(outcome.error, 40))
    else:
        line = _("feedback failed: {error}").format(error=output.first_line(outcome.error, 50))
        if outcome.hint:
            line += " — " + output.first_line(outcome.hint, 40)
    output.info("[yellow]" + output.escape(line) + "[/]")


def show(view: FeedbackView, *, all_: bool = False) -> None:
    if view.latest is None:
        job = view.job
        state = (
            _("job {state}").format(state=job["state"])
            + (f": {job['last_error']}" if job and job.get("last_error") else "")
            if job
            else ""
        )
        output.info((_("No feedback yet for {short_id}.").format(short_id=view.retro_short_id) + " " + state).strip())
        output.info(
            _("Generate it with: reflee feedback run   (or: reflee feedback regen ") + view.retro_short_id + ")"
        )
        return
    for i, fb in enumerate(view.history if all_ else [view.latest]):
        if i:
            output.console().rule()
        render(fb)
    if not all_ and len(view.history) > 1:
        output.info(_("[dim]{value} earlier feedback(s); see them with --all[/]").format(value=len(view.history) - 1))


def under_entry(view: FeedbackView) -> None:
    """`retro show`: the newest feedback below the entry, or one line saying where it stands and what to run."""
    con = output.console()
    fb, job, ident = view.latest, view.job or {}, view.retro_short_id
    con.print()
    if fb is not None:
        render(fb)
        if fb.retro_version < view.retro_version:
            con.print(
                "[dim]"
                + output.escape(_("(for an earlier version; reflee feedback regen {id})").format(id=ident))
                + "[/]"
            )
        return
    state = job.get("state")
    if state in ("queued", "running"):
        line = _("Feedback: pending; 'reflee feedback run' writes it.")
    elif state == "failed":
        line = _("Feedback: failed; retry it with 'reflee feedback retry {id}'.").format(id=ident)
    else:
        line = _("Feedback: none yet; ask for it with 'reflee feedback regen {id}'.").format(id=ident)
    con.print("[dim]" + output.escape(line) + "[/]")


def regenerated(outcome: Outcome) -> None:
    if outcome.feedback is not None:
        render(outcome.feedback)


def queued(outcome: Outcome) -> None:
    output.info(
        _("Queued feedback job {job_id}; run it with: reflee feedback run").format(
            job_id=outcome.job_short_id or outcome.job_id
        )
    )


def queued_after_save() -> None:
    """`retro add` in queue mode (or --no-feedback): say where the feedback will come from."""
    output.info(_("Feedback queued; 'reflee feedback run' (or cron) will write it."))


def run_summary(summary: RunSummary) -> None:
    """Quiet under cron: the counts only on a terminal."""
    if sys.stderr.isatty():
        output.info(
            _("done {done}, skipped {skipped}, retried {retried}, failed {failed}").format(
                done=summary.done, skipped=summary.skipped, retried=summary.retried, failed=summary.failed
            )
        )


def status(st: QueueStatus) -> None:
    c = st.counts
    con = output.console()
    con.print(
        _(
            "queued [bold]{queued}[/]  running [bold]{running}[/]  done [bold green]{done}[/]  failed "
            "[bold red]{failed}[/]"
        ).format(queued=c["queued"], running=c["running"], done=c["done"], failed=c["failed"])
    )
    if st.next_retry_at and c["queued"]:
        con.print(f"[dim]{output.escape(due_line(st.next_retry_at))}[/]")
    if st.failed:
        output.table(
            [_("Retro"), _("Tries"), _("Why"), (_("Last error"), {"ratio": 1})],
            (
                (
                    f.get("retro_short_id") or (f["retro_id"] or ""),
                    f["attempts"],
                    f["failure"] or "",
                    output.escape(f["last_error"] or ""),
                )
                for f in st.failed
            ),
            title=_("failed"),
        )
        con.print("[dim]" + output.escape(_("retry one with: reflee feedback retry RETRO; all with: --failed")) + "[/]")


def due_line(iso_utc: str, now: datetime | None = None) -> str:
    """When the next queued job is due, in local time: 'due now' once that moment has passed."""
    moment = datetime.strptime(iso_utc, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    seconds = (moment - (now or datetime.now(UTC))).total_seconds()
    if seconds <= 0:
        return _("the next job is due now: reflee feedback run")
    minutes = max(1, round(seconds / 60))
    return _("the next job is due at {time} (in {minutes} min)").format(
        time=moment.astimezone().strftime("%H:%M"), minutes=minutes
    )


def requeued(result: dict[str, int]) -> None:
    output.info(_("Requeued {requeued} job(s); run them with: reflee feedback run").format(requeued=result["requeued"]))


# -- the live stream -----------------------------------------------------------------------------
def partial_summary(text: str) -> str | None:
    """The summary as far as it has streamed, from a JSON answer that is still arriving."""
    value = partial_fields(text).get("summary")
    return value if isinstance(value, str) else None


class LiveTokens:
    """While the model writes, show each section of its answer as it is written (on a terminal; nothing otherwise):
    the partial JSON is parsed at every refresh, so the summary, then 잘한 점, 부족한 점 … appear in turn."""

    MAX_LINES = 14

    def __init__(self, title: str, language: str | None = None) -> None:
        self.title = title
        self.language = language
        self.parts: list[str] = []
        self.status: str | None = None
        self.live: Any = None
        self.enabled = sys.stderr.isatty()

    def __enter__(self) -> LiveTokens:
        if self.enabled:
            from rich.live import Live

            self.live = Live(self, console=output.err_console(), transient=True, refresh_per_second=12)
            self.live.__enter__()
        return self

    def lines(self) -> list[tuple[str, str]]:
        """(style, text) lines of the answer so far: each section's label, then its text or items."""
        fields = partial_fields("".join(self.parts))
        language = self.language or ("ko" if any("\uac00" <= ch <= "\ud7a3" for ch in str(fields)) else "en")
        labels = LABELS.get(language, LABELS["en"])
        out: list[tuple[str, str]] = []
        for key, value in fields.items():
            if key not in labels:
                continue
            out.append(("bold", labels[key]))
            if isinstance(value, str):
                out.append(("", value))
            else:
                out.extend(("", f"  • {item}") for item in value)
        return out

    def __rich__(self) -> Any:
        from rich.text import Text

        head = self.title if self.status is None else self.status
        text = Text(head + "\n", style="bold")
        lines = self.lines()
        if not lines and self.parts:
            text.append("".join(self.parts)[-200:], style="dim")
        for style, line in lines[-self.MAX_LINES :]:
            text.append(line[-300:] + "\n", style=style or "dim")
        return text

    def __call__(self, piece: str) -> None:
        self.parts.append(piece)

    def on_status(self, status: str) -> None:
        """The answer is being repaired (a second call): say so, and start the sections afresh."""
        if status == "repair":
            self.status = _("checking the answer and asking for a fix…")

    def __exit__(self, *exc: object) -> None:
        if self.live is not None:
            self.live.__exit__(None, None, None)
