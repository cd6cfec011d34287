"""`reflee profile ...`: who you are, for matching policies (프로필)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from reflee import output
from reflee.cli.common import JsonOpt, new_typer, session
from reflee.errors import AbortedError, UsageError

app = new_typer("Your profile (프로필): birth date, region, income, work, study and traits, for policy matching.")

FieldArg = Annotated[
    str,
    typer.Argument(
        help="A field: birth_date, gender, region, household_size, income_annual, income_monthly_household, "
        "employment, education, major, marital, housing, traits (or its Korean label, e.g. 생년월일)."
    ),
]


def print_profile(profile) -> None:
    esc = output.escape
    rows = []
    for name, pv in profile.fields.items():
        if pv.value is None:
            value, source = "[dim]—[/]", ""
        else:
            value = esc(pv.display)
            source = "입력" if pv.source == "entered" else f"[yellow]추정[/] [dim]{esc(pv.inferred_from or '')}[/]"
        rows.append((esc(pv.label), f"[dim]{name}[/]", value, source))
    output.table(["항목", "Field", "값 Value", ("출처 Source", {"ratio": 1})], rows)
    extra = []
    if profile.age is not None:
        extra.append(f"만 나이: [bold]{profile.age}세[/] ({profile.on} 기준)")
    share = profile.median_income
    if share is not None:
        estimated = ", 7인 이상은 추정" if share.estimated_size else ""
        extra.append(
            f"기준 중위소득 대비: [bold]약 {share.percent}%[/] ({share.year}년 {share.household_size}인 가구 "
            f"{share.median_krw:,}원{estimated})"
        )
    for note in [*extra, *profile.notes]:
        output.console().print(note)
    if profile.is_empty:
        output.info("Nothing set yet. Start with: reflee profile set birth_date 1999-05-01")


def _done(profile, json_: bool, message: str) -> None:
    if json_:
        output.emit_json(profile)
    else:
        output.info(message)


@app.command("show")
def show(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Show every field, its value and whether you entered it or it was inferred."""
    profile = session(ctx).profile.get()
    if json_:
        output.emit_json(profile)
    else:
        print_profile(profile)


@app.command("set", context_settings={"ignore_unknown_options": True})
def set_(
    ctx: typer.Context,
    field: FieldArg,
    value: Annotated[str, typer.Argument(help="The value, e.g. 1999-05-01, '서울 관악구', 3600만원, 미취업자.")],
    json_: JsonOpt = False,
) -> None:
    """Set one field (checked before it is saved)."""
    from reflee.profile.fields import resolve

    spec = resolve(field)
    profile = session(ctx).profile.set(spec.name, value)
    pv = profile.fields[spec.name]
    _done(profile, json_, f"[green]Set[/] {spec.label} ({spec.name}) = [bold]{output.escape(pv.display)}[/]")


@app.command("unset")
def unset(ctx: typer.Context, field: FieldArg, json_: JsonOpt = False) -> None:
    """Clear one field (matching then treats it as unknown)."""
    from reflee.profile.fields import resolve

    spec = resolve(field)
    profile, removed = session(ctx).profile.unset(spec.name)
    message = f"[green]Cleared[/] {spec.label} ({spec.name})" if removed else f"{spec.label} ({spec.name}) was not set"
    _done(profile, json_, message)


@app.command("edit")
def edit(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Edit the whole profile in your editor (one 'field = value' per line)."""
    from reflee import editor
    from reflee.profile import template

    if not sys.stdin.isatty():
        raise UsageError("profile edit needs a terminal; use 'reflee profile set FIELD VALUE' in scripts")
    context = session(ctx)
    service = context.profile
    current = service.get()
    text = editor.edit(template.render(current), context.settings.editor_command(), suffix=".txt")
    wanted = template.parse(text)
    before = {name: template.render_value(name, current.fields[name]) for name in wanted}
    changes = {name: value for name, value in wanted.items() if value != before[name]}
    if not changes:
        raise AbortedError("no changes; nothing was saved")
    profile = service.update(changes)
    labels = ", ".join(profile.fields[name].label for name in changes)
    _done(profile, json_, f"[green]Updated[/] {labels}")
