"""`reflee llm log` and `reflee cache ...`: what was asked of the model, and the answer cache."""

from __future__ import annotations

import typer

from reflee import output
from reflee.cli.common import JsonOpt, LimitOpt, app_context, new_typer

llm_app = new_typer("The record of every model call.")
cache_app = new_typer("The cache of model answers (reused for identical requests within cache.ttl_days).")


@llm_app.command("log")
def log(ctx: typer.Context, limit: LimitOpt = 20, json_: JsonOpt = False) -> None:
    """Recent model calls: model, purpose, tokens, durations, and errors; messages and answers with --json."""
    from reflee.llm.calllog import recent

    calls = recent(app_context(ctx).conn, limit or 20)
    if json_:
        output.emit_json(calls)
        return
    if not calls:
        output.info("No model calls yet.")
        return
    output.table(
        [
            "When",
            "Model",
            "Purpose",
            ("Tokens in/out", {"justify": "right"}),
            ("ms", {"justify": "right"}),
            ("Result", {"ratio": 1}),
        ],
        (
            (
                output.local_time(c.created_at),
                output.escape(c.model),
                c.purpose,
                f"{c.prompt_tokens or '-'}/{c.completion_tokens or '-'}",
                f"{c.wall_ms:,.0f}",
                f"[red]{output.escape(c.error)}[/]"
                if c.error
                else output.escape(output.first_line(c.response or "", 50)),
            )
            for c in calls
        ),
    )


@cache_app.command("stats")
def stats(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Entries, size, hits and misses of the answer cache."""
    st = app_context(ctx).response_cache().stats()
    if json_:
        output.emit_json(st)
    else:
        output.console().print(
            f"{st.entries} entries, {st.size_bytes:,} bytes, {st.hits} hits / {st.misses} misses, "
            f"TTL {st.ttl_days} days\n[dim]{st.path}[/]"
        )


@cache_app.command("clear")
def clear(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Remove every cached answer."""
    removed = app_context(ctx).response_cache().clear()
    if json_:
        output.emit_json({"removed": removed})
    else:
        output.info(f"Removed {removed} cached answer(s).")
