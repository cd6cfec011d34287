"""`reflee retro search | export | import | stats`: find, move and count retrospects.

A part of the `reflee retro` group: reflee.cli.retro composes these commands into it.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from reflee import output
from reflee.cli.common import JsonOpt, parse_date_opt, part, session
from reflee.cli.retro_opts import SinceOpt, TagOpt, UntilOpt
from reflee.errors import NotFoundError, UsageError

HIT_STYLE = "bold yellow"
HEAT_GLYPHS = "·░▒▓█"
"""Level 0..4; readable without colour (NO_COLOR) too."""
HEAT_COLOURS = ("grey42", "#0e4429", "#006d32", "#26a641", "#39d353")
DAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

commands = part()
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _date_range(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    s, u = parse_date_opt(since, "--since"), parse_date_opt(until, "--until")
    return (s.isoformat() if s else None), (u.isoformat() if u else None)


def _marked(parts: list[tuple[str, bool]]) -> str:
    esc = output.escape
    return "".join(f"[{HIT_STYLE}]{esc(text)}[/]" if hit else esc(text) for text, hit in parts)


@commands.command("search")
def search(
    ctx: typer.Context,
    query: Annotated[list[str], typer.Argument(help="Words to find (all must match); Korean matches by substring.")],
    limit: Annotated[int, typer.Option("--limit", "-n", help="Show at most this many.", min=1)] = 20,
    since: SinceOpt = None,
    until: UntilOpt = None,
    tag: TagOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Search purpose and content, best matches first."""
    from reflee.retro import search as search_mod

    since_s, until_s = _date_range(since, until)
    text = " ".join(query)
    hits = search_mod.search(session(ctx).conn, text, limit=limit, since=since_s, until=until_s, tags=tag)
    if json_:
        output.emit_json(hits)
        return
    if not hits:
        output.info(f"No retrospects match {output.escape(repr(text))}.")
        return
    con = output.console()
    esc = output.escape
    for i, hit in enumerate(hits):
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
    if len(hits) == limit:
        output.info(f"[dim]showing the best {limit}; use --limit for more[/]")


class ExportFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    md = "md"


@commands.command("export")
def export(
    ctx: typer.Context,
    format_: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help="json (one document), jsonl (one per line) or md (Markdown)."),
    ] = ExportFormat.json,
    since: SinceOpt = None,
    until: UntilOpt = None,
    output_: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.", dir_okay=False)
    ] = None,
) -> None:
    """Export retrospects, oldest first (to stdout unless --output is given)."""
    from reflee.retro import exporter

    since_s, until_s = _date_range(since, until)
    conn = session(ctx).conn
    fmt = format_.value
    if output_ is None or str(output_) == "-":
        exporter.export(conn, fmt, sys.stdout.write, since=since_s, until=until_s)
        sys.stdout.flush()
        return
    target = output_.expanduser()
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")  # renamed into place only when complete
    try:
        with tmp.open("w", encoding="utf-8", newline="\n") as fh:
            count = exporter.export(conn, fmt, fh.write, since=since_s, until=until_s)
        os.replace(tmp, target)
    except FileNotFoundError:
        raise NotFoundError(f"--output: the directory {target.parent} does not exist") from None
    except OSError as exc:
        raise UsageError(f"--output: cannot write {target}: {exc.strerror}") from None
    finally:
        tmp.unlink(missing_ok=True)
    output.info(f"Exported {count} retrospect{'s' if count != 1 else ''} to {output.escape(str(target))}")


@commands.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(help="A reflee JSON/JSONL export or jrnl's JSON export; '-' reads stdin.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check the file and count; write nothing.")] = False,
    json_: JsonOpt = False,
) -> None:
    """Import retrospects; records already here (same ID or same date and text) are skipped."""
    from reflee.retro import importer

    if file == "-":
        data, name = sys.stdin.buffer.read(), "stdin"
    else:
        path = Path(file).expanduser()
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise NotFoundError(f"{file}: no such file") from None
        except OSError as exc:
            raise UsageError(f"{file}: cannot read: {exc.strerror}") from None
        name = file
    result = importer.import_retros(session(ctx).conn, data, name, dry_run=dry_run)
    if json_:
        output.emit_json(result)
        return
    verb = "Would import" if dry_run else "Imported"
    n = result.imported
    line = f"{verb} {n} retrospect{'s' if n != 1 else ''} from {output.escape(name)} ({result.format})"
    if result.skipped_duplicates:
        line += f"; skipped {result.skipped_duplicates} already here"
    output.info(line + ".")


def _heatmap(stats) -> list[str]:
    rows = stats.heatmap
    first_day = DAY_NAMES.index("Sun" if stats.week_start == "sunday" else "Mon")
    names = [DAY_NAMES[(first_day + i) % 7] for i in range(7)]
    cols = len(rows[0]) if rows else 0
    label = [" "] * (4 + 2 * cols + 3)
    last_end, last_month = -1, None
    for c in range(cols):
        top = next((rows[r][c] for r in range(7) if rows[r][c] is not None), None)
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


@commands.command("stats")
def stats(
    ctx: typer.Context,
    weeks: Annotated[
        int, typer.Option("--weeks", "-w", help="How many recent weeks to count (1-520).", min=1, max=520)
    ] = 12,
    json_: JsonOpt = False,
) -> None:
    """Entries per week, days written, writing streaks and a calendar heat map."""
    from reflee.dates import local_today
    from reflee.retro import stats as stats_mod

    context = session(ctx)
    result = stats_mod.compute(context.conn, today=local_today(), weeks=weeks, week_start=context.settings.week_start)
    if json_:
        output.emit_json(result)
        return
    con = output.console()
    days = lambda n: f"{n} day{'s' if n != 1 else ''}"  # noqa: E731
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
