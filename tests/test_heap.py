"""A bulk load runs Python's cyclic collector rarely (reflee.heap.few_collections): the collector is as it was
afterwards, even after an error, and cyclic garbage made inside is still collected."""

from __future__ import annotations

import gc
import weakref

import pytest

from reflee import heap


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


def test_the_collector_is_as_it_was_afterwards_even_after_an_error() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), heap.few_collections(gen0=50_000):
        assert gc.get_threshold() == (50_000, *before[1:])
        assert gc.get_freeze_count() > 0  # what existed before the load is left alone
        raise RuntimeError("refused")
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_cyclic_garbage_made_inside_is_still_collected() -> None:
    with heap.few_collections():
        node = _Node()
        gone = weakref.ref(node)
        del node
        gc.collect()
        assert gone() is None


def test_overlapping_loads_in_two_threads_leave_the_collector_as_it_was() -> None:
    """The first load in changes the settings, the last one out puts them back (the TUI's workers)."""
    import threading

    before = gc.get_threshold()
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen: list[tuple[int, ...]] = []

    def first() -> None:
        with heap.few_collections(gen0=40_000):
            first_in.set()
            assert second_in.wait(30)
        first_out.set()

    def second() -> None:
        assert first_in.wait(30)
        with heap.few_collections(gen0=40_000):
            second_in.set()
            assert first_out.wait(30)
            seen.append(gc.get_threshold())  # still a bulk load: the first one's exit left it alone

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert seen == [(40_000, *before[1:])]
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
