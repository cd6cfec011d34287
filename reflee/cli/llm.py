"""`reflee llm log`: what was asked of the model."""

from __future__ import annotations

import typer

from reflee import output
from reflee.cli.common import JsonOpt, LimitOpt, new_typer, session

app = new_typer("The record of every model call.")


@app.command("log")
def log(ctx: typer.Context, limit: LimitOpt = 20, json_: JsonOpt = False) -> None:
    """Recent model calls: model, purpose, tokens, durations, and errors; messages and answers with --json."""
    from reflee.llm.calllog import recent

    calls = recent(session(ctx).conn, limit or 20)
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
