"""Sample 가계부 for `reflee demo`: a jobseeker's last five months and this month so far, in KRW.

A part-time job pays 급여 on the 10th; rent (주거/월세) and 관리비 on the 25th, the phone bill (통신) on
the 21st and two subscriptions (구독: Netflix, Spotify) are charged every month; meals (식비), coffee
(카페), 교통 and the odd purchase are drawn from a fixed-seed random generator, so every run writes the
same kind of month. This month's 식비 ends just over its budget and 카페 just past 80 % of its own, so
the ledger's own budget check raises its 80 % / 100 % notifications whatever day the demo runs.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = 6
"""Months of data, this one included: fills `ledger report`'s six-month trend."""

BUDGETS: list[tuple[str, int]] = [("식비", 350_000), ("카페", 50_000), ("교통", 80_000), ("total", 1_300_000)]
"""Monthly budgets (KRW), set from the first sample month on."""

OVER_PCT = {"식비": 104, "카페": 82}
"""This month's spending in these categories is topped up to at least this share of their budget."""


@dataclass(frozen=True)
class Entry:
    date: date
    amount: int
    category: str
    payee: str = ""
    memo: str = ""
    account: str = "체크카드"
    income: bool = False


# (day of month, amount, category, payee, memo, account)
FIXED: list[tuple[int, int, str, str, str, str]] = [
    (3, 11_990, "구독", "Spotify", "스포티파이 프리미엄", "체크카드"),
    (17, 13_500, "구독", "Netflix", "넷플릭스 스탠다드", "체크카드"),
    (21, 55_000, "통신", "SK텔레콤", "휴대폰 요금", "국민은행"),
    (25, 450_000, "주거/월세", "집주인", "신림동 원룸 월세", "국민은행"),
    (25, 50_000, "주거/관리비", "", "원룸 관리비", "국민은행"),
]
PAY_DAY = 10
PAY = (1_320_000, 1_350_000, 1_380_000, 1_410_000)
"""Part-time pay varies with the hours worked."""

# (category, payee, memo, lowest, highest): a day's spending is drawn from these.
MEALS = [
    ("식비", "GS25", "삼각김밥·컵라면", 3_800, 6_500),
    ("식비", "김밥천국", "점심", 7_000, 9_500),
    ("식비", "맘스터치", "점심", 7_900, 9_900),
    ("식비", "배달의민족", "저녁 배달", 17_000, 26_000),
]
GROCERIES = ("식비", "이마트 에브리데이", "장보기", 18_000, 32_000)
COFFEE = [
    ("카페", "메가MGC커피", "아이스 아메리카노", 2_000, 2_000),
    ("카페", "스타벅스", "카페라떼", 5_000, 5_000),
    ("카페", "이디야커피", "스터디 카페 대신", 3_500, 4_800),
]
TRANSIT = ("교통", "티머니", "교통카드 충전", 20_000, 20_000)
TAXI = ("교통", "카카오T", "택시", 9_800, 16_500)
ODD = [
    ("생활용품", "다이소", "생활용품", 5_000, 15_000),
    ("문화/여가", "CGV", "영화", 14_000, 14_000),
    ("교육", "교보문고", "SQL 책", 18_000, 27_000),
    ("의료", "온누리약국", "감기약", 6_000, 9_000),
    ("교육", "YBM", "토익 응시료", 52_500, 52_500),
]
# (category, payee, memo, amount): this month's extra 식비 and 카페 (a birthday dinner, late-night
# delivery, coffee before an interview), newest first, repeated as needed.
EXTRA: list[tuple[str, str, str, int]] = [
    ("식비", "고기굽는집", "친구 생일 모임", 68_000),
    ("식비", "배달의민족", "야식 치킨", 23_000),
    ("카페", "투썸플레이스", "스터디", 6_300),
    ("식비", "배달의민족", "떡볶이", 19_500),
    ("카페", "스타벅스", "면접 전 커피", 5_000),
    ("식비", "이마트 에브리데이", "장보기", 38_000),
    ("카페", "메가MGC커피", "아이스 아메리카노", 2_000),
    ("식비", "김밥천국", "점심", 8_000),
    ("카페", "이디야커피", "카페라떼", 4_500),
    ("식비", "맘스터치", "점심", 8_900),
]


def add_months(first: date, n: int) -> date:
    y, m = divmod(first.year * 12 + first.month - 1 + n, 12)
    return date(y, m + 1, 1)


def first_month(today: date) -> date:
    return add_months(today.replace(day=1), -(MONTHS - 1))


def _draw(rng: random.Random, on: date, spec: tuple[str, str, str, int, int], account: str = "체크카드") -> Entry:
    category, payee, memo, low, high = spec
    amount = low if low == high else rng.randrange(low, high + 1, 100)
    return Entry(on, amount, category, payee, memo, account)


def _month(start: date, last_day: date, rng: random.Random) -> list[Entry]:
    out: list[Entry] = []
    for day in range(1, last_day.day + 1):
        on = start.replace(day=day)
        if day == PAY_DAY:
            out.append(
                Entry(on, rng.choice(PAY), "급여", "한빛베이커리", f"{start.month}월 아르바이트 급여", "국민은행", True)
            )
        for fixed_day, amount, category, payee, memo, account in FIXED:
            if day == fixed_day:
                out.append(Entry(on, amount, category, payee, memo, account))
        if rng.random() < 0.65:
            out.append(_draw(rng, on, rng.choice(MEALS)))
        if on.weekday() == 5:
            out.append(_draw(rng, on, GROCERIES))
        if rng.random() < 0.25:
            out.append(_draw(rng, on, rng.choice(COFFEE)))
        if day in (1, 11, 21):
            out.append(_draw(rng, on, TRANSIT))
        if rng.random() < 0.03:
            out.append(_draw(rng, on, TAXI))
        if rng.random() < 0.08:
            out.append(_draw(rng, on, rng.choice(ODD)))
    return out


def _top_up(entries: list[Entry], today: date) -> list[Entry]:
    """Extra 식비 / 카페 of the last few days until each reaches its OVER_PCT share of the budget."""
    budget = dict(BUDGETS)
    spent = {c: sum(e.amount for e in entries if e.category == c) for c in OVER_PCT}
    out: list[Entry] = []
    i = 0
    while short := {c for c in OVER_PCT if spent[c] * 100 < budget[c] * OVER_PCT[c]}:
        category, payee, memo, amount = EXTRA[i % len(EXTRA)]
        i += 1
        if category in short:
            on = max(today.replace(day=1), today - timedelta(days=len(out) // 2))
            out.append(Entry(on, amount, category, payee, memo))
            spent[category] += amount
    return out


def entries(today: date) -> list[Entry]:
    """Every sample transaction up to ``today``, oldest first."""
    out: list[Entry] = []
    start = first_month(today)
    for n in range(MONTHS):
        month = add_months(start, n)
        last = today if n == MONTHS - 1 else add_months(month, 1) - timedelta(days=1)
        rng = random.Random(f"reflee-demo-{n}")
        drawn = _month(month, last, rng)
        out += drawn + (_top_up(drawn, today) if n == MONTHS - 1 else [])
    out.sort(key=lambda e: e.date)
    return out
