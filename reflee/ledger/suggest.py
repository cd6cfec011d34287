"""Category suggestion: the category of the earlier transaction whose memo or payee is most like this one.

Texts are compared after normalisation (case, digits, punctuation and branch numbers dropped) by exact
match, containment, and character-bigram overlap (Dice), which works for Hangul without a tokenizer.
"""

from __future__ import annotations

from collections import Counter

from reflee.ledger.fields import normalize
from reflee.ledger.models import Suggestion

THRESHOLD = 0.5


def bigrams(text: str) -> set[str]:
    compact = text.replace(" ", "")
    if len(compact) < 2:
        return {compact} if compact else set()
    return {compact[i : i + 2] for i in range(len(compact) - 1)}


def _score(query: str, qgrams: set[str], cand: str) -> float:
    if not cand or not query:
        return 0.0
    if cand == query:
        return 1.0
    if len(cand) >= 2 and len(query) >= 2 and (cand in query or query in cand):
        return 0.9
    cgrams = bigrams(cand)
    if not cgrams or not qgrams:
        return 0.0
    return 2 * len(qgrams & cgrams) / (len(qgrams) + len(cgrams))


def suggest(payee: str, memo: str, history: list[tuple[str, str, str, str, str]]) -> Suggestion | None:
    """``history``: (id, payee, memo, category, date), newest first. Returns the best category or None."""
    queries = [q for q in {normalize(payee), normalize(memo)} if q]
    if not queries:
        return None
    grams = {q: bigrams(q) for q in queries}
    best: dict[str, tuple[float, str, str]] = {}
    votes: Counter[str] = Counter()
    for ident, cpayee, cmemo, category, _day in history:
        score, matched = 0.0, ""
        for raw in (cpayee, cmemo):
            cand = normalize(raw)
            for q in queries:
                s = _score(q, grams[q], cand)
                if s > score:
                    score, matched = s, raw
        if score >= THRESHOLD:
            votes[category] += 1
            if score > best.get(category, (0.0, "", ""))[0]:
                best[category] = (score, ident, matched)
    if not best:
        return None
    category = max(best, key=lambda c: (round(best[c][0], 2), votes[c]))
    score, ident, matched = best[category]
    return Suggestion(category=category, from_id=ident, matched=matched, score=round(score, 2))
