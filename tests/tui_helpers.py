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
