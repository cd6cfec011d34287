"""Fitting an entry into the server's context: count tokens the server's way, keep as much of the entry as fits.

Tokens are counted by the server's tokenizer endpoint when it has one (llama.cpp's /tokenize); otherwise by an
estimate for Hangul and Latin text (reflee.feedback.prompts.estimate_tokens) scaled by what this model's server
reported for recent prompts (the call log keeps its prompt token counts), so the estimate is measured against
the real tokenizer after a few calls.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass

from reflee.feedback import prompts
from reflee.llm.types import Message

OUTPUT_RESERVE_TOKENS = 640
"""Room left for the answer: a five-section Korean answer is 300-500 tokens."""
MESSAGE_OVERHEAD_TOKENS = 8
"""The chat template's tokens around each message (role markers)."""
SCALE_RANGE = (0.6, 1.6)


def measured_scale(samples: list[tuple[list[Message], int]], window: int) -> float:
    """How the server's prompt counts compare with the estimate, from recent calls (1.0 with fewer than three).
    Prompts near the window are left out: a server may have shortened them."""
    ratios = []
    for messages, tokens in samples:
        if tokens >= window // 2:
            continue
        estimate = sum(prompts.estimate_tokens(m.get("content", "")) + MESSAGE_OVERHEAD_TOKENS for m in messages)
        if estimate > 0:
            ratios.append(tokens / estimate)
    if len(ratios) < 3:
        return 1.0
    lo, hi = SCALE_RANGE
    return min(hi, max(lo, statistics.median(ratios)))


@dataclass
class TokenCounter:
    server: Callable[[str], int | None] | None = None
    """The server's tokenizer (None, or returning None, when it has none)."""
    scale: float = 1.0
    exact: bool | None = None
    """Whether the server's tokenizer answered (None until asked)."""

    def __call__(self, text: str) -> int:
        if self.server is not None and self.exact is not False:
            counted = self.server(text)
            self.exact = counted is not None
            if counted is not None:
                return counted
        return prompts.estimate_tokens(text, self.scale)

    def fit(self, text: str, budget: int) -> str:
        """The longest prefix of ``text`` (whole characters, cut at a space near the end when there is one)
        whose count fits ``budget``. A few counts: a proportional guess, refined, then checked."""
        if budget <= 0:
            return ""
        total = self(text)
        if total <= budget:
            return text
        lo, hi = 0, len(text)  # lo always fits, hi never does
        guess = int(len(text) * budget / total)
        for _ in range(12):
            guess = max(lo + 1, min(hi - 1, guess))
            if hi - lo <= 1:
                break
            n = self(text[:guess])
            if n <= budget:
                lo = guess
                if budget - n <= max(2, budget // 100):  # close enough: within 1 %
                    break
                guess = int(guess * budget / max(n, 1))
            else:
                hi = guess
                guess = int(guess * budget / n)
            if guess <= lo or guess >= hi:
                guess = (lo + hi) // 2
        kept = text[:lo]
        space = kept.rfind(" ", max(0, lo - 20))
        return kept[:space] if space > 0 else kept
