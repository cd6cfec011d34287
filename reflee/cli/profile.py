"""`reflee profile ...`: who you are, for matching policies (프로필)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from reflee.cli import complete
from reflee.cli.common import JsonOpt, emit, new_typer, session
from reflee.cli.views import profile as views
from reflee.errors import UsageError
from reflee.i18n import _

app = new_typer(_("Your profile (프로필): birth date, region, income, work, study and traits, for policy matching."))

FieldArg = Annotated[
    str,
    typer.Argument(
        help=_(
            "A field: birth_date, gender, region, household_size, income_annual, income_monthly_household, "
            "employment, education, major, marital, housing, traits (or its Korean label, e.g. 생년월일)."
        ),
        autocompletion=complete.profile_fields,
    ),
]


@app.command("show")
def show(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Show every field, its value and whether you entered it or it was inferred."""
    emit(session(ctx).profile.get(), json_, views.profile_table)


@app.command("set", context_settings={"ignore_unknown_options": True})
def set_(
    ctx: typer.Context,
    field: FieldArg,
    value: Annotated[str, typer.Argument(help=_("The value, e.g. 1999-05-01, '서울 관악구', 3600만원, 미취업자."))],
    json_: JsonOpt = False,
) -> None:
    """Set one field (checked before it is saved)."""
    emit(session(ctx).profile.set(field, value), json_, views.field_set)


@app.command("unset")
def unset(ctx: typer.Context, field: FieldArg, json_: JsonOpt = False) -> None:
    """Clear one field (matching then treats it as unknown)."""
    emit(session(ctx).profile.unset(field), json_, views.field_unset)


@app.command("edit")
def edit(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Edit the whole profile in your editor (one 'field = value' per line)."""
    from reflee import editor

    if not sys.stdin.isatty():
        raise UsageError(_("profile edit needs a terminal; use 'reflee profile set FIELD VALUE' in scripts"))
    context = session(ctx)
    service = context.profile
    text = editor.edit(service.template(), context.settings.editor_command(), suffix=".txt")
    emit(service.update_from_text(text), json_, views.fields_updated)
