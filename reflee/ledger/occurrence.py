"""Counting identical rows of one import without keeping the rows: an open-addressing table of 64-bit hashes
in an ``array`` (8 bytes a row, about 16 MB at a million rows, where a Python set of them takes 76 MB), and a
dict for the few identities seen more than once."""

from __future__ import annotations

from array import array
from collections.abc import Iterable

MAX_START_BITS = 22
"""The largest table made up front (4M slots, 32 MB); a longer file grows it as it goes."""


class Occurrences:
    @classmethod
    def for_rows(cls, expected: int | None) -> Occurrences:
        """A table big enough for ``expected`` rows from the start (when the count is known): growing it step
        by step re-inserts every hash once per doubling, a third of the counting's time at a million rows."""
        if not expected:
            return cls()
        return cls(min(max(12, (2 * expected).bit_length()), MAX_START_BITS))

    def __init__(self, bits: int = 12) -> None:
        self._bits = bits
        self._mask = (1 << bits) - 1
        self._table = array("q", bytes(8 << bits))
        self._used = 0
        self._more: dict[int, int] = {}

    def count(self, h: int) -> int:
        """How many times ``h`` has been counted, this time included (1 the first time)."""
        return self.count_many((h,))[0]

    def count_many(self, hashes: Iterable[int]) -> list[int]:
        """``count`` of each of ``hashes`` in turn (a batch in one call: the table's state stays in locals)."""
        out: list[int] = []
        append = out.append
        table, mask, more, used = self._table, self._mask, self._more, self._used
        for h in hashes:
            h = h or 1  # 0 marks an empty slot
            i = h & mask
            while True:
                v = table[i]
                if v == h:
                    n = more.get(h, 1) + 1
                    more[h] = n
                    append(n)
                    break
                if not v:
                    table[i] = h
                    used += 1
                    append(1)
                    if used * 2 > mask:
                        self._used = used
                        self._grow()
                        table, mask = self._table, self._mask
                    break
                i = (i + 1) & mask
        self._used = used
        return out

    def _grow(self) -> None:
        old = self._table
        self._bits += 1
        self._mask = mask = (1 << self._bits) - 1
        table = self._table = array("q", bytes(8 << self._bits))
        for h in filter(None, old):  # the used slots
            i = h & mask
            while table[i]:
                i = (i + 1) & mask
            table[i] = h
