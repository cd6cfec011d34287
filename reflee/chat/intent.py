"""Which part of the user's life a question is about — retrospects, money, policies, profile, or general —
in Korean and English, decided by keywords, amounts and dates for the obvious cases; the model's structured
output decides the rest (``classify_with_model``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from reflee.chat.periods import Period, find_period

INTENTS = ("retro", "money", "policy", "profile", "general")
PRIORITY = ("policy", "money", "retro", "profile", "general")
"""On a tie, the first of these wins (the others stay in ``also``)."""

# (keyword, weight). Korean keywords match anywhere (particles attach to words); English ones match whole
# words or their start (spend -> spending).
KEYWORDS: dict[str, list[tuple[str, int]]] = {
    "retro": [
        ("회고", 3), ("일기", 3), ("기록", 2), ("돌아보", 3), ("반성", 3), ("느꼈", 2), ("감정", 2), ("기분", 2),
        ("피드백", 3), ("습관", 2), ("배운", 2), ("배웠", 2), ("성장", 2), ("했던 일", 2), ("한 일", 2), ("썼던", 2),
        ("적었", 2), ("잘한", 2), ("못한", 2), ("고민", 1), ("운동", 1), ("공부", 1), ("프로젝트", 1), ("목표", 1),
        ("retro", 3), ("retrospect", 3), ("journal", 3), ("diary", 3), ("entry", 2), ("entries", 2),
        ("wrote", 2), ("did i write", 3),
        ("write about", 2), ("reflect", 3), ("feedback", 3), ("mood", 2), ("felt", 2), ("feel", 1), ("habit", 2),
        ("learn", 2), ("lesson", 2), ("did i do", 2), ("went well", 2), ("workout", 1), ("exercise", 1),
        ("study", 1), ("goal", 1),
    ],
    "money": [
        ("돈", 2), ("지출", 3), ("소비", 3), ("썼", 1), ("쓴 ", 1), ("식비", 3), ("예산", 3), ("가계부", 3),
        ("수입", 3), ("월급", 3), ("저축", 3), ("카드", 2), ("결제", 2), ("얼마", 2), ("비용", 2), ("잔액", 3),
        ("교통비", 3), ("생활비", 3), ("남았", 2), ("초과", 2), ("커피", 1), ("외식", 2), ("쇼핑", 2), ("용돈", 2),
        ("spend", 3), ("spent", 3), ("expense", 3), ("budget", 3), ("income", 3), ("salary", 3), ("saving", 3),
        ("money", 3), ("cost", 2), ("paid", 2), ("ledger", 3), ("how much", 2), ("groceries", 2), ("coffee", 1),
        ("dining", 2), ("shopping", 2), ("left over", 2),
    ],
    "policy": [
        ("정책", 3), ("지원금", 4), ("지원", 3), ("청년", 2), ("혜택", 3), ("신청", 3), ("받을 수 있", 4),
        ("자격", 3), ("수당", 3), ("장학", 3), ("보조금", 4), ("마감", 2), ("공고", 3), ("복지", 3), ("바우처", 3),
        ("대출", 2), ("policy", 3), ("policies", 3), ("benefit", 3), ("subsid", 4), ("grant", 3), ("eligib", 4),
        ("apply", 3), ("application", 2), ("deadline", 2), ("allowance", 3), ("welfare", 3), ("voucher", 3),
        ("scholarship", 3), ("support program", 3), ("can i get", 3), ("qualify", 4),
    ],
    "profile": [
        ("프로필", 4), ("내 정보", 4), ("내 나이", 4), ("나이가", 2), ("거주지", 3), ("사는 곳", 3), ("내 소득", 3),
        ("중위소득", 3), ("나에 대해", 4), ("내가 누구", 4), ("profile", 4), ("my age", 4), ("how old am i", 4),
        ("where do i live", 4), ("my region", 3), ("about me", 4), ("know about me", 4), ("my income bracket", 3),
    ],
}  # fmt: skip
GREETINGS = re.compile(
    r"^\s*(안녕|안녕하세요|고마워|고마워요|감사합니다|감사해요|반가워|"
    r"hi|hello|hey|thanks|thank you|good (morning|evening)|who are you|너는 누구|넌 누구)\b",
    re.I,
)
AMOUNT = re.compile(r"(\d[\d,]*(\.\d+)?\s*(원|만\s*원|천\s*원|만원|krw|usd|달러)|[$₩]\s*\d|\d\s*만\b)", re.I)
_EN_WORD = re.compile(r"[a-z]")


@dataclass
class Route:
    intent: str
    also: list[str] = field(default_factory=list)
    """Other intents the question touches (their records are retrieved too)."""
    period: Period | None = None
    via: str = "rules"
    """'rules' (keywords, amounts, dates), 'model' (structured output) or 'default'."""
    scores: dict[str, int] = field(default_factory=dict)

    @property
    def intents(self) -> list[str]:
        return [self.intent, *self.also]

    def to_json(self) -> dict[str, Any]:
        return {
            "intent": self.intent,
            "also": self.also,
            "period": self.period.to_json() if self.period else None,
            "via": self.via,
        }


def _matches(text: str, keyword: str) -> bool:
    if _EN_WORD.match(keyword):
        return re.search(r"\b" + re.escape(keyword), text) is not None
    return keyword in text


def score(text: str) -> dict[str, int]:
    low = text.lower()
    out = {intent: sum(w for k, w in words if _matches(low, k)) for intent, words in KEYWORDS.items()}
    if AMOUNT.search(low):
        out["money"] += 3
    return out


def route_by_rules(question: str, today: date, week_start: str = "monday") -> Route | None:
    """The route for an obvious question, or None when it needs the model to decide."""
    period = find_period(question, today, week_start)
    scores = score(question)
    best = max(scores.values())
    if best == 0:
        if GREETINGS.search(question):
            return Route("general", [], period, "rules", scores)
        if period is not None:  # "last week", "지난주에 뭐 했지": what happened then, and what it cost
            return Route("retro", ["money"], period, "rules", scores)
        return None
    ranked = sorted((i for i in scores if scores[i] > 0), key=lambda i: (-scores[i], PRIORITY.index(i)))
    primary = ranked[0]
    also = [i for i in ranked[1:] if scores[i] * 2 >= scores[primary]]
    return Route(primary, also, period, "rules", scores)


INTENT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"intent": {"type": "string", "enum": list(INTENTS)}},
    "required": ["intent"],
}


def intent_prompt(question: str) -> list[dict[str, str]]:
    return [
        {
            "role": "system",
            "content": "Classify the user's question about their own life into one intent: "
            "retro (their retrospects / journal entries, what they did, felt or learned), "
            "money (their spending, income, budgets), policy (government or youth support programmes they "
            "could apply for), profile (facts about the user: age, region, income, job), or general "
            "(anything else). Answer with JSON only.",
        },
        {"role": "user", "content": question},
    ]


def parse_intent(text: str) -> str | None:
    import json

    try:
        data = json.loads(text)
    except ValueError:
        return None
    value = data.get("intent") if isinstance(data, dict) else None
    return value if value in INTENTS else None
