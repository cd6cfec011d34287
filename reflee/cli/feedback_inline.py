"""Feedback asked for now (`retro add` with feedback.mode = inline, `feedback regen`): the answer streams on a
terminal while it is written. Shared by reflee.cli.retro and reflee.cli.feedback, importing neither."""

from __future__ import annotations

from reflee import output
from reflee.cli.views import feedback as view
from reflee.feedback.models import Outcome
from reflee.i18n import _
from reflee.services import Services


def run_inline(context: Services, job_id: str, *, quiet: bool = False) -> Outcome:
    """Generate feedback for one job now, streaming each section on a terminal as it is written. Returns the
    Outcome; never raises for model trouble (the job stays queued or failed, and one line says why). Ctrl-C
    says that the job went back to the queue (then the usual 'interrupted', exit 130)."""
    try:
        with view.LiveTokens(_("writing feedback…")) as live:
            outcome = context.feedback.generate(
                job_id, on_token=None if quiet else live, on_status=None if quiet else live.on_status
            )
    except KeyboardInterrupt:
        output.info(_("The feedback job went back to the queue; 'reflee feedback run' finishes it."))
        raise
    view.outcome_note(outcome)
    return outcome
