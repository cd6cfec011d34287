"""reflee.lazyre: a pattern compiled on first use answers as the compiled pattern does."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from reflee.lazyre import lazy


def test_every_method_answers_as_the_compiled_pattern():
    pattern = r"(\d+)\s*(원|won)"
    lazy_p, real = lazy(pattern, re.IGNORECASE), re.compile(pattern, re.IGNORECASE)
    text = "커피 4500원, 택시 12000 WON"
    assert lazy_p.search(text)[0] == real.search(text)[0] == "4500원"
    assert lazy_p.match("4500원").groups() == ("4500", "원")
    assert lazy_p.fullmatch("3 won") is not None and lazy_p.fullmatch("3 won!") is None
    assert lazy_p.findall(text) == real.findall(text) == [("4500", "원"), ("12000", "WON")]
    assert [m.span() for m in lazy_p.finditer(text)] == [m.span() for m in real.finditer(text)]
    assert lazy_p.sub(r"\1", text) == real.sub(r"\1", text) == "커피 4500, 택시 12000"
    assert lazy_p.subn("", text) == real.subn("", text)
    assert lazy_p.split(text) == real.split(text)
    assert lazy_p.pattern == pattern and lazy_p.flags == real.flags and lazy_p.groups == 2


def test_nothing_is_compiled_until_first_use():
    before = lazy(r"(unbalanced")  # a bad pattern: compiling it would raise here
    try:
        before.match("x")
    except re.error:
        pass
    else:
        raise AssertionError("the bad pattern was never compiled")


@given(st.text(alphabet="가나다abc123 -.", max_size=30))
def test_a_date_like_pattern_matches_like_its_compiled_form(text: str):
    pattern = r"^(\d{4})[-./](\d{1,2})[-./](\d{1,2})\.?$"
    found, expected = lazy(pattern).match(text), re.compile(pattern).match(text)
    assert (found and found.groups()) == (expected and expected.groups())
