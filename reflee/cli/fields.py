"""What the CLI calls each field a service names in its errors: the one table from service fields to flags.

Services raise ``UsageError("must be at least 1", field="limit")``; the CLI shows ``--limit: must be at least
1``. A field not listed here shows as ``--`` plus its name with dashes (``min_months`` -> ``--min-months``), so
only irregular names need a row. Fields that are not options (arguments, file lines) keep their own text.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from reflee.errors import RefleeError

FLAGS: dict[str, str] = {
    "entry_date": "--date",
    "start": "--from",
    "end": "--to",
    "fmt": "--format",
    "text": "--text",
    "content": "content",
    "amount": "AMOUNT",
    "ident": "ID",
    "file": "FILE",
    "query": "QUERY",
    "key": "KEY",
    "value": "VALUE",
    "tags": "--tag",
    "add_tags": "--tag",
    "remove_tags": "--untag",
    "rules": "--rule",
    "field": "FIELD",
}


def label(field: str | None) -> str | None:
    """The CLI's label for a service field: the table's row, ``--name`` for a plain lower-case field name, and
    anything else (``stdin``, ``line 3``, a column name) as it is."""
    if field is None:
        return None
    if field in FLAGS:
        return FLAGS[field]
    if field.isidentifier() and field.isascii() and field.islower():
        return "--" + field.replace("_", "-")
    return field


@contextmanager
def labels(**names: str) -> Iterator[None]:
    """Show these service fields under one command's own names: the table above calls ``category``
    --category, but `budget set` takes it as its CATEGORY argument, and `retro add` names where the content came
    from (``content (stdin)``). Keyed on the error's field, never on its text."""
    try:
        yield
    except RefleeError as exc:
        if exc.field in names:
            exc.field = names[exc.field]
        raise
