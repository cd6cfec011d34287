"""Helpers for the TUI tests (tests/tui): a seeded home, a frozen clock, and waiting for the workers."""

from __future__ import annotations

import asyncio
import io
from datetime import date
from pathlib import Path

from rich.console import Console

from reflee import services

TODAY = date(2026, 11, 30)


def seed(home: Path) -> None:
    """A few retrospects, a month of spending with budgets, and the demo's policies with a profile."""
    with services.open(home) as s:
        first = "오늘 처음으로 주간 회고를 썼다.\n계획의 절반만 지켰다."
        s.retro.add(first, purpose="주간 회고", entry_date=TODAY, tags=["회고"])
        s.retro.add("아침에 5km를 달렸다.", purpose="운동 습관", entry_date=date(2026, 11, 29), tags=["운동"])
        s.ledger.add("12,000원", category="식비", memo="점심 김밥", on=TODAY)
        s.ledger.add("4500", category="카페", payee="스타벅스", on=date(2026, 11, 28))
        s.ledger.add("138만원", kind="income", category="급여", on=date(2026, 11, 10))
        s.ledger.add("30000", category="식비", memo="지난달 저녁", on=date(2026, 10, 15))
        s.budget.set_budget("식비", "5만원", month="2026-11")


def text_of(widget: object) -> str:
    """What a Static (or Label) shows, as plain text (a Rich table rendered as a person would see it)."""
    content = getattr(widget, "content", "")
    if isinstance(content, str):
        return content
    if hasattr(content, "plain"):
        return str(content.plain)
    console = Console(width=200, file=io.StringIO(), record=True, color_system=None)
    console.print(content)
    return console.export_text()


async def settle(pilot, rounds: int = 200) -> None:
    """Wait until no worker is running and the UI has handled what they posted (a condition, not a sleep)."""
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in pilot.app.workers):
            await pilot.pause()
            return
    raise AssertionError("workers did not finish")


def run(coro) -> None:
    asyncio.run(coro)


def fixed_id(n: int) -> str:
    """A time-ordered-looking 32-digit ID whose first 8 digits differ from its neighbours' (as real ones made a
    minute apart do), with a random-looking tail of its own (where its short ID comes from)."""
    return f"01a2{n:02x}00" + "7c3a4e5b80c1a2b3c" + f"{n * 2654435761 % 16**7:07x}"


def seed_fixed(home: Path) -> None:
    """Seeded data with fixed IDs and times, for snapshots: the same screen every run.

    Retrospects come in through the service's import (which keeps IDs); transactions and notifications are
    written through their stores with fixed IDs (the services would mint new time-ordered IDs)."""
    import json

    from reflee import db
    from reflee.ledger import store as ledger_store
    from reflee.ledger.models import Txn
    from reflee.notify import store as notify_store
    from reflee.notify.models import Notification

    stamp = "2026-11-30T12:00:00.000000Z"
    retros = [
        (
            fixed_id(1),
            "2026-11-30",
            "주간 회고",
            "오늘 처음으로 주간 회고를 썼다.\n계획의 절반만 지켰다.",
            ["회고"],
        ),
        (fixed_id(2), "2026-11-29", "운동 습관", "아침에 5km를 달렸다.", ["운동"]),
        (fixed_id(3), "2026-11-27", "면접 준비", "자기소개서를 다시 고쳐 썼다.", ["면접"]),
    ]
    records = [
        {"id": i, "entry_date": d, "purpose": p, "content": c, "tags": t, "version": 1, "created_at": stamp,
         "updated_at": stamp, "deleted_at": None}
        for i, d, p, c, t in retros
    ]  # fmt: skip
    txns = [
        (fixed_id(101), "2026-11-30", "expense", 12_000, "식비", "", "점심 김밥"),
        (fixed_id(102), "2026-11-28", "expense", 4_500, "카페", "스타벅스", ""),
        (fixed_id(103), "2026-11-10", "income", 1_380_000, "급여", "", "11월 급여"),
        (fixed_id(104), "2026-10-15", "expense", 30_000, "식비", "", "지난달 저녁"),
        (fixed_id(105), "2026-09-03", "expense", 550_000, "월세", "", "9월 월세"),
    ]
    with services.open(home) as s:
        s.retro.import_(json.dumps(records, ensure_ascii=False).encode(), "seed.json")
        s.budget.set_budget("식비", "5만원", month="2026-09")
        s.budget.set_budget("카페", "3만원", month="2026-09")
        from reflee.demo import POLICY_FILE, sample_policies

        s.profile.update({"birth_date": "2002-05-20", "region": "서울 관악구", "employment": "미취업자"})
        s.policy.import_([(POLICY_FILE, sample_policies(TODAY))])
        with db.transaction(s.conn):
            for ident, day, kind, amount, category, payee, memo in txns:
                txn = Txn(
                    ident, day, kind, amount, "KRW", category, "", payee, memo, created_at=stamp, updated_at=stamp
                )
                ledger_store.insert(s.conn, txn)
            for n, title in enumerate(("예산 80% · 식비", "마감 임박 · 관악구 청년 월세 지원")):
                note = Notification(fixed_id(200 + n), "test", title, "", None, None, f"seed:{n}", stamp)
                notify_store.insert_unless_duplicate(s.conn, note)
