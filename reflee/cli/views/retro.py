"""How retrospects look to people: saved lines, the list, one entry, tags, search hits, transfers, statistics."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from reflee import output

if TYPE_CHECKING:
    from reflee.retro.models import Retro, TagCount
    from reflee.retro.results import ExportResult, ImportResult, Parts, RetroStats, SearchResult

HIT_STYLE = "bold yellow"
HEAT_GLYPHS = "·░▒▓█"
"""Level 0..4; readable without colour (NO_COLOR) too."""
HEAT_COLOURS = ("grey42", "#0e4429", "#006d32", "#26a641", "#39d353")
DAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def saved(verb: str, retro: Retro) -> None:
    output.info(f"[green]{verb}[/] retrospect [bold]{retro.short_id}[/] ({retro.entry_date})")


def added(retro: Retro) -> None:
    saved("Saved", retro)


def updated(retro: Retro) -> None:
    saved("Updated", retro)


def restored(retro: Retro) -> None:
    saved("Restored", retro)


def removed(retro: Retro) -> None:
    output.info(f"Deleted retrospect [bold]{retro.short_id}[/]; undo with: reflee retro restore {retro.short_id}")


def show(retro: Retro) -> None:
    con = output.console()
    esc = output.escape
    con.print(f"[bold]{retro.short_id}[/]  {retro.entry_date}" + ("  [red](deleted)[/]" if retro.deleted_at else ""))
    if retro.tags:
        con.print("tags: " + " ".join(f"[cyan]#{esc(t)}[/]" for t in retro.tags))
    if retro.purpose:
        con.print(f"[bold]목적 Purpose[/]  {esc(retro.purpose)}")
    con.print()
    con.print(esc(retro.content))


def listing(stream: Iterable[Retro]) -> None:
    retros = list(stream)  # a table is laid out from all its rows
    if not retros:
        output.info('No retrospects yet. Write one with: reflee retro add "오늘 한 일…"')
        return
    esc = output.escape
    output.table(
        [
            ("ID", {"no_wrap": True, "fit": "keep"}),
            ("Date", {"no_wrap": True, "fit": "keep"}),
            ("Purpose / content", {"overflow": "ellipsis", "no_wrap": True, "ratio": 1}),
            ("Tags", {"no_wrap": True, "fit": "drop"}),
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
        output.info("No tags yet. Add some with: reflee retro add … --tag 운동")
        return
    output.table(["Tag", ("Count", {"justify": "right"})], ((f"#{output.escape(c.tag)}", c.count) for c in counts))


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
        output.info(f"No retrospects match {output.escape(repr(result.query))}.")
    elif shown == result.limit:
        output.info(f"[dim]showing the best {result.limit}; use --limit for more[/]")


def exported(result: ExportResult) -> None:
    """After an export to a file (an export to stdout is the text itself)."""
    n = result.count
    output.info(f"Exported {n} retrospect{'s' if n != 1 else ''} to {output.escape(str(result.path))}")


def imported(result: ImportResult) -> None:
    verb = "Would import" if result.dry_run else "Imported"
    n = result.imported
    line = f"{verb} {n} retrospect{'s' if n != 1 else ''} from {output.escape(result.name)} ({result.format})"
    if result.skipped_duplicates:
        line += f"; skipped {result.skipped_duplicates} already here"
    output.info(line + ".")


def _heatmap(stats: RetroStats) -> list[str]:
    rows = stats.heatmap
    first_day = DAY_NAMES.index("Sun" if stats.week_start == "sunday" else "Mon")
    names = [DAY_NAMES[(first_day + i) % 7] for i in range(7)]
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
                text = MONTHS[month - 1]
                label[pos : pos + len(text)] = text
                last_end = pos + len(text)
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
    lines.append(f"    less {legend} more")
    return lines


def stats(result: RetroStats) -> None:
    con = output.console()

    def days(n: int) -> str:
        return f"{n} day{'s' if n != 1 else ''}"

    con.print(
        f"[bold]{result.total_entries}[/] entries · [bold]{days(result.days_written)}[/] written · "
        f"current streak [bold green]{days(result.current_streak)}[/] · "
        f"longest [bold]{days(result.longest_streak)}[/]"
    )
    con.print()
    busiest = max((w.count for w in result.weeks), default=0)
    output.table(
        ["Week of", ("Entries", {"justify": "right"}), ""],
        (
            (w.week_start, w.count, "[green]" + "█" * (round(24 * w.count / busiest) if busiest else 0) + "[/]")
            for w in result.weeks
        ),
    )
    con.print()
    for line in _heatmap(result):
        con.print(line)
