"""Themes across a period's feedback, and whether last period's recommendations show up as done.

Feedback items are short sentences in Korean or English. Two items are the same theme when their character
bigrams (letters and digits only) overlap enough (Dice coefficient), which works for Korean without a
morphological analyser. Every theme keeps the retrospect IDs it comes from.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from reflee.report.models import FollowUp, Theme

SAME_THEME = 0.5
"""Dice similarity of bigram sets above which two feedback items are one theme."""
DONE_OVERLAP = 0.6
"""Share of a recommendation's bigrams an entry must contain to count as evidence it was acted on."""
MAX_THEMES = 5
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_WORD = re.compile(r"[^\W\d_][\w'-]+", re.UNICODE)
_STOP_TEXT = (
    "the and for with that this was were have has had but not are you your from they them then than what when "
    "which will would there their about into just also very more some been its our out all can did does "
    "그리고 하지만 그래서 그런데 오늘 정말 너무 조금 그냥 있다 없다 했다 하는 있는 것을 것이 것은 내가 나는"
)
STOPWORDS = frozenset(_STOP_TEXT.split())


def bigrams(text: str) -> frozenset[str]:
    s = _NON_WORD.sub("", text.lower())
    if len(s) < 2:
        return frozenset({s}) if s else frozenset()
    return frozenset(s[i : i + 2] for i in range(len(s) - 1))


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def group(kind: str, items: Iterable[tuple[str, str]], limit: int = MAX_THEMES) -> list[Theme]:
    """Cluster (text, retro short ID) pairs into themes, most widespread first; recurring ones (in two or more
    retrospects) before the rest."""
    clusters: list[tuple[frozenset[str], Theme]] = []
    for text, rid in items:
        grams = bigrams(text)
        if not grams:
            continue
        for rep, theme in clusters:
            if _dice(grams, rep) >= SAME_THEME:
                if rid not in theme.retro_ids:
                    theme.retro_ids.append(rid)
                break
        else:
            clusters.append((grams, Theme(kind, text.strip(), [rid])))
    themes = [t for _g, t in clusters]
    themes.sort(key=lambda t: -t.count)  # stable: first seen first among equals
    return themes[:limit]


def follow_ups(recommendations: list[Theme], entries: list[tuple[str, str]]) -> list[FollowUp]:
    """For each of last period's recommendations, this period's entries (text, short ID) that mention it."""
    wants = [(rec, bigrams(rec.text)) for rec in recommendations]
    wants = [(rec, grams) for rec, grams in wants if grams]
    if not wants:
        return []
    texts = [(rid, _NON_WORD.sub("", text.lower())) for text, rid in entries]
    out = []
    for rec, want in wants:
        need, grams = DONE_OVERLAP * len(want), list(want)
        evidence = [rid for rid, text in texts if sum(map(text.__contains__, grams)) >= need]
        out.append(FollowUp(rec.text, list(rec.retro_ids), bool(evidence), evidence[:10]))
    return out


def top_words(texts: Iterable[str], limit: int = 10) -> tuple[int, list[tuple[str, int]]]:
    """The number of words in ``texts`` and the most frequent ones (two letters or more, common words aside)."""
    whole = "\n".join(texts)
    counts = Counter(_WORD.findall(whole.lower()))
    for word in STOPWORDS & counts.keys():
        del counts[word]
    return len(whole.split()), [(w, n) for w, n in counts.most_common(limit) if n > 1]
