"""Fitting a conversation into the model's context window (llm.num_ctx).

What always goes in: the instructions and the question (a question too long for the window is refused). Then
the retrieved records, best first, each trimmed to a fair length, while they fit in their share; then the
history, newest first, whole messages only (never cut mid-message), while it fits. Older turns that no longer
fit are left out; the session's stored summary of them goes in instead when there is one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reflee.errors import UsageError
from reflee.i18n import _

if TYPE_CHECKING:
    from reflee.chat.models import ChatMessage
    from reflee.chat.prompt import Record

MESSAGE_OVERHEAD = 4
"""Tokens a chat template adds around each message."""
RECORD_SHARE = 0.6
"""Of the room left after the instructions and the question, at most this much goes to records."""
MAX_RECORD_CHARS = 1200


def estimate_tokens(text: str) -> int:
    """A rough, deliberately generous count: four ASCII characters per token, one per other character
    (a Hangul syllable is one or two tokens in most tokenizers)."""
    ascii_chars = sum(1 for ch in text if ord(ch) < 128)
    return -(-ascii_chars // 4) + (len(text) - ascii_chars)


def answer_reserve(num_ctx: int) -> int:
    """Room kept free for the answer."""
    return max(256, min(2048, num_ctx // 4))


@dataclass
class Fitted:
    records: list[Record]
    history: list[ChatMessage]
    dropped: list[ChatMessage] = field(default_factory=list)
    """Older messages left out (oldest first)."""
    trimmed_records: int = 0
    """Records left out for lack of room."""
    summary: str = ""
    """The stored summary of the dropped turns, when it is sent."""
    tokens: int = 0
    """The estimated size of everything sent."""


def fit(
    *,
    num_ctx: int,
    system: str,
    question: str,
    records: list[Record],
    history: list[ChatMessage],
    summary: str = "",
    summary_upto: str | None = None,
) -> Fitted:
    budget = num_ctx - answer_reserve(num_ctx)
    fixed = estimate_tokens(system) + estimate_tokens(question) + 2 * MESSAGE_OVERHEAD
    if fixed > budget:
        raise UsageError(
            _(
                "the question is about {tokens} tokens, more than the context window leaves room for "
                "({room}; llm.num_ctx is {num_ctx}); shorten it or raise llm.num_ctx"
            ).format(tokens=estimate_tokens(question), room=max(0, budget - estimate_tokens(system)), num_ctx=num_ctx),
            field="question",
        )
    room = budget - fixed
    record_room = int(room * RECORD_SHARE)
    kept_records: list[Record] = []
    used = 0
    for rec in records:  # best first
        rec = rec.trimmed(MAX_RECORD_CHARS)
        cost = estimate_tokens(rec.render()) + 1
        if used + cost > record_room:
            continue
        kept_records.append(rec)
        used += cost
    room -= used
    summary_cost = estimate_tokens(summary) + MESSAGE_OVERHEAD if summary and summary_upto else 0
    if summary_cost and summary_cost <= room // 2:  # room for the summary first, in case turns are left out
        kept = _history(history, room - summary_cost)
        dropped = history[: len(history) - len(kept)]
        if dropped and summary_upto is not None and dropped[0].id <= summary_upto:
            kept_tokens = sum(estimate_tokens(m.content) + MESSAGE_OVERHEAD for m in kept)
            return Fitted(
                kept_records, kept, dropped, len(records) - len(kept_records), summary,
                budget - (room - summary_cost - kept_tokens),
            )  # fmt: skip
    kept = _history(history, room)
    room -= sum(estimate_tokens(m.content) + MESSAGE_OVERHEAD for m in kept)
    dropped = history[: len(history) - len(kept)]
    return Fitted(kept_records, kept, dropped, len(records) - len(kept_records), "", budget - room)


def _history(history: list[ChatMessage], room: int) -> list[ChatMessage]:
    """The newest whole messages that fit in ``room``, never starting with an answer."""
    kept: list[ChatMessage] = []
    for msg in reversed(history):
        cost = estimate_tokens(msg.content) + MESSAGE_OVERHEAD
        if cost > room:
            break
        kept.append(msg)
        room -= cost
    kept.reverse()
    while kept and kept[0].role == "assistant":
        kept = kept[1:]
    return kept
