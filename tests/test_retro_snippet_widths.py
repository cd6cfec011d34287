"""Snippet widths by the fast path (a table of uniform Unicode blocks) equal unicodedata's, character by character."""

from __future__ import annotations

import unicodedata
from itertools import accumulate

from hypothesis import given, settings
from hypothesis import strategies as st

from reflee.retro import snippets


def reference(text: str) -> list[int]:
    return list(accumulate((2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text), initial=0))


def test_the_stored_block_table_is_this_pythons_unicode_data() -> None:
    assert snippets.block_widths() == snippets.BLOCK_WIDTHS


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.one_of(
            st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3),
            st.characters(codec="utf-8"),
            st.sampled_from("…“”—。，！😀 \t\n회고abc"),
        ),
        max_size=200,
    )
)
def test_cell_offsets_match_unicodedata(text: str) -> None:
    assert snippets.cell_offsets(text) == reference(text)


def test_a_lone_surrogate_counts_one_column() -> None:
    assert snippets.cell_offsets("회\ud800고") == [0, 2, 3, 5]


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("회고운동 가나 abc…“”😀\n")), max_size=400),
    st.sampled_from([["회고"], ["a"], ["회고", "운동"], ["😀"], ["…"]]),
    st.sampled_from([5, 10, 30, 72]),
)
def test_snippets_fit_the_width(text: str, terms: list[str], width: int) -> None:
    parts = snippets.snippet(text, terms, width)
    if parts and parts[0] == ("…", False):
        parts = parts[1:]
    if parts and parts[-1] == ("…", False):
        parts = parts[:-1]
    assert reference("".join(t for t, _ in parts))[-1] <= width


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("회고운동 가나 abc…“”😀")), max_size=120),
    st.integers(min_value=0, max_value=80),
    st.data(),
)
def test_the_fitting_ends_are_the_furthest_that_fit(text: str, width: int, data: st.DataObject) -> None:
    """The bisected ends equal the plain definition: the furthest end (earliest start) whose slice fits."""
    cols, offsets = snippets._Columns(text), reference(text)
    at = data.draw(st.integers(min_value=0, max_value=len(text)))
    fits = [end for end in range(at, len(text) + 1) if offsets[end] - offsets[at] <= width]
    assert cols.end_for(at, width) == max(fits)
    fits = [start for start in range(at + 1) if offsets[at] - offsets[start] <= width]
    assert cols.start_for(at, width) == min(fits)
    assert cols.between(0, at) == offsets[at]
