"""Intent routing without the model for the obvious questions (Korean and English), the periods they name, the
words used for full-text search, and the model's structured output for the rest."""

from __future__ import annotations

from datetime import date

import pytest

from reflee.chat.intent import route_by_rules
from reflee.chat.periods import find_period
from reflee.chat.terms import terms

TODAY = date(2026, 3, 18)  # a Wednesday

ROUTES = [
    # (question, expected intent) — decided by keywords, amounts and dates alone
    ("지난달 식비", "money"),
    ("지난달 식비 얼마 썼어?", "money"),
    ("이번 달 예산 얼마나 남았어?", "money"),
    ("이번 주에 커피에 돈 얼마나 썼지", "money"),
    ("3월 교통비 합계 알려줘", "money"),
    ("가계부 보면 외식이 너무 많아?", "money"),
    ("이번 달 수입이랑 지출 비교해줘", "money"),
    ("5만원 넘게 쓴 날 있어?", "money"),
    ("How much did I spend on groceries last month?", "money"),
    ("Am I over budget this month?", "money"),
    ("What was my income in February?", "money"),
    ("show my biggest expenses", "money"),
    ("did I pay more than $50 for dining?", "money"),
    ("이번 주 회고", "retro"),
    ("이번 주 회고 정리해줘", "retro"),
    ("지난주에 쓴 일기 보여줘", "retro"),
    ("요즘 운동 습관 어떻게 되고 있어? 회고 기준으로", "retro"),
    ("최근 회고에서 반성한 점이 뭐야", "retro"),
    ("피드백에서 자주 나온 조언은?", "retro"),
    ("작년에 배운 것들 돌아보고 싶어", "retro"),
    ("What did I write in my journal last week?", "retro"),
    ("What habits did I reflect on in March?", "retro"),
    ("summarise my retrospects from this month", "retro"),
    ("what lessons did I learn from the project", "retro"),
    ("how was my mood in my recent entries", "retro"),
    ("내가 받을 수 있는 월세 지원", "policy"),
    ("청년 정책 중에 신청 가능한 거 있어?", "policy"),
    ("취업 지원금 자격이 돼?", "policy"),
    ("마감 임박한 혜택 알려줘", "policy"),
    ("장학금이나 수당 받을 수 있을까", "policy"),
    ("Which youth policies am I eligible for?", "policy"),
    ("any housing subsidy I can apply for before the deadline?", "policy"),
    ("do I qualify for a rent allowance?", "policy"),
    ("내 프로필 보여줘", "profile"),
    ("나에 대해 뭘 알고 있어?", "profile"),
    ("내 나이랑 거주지가 어떻게 등록돼 있어?", "profile"),
    ("What do you know about me?", "profile"),
    ("how old am I according to my profile", "profile"),
    ("안녕", "general"),
    ("고마워!", "general"),
    ("hello there", "general"),
    ("thanks a lot", "general"),
    ("지난주", "retro"),  # a bare period: what happened then (and what it cost)
    ("last week", "retro"),
]


@pytest.mark.parametrize(("question", "intent"), ROUTES, ids=[q for q, _ in ROUTES])
def test_obvious_questions_are_routed_without_the_model(question: str, intent: str) -> None:
    route = route_by_rules(question, TODAY)
    assert route is not None, f"{question!r} needed the model"
    assert route.via == "rules"
    assert route.intent == intent, (question, route.scores)


def test_there_are_at_least_forty_questions_in_both_languages() -> None:
    korean = [q for q, _ in ROUTES if any("\uac00" <= ch <= "\ud7a3" for ch in q)]
    assert len(ROUTES) >= 40 and len(korean) >= 20 and len(ROUTES) - len(korean) >= 18
    assert {i for _, i in ROUTES} == {"retro", "money", "policy", "profile", "general"}


def test_a_bare_period_asks_for_both_retrospects_and_money() -> None:
    route = route_by_rules("last week", TODAY)
    assert route is not None and route.intents == ["retro", "money"]
    assert (route.period.start, route.period.end) == (date(2026, 3, 9), date(2026, 3, 15))


@pytest.mark.parametrize("question", ["그거 어떻게 생각해?", "what should I do next", "음… 잘 모르겠어"])
def test_unclear_questions_are_left_to_the_model(question: str) -> None:
    assert route_by_rules(question, TODAY) is None


PERIODS = [
    ("오늘 뭐 했지", "2026-03-18", "2026-03-18"),
    ("어제 쓴 돈", "2026-03-17", "2026-03-17"),
    ("이번 주 회고", "2026-03-16", "2026-03-22"),
    ("지난주 회고", "2026-03-09", "2026-03-15"),
    ("지난달 식비", "2026-02-01", "2026-02-28"),
    ("이번달 예산", "2026-03-01", "2026-03-31"),
    ("2025년 12월 지출", "2025-12-01", "2025-12-31"),
    ("11월 회고", "2025-11-01", "2025-11-30"),  # a month after this one: last year's
    ("최근 7일 지출", "2026-03-12", "2026-03-18"),
    ("올해 수입", "2026-01-01", "2026-12-31"),
    ("작년 저축", "2025-01-01", "2025-12-31"),
    ("spending last month", "2026-02-01", "2026-02-28"),
    ("journal entries from this week", "2026-03-16", "2026-03-22"),
    ("what did I do in January", "2026-01-01", "2026-01-31"),
    ("expenses in 2025-07", "2025-07-01", "2025-07-31"),
    ("past 30 days", "2026-02-17", "2026-03-18"),
    ("on 2026-03-02", "2026-03-02", "2026-03-02"),
]


@pytest.mark.parametrize(("text", "start", "end"), PERIODS, ids=[p[0] for p in PERIODS])
def test_periods_people_say(text: str, start: str, end: str) -> None:
    p = find_period(text, TODAY)
    assert p is not None and (p.start.isoformat(), p.end.isoformat()) == (start, end)


def test_a_sunday_week_and_may_the_verb() -> None:
    p = find_period("this week", TODAY, "sunday")
    assert p is not None and p.start == date(2026, 3, 15)
    assert find_period("may I ask something", TODAY) is None
    assert find_period("in May", TODAY) is not None


def test_search_words_drop_particles_stop_words_and_dates() -> None:
    assert terms("지난달에 헬스장에서 스쿼트를 했던 회고 보여줘") == ["헬스장", "스쿼트"]
    assert terms("What did I learn about budgeting last week?") == ["budgeting", "learn"]


def test_the_model_decides_the_rest(cli, ollama_standin) -> None:
    from tests.feedback_helpers import point_at
    from tests.standin import Reply

    point_at(cli, ollama_standin.url, **{"chat.embed_model": ""})
    ollama_standin.enqueue(Reply(content='{"intent": "policy"}'), Reply(content="잘 모르겠어요."))
    r = cli("ask", "그거 어떻게 생각해?", "--json")
    assert r.code == 0, r.err
    assert r.json["route"]["intent"] == "policy" and r.json["route"]["via"] == "model"
    first = ollama_standin.requests_to("/api/chat")[0].json
    assert first["format"]["properties"]["intent"]["enum"] == ["retro", "money", "policy", "profile", "general"]


def test_a_model_that_cannot_decide_means_general(cli, ollama_standin) -> None:
    from tests.feedback_helpers import point_at
    from tests.standin import Reply

    point_at(cli, ollama_standin.url, **{"chat.embed_model": ""})
    ollama_standin.enqueue(Reply(content="not json"), Reply(content="네."))
    r = cli("ask", "what should I do next", "--json")
    assert r.code == 0, r.err
    assert r.json["route"] == {"intent": "general", "also": [], "period": None, "via": "default"}
