"""Occurrence numbers of identical rows (reflee.ledger.occurrence): the n-th row with an identity gets n, as a
plain count would give, whatever the table's starting size, its growth, clashing slots or a hash of 0."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from reflee.ledger.occurrence import MAX_START_BITS, Occurrences

# small values share slots (h & mask) and force probing; 0 and -1 are the edge hashes; big ones are real hashes
hashes = st.lists(st.one_of(st.integers(-3, 20), st.sampled_from([0, 1 << 12, 2 << 12, -(1 << 62)])), max_size=3000)


def _plain(hs: list[int]) -> list[int]:
    seen: Counter[int] = Counter()
    out = []
    for h in hs:
        seen[h or 1] += 1  # 0 stands for 1 (a hash of 0 marks an empty slot)
        out.append(seen[h or 1])
    return out


@settings(max_examples=200, deadline=None)
@given(hs=hashes, expected=st.one_of(st.none(), st.integers(0, 5000)))
def test_the_counts_are_a_plain_counts(hs: list[int], expected: int | None) -> None:
    occurrences = Occurrences.for_rows(expected) if expected is not None else Occurrences(bits=2)
    assert [occurrences.count(h) for h in hs] == _plain(hs)


@settings(max_examples=200, deadline=None)
@given(hs=hashes, cuts=st.lists(st.integers(0, 3000), max_size=5))
def test_counting_in_batches_is_counting_one_by_one(hs: list[int], cuts: list[int]) -> None:
    """Batches of any size (a batch that makes the table grow included) give the same numbers, and a batch
    and single counts mix."""
    occurrences = Occurrences(bits=2)
    got: list[int] = []
    start = 0
    for end in [*sorted(cuts), len(hs)]:
        got += occurrences.count_many(hs[start:end])
        if start < end < len(hs):
            got.append(occurrences.count(hs[end]))
            end += 1
        start = max(start, end)
    assert got == _plain(hs)


def test_a_table_made_for_the_rows_does_not_grow_and_a_huge_count_is_capped() -> None:
    made = Occurrences.for_rows(100_000)
    start = len(made._table)
    for h in range(1, 100_001):
        assert made.count(h * 7919) == 1
    assert len(made._table) == start  # big enough from the start
    assert len(Occurrences.for_rows(10**9)._table) == 1 << MAX_START_BITS
