"""What a search query asks for: words and quoted phrases that must all match, and ``-words`` that must not.

    회고 운동            both words (anywhere, in any order)
    "주간 회고"          the phrase, spaces included
    회고 -운동           회고 but not 운동; -"주간 회고" leaves out a phrase

Everything else is literal text: AND, NOT, *, ( and % have no meaning, a lone quote or "" is the character
itself, a lone - is a hyphen. Words are NFC-normalised; a repeat (ignoring case) counts once.

Each term is then looked up by the index that can answer it: three or more characters by the trigram index,
one or two letters or digits by the bigram index, anything else (two characters with punctuation in them)
by a scan.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from reflee import bigrams as grams
from reflee.retro.snippets import fold

MIN_TRIGRAM_CHARS = 3
"""The trigram tokenizer needs at least three characters to match."""
_TOKEN = re.compile(r'(-?)"([^"]+)"(?=\s|$)|\S+')


@dataclass
class Query:
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)


def kind(term: str) -> str:
    """Which index answers ``term``: 'trigram', 'bigram' or 'scan'."""
    if len(term) >= MIN_TRIGRAM_CHARS:
        return "trigram"
    return "bigram" if grams.indexable(term) else "scan"


def parse(text: str) -> Query:
    query = Query()
    seen: set[tuple[bool, str]] = set()
    for m in _TOKEN.finditer(unicodedata.normalize("NFC", text)):
        if m[2] is not None and m[2].strip():
            negate, term = bool(m[1]), m[2]
        else:
            word = m[0]
            negate = word.startswith("-") and len(word) > 1
            term = word[1:] if negate else word
        key = (negate, fold(term))
        if key not in seen:
            seen.add(key)
            (query.exclude if negate else query.include).append(term)
    return query


def split_terms(text: str) -> list[str]:
    """The terms that must match (kept for callers that only want those)."""
    return parse(text).include
