"""How the profile looks in a terminal (the profile commands' views)."""

from __future__ import annotations

from typing import Any

from reflee import output
from reflee.i18n import _


def profile_table(profile: Any) -> None:
    """`profile show`: every field, its value and where it came from, then age and income share."""
    esc = output.escape
    rows = []
    for name, pv in profile.fields.items():
        if pv.value is None:
            value, source = "[dim]—[/]", ""
        else:
            value = esc(pv.display)
            if pv.source == "entered":
                source = _("entered")
            elif pv.source == "derived":
                source = _("[cyan]worked out[/] [dim]{how}[/]").format(how=esc(pv.inferred_from or ""))
            else:
                source = "[yellow]" + _("estimated") + f"[/] [dim]{esc(pv.inferred_from or '')}[/]"
        rows.append((esc(pv.label), f"[dim]{name}[/]", value, source))
    output.table([_("Item"), _("Field"), _("Value"), (_("Source"), {"ratio": 1})], rows)
    extra = []
    if profile.age is not None:
        extra.append(_("Age: [bold]{age}[/] (as of {date})").format(age=profile.age, date=profile.on))
    share = profile.median_income
    if share is not None:
        estimated = _(", estimated for 7 or more") if share.estimated_size else ""
        text = _("Of the median income: [bold]about {percent}%[/] ({year}, household of {size}: {median}{estimated})")
        extra.append(
            text.format(
                percent=share.percent,
                year=share.year,
                size=share.household_size,
                median=f"{share.median_krw:,}원",
                estimated=estimated,
            )
        )
    for note in [*extra, *profile.notes]:
        output.console().print(note)
    if profile.is_empty:
        output.info(_("Nothing set yet. Start with: reflee profile set birth_date 1999-05-01"))


def field_set(change: Any) -> None:
    """`profile set`: a ProfileChange for one field."""
    name = change.fields[0]
    pv = change.profile.fields[name]
    output.info(
        _("[green]Set[/] {label} ({name}) = [bold]{escape}[/]").format(
            label=pv.label, name=name, escape=output.escape(pv.display)
        )
    )


def field_unset(change: Any) -> None:
    """`profile unset`: a ProfileChange for one field; ``changed`` is False when it was not set."""
    name = change.fields[0]
    label = change.profile.fields[name].label
    output.info(
        _("[green]Cleared[/] {label} ({name})").format(label=label, name=name)
        if change.changed
        else _("{label} ({name}) was not set").format(label=label, name=name)
    )


def fields_updated(change: Any) -> None:
    """`profile edit`: a ProfileChange for the fields edited."""
    labels = ", ".join(change.profile.fields[name].label for name in change.fields)
    output.info(_("[green]Updated[/] {labels}").format(labels=labels))
