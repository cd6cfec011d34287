"""A scripted "small model" for the stand-in: answers built from the entry's own sentences, with the faults a
1.5B model showed on reflee's feedback prompt (repeated items, keep_doing copying recommendations, an empty
section, the prompt's labels echoed in the summary), chosen per entry by a stable hash at the observed rates.

It follows a targeted repair: when the last message names faults (reflee's repair prompt), the answer comes back
with those faults fixed, as an instruction-following model mostly does. It does not read the prompt template, so
it scores every template alike: the eval's template comparison needs a real model.

    standin.set_responder(SmallModel())
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from .reply import Reply

_SENTENCE = re.compile(r"[^.!?\n。]+[.!?。]?")
# observed on 28 answers (issue 13): 25 repeat, 18 keep = recommendations, 8 empty section, 2 echo
RATES = {"repeat": 25 / 28, "keep_recs": 18 / 28, "empty": 8 / 28, "echo": 2 / 28}
REPAIR_MARKERS = ("고칠 점이 있습니다", "needs fixing")


def _roll(text: str, fault: str) -> float:
    digest = hashlib.sha256(f"{fault}:{text}".encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32


def _entry(body: dict[str, Any]) -> tuple[str, str, bool]:
    """(the entry's text as the user message carries it, the user message, whether this is a repair)."""
    messages = body.get("messages") or []
    users = [m.get("content", "") for m in messages if m.get("role") == "user"]
    first = users[0] if users else ""
    last = users[-1] if users else ""
    repair = len(users) > 1 and any(marker in last for marker in REPAIR_MARKERS)
    text = first.split("\n\n", 1)[-1] if "\n\n" in first else first
    return text, first, repair


@dataclass
class SmallModel:
    latency: float = 0.0
    rates: dict[str, float] = field(default_factory=lambda: dict(RATES))
    calls: int = 0

    def answer(self, body: dict[str, Any]) -> dict[str, Any]:
        text, user, repair = _entry(body)
        korean = bool(re.search(r"[\uac00-\ud7a3]", text))
        sentences = [
            s.strip() for s in _SENTENCE.findall(text) if len(s.strip()) > 3 and not s.strip().endswith(":")
        ] or [text.strip() or "…"]
        pick = lambda i: sentences[i % len(sentences)]  # noqa: E731
        summary = " ".join(sentences[:2])[:240]
        strengths = [pick(0)]
        weaknesses = (
            [pick(1)] if len(sentences) > 1 else [pick(0) + (" 이 부분은 아쉬웠다" if korean else " fell short")]
        )
        words = [w for w in re.findall(r"[\uac00-\ud7a3]{2,}|[A-Za-z]{5,}", text)] or ["기록"]
        a, b = words[len(words) // 3], words[2 * len(words) // 3]
        if korean:
            keep = [f"{a} 관련 기록을 꾸준히 이어 가기"]
            recs = [f"다음 주에는 {b} 문제에 시간을 미리 정해 두기", "일요일 저녁에 한 주를 10분 동안 돌아보기"]
        else:
            keep = [f"Keep the {a.lower()} routine going"]
            recs = [f"Set a fixed slot for the {b.lower()} problem next week", "Spend ten minutes on Sunday reviewing"]
        faults = {f for f, rate in self.rates.items() if _roll(text, f) < rate}
        if repair:
            last = [m.get("content", "") for m in body.get("messages", []) if m.get("role") == "user"][-1]
            named = {
                "repeat": ("되풀이" in last or "repeated" in last),
                "keep_recs": ("계속할 점이" in last or "keep_doing repeats" in last),
                "empty": ("비어 있는" in last or "are empty" in last),
                "echo": ("옮겨 적었습니다" in last or "copied the question" in last),
            }
            faults = {f for f in faults if not named[f]}
        if "repeat" in faults:
            recs = [*recs, strengths[0]]
        if "keep_recs" in faults:
            keep = [recs[0]]
        if "echo" in faults:
            summary = user.split("\n\n", 1)[0].replace("\n", " ")[:200] + " " + summary[:60]
        answer = {"summary": summary, "strengths": strengths, "weaknesses": weaknesses, "keep_doing": keep,
                  "recommendations": recs}  # fmt: skip
        if "empty" in faults:
            answer["weaknesses"] = []
        return answer

    def __call__(self, body: dict[str, Any]) -> Reply:
        self.calls += 1
        return Reply(content=json.dumps(self.answer(body), ensure_ascii=False), latency=self.latency)
