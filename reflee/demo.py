"""Sample data for `reflee demo`: a realistic few weeks of 회고 in Korean and English.

Seeding goes through the services, exactly as a user's own writing would.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from reflee.notify.service import NotifyService
from reflee.retro.service import RetroService

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
    ("budget.threshold", "식비 예산 80% 사용", "11월 식비 예산 300,000원 중 246,000원을 썼어요.", "demo:budget:food"),
    ("policy.deadline", "청년월세지원 마감 D-5", "관심 정책의 신청 마감이 5일 남았어요.", "demo:policy:rent"),
    ("retro.streak", "3일 연속 회고 작성!", "Keep going: three days in a row.", "demo:streak:3"),
]


def seed(conn: sqlite3.Connection, today: date) -> int:
    retros = RetroService(conn)
    for days_ago, purpose, content, tags in SAMPLE_RETROS:
        retros.add(content, purpose=purpose, entry_date=today - timedelta(days=days_ago), tags=tags)
    notify = NotifyService(conn)
    for kind, title, body, key in SAMPLE_NOTIFICATIONS:
        notify.raise_(kind, title, body, dedup_key=key)
    return len(SAMPLE_RETROS)
