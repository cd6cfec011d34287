"""Writing statistics: entries per week, days written, streaks and a calendar heat map.

Everything is computed for a given ``today`` and ``week_start`` (passed in by the
caller, never read from config here), so results are reproducible in tests.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import date, timedelta

from reflee.errors import UsageError
from reflee.i18n import _
from reflee.retro import store
from reflee.retro.results import HeatDay, RetroStats, WeekCount

__all__ = ["HeatDay", "RetroStats", "WeekCount", "compute", "summarize"]

DEFAULT_WEEKS = 12
MAX_WEEKS = 520
HEATMAP_WEEKS = 26
WEEK_STARTS = {"monday": 0, "sunday": 6}
LEVELS = 4
"""Heat-map intensity levels above zero (like GitHub's four shades)."""


def start_of_week(day: date, week_start: str) -> date:
    first = WEEK_STARTS[week_start]
    return day - timedelta(days=(day.weekday() - first) % 7)


def current_streak(days: set[date], today: date) -> int:
    """Consecutive days with an entry ending today, or yesterday when nothing is written yet today."""
    day = today if today in days else today - timedelta(days=1)
    n = 0
    while day in days:
        n += 1
        day -= timedelta(days=1)
    return n


def longest_streak(days: set[date]) -> int:
    best = 0
    for day in days:
        if day - timedelta(days=1) in days:
            continue  # not the start of a run
        n = 1
        while day + timedelta(days=n) in days:
            n += 1
        best = max(best, n)
    return best


def heat_level(count: int, busiest: int) -> int:
    if count <= 0:
        return 0
    return max(1, min(LEVELS, -(-count * LEVELS // max(busiest, 1))))


def compute(
    conn: sqlite3.Connection,
    *,
    today: date,
    weeks: int = DEFAULT_WEEKS,
    week_start: str = "monday",
    heatmap_weeks: int = HEATMAP_WEEKS,
) -> RetroStats:
    if week_start not in WEEK_STARTS:
        raise UsageError(
            _("{week_start!r} is not one of {join}").format(week_start=week_start, join=", ".join(WEEK_STARTS)),
            field="week_start",
        )
    if not 1 <= weeks <= MAX_WEEKS:
        raise UsageError(
            _("{weeks} is not between 1 and {max_weeks}").format(weeks=weeks, max_weeks=MAX_WEEKS),
            field="weeks",
        )
    per_day: Counter[date] = Counter(date.fromisoformat(d) for d in store.dates(conn))
    return summarize(per_day, today=today, weeks=weeks, week_start=week_start, heatmap_weeks=heatmap_weeks)


def summarize(
    per_day: Counter[date], *, today: date, weeks: int, week_start: str, heatmap_weeks: int = HEATMAP_WEEKS
) -> RetroStats:
    """The statistics for entries counted per day. The current streak ends today (or yesterday)."""
    written = {d for d, n in per_day.items() if n > 0}
    this_week = start_of_week(today, week_start)
    week_counts = []
    for back in range(weeks - 1, -1, -1):
        start = this_week - timedelta(weeks=back)
        count = sum(per_day.get(start + timedelta(days=i), 0) for i in range(7))
        week_counts.append(WeekCount(start.isoformat(), count))
    first = this_week - timedelta(weeks=heatmap_weeks - 1)
    shown = [first + timedelta(days=i) for i in range(7 * heatmap_weeks)]
    busiest = max((per_day.get(d, 0) for d in shown if d <= today), default=0)
    rows: list[list[HeatDay | None]] = [[] for _ in range(7)]
    for i, day in enumerate(shown):
        n = per_day.get(day, 0)
        rows[i % 7].append(HeatDay(day.isoformat(), n, heat_level(n, busiest)) if day <= today else None)
    return RetroStats(
        today=today.isoformat(),
        week_start=week_start,
        total_entries=sum(per_day.values()),
        days_written=len(written),
        current_streak=current_streak(written, today),
        longest_streak=longest_streak(written),
        weeks=week_counts,
        heatmap=rows,
    )
