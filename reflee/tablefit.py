"""Column widths for a table at the terminal's width, by cells (reflee.output.table uses it).

Each column has a role, given as ``fit`` in its spec (reflee.output.table) or guessed:

- ``keep``: never cut (IDs, dates, amounts, counts). Guessed for right-aligned columns and for ``no_wrap``
  columns that do not ask for an ellipsis.
- ``main``: the column the table is about (payee, title, policy name): it keeps a useful width
  (``USEFUL`` cells, or all it needs) while secondary columns shrink and drop. Guessed for a ``ratio`` column.
- ``shrink``: secondary; cut with ``…`` first, down to ``FLOOR`` cells (or its header).
- ``drop``: secondary; cut like ``shrink``, and left out altogether when the main column would otherwise get
  less than its useful width.
- ``optional``: never cut, but left out like ``drop`` (a usage bar: half a bar says nothing).

Without a role: a right-aligned column, a column headed ``ID`` and a column of numbers and dates only keep;
a ``ratio`` column is the main one; anything else shrinks.

Rich's own layout cannot be trusted here: with no_wrap columns it lets a table grow past the console, and the
console then crops lines without an ellipsis (``-450,000…``, ``투썸플레이스 · 스터``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

ROLES = ("keep", "main", "shrink", "drop", "optional")
FLOOR = 6
"""Cells a secondary column keeps at least (unless its widest value is narrower)."""
WORD_FLOOR = 16
"""A secondary column that wraps keeps its longest word whole up to this many cells (policy.deadline)."""
USEFUL = 24
"""Cells the main column keeps before secondary columns are dropped (or all it needs, when less)."""
MAIN_FLOOR = 10


@dataclass
class Col:
    role: str
    natural: int
    """Cells of its widest line, header included."""
    header: int
    min_width: int | None = None
    wraps: bool = False
    """Its cells wrap (a main column that wraps gives up its one-line width before secondary columns shrink)."""
    longest_word: int = 0
    """Cells of its longest word: a secondary column that wraps never gets narrower (no word is folded)."""


def guess_role(options: dict, header: str, values: Sequence[str]) -> str:
    from reflee.textfit import is_number

    if options.get("ratio"):
        return "main"
    if options.get("justify") == "right" or header.strip().upper() == "ID":
        return "keep"
    if values and all(is_number(v) for v in values if v):
        return "keep"
    return "shrink"


def _floor(col: Col, useful: int) -> int:
    if col.role in ("keep", "optional"):
        return col.natural
    if col.role == "main":
        return min(col.natural, max(useful, col.min_width or 0))
    # a secondary column's min_width (Rich's hint) gives way to the main column; one that wraps keeps its words
    return min(col.natural, max(FLOOR, min(WORD_FLOOR, col.longest_word) if col.wraps else 0))


def _shrink(widths: list[int], floors: list[int], which: list[int], excess: int) -> int:
    """Take ``excess`` cells from the columns ``which``, widest first, none below its floor; what is left over."""
    while excess > 0:
        room = [i for i in which if widths[i] > floors[i]]
        if not room:
            break
        widest = max(widths[i] for i in room)
        top = [i for i in room if widths[i] == widest]
        second = max([widths[i] for i in room if widths[i] < widest] + [max(floors[i] for i in top)])
        step = max(1, min(widest - second, -(-excess // len(top))))
        for i in top:
            take = min(step, widths[i] - floors[i], excess)
            widths[i] -= take
            excess -= take
    return excess


def allocate(cols: Sequence[Col], available: int, gap: int = 2) -> list[int | None]:
    """Each column's width in cells, or None for a column left out; ``available`` is the console's width.
    Secondary columns shrink first, then the main one down to its useful width, then droppable columns go
    (rightmost first), and only then does the main column shrink further (to MAIN_FLOOR)."""
    shown = list(range(len(cols)))
    useful = min(USEFUL, max(MAIN_FLOOR, available // 3))
    while True:
        room = available - gap * (len(shown) - 1)
        widths = [c.natural for c in cols]
        excess = sum(widths[i] for i in shown) - room
        if excess <= 0:
            break
        floors = [_floor(c, useful) for c in cols]
        secondary = [i for i in shown if cols[i].role in ("shrink", "drop")]
        main = [i for i in shown if cols[i].role == "main"]
        # a main column that wraps first gives up its one-line width, down to half the room the fixed columns leave
        half = (room - sum(widths[i] for i in shown if cols[i].role in ("keep", "optional"))) // 2
        wrapping = [i for i in main if cols[i].wraps]
        excess = _shrink(widths, [max(f, min(widths[i], half)) for i, f in enumerate(floors)], wrapping, excess)
        excess = _shrink(widths, floors, secondary, excess)
        excess = _shrink(widths, floors, main, excess)
        droppable = [i for i in shown if cols[i].role in ("drop", "optional")]
        if excess <= 0 or not droppable:
            if excess > 0:
                hard = [
                    max(MAIN_FLOOR, c.min_width or 0) if c.role == "main" else f
                    for c, f in zip(cols, floors, strict=True)
                ]
                _shrink(widths, [min(w, h) for w, h in zip(widths, hard, strict=True)], main, excess)
            break
        shown.remove(droppable[-1])
    return [widths[i] if i in shown else None for i in range(len(cols))]
