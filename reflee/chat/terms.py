"""Content words of a question for full-text search: Korean particles stripped, stop words, dates and words
that name a whole area (회고, journal) left out, longest first."""

from __future__ import annotations

import re


def _words(text: str) -> list[str]:
    return text.split()


PARTICLES = sorted(
    _words(
        "은 는 이 가 을 를 에 에서 에게 의 와 과 도 로 으로 랑 이랑 하고 까지 부터 보다 처럼 만 요 이야 야 "
        "했지 했어 했나 했던 할까 하는 했고 한 인가 일까 는데 은데 였지 이었지 니 냐"
    ),
    key=len,
    reverse=True,
)
STOPWORDS = set(
    _words(
        "나 내 내가 나는 저 제가 뭐 뭘 무엇 무슨 어떻게 얼마나 언제 왜 어디 어떤 좀 그 이 것 거 수 있어 있었 있나 "
        "알려줘 보여줘 정리해줘 정리 요약 해줘 말해줘 했는지 하면 해야 대해 관련 주세요 "
        "했던 했다 했어 했지 하는 했는데 "
        "the a an of to in on for and or is are was were what when how why where which who did do does my me i you "
        "your about with from that this it tell show please can could would should have has had"
    )
)
PERIOD_WORDS = re.compile(
    r"(오늘|어제|그제|그저께|이번\s*주|지난\s*주|저번\s*주|이번\s*달|지난\s*달|저번\s*달|올해|작년|최근\s*\d*\s*(일|주|달|개월)?|"
    r"\d{4}\s*년|\d{1,2}\s*월|\d{4}-\d{1,2}(-\d{1,2})?|today|yesterday|this|last|week|month|year|past|days?)",
    re.I,
)
MAX_TERMS = 4
_GENERIC = {"회고", "일기", "기록", "retro", "retrospect", "retrospects", "journal", "diary", "entry", "entries"}


def terms(question: str) -> list[str]:
    """Content words for full-text search: particles stripped, stop words, dates and generic words left out."""
    text = PERIOD_WORDS.sub(" ", question)
    out: list[str] = []
    for raw in re.findall(r"[\w가-힣]+", text):
        word = raw.lower()
        for p in PARTICLES:
            if word.endswith(p) and len(word) - len(p) >= 2 and re.search(r"[가-힣]$", word):
                word = word[: -len(p)]
                break
        if len(word) < 2 or word in STOPWORDS or word in _GENERIC or word.isdigit() or word in out:
            continue
        out.append(word)
    out.sort(key=len, reverse=True)  # longer words say more (and use the full-text index)
    return out[:MAX_TERMS]
