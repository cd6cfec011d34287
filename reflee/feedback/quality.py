"""Deterministic quality checks on one feedback answer: the eval scores them, the pipeline guards with them.

A schema-valid answer is not a useful one. Each check looks at the parsed fields (and the entry they are about)
and either passes or raises a flag naming what is wrong, with the items involved, so that a repair prompt can
say exactly what to fix and the display can show it:

    language       the answer is in the entry's language
    sections       every list section has at least one item
    distinct       no item is repeated within or across sections
    keep_vs_recs   keep_doing is not a copy of recommendations
    grounded       strengths, weaknesses and keep_doing share content words with the entry
    no_echo        the answer does not copy the prompt back (its labels or instructions)
    length         the summary and items are neither empty-ish nor essays, and no section is a list of ten

Everything here is pure string work: the same answer always gets the same score.
"""

from __future__ import annotations

__all__ = ["CHECKS", "REPAIRABLE", "Flag", "Report", "check", "content_words", "similar", "unparsed", "worse"]

import functools
import re
from dataclasses import asdict, dataclass
from typing import Any

from reflee.feedback.evalmodels import CHECKS
from reflee.feedback.models import FIELDS
from reflee.feedback.prompts import detect_language

LISTS = FIELDS[1:]
SIMILAR = 0.75
"""Two items whose character-bigram Dice coefficient reaches this are the same item said twice."""

SUMMARY_CHARS = (15, 600)
ITEM_CHARS = (4, 300)
MAX_ITEMS = 5
ECHO_CHARS = 15
"""A line of the prompt this long or longer, found in an answer, is an echo."""
GROUNDED_SHARE = 0.5
"""At least this share of strengths, weaknesses and keep_doing items must share a content word with the entry."""

_PARTICLES = tuple(
    sorted(
        """
을 를 이 가 은 는 에 의 도 로 으로 와 과 에서 에게 까지 부터 만 처럼 보다 이나 나
했다 했고 하고 하기 했던 하는 한다 했어요 합니다 하며 하지 해서 했음 됨 됐다
되었다 었다 았다 였다 이다 입니다
""".split(),  # noqa: SIM905 - a word list reads best as words
        key=len,
        reverse=True,
    )
)
_WORD = re.compile(r"[0-9A-Za-z\uac00-\ud7a3]+")
_HANGUL_WORD = re.compile(r"^[\uac00-\ud7a3]+$")
_ECHO_LABEL = re.compile(
    r"(?:^|\s)(?:날짜|태그|목적|내용|Date|Tags|Purpose|What happened)\s*:"
    r"|\[(?:목적|태그|회고 내용|Purpose|Tags|Entry)\]",
    re.I,
)
_STOP_EN = frozenset(
    """
the and for with that this was were are have has had but not you your from they them then than what
when into about more some very just also been being will would could should there their which while
week today time again still much many make made keep doing
""".split()  # noqa: SIM905 - a word list reads best as words
)
_STOP_KO = frozenset(
    """
이번 오늘 정말 너무 조금 많이 그리고 그래서 하지만 그런데 것이 것을 있다 있었 없었
했다 하기 하는 계속 다음 이런 그런 저런 위해 대한 통해 같은 있는 없는 그냥 매우 아주
항상 우리 나는 내가 자신 스스로
""".split()  # noqa: SIM905 - a word list reads best as words
)


@dataclass(frozen=True)
class Flag:
    """One problem with an answer: a code (a check's name), the sections involved, and the items in question."""

    code: str
    fields: tuple[str, ...]
    items: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["fields"], data["items"] = list(self.fields), list(self.items)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Flag:
        return cls(str(data["code"]), tuple(data.get("fields") or ()), tuple(data.get("items") or ()))


@dataclass(frozen=True)
class Report:
    """The result of every check on one answer: passed[check] and the flags of those that failed."""

    passed: dict[str, bool]
    flags: tuple[Flag, ...]
    grounded_ratio: float

    @property
    def score(self) -> float:
        """The share of checks passed, 0..1."""
        return sum(self.passed.values()) / len(self.passed)

    def to_json(self) -> dict[str, Any]:
        return {
            "passed": dict(self.passed),
            "score": round(self.score, 4),
            "grounded_ratio": round(self.grounded_ratio, 4),
            "flags": [f.to_json() for f in self.flags],
        }


def unparsed() -> Report:
    """An answer that did not fit the schema fails every check."""
    return Report({c: False for c in CHECKS}, (Flag("schema", ()),), 0.0)


# -- text helpers ---------------------------------------------------------------------------------
_SUFFIX = re.compile(r"^([\uac00-\ud7a3]{2,}?)(?:" + "|".join(_PARTICLES) + r")$")


@functools.lru_cache(maxsize=4096)
def _stem(word: str) -> str:
    word = word.lower()
    if _HANGUL_WORD.match(word):
        m = _SUFFIX.match(word)
        return m[1] if m else word
    return word[:5]


def _normalized(text: str) -> str:
    return " ".join(_stem(w) for w in _WORD.findall(text))


def _shape(text: str) -> tuple[str, set[str]]:
    squeezed = _normalized(text).replace(" ", "")
    return squeezed, ({squeezed[i : i + 2] for i in range(len(squeezed) - 1)} or {squeezed})


def _alike(a: tuple[str, set[str]], b: tuple[str, set[str]]) -> bool:
    (na, ga), (nb, gb) = a, b
    if not na or not nb or na == nb:
        return na == nb
    return 2 * len(ga & gb) / (len(ga) + len(gb)) >= SIMILAR


def similar(a: str, b: str) -> bool:
    """The same item in other words: equal once particles, case and punctuation are gone, or nearly so."""
    return _alike(_shape(a), _shape(b))


@functools.lru_cache(maxsize=256)
def content_words(text: str) -> frozenset[str]:
    """Stems of the words that carry meaning: Hangul words of two syllables or more, Latin words of three letters
    or more, numbers; minus the commonest filler. Hangul stems are cut to their first two syllables."""
    out: set[str] = set()
    for word in _WORD.findall(text):
        stem = _stem(word)
        if _HANGUL_WORD.match(stem):
            if len(stem) >= 2 and stem[:2] not in _STOP_KO:
                out.add(stem[:2])
        elif stem.isdigit() or (len(word) >= 3 and word.lower() not in _STOP_EN):
            out.add(stem)
    return frozenset(out)


# -- the checks -----------------------------------------------------------------------------------
def _repeats(fields: dict[str, Any]) -> tuple[list[tuple[str, str, str, str]], list[tuple[str, str]]]:
    """(field a, item a, field b, item b) for every repeated pair; and the keep_doing ↔ recommendations pairs."""
    pairs: list[tuple[str, str, str, str]] = []
    keep_recs: list[tuple[str, str]] = []
    items = [(k, item, _shape(item)) for k in LISTS for item in fields.get(k, [])]
    for i, (fa, a, sa) in enumerate(items):
        for fb, b, sb in items[i + 1 :]:
            if _alike(sa, sb):
                if {fa, fb} == {"keep_doing", "recommendations"}:
                    keep_recs.append((a, b) if fa == "keep_doing" else (b, a))
                else:
                    pairs.append((fa, a, fb, b))
    return pairs, keep_recs


@functools.lru_cache(maxsize=64)
def _prompt_lines(prompt: str) -> tuple[str, ...]:
    return tuple(s.strip() for s in re.split(r"[\n.]", prompt) if len(s.strip()) >= ECHO_CHARS)


def _echo(fields: dict[str, Any], system_prompt: str) -> list[str]:
    echoed = []
    sentences = _prompt_lines(system_prompt)
    for key in FIELDS:
        values = [fields[key]] if key == "summary" else fields.get(key, [])
        for v in values:
            if _ECHO_LABEL.search(v) or any(s in v for s in sentences):
                echoed.append(v)
    return echoed


def check(fields: dict[str, Any], *, entry: str, language: str, system_prompt: str = "") -> Report:
    """Score one parsed answer against the entry it is about (its purpose and content)."""
    flags: list[Flag] = []
    passed: dict[str, bool] = {"schema": True}
    text = "\n".join([fields["summary"], *(i for k in LISTS for i in fields.get(k, []))])

    answer_language = detect_language(text)
    passed["language"] = answer_language == language
    if not passed["language"]:
        flags.append(Flag("language", FIELDS))

    empty = tuple(k for k in LISTS if not fields.get(k))
    passed["sections"] = not empty
    if empty:
        flags.append(Flag("sections", empty))

    pairs, keep_recs = _repeats(fields)
    passed["distinct"] = not pairs
    if pairs:
        _fa, a, _fb, b = pairs[0]
        fields_hit = tuple(dict.fromkeys(f for p in pairs for f in (p[0], p[2])))
        flags.append(
            Flag("distinct", fields_hit, tuple(dict.fromkeys([a, b, *(x for p in pairs[1:] for x in (p[1], p[3]))])))
        )
    passed["keep_vs_recs"] = not keep_recs
    if keep_recs:
        flags.append(Flag("keep_vs_recs", ("keep_doing", "recommendations"), tuple(k for k, _ in keep_recs)))

    known = content_words(entry)
    judged = [(k, i) for k in ("strengths", "weaknesses", "keep_doing") for i in fields.get(k, [])]
    loose = [(k, i) for k, i in judged if not (content_words(i) & known)]
    ratio = 1.0 if not judged else (len(judged) - len(loose)) / len(judged)
    passed["grounded"] = ratio >= GROUNDED_SHARE
    if not passed["grounded"]:
        flags.append(Flag("grounded", tuple(dict.fromkeys(k for k, _ in loose)), tuple(i for _, i in loose)))

    echoed = _echo(fields, system_prompt)
    passed["no_echo"] = not echoed
    if echoed:
        flags.append(Flag("no_echo", ("summary",), tuple(echoed)))

    bad_len: list[str] = []
    lo, hi = SUMMARY_CHARS
    if not lo <= len(fields["summary"]) <= hi:
        bad_len.append("summary")
    for k in LISTS:
        values = fields.get(k, [])
        if len(values) > MAX_ITEMS or any(not ITEM_CHARS[0] <= len(v) <= ITEM_CHARS[1] for v in values):
            bad_len.append(k)
    passed["length"] = not bad_len
    if bad_len:
        flags.append(Flag("length", tuple(bad_len)))
    return Report(passed, tuple(flags), ratio)


REPAIRABLE = ("language", "sections", "distinct", "keep_vs_recs", "no_echo")
"""Flags worth one targeted repair: clear-cut faults a small model fixes when told exactly what they are.
'grounded' and 'length' are shown and scored but not repaired (their checks are estimates)."""


def worse(a: Report, b: Report) -> bool:
    """Is ``a`` worse than ``b`` (more checks failed; at equal counts, less grounded)?"""
    fa, fb = sum(not v for v in a.passed.values()), sum(not v for v in b.passed.values())
    return fa > fb or (fa == fb and a.grounded_ratio < b.grounded_ratio)
