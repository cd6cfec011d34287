"""Reading a batch of statement rows column by column: the common layout (one column per field, one signed
amount column, no kind, currency, tags or ID column, no category rules, a currency without minor units) with
plain cells. Each step runs over a whole column at once (``map`` of C functions: strip, cache look-up, int,
join, hash, sha256) instead of a Python step per cell, about a fifth less time per row than ``RowParser.parse``.

The result is exactly the list ``RowParser.parse`` gives record by record (tests/test_ledger_columnar.py), or
None: then the caller reads the batch row by row. Anything out of the ordinary (a short or blank record, a date
or text not seen before that turns out invalid, an amount that is not a plain whole number, zero or too large)
gives None before anything that counts rows (occurrences, signs) has changed; the caches filled on the way
hold only what the row-by-row reading would have put there too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from hashlib import sha256
from itertools import repeat
from operator import itemgetter, methodcaller
from typing import TYPE_CHECKING, cast

from reflee.ledger.amounts import MAX_MINOR, WHOLE_UNITS, plain_number
from reflee.ledger.models import Row

if TYPE_CHECKING:
    from reflee.ledger.csvimport import RowParser

FIELDS = frozenset({"date", "amount", "payee", "memo", "account", "category"})
"""The fields a batch read by columns may map (``amount`` and ``date`` among them)."""
_uncomma = methodcaller("replace", ",", "")
_encode = methodcaller("encode")
_hexdigest = methodcaller("hexdigest")
_key_part = itemgetter(slice(0, 32))


def applies(parser: RowParser) -> bool:
    """Whether ``parser``'s mapping and options are the common layout read here."""
    index = parser.cols.index
    return (
        parser.single
        and "amount" in index
        and index.keys() <= FIELDS
        and not parser.rules
        and parser.currency in WHOLE_UNITS
    )


def read(parser: RowParser, records: Sequence[tuple[int, list[str]]]) -> list[Row] | None:
    """The rows of ``records`` (line, cells), or None when the batch must be read row by row."""
    lines, cells = zip(*records, strict=True)
    if min(map(len, cells)) < parser.width:
        return None
    index = parser.cols.index

    def column(name: str) -> list[str]:
        return list(map(str.strip, map(itemgetter(index[name][0]), cells)))

    try:
        days = _filled(column("date"), parser.dates.get, parser.date_of)
        amounts_text = column("amount")
        if not all(map(plain_number, amounts_text)):
            return None
        minors = list(map(int, map(_uncomma, amounts_text)))
        if 0 in minors or max(minors) > MAX_MINOR or min(minors) < -MAX_MINOR:
            return None
        payees, memos, accounts, categories = (
            _texts(parser, name, column, len(lines), default)
            for name, default in (("payee", ""), ("memo", ""), ("account", parser.account), ("category", ""))
        )
    except parser.Invalid:
        return None
    positive, opposite = parser.positive, parser.opposite
    kinds = [positive if m > 0 else opposite for m in minors]
    amounts = list(map(abs, minors))
    parser.signed += len(kinds)
    parser.negative += kinds.count(opposite)
    currency = parser.currency
    identities = list(
        map("\x1f".join, zip(accounts, days, kinds, map(str, amounts), repeat(currency), payees, memos, repeat("")))
    )
    counts = map(str, map(parser.seen.count, map(hash, identities)))
    keys = map(_key_part, map(_hexdigest, map(sha256, map(_encode, map(str.__add__, identities, counts)))))
    tags: list[list[str]] = [[] for _ in lines]
    return list(
        map(Row, lines, days, kinds, amounts, repeat(currency), categories, accounts, payees, memos, tags, keys)
    )


def _filled(raw: list[str], get: Callable[[str], str | None], fill: Callable[[str], str]) -> list[str]:
    """``get(value)`` of each raw value, and ``fill(value)`` (which may raise) where that is None."""
    found = list(map(get, raw))
    if None not in found:
        return cast(list[str], found)
    return [value if value is not None else fill(text) for value, text in zip(found, raw, strict=True)]


def _texts(parser: RowParser, name: str, column: Callable[[str], list[str]], rows: int, default: str) -> list[str]:
    """The cleaned payee, memo, account or category of each row: ``default`` where the field is not mapped and,
    for the account and the category, where the cell is empty (as ``RowParser._parse`` has it)."""
    if name not in parser.cols.index:
        return [default] * rows
    raw = column(name)
    cache, check = parser.texts[name]
    get: Callable[[str], str | None] = cache.get
    if name in ("account", "category"):
        get = lambda text: cache.get(text) if text else default  # noqa: E731
    return _filled(raw, get, lambda text: parser.remember(name, check, text, cache))
