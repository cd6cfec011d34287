"""How fetch runs, the change log and the run log look in a terminal (`policy fetch | changes | fetch-log`)."""

from __future__ import annotations

from typing import Any

from reflee import output
from reflee.i18n import _, ngettext
from reflee.ids import natural_sid

KINDS = {"new": "new", "removed": "removed", "changed": "changed", "restored": "restored"}
MAX_SHOWN = 30


def _kind(kind: str) -> str:
    return {
        "new": "[green]" + _("new") + "[/]",
        "removed": "[red]" + _("removed") + "[/]",
        "changed": "[yellow]" + _("changed") + "[/]",
        "restored": "[green]" + _("back") + "[/]",
    }.get(kind, kind)


def _field(name: str | None) -> str:
    labels = {
        "title": _("title"),
        "deadline": _("deadline"),
        "apply_period": _("application period"),
        "benefit": _("benefit"),
        "age": _("age"),
        "income": _("income limit"),
        "region": _("region"),
    }
    return labels.get(name or "", name or "")


def _change_rows(items: list[Any]) -> list[tuple[str, ...]]:
    esc = output.escape
    rows: list[tuple[str, ...]] = []
    for c in items:
        what = ""
        if c.kind == "changed":
            what = f"{esc(_field(c.field))}: {esc(c.old or '—')} → {esc(c.new or '—')}"
        rows.append(
            (c.short_id or natural_sid(c.policy_id), c.source, _kind(c.kind), esc(output.first_line(c.title, 40)), what)
        )
    return rows


def fetch_result(result: Any) -> None:
    for run in result.runs:
        if run.status in ("ok", "dry_run"):
            line = _(
                "{source}: read {read} records in {pages} pages: {new} new, {changed} changed, {removed} removed, "
                "{unreadable} unreadable"
            ).format(
                source=run.source, read=run.read, pages=run.pages, new=run.new, changed=run.changed,
                removed=run.removed, unreadable=run.unreadable,
            )  # fmt: skip
            output.info(line + (" " + _("(dry run: nothing written)") if result.dry_run else ""))
            if run.changes:
                header = ["ID", _("Source"), _("What"), _("Policy"), _("What changed")]
                output.table(header, _change_rows(run.changes[:MAX_SHOWN]))
                if len(run.changes) > MAX_SHOWN:
                    output.info(
                        _("… and {count} more ('reflee policy changes' lists them all)").format(
                            count=len(run.changes) - MAX_SHOWN
                        )
                    )
        else:
            output.info(_("{source}: {status}: {error}").format(source=run.source, status=run.status, error=run.error))
    for source in result.skipped:
        output.info(_("{source}: skipped (no API key)").format(source=source))
    if result.notifications:
        output.info(
            ngettext("{count} notification raised", "{count} notifications raised", result.notifications).format(
                count=result.notifications
            )
        )


def change_list(result: Any) -> None:
    if not result.items:
        output.info(_("No changes recorded yet; 'reflee policy fetch' records them."))
        return
    output.table(
        [_("When"), "ID", _("Source"), _("What"), _("Policy"), _("What changed")],
        [(output.local_time(c.at), *row) for c, row in zip(result.items, _change_rows(result.items), strict=True)],
    )


def fetch_log(result: Any) -> None:
    if not result.items:
        output.info(_("No fetch has run yet; try 'reflee policy fetch'."))
        return
    output.table(
        [
            _("Started"), _("Source"), _("Mode"), _("Status"), _("Pages"), _("Read"), _("New"), _("Changed"),
            _("Removed"), _("Reported"), _("Seconds"), (_("Error"), {"ratio": 1}),
        ],
        (
            (
                output.local_time(r.started_at), r.source, r.mode, r.status, r.pages, r.read, r.new, r.changed,
                r.removed, r.reported, f"{r.duration_ms / 1000:.1f}", output.escape(r.error or ""),
            )
            for r in result.items
        ),
    )  # fmt: skip
