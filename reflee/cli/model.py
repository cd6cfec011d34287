"""`reflee model ...`: the models on the model server."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from reflee import output
from reflee.cli.common import JsonOpt, emit, new_typer, session
from reflee.cli.views import models as views
from reflee.i18n import _

app = new_typer(_("The models on your Ollama (or OpenAI-compatible) server."))


@app.command("list")
def list_(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """List the server's models; the configured one (llm.model) is marked."""
    emit(session(ctx).models.list_models(), json_, views.listing)


@app.command("pull")
def pull(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help=_("A model name, e.g. gemma3:4b or qwen3:8b."))],
    json_: JsonOpt = False,
) -> None:
    """Download a model into Ollama, with a progress bar on a terminal."""
    service = session(ctx).models
    if not (sys.stderr.isatty() and not json_):
        emit(service.pull(name), json_, views.pulled)
        return
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

    with Progress(
        TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
        console=output.err_console(),
    ) as progress:  # fmt: skip
        task = progress.add_task(name, total=None)
        status: dict[str, Any] = {"text": ""}

        def on_status(text: str) -> None:
            status["text"] = text

        def on_progress(done: int, total: int | None) -> None:
            progress.update(task, description=f"{name}: {status['text'][:40]}", total=total, completed=done)

        result = service.pull(name, on_progress, on_status=on_status)
    emit(result, json_, views.pulled)
