"""`reflee cache ...`: the cache of model answers."""

from __future__ import annotations

import typer

from reflee.cli.common import JsonOpt, emit, new_typer, session
from reflee.cli.views import models as views
from reflee.i18n import _

app = new_typer(_("The cache of model answers (reused for identical requests within cache.ttl_days)."))


@app.command("stats")
def stats(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Entries, size, hits and misses of the answer cache."""
    emit(session(ctx).llm_log.cache_stats(), json_, views.cache_stats)


@app.command("clear")
def clear(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Remove every cached answer."""
    emit(session(ctx).llm_log.cache_clear(), json_, views.cache_cleared)
