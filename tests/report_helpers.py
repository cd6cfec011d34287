"""Seeded data for report tests, and the totals computed from the seed list itself (not through reflee)."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser

from reflee import services

WEEK = (date(2025, 11, 17), date(2025, 11, 23))  # 2025-W47, Monday weeks
PREV_WEEK = (date(2025, 11, 10), date(2025, 11, 16))
MONTH = (date(2025, 11, 1), date(2025, 11, 30))
PREV_MONTH = (date(2025, 10, 1), date(2025, 10, 31))
CATEGORIES = ["식비", "카페", "교통", "<b>쇼핑</b>", "[bold]구독[/bold]"]
EVIL_MEMO = "<script>alert('x')</script> [bold]굵게[/bold] & **stars**"


@dataclass
class Seeded:
    retros: list[tuple[date, list[str], str]] = field(default_factory=list)
    """(entry date, tags as stored, full id)"""
    txns: list[tuple[date, str, int, str]] = field(default_factory=list)
    """(date, kind, amount, category)"""


def seed(seed_value: int = 7) -> Seeded:
    """Retrospects and transactions over Oct-Nov 2025, a budget, and a memo full of markup."""
    rng = random.Random(seed_value)
    out = Seeded()
    with services.open() as s:
        day = date(2025, 10, 1)
        while day <= date(2025, 11, 30):
            for _ in range(rng.choice([0, 0, 1, 1, 2])):
                tags = rng.sample(["운동", "독서", "<b>일</b>", "가족"], rng.randint(0, 2))
                r = s.retro.add(
                    f"{day} 오늘은 계획을 세우고 {rng.choice(['달렸다', '읽었다', '일했다'])}. {EVIL_MEMO}",
                    purpose=rng.choice(["건강", "성장", ""]),
                    tags=tags,
                    entry_date=day,
                )
                out.retros.append((day, list(r.tags), r.id))
            for _ in range(rng.randint(0, 3)):
                cat = rng.choice(CATEGORIES)
                amount = rng.randint(1, 60) * 1000
                s.ledger.add(str(amount), category=cat, memo=EVIL_MEMO, on=day)
                out.txns.append((day, "expense", amount, cat))
            if day.day == 25:
                s.ledger.add("3000000", kind="income", category="급여", on=day)
                out.txns.append((day, "income", 3_000_000, "급여"))
            day += timedelta(days=1)
        s.budget.set_budget("식비", "200000", month="2025-10")
        s.budget.set_budget("total", "900000", month="2025-10")
    return out


def totals(seeded: Seeded, lo: date, hi: date) -> dict:
    income = sum(a for d, k, a, _c in seeded.txns if lo <= d <= hi and k == "income")
    expense = sum(a for d, k, a, _c in seeded.txns if lo <= d <= hi and k == "expense")
    per_cat: dict[str, int] = defaultdict(int)
    for d, k, a, c in seeded.txns:
        if lo <= d <= hi and k == "expense":
            per_cat[c] += a
    entries = [r for r in seeded.retros if lo <= r[0] <= hi]
    tags: dict[str, int] = defaultdict(int)
    for _d, ts, _i in entries:
        for t in ts:
            tags[t] += 1
    return {
        "income": income,
        "expense": expense,
        "per_category": dict(per_cat),
        "count": sum(1 for d, *_ in seeded.txns if lo <= d <= hi),
        "entries": len(entries),
        "days": len({d for d, *_ in entries}),
        "tags": dict(tags),
    }


class StrictHTML(HTMLParser):
    """Checks that every element is closed in order, and collects tags, text and SVG classes."""

    VOID = {"meta", "br", "img", "hr", "link", "input", "rect", "line", "polyline", "circle"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.classes: list[str] = []
        self.text: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.classes += [v or "" for k, v in attrs if k == "class"]
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)
        self.classes += [v or "" for k, v in attrs if k == "class"]

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse_html(text: str) -> StrictHTML:
    p = StrictHTML()
    p.feed(text)
    p.close()
    return p
