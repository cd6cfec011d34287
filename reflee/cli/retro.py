"""`reflee retro ...`: write and manage retrospects (회고)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from reflee import output
from reflee.cli import complete, retro_index, retro_io, retro_semantic
from reflee.cli.common import JsonOpt, LimitOpt, YesOpt, compose, emit, new_typer, parse_date_opt, session
from reflee.cli.fields import labels
from reflee.cli.retro_opts import DateOpt, SinceOpt, TagOpt, UntilOpt
from reflee.cli.views import retro as views
from reflee.errors import AbortedError, DataError, UsageError
from reflee.i18n import _
from reflee.retro.models import Retro

if TYPE_CHECKING:
    from reflee.services import Services

app = new_typer(_("Write, find and manage retrospects (회고)."))

IdArg = Annotated[str, typer.Argument(help=_("A retrospect ID or any unambiguous prefix of it."))]


def read_stdin(limit_bytes: int) -> str:
    data = sys.stdin.buffer.read(limit_bytes + 1)
    if len(data) > limit_bytes:
        raise UsageError(
            _("more than the {value} MB limit for one retrospect; split it").format(value=limit_bytes // 1_000_000),
            field="content (stdin)",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(
            _("stdin: not valid UTF-8 (byte 0x{data:02x} at offset {start})").format(
                data=data[exc.start], start=exc.start
            )
        ) from None


def _from_editor(ctx: typer.Context, purpose: str, content: str) -> tuple[str, str]:
    from reflee import editor
    from reflee.retro import template

    settings = session(ctx).settings
    custom = None
    if settings.retro.template:
        from pathlib import Path

        custom = Path(settings.retro.template).expanduser().read_text(encoding="utf-8")
    text = editor.edit(template.render(purpose, content, custom), settings.editor_command())
    new_purpose, new_content = template.parse(text)
    if not new_content.strip():
        raise AbortedError(_("empty retrospect; nothing was saved"))
    return new_purpose, new_content


@app.command("add")
def add(
    ctx: typer.Context,
    text: Annotated[
        str | None,
        typer.Argument(help=_("What happened. '-' reads stdin; omit it on a terminal to open your editor.")),
    ] = None,
    purpose: Annotated[str | None, typer.Option("--purpose", "-p", help=_("Why: the goal behind it (목적)."))] = None,
    date_: DateOpt = None,
    tag: TagOpt = None,
    no_feedback: Annotated[
        bool, typer.Option("--no-feedback", help=_("Only queue feedback; don't ask the model now."))
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Write a retrospect: what happened and why. Feedback follows (see feedback.mode)."""
    from reflee.retro.service import MAX_CONTENT_BYTES

    entry_date = parse_date_opt(date_, "--date")
    source: str
    if text == "-" or (text is None and not sys.stdin.isatty()):
        text = read_stdin(MAX_CONTENT_BYTES)
        source = "stdin"
    elif text is None:
        purpose, text = _from_editor(ctx, purpose or "", "")
        source = "editor"
    else:
        source = "TEXT"
    service = session(ctx).retro
    with labels(content=f"content ({source})"):  # say where the text came from
        retro = service.add(text, purpose=purpose, entry_date=entry_date, tags=tag)
    if not json_:
        views.added(retro)  # before the model starts writing
    state, feedback = _feedback_after_save(session(ctx), retro, skip=no_feedback, quiet=json_)
    emit({**retro.to_json(), "feedback_state": state, "feedback": feedback}, json_, _shown_already)


def _shown_already(_: object) -> None:
    """People saw the saved line and the feedback as they happened."""


def _feedback_after_save(context: Services, retro: Retro, *, skip: bool, quiet: bool) -> tuple[str, Any]:
    """feedback.mode = inline: ask the model now and show the answer; the retrospect is saved whatever happens.
    Returns (state, feedback JSON or None): state is done | queued | failed | off."""
    mode = context.settings.feedback.mode
    if mode == "off":
        return "off", None
    job_id = context.feedback.job_for(retro.id, retro.version)
    if mode == "queue" or skip or job_id is None:
        if not quiet and job_id is not None:
            from reflee.cli.views.feedback import queued_after_save

            queued_after_save()
        return "queued", None
    from reflee.cli.feedback_inline import run_inline  # the model's front end loads only when needed
    from reflee.cli.views.feedback import after_save

    outcome = run_inline(context, job_id, quiet=quiet)
    if outcome.feedback is not None:
        if not quiet:
            after_save(outcome.feedback)
        return "done", outcome.feedback.to_json()
    return ("failed" if outcome.state == "failed" else "queued"), None


@app.command("list")
def list_(
    ctx: typer.Context,
    since: SinceOpt = None,
    until: UntilOpt = None,
    tag: TagOpt = None,
    limit: LimitOpt = None,
    deleted: Annotated[bool, typer.Option("--deleted", help=_("List deleted retrospects instead."))] = False,
    json_: JsonOpt = False,
) -> None:
    """List retrospects, newest first."""
    retros = session(ctx).retro.list_stream(
        since=parse_date_opt(since, "--since"),
        until=parse_date_opt(until, "--until"),
        tags=tag,
        limit=limit,
        deleted=deleted,
    )
    emit(retros, json_, views.listing)


@app.command("show")
def show(ctx: typer.Context, ident: IdArg, json_: JsonOpt = False) -> None:
    """Show one retrospect in full, with its newest feedback below it."""
    context = session(ctx)
    retro = context.retro.get(ident)
    emit(retro, json_, views.show)
    if not json_ and not retro.deleted_at:
        from reflee.cli.views.feedback import under_entry

        under_entry(context.feedback.show(retro.id))


@app.command("edit")
def edit(
    ctx: typer.Context,
    ident: IdArg,
    text: Annotated[str | None, typer.Option("--text", help=_("New content ('-' reads stdin)."))] = None,
    purpose: Annotated[str | None, typer.Option("--purpose", "-p", help=_("New purpose."))] = None,
    date_: DateOpt = None,
    tag: Annotated[
        list[str] | None,
        typer.Option("--tag", "-t", help=_("Add a tag; repeat for several."), autocompletion=complete.tags),
    ] = None,
    untag: Annotated[
        list[str] | None,
        typer.Option("--untag", help=_("Remove a tag; repeat for several."), autocompletion=complete.tags),
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Change a retrospect with flags, or in your editor when no flag is given."""
    from reflee.retro.service import MAX_CONTENT_BYTES

    service = session(ctx).retro
    entry_date = parse_date_opt(date_, "--date")
    if text == "-":
        text = read_stdin(MAX_CONTENT_BYTES)
    if all(v is None for v in (text, purpose, entry_date, tag, untag)):
        if not sys.stdin.isatty():
            raise UsageError(_("nothing to change: give --text, --purpose, --date, --tag or --untag"))
        current = service.get(ident)
        purpose, text = _from_editor(ctx, current.purpose, current.content)
    retro = service.edit(ident, content=text, purpose=purpose, entry_date=entry_date, add_tags=tag, remove_tags=untag)
    emit(retro, json_, views.updated)


@app.command("rm")
def rm(ctx: typer.Context, ident: IdArg, yes: YesOpt = False, json_: JsonOpt = False) -> None:
    """Delete a retrospect (it can be restored with 'retro restore')."""
    context = session(ctx)
    service = context.retro
    retro = service.get(ident)
    if not yes and context.settings.retro.confirm_delete:
        if not sys.stdin.isatty():
            raise UsageError(_("refusing to delete without confirmation; pass --yes"))
        label = output.first_line(retro.purpose or retro.content, 40)
        if not typer.confirm(
            _("Delete retrospect {short_id} ({entry_date}: {label})?").format(
                short_id=retro.short_id, entry_date=retro.entry_date, label=label
            )
        ):
            raise AbortedError(_("not deleted"))
    emit(service.remove(retro.id), json_, views.removed)


@app.command("restore")
def restore(ctx: typer.Context, ident: IdArg, json_: JsonOpt = False) -> None:
    """Bring back a deleted retrospect."""
    emit(session(ctx).retro.restore(ident), json_, views.restored)


@app.command("tags")
def tags(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """List tags with how many retrospects carry each."""
    emit(session(ctx).retro.tags(), json_, views.tags)


compose(app, retro_io.commands, retro_index.commands, retro_semantic.commands)
