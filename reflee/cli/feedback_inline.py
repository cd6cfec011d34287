"""Feedback asked for now (`retro add` with feedback.mode = inline, `feedback regen`): the answer streams on a
terminal while it is written. Shared by reflee.cli.retro and reflee.cli.feedback, importing neither."""

from __future__ import annotations

from reflee.cli.views import feedback as view
from reflee.feedback.models import Outcome
from reflee.services import Services


def run_inline(context: Services, job_id: str, *, quiet: bool = False) -> Outcome:
    """Generate feedback for one job now, streaming on a terminal. Returns the Outcome; never raises for
    model trouble (the job stays queued or failed, and one line says why)."""
    with view.LiveTokens("피드백 작성 중 · writing feedback…") as live:
        outcome = context.feedback.generate(job_id, on_token=None if quiet else live)
    view.outcome_note(outcome)
    return outcome
