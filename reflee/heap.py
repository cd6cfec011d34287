"""Python's cyclic garbage collector during a bulk load.

A million-row import makes tens of millions of short-lived objects (cells, rows, tuples) and keeps a batch of
them alive at a time. With the default thresholds the collector runs every 700 allocations and, as batches
survive into the older generations, keeps walking every object the process holds, the interpreter's and
every imported module's included: about 1.2 s of CPU at a million ledger rows, a tenth of the import.

``few_collections`` freezes what exists when the load starts (it is not garbage: collections skip it) and
collects the youngest generation every ``gen0`` allocations instead of 700. The loads make no reference
cycles, so nothing waits longer to be freed; anything cyclic is still collected, only later.

The collector's settings belong to the whole process, and the TUI runs imports in worker threads, perhaps two
at once: the first load in changes them and the last one out puts them back.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

GEN0 = 100_000
"""Allocations (net of frees) between collections of the youngest generation during a bulk load."""

_lock = threading.Lock()
_inside = 0
_before: tuple[int, ...] = ()


@contextmanager
def few_collections(gen0: int = GEN0) -> Iterator[None]:
    """The collector frozen and rarely run for the block, and as it was afterwards."""
    global _inside, _before
    with _lock:
        if not _inside:
            _before = gc.get_threshold()
            gc.freeze()
            gc.set_threshold(gen0, *_before[1:])
        _inside += 1
    try:
        yield
    finally:
        with _lock:
            _inside -= 1
            if not _inside:
                gc.set_threshold(*_before)
                gc.unfreeze()
