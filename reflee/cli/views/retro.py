"""How retrospects look to people: saved lines, the list, one entry, tags, search hits, transfers, statistics."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from reflee import output
from reflee.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from reflee.retro.models import Retro, TagCount
    from reflee.retro.results import BacklogResult, ExportResult, ImportResult, Parts, RetroStats, SearchResult

HIT_STYLE = "bold yellow"
HEAT_GLYPHS = "·░▒▓█"
"""Level 0..4; readable without colour (NO_COLOR) too."""
HEAT_COLOURS = ("grey42", "#0e4429", "#006d32", "#26a641", "#39d353")
DAY_NAMES = [N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun")]
MONTHS = [N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"), N_("Jul"), N_("Aug"), N_("Sep"), N_("Oct"),
          N_("Nov"), N_("Dec")]  # fmt: skip


def saved(message: str, retro: Retro) -> None:
    output.info(message.format(short_id=retro.short_id, entry_date=retro.entry_date))


def added(retro: Retro) -> None:
    saved(_("[green]Saved[/] retrospect [bold]{short_id}[/] ({entry_date})"), retro)


def updated(retro: Retro) -> None:
    saved(_("[green]Updated[/] retrospect [bold]{short_id}[/] ({entry_date})"), retro)


def restored(retro: Retro) -> None:
    saved(_("[green]Restored[/] retrospect [bold]{short_id}[/] ({entry_date})"), retro)


def removed(retro: Retro) -> None:
    output.info(
        _("Deleted retrospect [bold]{short_id}[/]; undo with: reflee retro restore {short_id}").format(
            short_id=retro.short_id
        )
    )


def show(retro: Retro) -> None:
    con = output.console()
    esc = output.escape
    con.print(f"[bold]{retro.short_id}[/]  {retro.entry_date}" + (_("  [red](deleted)[/]") if retro.deleted_at else ""))
    if retro.tags:
        con.print(_("tags: ") + " ".join(f"[cyan]#{esc(t)}[/]" for t in retro.tags))
    if retro.purpose:
        con.print(_("[bold]Purpose[/]  {purpose}").format(purpose=esc(retro.purpose)))
    con.print()
    con.print(esc(retro.content))


def listing(stream: Iterable[Retro]) -> None:
    retros = list(stream)  # a table is laid out from all its rows
    if not retros:
        output.info(_('No retrospects yet. Write one with: reflee retro add "오늘 한 일…"'))
        return
    esc = output.escape
    output.table(
        [
            ("ID", {"no_wrap": True, "fit": "keep"}),
            (_("Date"), {"no_wrap": True, "fit": "keep"}),
            (_("Purpose / content"), {"overflow": "ellipsis", "no_wrap": True, "ratio": 1}),
            (_("Tags"), {"no_wrap": True, "fit": "drop"}),
        ],
        (
            (
                f"[bold]{r.short_id}[/]",
                r.entry_date,
                esc(output.first_line(r.purpose or r.content)),
                f"[cyan]{esc(' '.join('#' + t for t in r.tags))}[/]",
            )
            for r in retros
        ),
    )


def tags(counts: list[TagCount]) -> None:
    if not counts:
        output.info(_("No tags yet. Add some with: reflee retro add … --tag 운동"))
        return
    output.table(
        [_("Tag"), (_("Count"), {"justify": "right"})], ((f"#{output.escape(c.tag)}", c.count) for c in counts)
    )


def _marked(parts: Parts) -> str:
    esc = output.escape
    return "".join(f"[{HIT_STYLE}]{esc(text)}[/]" if hit else esc(text) for text, hit in parts)


def search(result: SearchResult) -> None:
    """Each hit as it is read (``result.hits`` may be a one-pass stream)."""
    con = output.console()
    esc = output.escape
    shown = 0
    for i, hit in enumerate(result.hits):
        shown += 1
        r = hit.retro
        head = f"[bold]{r.short_id}[/]  {r.entry_date}"
        if r.purpose:
            head += "  " + _marked(hit.purpose_parts)
        if r.tags:
            head += "  [cyan]" + esc(" ".join("#" + t for t in r.tags)) + "[/]"
        if i:
            con.print()
        con.print(head)
        con.print("  " + _marked(hit.snippet_parts))
    if not shown:
        output.info(_("No retrospects match {escape}.").format(escape=output.escape(repr(result.query))))
    elif shown == result.limit:
        output.info(_("[dim]showing the best {limit}; use --limit for more[/]").format(limit=result.limit))


def exported(result: ExportResult) -> None:
    """After an export to a file (an export to stdout is the text itself)."""
    n = result.count
    output.info(
        ngettext("Exported {n} retrospect to {path}", "Exported {n} retrospects to {path}", n).format(
            n=n, path=output.escape(str(result.path))
        )
    )


def imported(result: ImportResult) -> None:
    n = result.imported
    if result.dry_run:
        line = ngettext(
            "Would import {n} retrospect from {name} ({format})",
            "Would import {n} retrospects from {name} ({format})",
            n,
        )
    else:
        line = ngettext(
            "Imported {n} retrospect from {name} ({format})", "Imported {n} retrospects from {name} ({format})", n
        )
    line = line.format(n=n, name=output.escape(result.name), format=result.format)
    if result.skipped_duplicates:
        line += _("; skipped {count} already here").format(count=result.skipped_duplicates)
    output.info(line + ".")
    if result.unindexed:
        output.info(
            ngettext(
                "{n} of them is being indexed for search; a search before that is done finishes it first.",
                "{n} of them are being indexed for search; a search before that is done finishes it first.",
                result.unindexed,
            ).format(n=f"{result.unindexed:,}")
        )


def indexing_notice() -> Callable[[int, int | None], None]:
    """A search's ``progress``: one line on stderr when it has to index a large import's records first."""
    said = False

    def progress(done: int, total: int | None) -> None:
        nonlocal said
        if not said:
            said = True
            sys.stderr.write(
                _("Indexing {total} imported retrospects for search first…").format(total=f"{total or 0:,}") + "\n"
            )
            sys.stderr.flush()

    return progress


def indexed(result: BacklogResult) -> None:
    if not result.indexed and not result.waiting:
        output.info(_("Every retrospect is indexed for search."))
        return
    line = ngettext("Indexed {n} retrospect for search", "Indexed {n} retrospects for search", result.indexed).format(
        n=f"{result.indexed:,}"
    )
    if result.waiting:
        line += _("; {count} still wait (run it again to finish)").format(count=f"{result.waiting:,}")
    output.info(line + ".")


def _cell_pad(text: str, cells: int) -> str:
    """``text`` padded with spaces to ``cells`` terminal cells (Hangul is two cells wide)."""
    from rich.cells import cell_len

    return text + " " * max(0, cells - cell_len(text))


def _heatmap(stats: RetroStats) -> list[str]:
    from rich.cells import cell_len

    rows = stats.heatmap
    first_day = DAY_NAMES.index("Sun" if stats.week_start == "sunday" else "Mon")
    names = [_cell_pad(_(DAY_NAMES[(first_day + i) % 7]), 3) for i in range(7)]
    cols = len(rows[0]) if rows else 0
    label = [" "] * (4 + 2 * cols + 3)
    last_end, last_month = -1, None
    for c in range(cols):
        top = next((day for r in range(7) if (day := rows[r][c]) is not None), None)
        if top is None:
            continue
        month = int(top.date[5:7])
        if month != last_month:
            pos = 4 + 2 * c
            if pos > last_end:
                text = _(MONTHS[month - 1])
                wide = cell_len(text)
                label[pos : pos + wide] = [*text, *[""] * (wide - len(text))]  # a wide letter takes two cells
                last_end = pos + wide
            last_month = month
    lines = ["".join(label).rstrip()]
    for r in range(7):
        cells = []
        for day in rows[r]:
            if day is None:
                cells.append("  ")
            else:
                cells.append(f"[{HEAT_COLOURS[day.level]}]{HEAT_GLYPHS[day.level]}[/] ")
        lines.append(f"{names[r]} " + "".join(cells).rstrip())
    legend = " ".join(f"[{c}]{g}[/]" for c, g in zip(HEAT_COLOURS, HEAT_GLYPHS, strict=True))
    lines.append(_("    less {legend} more").format(legend=legend))
    return lines


def stats(result: RetroStats) -> None:
    con = output.console()

    def days(n: int) -> str:
        return ngettext("{n} day", "{n} days", n).format(n=n)

    con.print(
        _(
            "[bold]{total_entries}[/] entries · [bold]{written}[/] written · current streak [bold "
            "green]{streak}[/] · longest [bold]{longest}[/]"
        ).format(
            total_entries=result.total_entries,
            written=days(result.days_written),
            streak=days(result.current_streak),
            longest=days(result.longest_streak),
        )
    )
    con.print()
    busiest = max((w.count for w in result.weeks), default=0)
    output.table(
        [_("Week of"), (_("Entries"), {"justify": "right"}), ""],
        (
            (w.week_start, w.count, "[green]" + "█" * (round(24 * w.count / busiest) if busiest else 0) + "[/]")
            for w in result.weeks
        ),
    )
    con.print()
    for line in _heatmap(result):
        con.print(line)
