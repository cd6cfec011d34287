"""How the runner reports to people: problems on stderr (cron mails what is printed), the schedule, status."""

from __future__ import annotations

import sys
from typing import Any

from reflee import output
from reflee.i18n import _


def ran(run: Any) -> None:
    """Quiet on success: one line per problem, and per note, on stderr."""
    for note in run.notes:
        sys.stderr.write(_("warning: {note}").format(note=note) + "\n")
    for step in run.problems:
        output.error_line(f"{step.name}: {step.message}")


def schedule(s: Any, only: str | None = None) -> None:
    out = sys.stdout.write
    if only in (None, "crontab"):
        out(_("# crontab line (crontab -e, or: reflee cron install)") + "\n")
        out(s.crontab_line + "\n")
    if only in (None, "systemd"):
        if only is None:
            out("\n")
        out(_("# systemd user units (or: reflee cron install --systemd)") + "\n")
        out(f"# {s.unit_dir}/{s.service_name}.service\n{s.service_unit}\n")
        out(f"# {s.unit_dir}/{s.service_name}.timer\n{s.timer_unit}")
    sys.stdout.flush()


def installed(r: Any) -> None:
    what = _("the crontab line") if r.method == "crontab" else _("the systemd timer")
    text = {
        "installed": _("Installed {what}."),
        "updated": _("Updated {what}."),
        "unchanged": _("{what} is installed already; nothing changed."),
        "removed": _("Removed {what}."),
        "absent": _("{what} was not installed; nothing changed."),
    }[r.action]
    output.info(output.escape(text.format(what=what)))


def status(st: Any) -> None:
    installed = [name for name, on in st.installed.items() if on]
    output.info(
        output.escape(
            _("Schedule: {where}").format(
                where=", ".join(installed) if installed else _("not installed (reflee cron install)")
            )
        )
    )
    if st.running:
        output.info(output.escape(_("A run is under way now.")))
    output.info(output.escape(_("Log: {path}").format(path=st.log_file)))
    if not st.runs:
        output.info(_("No runs yet."))
        return
    output.table(
        [_("Started"), _("Status"), (_("What it did"), {"ratio": 1, "overflow": "fold"})],
        (
            (
                output.local_time(r["started_at"]),
                r["status"],
                output.escape(
                    "; ".join(
                        f"{s['name']}: "
                        + (" ".join(s["did"]) or s["status"])
                        + (f" ({s['message']})" if s.get("message") else "")
                        for s in r["steps"]
                    )
                ),
            )
            for r in st.runs
        ),
    )
