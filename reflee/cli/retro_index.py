"""`reflee retro index`, and what `retro import` does about the search index after a large import.

A large import stores its records at once and leaves indexing them for search to the backlog (see
reflee.retro.backlog): ``retro.index_after_import`` says whether that starts as a detached process when the
import ends (``background``, like git's automatic gc), runs before the import returns (``now``), or waits for
the next search, ``cron run`` or this command (``later``). Search never misses a record either way: it
indexes what is left first, saying so on stderr.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys

import typer

from reflee.cli.common import JsonOpt, emit, part, session
from reflee.cli.views import retro as views
from reflee.cli.views.ledger import progress_bar
from reflee.i18n import _
from reflee.paths import Paths
from reflee.retro.results import ImportResult
from reflee.services import Services

commands = part()


@commands.command("index", help=_("Index for search the retrospects a large import stored (it runs by itself)."))
def index(ctx: typer.Context, json_: JsonOpt = False) -> None:
    service = session(ctx).retro
    with progress_bar(_("Indexing for search")) as progress:  # Ctrl-C keeps every chunk already indexed
        result = service.index_backlog(progress=progress)
    emit(result, json_, views.indexed)


def after_import(s: Services, result: ImportResult) -> None:
    """Index the records a large import left unindexed, as ``retro.index_after_import`` says."""
    if not result.unindexed:
        return
    mode = s.settings.retro.index_after_import
    if mode == "now":
        with progress_bar(_("Indexing for search")) as progress:
            done = s.retro.index_backlog(progress=progress)
        result.unindexed = done.waiting
    elif mode == "background":
        start_indexer(s.paths)


def start_indexer(paths: Paths) -> None:
    """Start `reflee retro index` as a detached process (its own session, no terminal, output discarded): it
    outlives this command, and a second one started meanwhile only takes turns with it chunk by chunk."""
    args = [sys.executable, "-m", "reflee"]
    if paths.home is not None:
        args += ["--home", str(paths.home)]
    with contextlib.suppress(OSError):  # then the next search indexes them instead
        subprocess.Popen(  # our own interpreter and module, no shell
            [*args, "retro", "index"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            close_fds=True,
            env={**os.environ, "NO_COLOR": "1"},
        )
