"""`reflee config ...`: typed settings in config.toml."""

from __future__ import annotations

from typing import Annotated

import typer

from reflee.cli import complete
from reflee.cli.common import JsonOpt, emit, new_typer, session
from reflee.cli.views import config as views
from reflee.i18n import _

app = new_typer(_("Read and change settings (config.toml)."))


@app.command("path")
def path(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Print where the config file lives."""
    emit(session(ctx).config.path(), json_, views.config_path)


@app.command("show")
def show(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Show every setting with its value and what it does."""
    emit(session(ctx).config.show(), json_, views.settings_table)


@app.command("get")
def get(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help=_("A setting key, e.g. week_start."), autocompletion=complete.config_keys)],
    json_: JsonOpt = False,
) -> None:
    """Print one setting's value."""
    emit(session(ctx).config.get(key), json_, views.setting_value)


@app.command("set")
def set_(
    ctx: typer.Context,
    key: Annotated[
        str, typer.Argument(help=_("A setting key; see 'reflee config show'."), autocompletion=complete.config_keys)
    ],
    value: Annotated[str, typer.Argument(help=_("The new value."))],
    json_: JsonOpt = False,
) -> None:
    """Change one setting (validated; unknown keys and bad values are refused)."""
    emit(session(ctx).config.set(key, value), json_, views.setting_changed)


@app.command("unset")
def unset(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help=_("A setting key."), autocompletion=complete.config_keys)],
    json_: JsonOpt = False,
) -> None:
    """Reset one setting to its default."""
    emit(session(ctx).config.unset(key), json_, views.setting_reset)
