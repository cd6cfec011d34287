"""How growth reports look in a terminal: the report itself (Markdown rendered by Rich), and the list."""

from __future__ import annotations

import sys
from typing import Any

from reflee import output
from reflee.i18n import _


def content(r: Any) -> None:
    """The report's text: Markdown rendered for the terminal, HTML and JSON as they are."""
    if r.fmt != "md":
        raw(r)
        return
    from rich.markdown import Markdown

    output.console().print(Markdown(r.content or "", hyperlinks=False))
    _note(r)


def raw(r: Any) -> None:
    sys.stdout.write(r.content or "")
    sys.stdout.flush()
    _note(r)


def _note(r: Any) -> None:
    if not r.made:
        output.info(
            "[dim]"
            + output.escape(
                _("Stored report {id} from {when}; --force makes it again.").format(
                    id=r.short_id, when=output.local_time(r.created_at)
                )
            )
            + "[/]"
        )


def saved(r: Any) -> None:
    action = _("Made") if r.made else _("Stored")
    output.info(
        output.escape(
            _("{action} {kind} report {key} ({id}); written to {path}").format(
                action=action, kind=r.kind, key=r.period_key, id=r.short_id, path=r.out
            )
        )
    )


def table(items: Any) -> None:
    if not items:
        output.info(_("No reports yet. Make one: reflee report weekly"))
        return
    narrative = {
        "written": _("written"),
        "off": _("off"),
        "unavailable": _("model away"),
        "timeout": _("timed out"),
        "failed": _("failed"),
    }
    output.table(
        [_("ID"), _("Kind"), _("Period"), _("From"), _("To"), _("Narrative"), _("Made")],
        (
            (
                r.short_id,
                _("weekly") if r.kind == "weekly" else _("monthly"),
                r.period_key + ("" if r.complete else " " + _("(so far)")),
                r.period_start,
                r.period_end,
                narrative.get(r.narrative_status, r.narrative_status),
                output.local_time(r.created_at),
            )
            for r in items
        ),
    )


def opened(r: Any) -> None:
    output.info(output.escape(_("Opening {path}").format(path=r.files[r.fmt])))
