"""Sample data for `reflee demo`: a jobseeker's few weeks of 회고, half a year of 가계부 with budgets, a
profile and a handful of sample policies, all in a throwaway home.

Seeding goes through the services of a session (reflee.services) for the demo home, exactly as a user's own writing
would; budget and deadline notifications come from the ledger's and the policy module's own checks. The session
is opened with feedback off (``open_home``), so no feedback is queued: the demo runs without a model.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from reflee import demo_ledger, services
from reflee.config import Settings
from reflee.paths import resolve_paths
from reflee.services import Services

# (days ago, purpose, content, tags)
SAMPLE_RETROS: list[tuple[int, str, str, list[str]]] = [
    (
        0,
        "이번 주 회고 습관 만들기",
        "오늘 처음으로 주간 회고를 썼다. 쓰다 보니 월요일에 세운 계획의 절반만 지켰다는 걸 알게 됐다. "
        "내일은 아침 30분을 계획 점검에 쓰기로 했다.",
        ["회고", "습관"],
    ),
    (
        1,
        "가계부 정리",
        "가계부에서 이번 달 식비가 예산을 넘은 걸 확인했다. 배달 앱을 일주일에 두 번으로 줄여보자.",
        ["가계부", "돈"],
    ),
    (
        2,
        "Job search",
        "Sent three applications and finished the take-home assignment. The SQL part took longer than "
        "planned; I should review window functions this weekend.",
        ["job", "study"],
    ),
    (
        3,
        "운동 루틴",
        "헬스장 3일 연속 출석. 스쿼트 자세가 좋아졌다는 피드백을 받았다. 수면이 부족해서 컨디션은 별로.",
        ["운동", "건강"],
    ),
    (
        5,
        "청년 정책 알아보기",
        "청년월세지원 신청 조건을 확인했다. 소득 기준은 맞는데 서류(임대차계약서 사본)를 아직 못 챙겼다.",
        ["정책", "주거"],
    ),
    (
        6,
        "Side project",
        "Shipped the first version of my budgeting script. Writing tests first made refactoring painless.",
        ["project", "coding"],
    ),
    (
        8,
        "면접 준비",
        "모의 면접에서 자기소개가 너무 길다는 말을 들었다. 1분 버전을 따로 연습해야겠다.",
        ["job", "면접"],
    ),
    (
        9,
        "독서",
        "『아주 작은 습관의 힘』 3장까지 읽음. 환경을 바꾸면 행동이 바뀐다는 부분이 인상 깊었다.",
        ["독서", "습관"],
    ),
    (
        11,
        "Weekly review",
        "Good week overall: 4 workouts, 2 books chapters, budget on track except eating out. "
        "Next week: cook at home three times.",
        ["회고", "weekly"],
    ),
    (13, "가족 모임", "오랜만에 가족과 저녁을 먹었다. 부모님께 이직 고민을 털어놓으니 마음이 가벼워졌다.", ["가족"]),
    (
        15,
        "스터디",
        "알고리즘 스터디에서 DP 문제를 발표했다. 설명하면서 내가 이해 못 한 부분이 드러났다.",
        ["study", "coding"],
    ),
    (
        18,
        "Money",
        "Moved 300,000 KRW into the emergency fund. Automating the transfer on payday would make it stick.",
        ["돈", "saving"],
    ),
    (
        20,
        "번아웃 주의",
        "야근이 이어져서 회고를 건너뛰었다. 컨디션이 떨어지면 기록부터 멈춘다는 패턴을 발견.",
        ["회고", "건강"],
    ),
    (24, "새 목표", "다음 분기 목표: 정보처리기사 필기 합격, 비상금 200만원, 주 3회 운동.", ["목표"]),
    (27, "Portfolio", "Rewrote the README of my portfolio project in both Korean and English.", ["project", "job"]),
]

SAMPLE_NOTIFICATIONS = [
    # Nothing in reflee raises streak notifications yet; budget and deadline ones come from the real checks.
    ("retro.streak", "4일 연속 회고 작성!", "Keep going: four days in a row.", "demo:streak:4"),
]

POLICY_FILE = "demo_policies.json"
FAVORITE = ("demo:gwanak-youth-rent", "임대차계약서 사본 챙기기")
"""The sample policy closing in a few days, kept as a favourite so its deadline reminder is raised."""

# The profile of the sample user; income is left to be inferred from the sample ledger.
PROFILE = {
    "region": "서울 관악구",
    "household_size": "1",
    "employment": "미취업자",
    "education": "대학 졸업",
    "major": "사회",
    "marital": "미혼",
    "housing": "월세",
    "traits": "1인가구",
}
AGE = 24

_OFFSET = re.compile(r"^@([+-]\d+)(T[0-9:]+)?$")


@dataclass
class Seeded:
    retros: int
    transactions: int
    policies: int


def birth_date(today: date, age: int = AGE) -> date:
    """A birthday some months away, so the sample user is ``age`` (만 나이) on ``today``."""
    return date(today.year - age - 1, today.month, 1) + timedelta(days=200)


def sample_policies(today: date) -> bytes:
    """The packaged sample policy file with its "@+N" day offsets turned into dates from ``today``."""

    def fill(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: fill(v) for k, v in value.items()}
        if isinstance(value, list):
            return [fill(v) for v in value]
        if isinstance(value, str) and (m := _OFFSET.match(value)):
            return (today + timedelta(days=int(m[1]))).isoformat() + (m[2] or "")
        return value

    doc = json.loads(resources.files("reflee").joinpath(POLICY_FILE).read_text(encoding="utf-8"))
    return json.dumps(fill(doc), ensure_ascii=False).encode()


def open_home(home: str | Path) -> Services:
    """A session on the demo home with feedback off for this session only (config.toml is not written)."""
    paths = resolve_paths(str(home))
    return services.open(paths=paths, settings=Settings(paths.config_file, {"feedback.mode": "off"}))


def seed(ctx: Services, today: date) -> Seeded:
    """Fill the (empty) home behind ``ctx`` (from ``open_home``) with the sample data, dated relative to ``today``."""
    if ctx.settings.feedback.mode != "off":
        raise ValueError("seed() needs a session with feedback off (reflee.demo.open_home); nothing was written")
    for days_ago, purpose, content, tags in SAMPLE_RETROS:
        ctx.retro.add(content, purpose=purpose, entry_date=today - timedelta(days=days_ago), tags=tags)
    for kind, title, body, key in SAMPLE_NOTIFICATIONS:
        ctx.notify.raise_(kind, title, body, dedup_key=key)
    count = seed_ledger(ctx, today)
    ctx.profile.update({"birth_date": birth_date(today).isoformat(), **PROFILE})
    policy = ctx.policy
    report = policy.import_([(POLICY_FILE, sample_policies(today))])
    policy.fav_add(*FAVORITE)
    policy.remind()
    return Seeded(len(SAMPLE_RETROS), count, report.imported)


def seed_ledger(ctx: Services, today: date) -> int:
    """Budgets from the first sample month, then every sample transaction, oldest first."""
    ledger = ctx.ledger
    budgets = ledger.budgets()
    since = demo_ledger.first_month(today).strftime("%Y-%m")
    for category, amount in demo_ledger.BUDGETS:
        budgets.set_budget(category, str(amount), month=since)
    entries = demo_ledger.entries(today)
    for e in entries:
        ledger.add(
            str(e.amount),
            kind="income" if e.income else "expense",
            category=e.category,
            payee=e.payee or None,
            memo=e.memo or None,
            on=e.date,
            account=e.account,
            suggest_category=False,
        )
    return len(entries)
