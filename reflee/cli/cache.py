"""`reflee cache ...`: the cache of model answers."""

from __future__ import annotations

import typer

from reflee import output
from reflee.cli.common import JsonOpt, new_typer, session

app = new_typer("The cache of model answers (reused for identical requests within cache.ttl_days).")


@app.command("stats")
def stats(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Entries, size, hits and misses of the answer cache."""
    st = session(ctx).response_cache().stats()
    if json_:
        output.emit_json(st)
    else:
        output.console().print(
            f"{st.entries} entries, {st.size_bytes:,} bytes, {st.hits} hits / {st.misses} misses, "
            f"TTL {st.ttl_days} days\n[dim]{st.path}[/]"
        )


@app.command("clear")
def clear(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Remove every cached answer."""
    removed = session(ctx).response_cache().clear()
    if json_:
        output.emit_json({"removed": removed})
    else:
        output.info(f"Removed {removed} cached answer(s).")
