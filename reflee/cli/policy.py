"""`reflee policy ...`: youth and government policies (청년정책 · 공공서비스) — import, find, match, favourites."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from reflee import output
from reflee.cli import policy_match, policy_view
from reflee.cli.common import JsonOpt, new_typer, parse_date_opt, session
from reflee.errors import NotFoundError, UsageError

app = new_typer("Youth and government policies (청년정책 · 공공서비스): import, find, match against your profile.")
IdArg = Annotated[str, typer.Argument(help="A policy ID (or prefix), a 온통청년 plcyNo or a 공공서비스 서비스ID.")]
OnOpt = Annotated[
    str | None, typer.Option("--on", help="Judge ages and application periods as of this day (default today).")
]


def _read(file: str) -> tuple[str, bytes]:
    if file == "-":
        return "stdin", sys.stdin.buffer.read()
    path = Path(file).expanduser()
    try:
        return file, path.read_bytes()
    except FileNotFoundError:
        raise NotFoundError(f"{file}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{file}: is a directory; give the JSON files inside it") from None
    except OSError as exc:
        raise UsageError(f"{file}: cannot read: {exc.strerror}") from None


@app.command("import")
def import_(
    ctx: typer.Context,
    files: Annotated[
        list[str],
        typer.Argument(
            help="온통청년 getPlcy JSON, 공공서비스 serviceList + supportConditions JSON (give both), or reflee's "
            "policies JSON; '-' reads stdin."
        ),
    ],
    json_: JsonOpt = False,
) -> None:
    """Import policies; the same source ID updates the stored policy. Unreadable records are reported."""
    items = [_read(f) for f in files]
    service = session(ctx).policy
    if sys.stderr.isatty():
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        with Progress(
            TextColumn("importing"), BarColumn(), MofNCompleteColumn(), console=output.err_console(), transient=True
        ) as bar:
            task = bar.add_task("import", total=None)
            report = service.import_files(items, lambda done, total: bar.update(task, completed=done, total=total))
    else:
        report = service.import_files(items)
    if json_:
        output.emit_json(report)
    esc = output.escape
    for e in report.errors:
        output.info(f"[red]could not read[/] {esc(e.file)} record {esc(e.record)}: {esc(e.message)}")
    for w in report.warnings[:10]:
        output.info(f"[yellow]note[/] {esc(w.file)} record {esc(w.record)}: {esc(w.message)}")
    if len(report.warnings) > 10:
        output.info(f"[yellow]note[/] … and {len(report.warnings) - 10} more (see --json)")
    if not json_:
        output.info(
            f"Imported {report.imported:,} of {report.total:,} policies ({report.inserted:,} new, "
            f"{report.updated:,} updated, {report.unchanged:,} unchanged); "
            f"{len(report.errors)} could not be read."
        )


@app.command("list")
def list_(
    ctx: typer.Context,
    category: Annotated[
        str | None,
        typer.Option(
            "--category", "-c", help="Only this 분야: 일자리, 주거, 교육·직업훈련, 금융·복지·문화, 참여·기반, …"
        ),
    ] = None,
    open_: Annotated[bool, typer.Option("--open", help="Only policies taking applications now.")] = False,
    source: Annotated[str | None, typer.Option("--source", help="Only this source: youth, gov24, …")] = None,
    limit: Annotated[int | None, typer.Option("--limit", "-n", help="Show at most this many.", min=1)] = None,
    on: OnOpt = None,
    json_: JsonOpt = False,
) -> None:
    """List stored policies, newest first."""
    service = session(ctx).policy
    items = service.list(category=category, open_only=open_, source=source, limit=limit, on=parse_date_opt(on, "--on"))
    if json_:
        output.emit_json(items)
        return
    if not items:
        if service.count() == 0:
            output.info("No policies yet. Import some with: reflee policy import youthcenter.json")
        else:
            known = ", ".join(f"{c} ({n})" for c, n in service.categories())
            output.info(f"No policies match. Categories: {output.escape(known)}")
        return
    policy_view.policy_table(items)


@app.command("search")
def search(
    ctx: typer.Context,
    query: Annotated[list[str], typer.Argument(help="Words to find (all must match); Korean matches by substring.")],
    limit: Annotated[int, typer.Option("--limit", "-n", help="Show at most this many.", min=1)] = 20,
    json_: JsonOpt = False,
) -> None:
    """Search titles, descriptions, targets and agencies, best matches first."""
    text = " ".join(query)
    items = session(ctx).policy.search(text, limit=limit)
    if json_:
        output.emit_json(items)
        return
    if not items:
        output.info(f"No policies match {output.escape(repr(text))}.")
        return
    policy_view.policy_table(items)


@app.command("show")
def show(ctx: typer.Context, ident: IdArg, on: OnOpt = None, json_: JsonOpt = False) -> None:
    """Show one policy: what it offers, who it is for, whether it fits you, how and when to apply."""
    policy, apply, match = session(ctx).policy.show(ident, parse_date_opt(on, "--on"))
    if json_:
        data = policy.to_json(status=apply)
        data["match"] = match.to_json() if match else None
        output.emit_json(data)
        return
    policy_view.policy_detail(policy, apply, match)


app.command("match")(policy_match.match)
app.command("recommend")(policy_match.recommend)
app.command("remind")(policy_match.remind)
app.add_typer(policy_match.fav_app, name="fav")
