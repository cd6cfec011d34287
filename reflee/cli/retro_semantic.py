"""`reflee retro similar ID`: retrospects like one entry in meaning (the embeddings index). A part of the
`reflee retro` group; `retro search --semantic` lives with `retro search` and calls the same service."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from reflee.cli.common import JsonOpt, emit, part, session
from reflee.cli.fields import labels
from reflee.cli.views import index as views
from reflee.i18n import _
from reflee.services import Services

commands = part()


@commands.command("similar", help=_("Retrospects most like this one in meaning (semantic search)."))
def similar(
    ctx: typer.Context,
    ident: Annotated[str, typer.Argument(help=_("A retrospect ID or any unambiguous prefix of it."))],
    limit: Annotated[int, typer.Option("--limit", "-n", help=_("Show at most this many."), min=1)] = 10,
    json_: JsonOpt = False,
) -> None:
    with labels(ident="ID"):
        emit(session(ctx).index.similar(ident, limit), json_, views.neighbours)


def semantic_search(
    context: Services,
    query: str,
    *,
    limit: int,
    since: date | None,
    until: date | None,
    tags: list[str] | None,
    json_: bool,
) -> None:
    """`retro search --semantic`: full-text and semantic hits fused by reciprocal rank."""
    emit(context.index.search(query, limit=limit, since=since, until=until, tags=tags), json_, views.neighbours)
