"""Export retrospects as our JSON document, JSON lines, or Markdown.

Streams through ``store.iter_all`` and hands text to a ``write`` callable, so 100k
entries never sit in memory at once; the caller decides where the text goes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import Any

from reflee.errors import UsageError
from reflee.i18n import _
from reflee.retro import store
from reflee.retro.models import Retro
from reflee.retro.results import EXPORT_FORMATS
from reflee.retro.validate import check_range

FORMAT_NAME = "reflee.retro"
FORMAT_VERSION = 1


def export_record(retro: Retro) -> dict[str, Any]:
    data = retro.to_json()
    data.pop("short_id")
    return data


def _dump(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False)


def _markdown(retro: Retro) -> str:
    title = f"## {retro.entry_date}" + (f" — {' '.join(retro.purpose.split())}" if retro.purpose else "")
    tags = f"tags: {' '.join('#' + t for t in retro.tags)}\n\n" if retro.tags else ""
    return f"{title}\n\n{tags}{retro.content}\n\n"


def export(
    conn: sqlite3.Connection,
    fmt: str,
    write: Callable[[str], Any],
    *,
    since: str | None = None,
    until: str | None = None,
) -> int:
    """Write live retrospects, oldest first, as ``fmt`` through ``write``; return how many."""
    if fmt not in EXPORT_FORMATS:
        raise UsageError(_("{fmt!r} is not one of {join}").format(fmt=fmt, join=", ".join(EXPORT_FORMATS)), field="fmt")
    check_range(since, until)
    count = 0
    if fmt == "json":
        write(f'{{\n  "format": "{FORMAT_NAME}",\n  "version": {FORMAT_VERSION},\n  "retros": [')
    for retro in store.iter_all(conn, since=since, until=until):
        if fmt == "json":
            write(("," if count else "") + "\n    " + _dump(export_record(retro)))
        elif fmt == "jsonl":
            write(_dump(export_record(retro)) + "\n")
        else:
            write(_markdown(retro))
        count += 1
    if fmt == "json":
        write(("\n  " if count else "") + "]\n}\n")
    return count
