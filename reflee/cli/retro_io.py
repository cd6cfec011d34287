"""`reflee retro search | export | import | stats`: find, move and count retrospects.

A part of the `reflee retro` group: reflee.cli.retro composes these commands into it.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from reflee import output
from reflee.cli.common import JsonOpt, emit, parse_date_opt, part, session
from reflee.cli.retro_index import after_import
from reflee.cli.retro_opts import SinceOpt, TagOpt, UntilOpt
from reflee.cli.views import retro as views
from reflee.errors import NotFoundError, UsageError
from reflee.i18n import _

READ_BUFFER = 1 << 20
"""Bytes read from an imported file at a time (the default, 4 or 8 KB, is a quarter of a million reads per GB)."""

commands = part()


@commands.command("search")
def search(
    ctx: typer.Context,
    query: Annotated[list[str], typer.Argument(help=_("Words to find (all must match); Korean matches by substring."))],
    limit: Annotated[int, typer.Option("--limit", "-n", help=_("Show at most this many."), min=1)] = 20,
    since: SinceOpt = None,
    until: UntilOpt = None,
    tag: TagOpt = None,
    semantic: Annotated[
        bool, typer.Option("--semantic", help=_("Also search by meaning (embeddings), fused with the full-text hits."))
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Search purpose and content, best matches first."""
    if semantic:
        from reflee.cli.retro_semantic import semantic_search

        semantic_search(
            session(ctx), " ".join(query), limit=limit, since=parse_date_opt(since, "--since"),
            until=parse_date_opt(until, "--until"), tags=tag, json_=json_,
        )  # fmt: skip
        return
    result = session(ctx).retro.search(
        " ".join(query),
        limit=limit,
        since=parse_date_opt(since, "--since"),
        until=parse_date_opt(until, "--until"),
        tags=tag,
        stream=True,
        progress=views.indexing_notice(),
    )
    emit(result, json_, views.search)


class ExportFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    md = "md"


@commands.command("export")
def export(
    ctx: typer.Context,
    format_: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help=_("json (one document), jsonl (one per line) or md (Markdown).")),
    ] = ExportFormat.json,
    since: SinceOpt = None,
    until: UntilOpt = None,
    output_: Annotated[
        Path | None, typer.Option("--output", "-o", help=_("Write to this file instead of stdout."), dir_okay=False)
    ] = None,
) -> None:
    """Export retrospects, oldest first (to stdout unless --output is given)."""
    service = session(ctx).retro
    since_d, until_d = parse_date_opt(since, "--since"), parse_date_opt(until, "--until")
    fmt = format_.value
    if output_ is None or str(output_) == "-":
        service.export(fmt, output.write_data, since=since_d, until=until_d)
        sys.stdout.flush()
        return
    views.exported(service.export_to_file(output_, fmt, since=since_d, until=until_d))


@commands.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(help=_("A reflee JSON/JSONL export or jrnl's JSON export; '-' reads stdin."))],
    dry_run: Annotated[bool, typer.Option("--dry-run", help=_("Check the file and count; write nothing."))] = False,
    json_: JsonOpt = False,
) -> None:
    """Import retrospects; records already here (same ID or same date and text) are skipped."""
    service = session(ctx).retro
    if file == "-":
        result = service.import_stream(sys.stdin.buffer, "stdin", dry_run=dry_run)
    else:
        path = Path(file).expanduser()
        try:
            fh = path.open("rb", buffering=READ_BUFFER)
        except FileNotFoundError:
            raise NotFoundError(_("{file}: no such file").format(file=file)) from None
        except OSError as exc:
            raise UsageError(_("{file}: cannot read: {strerror}").format(file=file, strerror=exc.strerror)) from None
        with fh:
            result = service.import_stream(fh, file, dry_run=dry_run)
    after_import(session(ctx), result)
    emit(result, json_, views.imported)


@commands.command("stats")
def stats(
    ctx: typer.Context,
    weeks: Annotated[
        int, typer.Option("--weeks", "-w", help=_("How many recent weeks to count (1-520)."), min=1, max=520)
    ] = 12,
    json_: JsonOpt = False,
) -> None:
    """Entries per week, days written, writing streaks and a calendar heat map."""
    emit(session(ctx).retro.stats(weeks=weeks), json_, views.stats)
