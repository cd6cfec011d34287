"""Which record of one import first had a value, without keeping the records: an open-addressing table of
64-bit keys (the first 8 bytes of a content digest) and, beside each, where the first record with that key was
stored (its rowid), in two ``array``s: 12 bytes a slot, about 24 MB at a million records, where a Python set of
the digests alone takes over 100 MB.

A key found is only a candidate: the caller's ``same(rowid)`` compares the stored record's real value, so two
values that share 64 bits are never taken for one another."""

from __future__ import annotations

from array import array
from collections.abc import Callable

MAX_LOAD = 0.5
"""The table grows before it is more than half full (linear probing stays short)."""


class FirstSeen:
    def __init__(self, expected: int = 0) -> None:
        """``expected``: about how many keys will be added (the table is sized for them up front: growing it
        rehashes every key in Python)."""
        bits = 12
        while (1 << bits) * MAX_LOAD < expected:
            bits += 1
        self._allocate(bits)
        self._used = 0

    def _allocate(self, bits: int) -> None:
        self._bits, self._mask = bits, (1 << bits) - 1
        self._keys = array("q", bytes(8 << bits))
        self._rowids = array("I", bytes(4 << bits))  # rowids of a table filled from empty: below 2**32

    def first(self, key: int, rowid: int, same: Callable[[int], bool]) -> int:
        """The rowid of the earlier record with this value (``same`` confirms a candidate), or 0 after
        remembering ``rowid`` (> 0) as the first with it."""
        key = key or 1  # 0 marks an empty slot
        keys, mask = self._keys, self._mask
        i = key & mask
        while True:
            k = keys[i]
            if not k:
                break
            if k == key and same(found := self._rowids[i]):
                return found
            i = (i + 1) & mask
        keys[i] = key
        self._rowids[i] = rowid
        self._used += 1
        if self._used > mask * MAX_LOAD:
            self._grow()
        return 0

    def _grow(self) -> None:
        old_keys, old_rowids = self._keys, self._rowids
        self._allocate(self._bits + 1)
        keys, rowids, mask = self._keys, self._rowids, self._mask
        for key, rowid in zip(old_keys, old_rowids, strict=True):
            if key:
                i = key & mask
                while keys[i]:
                    i = (i + 1) & mask
                keys[i] = key
                rowids[i] = rowid
