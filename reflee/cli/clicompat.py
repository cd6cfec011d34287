"""The click exceptions Typer raises. Typer 0.29+ ships its own copy of click (``typer._click``);
older releases use click itself. Everything in reflee that catches them imports from here."""

from __future__ import annotations

from typing import Any

try:
    from typer._click import exceptions as click_exceptions
except ImportError:  # typer < 0.29
    from click import exceptions as click_exceptions  # type: ignore[no-redef]

UsageError = click_exceptions.UsageError
ClickException = click_exceptions.ClickException
NoArgsIsHelpError = getattr(click_exceptions, "NoArgsIsHelpError", None)


def subcommands(command: object) -> dict[str, object]:
    """The sub-commands of a group (empty for a plain command)."""
    return dict(getattr(command, "commands", None) or {})


def formatting() -> Any:  # the click formatting module Typer uses
    try:
        from typer._click import formatting as module
    except ImportError:  # typer < 0.29
        import click.formatting as module  # type: ignore[no-redef]
    return module


def context_class() -> Any:  # the click Context class Typer uses
    try:
        from typer._click import Context
    except ImportError:  # typer < 0.29
        from click import Context  # type: ignore[assignment]
    return Context
