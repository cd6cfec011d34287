"""The text of the short-term index: every pair of neighbouring characters as a token of its own.

``reflee_bigrams('회고를 썼다')`` is ``'회고 를  썼다  고를  썼 다'``: the pairs starting at even positions, then
those at odd positions, the last character alone. The ``retro_bigram`` FTS5 table (unicode61 tokenizer) reads this text:
a pair with a space or punctuation in it shrinks to the letter it holds, so every token starts where its first
letter stands in the text. A two-character term (회고) is then found as the token ``회고`` and a one-character term
(돈) as the prefix query ``돈*``, both by index and exactly: nothing is missed, nothing else is found.

The function is registered on every connection (``reflee.db.connect``) and called by the triggers that keep
``retro_bigram`` in step with ``retro``. It must never change without a migration that rebuilds the table: a
row is deleted from a contentless FTS5 table by repeating the text it was indexed with.
"""

from __future__ import annotations

from array import array

SQL_NAME = "reflee_bigrams"
_CODE = next(t for t in "ILH" if array(t).itemsize == 4)  # one UTF-32 code unit per item
_SPACE = ord(" ")
_MAX_TEMPLATE = 1 << 16
_template = array(_CODE, [0, 0, _SPACE]) * 1024


def _pairs(codes: array, start: int, out: array) -> None:
    """Append codes[start:] to ``out`` as pairs, each followed by a space (a last odd one alone)."""
    global _template
    n = len(codes) - start
    if n <= 0:
        return
    full = n // 2
    if 3 * full > len(_template):
        _template = array(_CODE, [0, 0, _SPACE]) * max(full, min(2 * full, _MAX_TEMPLATE))
    part = _template[: 3 * full]
    part[0::3] = codes[start : start + 2 * full : 2]
    part[1::3] = codes[start + 1 : start + 2 * full : 2]
    out.extend(part)
    if n % 2:
        out.append(codes[-1])


def bigrams(text: str | None) -> str | None:
    if text is None:
        return None
    codes = array(_CODE)
    codes.frombytes(text.encode("utf-32-le"))
    out = array(_CODE)
    _pairs(codes, 0, out)
    out.append(_SPACE)
    _pairs(codes, 1, out)
    return out.tobytes().decode("utf-32-le")


def indexable(term: str) -> bool:
    """True for a one- or two-character term of letters and digits only: every place it occurs in a text is
    then one token of the index (or the start of one)."""
    return 1 <= len(term) <= 2 and all(ch.isalnum() for ch in term)


def match_expr(term: str) -> str:
    """The FTS5 query for an ``indexable`` term: the pair itself, or any token starting with the character."""
    return f'"{term}"' if len(term) == 2 else f'"{term}"*'
