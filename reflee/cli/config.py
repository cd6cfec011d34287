"""`reflee config ...`: typed settings in config.toml."""

from __future__ import annotations

from typing import Annotated

import typer

from reflee import output
from reflee.cli.common import JsonOpt, new_typer, session

app = new_typer("Read and change settings (config.toml).")


@app.command("path")
def path(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Print where the config file lives."""
    p = session(ctx).paths.config_file
    if json_:
        output.emit_json({"path": str(p), "exists": p.exists()})
    else:
        typer.echo(str(p))


@app.command("show")
def show(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Show every setting with its value and what it does."""
    from reflee.config import SETTINGS

    items = session(ctx).settings.items()
    if json_:
        output.emit_json({key: value for key, value, _ in items})
        return
    esc = output.escape
    output.table(
        ["Key", "Value", ("Description", {"ratio": 1})],
        (
            (
                f"[bold]{key}[/]",
                esc(repr(value) if isinstance(value, str) else str(value).lower())
                + ("" if explicit else " [dim](default)[/]"),
                esc(SETTINGS[key].doc) + f" [dim]({esc(SETTINGS[key].expected())})[/]",
            )
            for key, value, explicit in items
        ),
    )


@app.command("get")
def get(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="A setting key, e.g. week_start.")],
    json_: JsonOpt = False,
) -> None:
    """Print one setting's value."""
    value = session(ctx).settings[key]
    if json_:
        output.emit_json({"key": key, "value": value})
    else:
        typer.echo(str(value).lower() if isinstance(value, bool) else str(value))


@app.command("set")
def set_(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="A setting key; see 'reflee config show'.")],
    value: Annotated[str, typer.Argument(help="The new value.")],
    json_: JsonOpt = False,
) -> None:
    """Change one setting (validated; unknown keys and bad values are refused)."""
    from reflee.config import save_setting

    new = save_setting(session(ctx).settings, key, value)
    if json_:
        output.emit_json({"key": key, "value": new})
    else:
        output.info(f"{key} = {new!r}")


@app.command("unset")
def unset(
    ctx: typer.Context, key: Annotated[str, typer.Argument(help="A setting key.")], json_: JsonOpt = False
) -> None:
    """Reset one setting to its default."""
    from reflee.config import save_setting

    new = save_setting(session(ctx).settings, key, None)
    if json_:
        output.emit_json({"key": key, "value": new})
    else:
        output.info(f"{key} reset to the default {new!r}")
