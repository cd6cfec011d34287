"""How policies, match results, favourites and reminders look in a terminal (the policy commands' views)."""

from __future__ import annotations

import functools
import sys
from typing import Any

from reflee import output
from reflee.i18n import N_, _

STATUS_MARKS = {"met": "[green]✓[/]", "not_met": "[red]✗[/]", "unknown": "[yellow]?[/]", "text": "[cyan]¶[/]"}
ELIGIBILITY_LABELS = {
    "eligible": N_("eligible"),
    "eligible_text": N_("eligible (read the text)"),
    "maybe": N_("check needed"),
    "ineligible": N_("not eligible"),
}
ELIGIBILITY_COLOURS = {"eligible": "green", "eligible_text": "cyan", "maybe": "yellow", "ineligible": "red"}


def eligibility_label(code: str) -> str:
    """해당 / 해당(글 확인) / 확인 필요 / 해당 없음, coloured."""
    return f"[{ELIGIBILITY_COLOURS[code]}]{_(ELIGIBILITY_LABELS[code])}[/]"


def _deciding(width: int, indent: int, lines: list[str]) -> None:
    esc = output.escape
    for line in lines[:2]:
        _hanging(width, indent, "[cyan]▸[/]", _("deciding line: {line}").format(line=esc(output.first_line(line, 160))))


def apply_label(apply: Any, *, short: bool = False) -> str:
    """상시, D-5 (and the last day), 2026-09-01 시작, 마감, 확인 필요."""
    if apply.state == "open":
        if apply.days_left is None:
            return "[green]" + _("always open") + "[/]"
        colour = "red" if apply.days_left <= 7 else "green"
        return f"[{colour}]D-{apply.days_left}[/]" + ("" if short else f" [dim]~{apply.deadline}[/]")
    if apply.state == "upcoming":
        return "[cyan]" + _("opens {date}").format(date=apply.opens[5:] if short else apply.opens) + "[/]"
    if apply.state == "closed":
        return "[dim]" + _("closed") + "[/]"
    return "[dim]" + (_("dates unknown") if short else _("application dates unknown")) + "[/]"


def policy_table(items: Any) -> None:
    esc = output.escape
    output.table(
        [
            ("ID", {"no_wrap": True, "min_width": 8, "fit": "keep"}),
            (_("Apply"), {"no_wrap": True, "min_width": 6, "fit": "keep"}),
            (_("Area"), {"no_wrap": True, "max_width": 14, "overflow": "ellipsis", "fit": "drop"}),
            (_("Policy"), {"overflow": "ellipsis", "no_wrap": True, "fit": "main"}),
            (_("Agency"), {"overflow": "ellipsis", "no_wrap": True, "max_width": 18, "fit": "shrink"}),
        ],
        (
            (
                f"[bold]{x.policy.short_id}[/]",
                apply_label(x.apply, short=True),
                esc(x.policy.category or ""),
                esc(x.policy.title),
                esc(x.policy.org_name or ""),
            )
            for x in items
        ),
    )


def _hanging(width: int, indent: int, lead: str, text: str, gap: int = 1) -> None:
    """``lead`` at column ``indent``, then ``text``; when the line is wider than ``width``, ``text`` wraps
    under itself."""
    from rich.text import Text

    head = _head(indent, lead, gap)
    body = Text.from_markup(text)
    room = width - head.cell_len
    if body.cell_len <= room or room < 16:
        output.console().print(head + body)
        return
    # fold: never drop a wide character at the edge for an ellipsis
    parts = body.wrap(output.console(), room, overflow="fold")
    pad = " " * head.cell_len
    output.console().print(Text("\n").join(Text.assemble(pad if i else head, p) for i, p in enumerate(parts)))


@functools.cache
def _head(indent: int, lead: str, gap: int):  # -> rich.text.Text (never changed in place)
    from rich.text import Text

    return Text.from_markup(" " * indent + (lead + " " * gap if lead else ""))


def match_blocks(results: Any) -> None:
    esc = output.escape
    width = output.console().width  # read once: it looks at the environment every time
    for r in results:
        p = r.policy
        star = " [yellow]★[/]" if r.favorite else ""
        _hanging(
            width,
            0,
            f"[bold]{r.rank:>4}[/]",
            f"{eligibility_label(r.eligibility)}  {apply_label(r.apply)}  "
            f"[bold]{esc(p.title)}[/]{star}  [dim]{esc(p.org_name or '')} · {p.short_id}[/]",
            gap=2,
        )
        for c in r.conditions:
            _hanging(width, 8, STATUS_MARKS[c["status"]], f"{esc(c['label'])}: {esc(c['reason'])}")
        if not r.conditions:
            _hanging(width, 8, "[green]✓[/]", _("no eligibility conditions (anyone)"))
        if r.eligibility == "eligible_text":
            _deciding(width, 8, r.deciding_lines)
        if p.exclusions:
            _hanging(
                width,
                8,
                "",
                "[dim]" + _("Not for: {text}").format(text=esc(output.first_line(p.exclusions, 100))) + "[/]",
            )


def run_summary(run: Any, *, showing_all: bool) -> None:
    c = run.counts
    parts = [_("eligible {count}").format(count=c["eligible"])]
    if c.get("eligible_text"):
        parts.append(_("eligible (read the text) {count}").format(count=c["eligible_text"]))
    parts.append(_("check needed {count}").format(count=c["maybe"]))
    line = " · ".join(parts)
    if not showing_all:
        hidden = _("not eligible {ineligible} · closed {closed} hidden; --all shows them")
        line += "  [dim](" + hidden.format(ineligible=c["ineligible"], closed=c["closed"]) + ")[/]"
    else:
        line += " · " + _("not eligible {ineligible} · closed {closed}").format(
            ineligible=c["ineligible"], closed=c["closed"]
        )
    stamp = _("as of {date}").format(date=run.on) + (" · " + _("saved result") if run.cached else "")
    output.info(f"{line}  [dim]{stamp}[/]")
    if run.missing_fields:
        from reflee.profile.models import FIELD_LABELS

        names = ", ".join(f"{FIELD_LABELS[f]}({f})" for f in run.missing_fields)
        hint = _("Add {names} to your profile for fewer 'check needed': reflee profile set FIELD VALUE")
        output.info("[dim]" + hint.format(names=names) + "[/]")


def favorites_table(favs: Any) -> None:
    esc = output.escape
    output.table(
        [
            ("ID", {"no_wrap": True, "min_width": 8, "fit": "keep"}),
            (_("Policy"), {"overflow": "ellipsis", "no_wrap": True, "fit": "main"}),
            (_("Apply"), {"no_wrap": True, "min_width": 6, "fit": "keep"}),
            (_("Note"), {"overflow": "ellipsis", "max_width": 20, "fit": "shrink"}),
        ],
        (
            (f"[bold]{f.policy.short_id}[/]", esc(f.policy.title), apply_label(f.apply, short=True), esc(f.note))
            for f in favs
        ),
    )


SCOPES = {
    "national": N_("nationwide"),
    "sido": N_("province or city"),
    "local": N_("district"),
    "multi": N_("several regions"),
    "unknown": N_("check needed"),
}


def _window_text(policy: Any) -> str:
    if policy.apply_kind == "period" and policy.apply_windows:
        return ", ".join(f"{w.start or ''} ~ {w.end or ''}" for w in policy.apply_windows)
    return policy.apply_text or {"always": _("always open"), "closed": _("closed")}.get(policy.apply_kind, "")


def policy_detail(detail: Any) -> None:
    """`policy show`: a PolicyDetail."""
    apply, match = detail.apply, detail.match
    con = output.console()
    esc = output.escape
    p = detail.policy
    con.print(f"[bold]{esc(p.title)}[/]  [dim]{p.source}:{p.source_id} · ID {p.short_id}[/]")
    fields = dict.fromkeys(x for x in [p.category or "", *p.subcategories] if x)  # once each, in order
    facts = [_("Area: {value}").format(value=esc(" · ".join(fields)))]
    if p.org_name:
        facts.append(_("Agency: {value}").format(value=esc(p.org_name)))
    scope = SCOPES.get(p.region_scope)
    facts.append(_("Region: {value}").format(value=_(scope) if scope else p.region_scope))
    if p.benefit_types:
        facts.append(_("Support: {value}").format(value=esc(", ".join(p.benefit_types))))
    con.print("  ".join(facts))
    when = _window_text(p)
    plain = {"open": _("always open"), "closed": _("closed")}.get(apply.state)
    con.print(
        _("Apply: {value}").format(value=apply_label(apply, short=apply.state == "unknown"))
        + (f"  [dim]{esc(when)}[/]" if when and when != plain else "")
    )
    sections = [(_("What it offers"), p.benefit or p.summary)]
    if p.summary and p.benefit:
        sections.insert(0, (_("Summary"), p.summary))
    for title, body in sections:
        con.print(f"\n[bold]{title}[/]")
        con.print(esc(body) if body else "[dim]" + _("(nothing written)") + "[/]")
    con.print(_("\n[bold]Who it is for[/]"))
    if detail.conditions:
        for label, words in detail.conditions:
            con.print(f"  • {label}: {esc(words)}")
    else:
        con.print("  • " + _("no eligibility conditions (anyone)"))
    if p.target:
        con.print(esc(p.target))
    if p.exclusions:
        con.print("[bold]" + _("Not for") + f"[/] {esc(p.exclusions)}")
    if match is not None:
        con.print(
            _("\n[bold]For you[/]  {eligibility_label}").format(eligibility_label=eligibility_label(match.eligibility))
        )
        for c in match.conditions:
            con.print(f"  {STATUS_MARKS[c['status']]} {esc(c['label'])}: {esc(c['reason'])}")
        for line in match.deciding_lines:
            con.print("  [cyan]▸[/] " + _("deciding line: {line}").format(line=esc(line)))
    con.print(_("\n[bold]How to apply[/]"))
    if p.apply_method:
        con.print(esc(p.apply_method))
    for label, link in ((_("Apply"), p.apply_url), (_("Details"), p.detail_url)):
        if link:
            con.print(f"{label}: {esc(link)}")
    if p.contact:
        con.print(f"[dim]{esc(p.contact)}[/]")


# --- one view per command --------------------------------------------------------------------------------------
def import_notes(report: Any) -> None:
    """What could not be read, and the first notes: on stderr, with or without --json."""
    esc = output.escape
    for e in report.errors:
        output.info(
            _("[red]could not read[/] {esc} record {esc2}: {esc3}").format(
                esc=esc(e.file), esc2=esc(e.record), esc3=esc(e.message)
            )
        )
    for w in report.warnings[:10]:
        output.info(
            _("[yellow]note[/] {esc} record {esc2}: {esc3}").format(
                esc=esc(w.file), esc2=esc(w.record), esc3=esc(w.message)
            )
        )
    if len(report.warnings) > 10:
        output.info(_("[yellow]note[/] … and {value} more (see --json)").format(value=len(report.warnings) - 10))


def import_summary(report: Any) -> None:
    output.info(
        _(
            "Imported {imported:,} of {total:,} policies ({inserted:,} new, {updated:,} updated, "
            "{unchanged:,} unchanged); {len} could not be read."
        ).format(
            imported=report.imported,
            total=report.total,
            inserted=report.inserted,
            updated=report.updated,
            unchanged=report.unchanged,
            len=len(report.errors),
        )
    )


def policy_list(listing: Any) -> None:
    """`policy list`: a PolicyList."""
    if listing.items:
        policy_table(listing.items)
    elif listing.stored == 0:
        output.info(_("No policies yet. Import some with: reflee policy import youthcenter.json"))
    else:
        known = ", ".join(f"{c} ({n})" for c, n in listing.categories)
        output.info(_("No policies match. Categories: {escape}").format(escape=output.escape(known)))


def search_hits(result: Any) -> None:
    """`policy search`: a SearchResult."""
    if not result.items:
        output.info(_("No policies match {escape}.").format(escape=output.escape(repr(result.query))))
        return
    policy_table(result.items)


def match_run(run: Any) -> None:
    """`policy match`: a MatchRun."""
    if run.counts["total"] == 0:
        output.info(_("No policies yet. Import some with: reflee policy import youthcenter.json"))
        return
    match_blocks(run.results)
    run_summary(run, showing_all=run.showing_all)


def recommendation(run: Any) -> None:
    """`policy recommend`: a MatchRun."""
    if not run.results:
        output.info(_("Nothing to recommend yet: import policies (reflee policy import …) and fill in your profile."))
        return
    match_blocks(run.results)
    run_summary(run, showing_all=False)


def reminders(result: Any) -> None:
    """`policy remind`: a ReminderList. Under cron (no terminal) it says nothing when nothing is new."""
    new = result.new
    for r in new:
        output.info("[yellow]" + _("reminder") + f"[/] {output.escape(r.notification.title)}")
    if sys.stderr.isatty():
        total = len(result.items)
        output.info(
            _("{len} new reminder{value} ({value2} already raised)").format(
                len=len(new), value="s" if len(new) != 1 else "", value2=total - len(new)
            )
        )


def favorite_added(fav: Any) -> None:
    output.info(
        _("[green]★ Added[/] {escape} ({apply_label})").format(
            escape=output.escape(fav.policy.title), apply_label=apply_label(fav.apply)
        )
    )


def favorite_removed(fav: Any) -> None:
    output.info(_("Removed {escape} from favourites").format(escape=output.escape(fav.policy.title)))


def favorites(result: Any) -> None:
    """`policy fav list`: a FavoriteList."""
    if not result.items:
        output.info(_("No favourites yet. Add one with: reflee policy fav add ID"))
        return
    favorites_table(result.items)
