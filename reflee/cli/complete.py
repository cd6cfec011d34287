"""Shell completion for option values (Typer ``autocompletion=`` callbacks): categories, tags, accounts, setting
keys and profile fields. Each callback reads the home the command line names (--home, else REFLEE_HOME) and asks
reflee.completion, which runs one small read-only query; nothing heavy is imported until a Tab asks."""

from __future__ import annotations

import typer


def _home(ctx: typer.Context) -> str | None:
    home = ctx.find_root().params.get("home")
    return str(home) if home else None


def categories(ctx: typer.Context, incomplete: str) -> list[str]:
    from reflee import completion

    return completion.categories(incomplete, _home(ctx))


def budget_categories(ctx: typer.Context, incomplete: str) -> list[str]:
    from reflee import completion

    return completion.budget_categories(incomplete, _home(ctx))


def tags(ctx: typer.Context, incomplete: str) -> list[str]:
    from reflee import completion

    return completion.tags(incomplete, _home(ctx))


def accounts(ctx: typer.Context, incomplete: str) -> list[str]:
    from reflee import completion

    return completion.accounts(incomplete, _home(ctx))


def config_keys(incomplete: str) -> list[tuple[str, str]]:
    from reflee import completion

    return completion.config_keys(incomplete)


def profile_fields(incomplete: str) -> list[tuple[str, str]]:
    from reflee import completion

    return completion.profile_fields(incomplete)
