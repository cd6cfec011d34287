"""`reflee model ...` and `reflee doctor`: the model server, its models, and whether all is well."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from reflee import output
from reflee.cli.common import JsonOpt, new_typer, session

app = new_typer("The models on your Ollama (or OpenAI-compatible) server.")


def model_service(ctx: typer.Context):
    from reflee.llm.service import ModelService

    return ModelService(session(ctx).llm_settings)


@app.command("list")
def list_(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """List the server's models; the configured one (llm.model) is marked."""
    models = model_service(ctx).list_models()
    if json_:
        output.emit_json([{**m.to_json(), "configured": configured} for m, configured in models])
        return
    if not models:
        output.info("The server has no models. Pull one with: reflee model pull gemma3:4b")
        return
    output.table(
        ["", "Model", "Size", "Params", "Quant"],
        (
            (
                "[green]●[/]" if configured else " ",
                f"[bold]{output.escape(m.name)}[/]" if configured else output.escape(m.name),
                f"{m.size_bytes / 1e9:.1f} GB" if m.size_bytes else "",
                m.parameter_size or "",
                m.quantization or "",
            )
            for m, configured in models
        ),
    )
    if not any(c for _, c in models):
        setting = session(ctx).llm_settings.model
        output.info(f"[yellow]the configured model {setting!r} is not on the server[/]: reflee model pull {setting}")


@app.command("pull")
def pull(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="A model name, e.g. gemma3:4b or qwen3:8b.")],
    json_: JsonOpt = False,
) -> None:
    """Download a model into Ollama, with a progress bar on a terminal."""
    service = model_service(ctx)
    tty = sys.stderr.isatty() and not json_
    last = None
    if tty:
        from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

        with Progress(
            TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
            console=output.err_console(),
        ) as progress:  # fmt: skip
            task = progress.add_task(name, total=None)
            for step in service.pull(name):
                last = step
                progress.update(
                    task, description=f"{name}: {step.status[:40]}", total=step.total, completed=step.completed or 0
                )
    else:
        for step in service.pull(name):
            last = step
    if json_:
        output.emit_json({"model": name, "status": last.status if last else "success"})
    else:
        output.info(f"[green]pulled[/] {name}")
