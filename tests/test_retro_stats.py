"""`reflee retro stats`: weekly counts, days written, streaks and the calendar heat map."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

from reflee.dates import local_today
from reflee.errors import ExitCode
from reflee.retro.stats import summarize


def add_on(cli, day: date, text: str = "썼다") -> None:
    r = cli("retro", "add", f"{text} {day}", "--date", day.isoformat())
    assert r.code == 0, r.err


def stats(cli, *args: str) -> dict:
    r = cli("retro", "stats", *args, "--json")
    assert r.code == 0, r.err
    return r.json


def test_empty_journal(cli):
    s = stats(cli)
    assert (s["total_entries"], s["days_written"], s["current_streak"], s["longest_streak"]) == (0, 0, 0, 0)
    assert len(s["weeks"]) == 12 and all(w["count"] == 0 for w in s["weeks"])


def test_streaks_for_a_known_set_of_days(cli):
    today = local_today()
    for back in (0, 1, 1, 2):  # a 3-day run ending today (two entries yesterday)
        add_on(cli, today - timedelta(days=back))
    for back in range(10, 15):  # a 5-day run, a week earlier
        add_on(cli, today - timedelta(days=back))
    add_on(cli, today - timedelta(days=30))
    s = stats(cli)
    assert s["today"] == today.isoformat()
    assert s["total_entries"] == 10
    assert s["days_written"] == 9
    assert s["current_streak"] == 3
    assert s["longest_streak"] == 5


def test_streak_still_counts_until_today_is_over(cli):
    today = local_today()
    for back in (1, 2, 3, 4):
        add_on(cli, today - timedelta(days=back))
    assert stats(cli)["current_streak"] == 4  # nothing written yet today
    add_on(cli, today)
    assert stats(cli)["current_streak"] == 5


def test_streak_is_broken_by_a_missed_day(cli):
    today = local_today()
    for back in (2, 3, 4):
        add_on(cli, today - timedelta(days=back))
    s = stats(cli)
    assert s["current_streak"] == 0 and s["longest_streak"] == 3


def test_deleted_entries_do_not_count(cli):
    today = local_today()
    add_on(cli, today)
    r = cli("retro", "add", "지울 글", "--date", (today - timedelta(days=1)).isoformat(), "--json")
    assert cli("retro", "rm", r.json["id"], "--yes").code == 0
    s = stats(cli)
    assert s["total_entries"] == 1 and s["current_streak"] == 1


def test_weeks_follow_the_week_start_setting(cli):
    today = local_today()
    add_on(cli, today)
    add_on(cli, today - timedelta(days=7))
    add_on(cli, today - timedelta(days=7))
    s = stats(cli, "--weeks", "3")
    starts = [date.fromisoformat(w["week_start"]) for w in s["weeks"]]
    assert [d.weekday() for d in starts] == [0, 0, 0]  # Mondays by default
    assert starts[-1] <= today < starts[-1] + timedelta(days=7)
    assert [w["count"] for w in s["weeks"]] == [0, 2, 1]
    assert cli("config", "set", "week_start", "sunday").code == 0
    s = stats(cli, "--weeks", "3")
    assert s["week_start"] == "sunday"
    assert [date.fromisoformat(w["week_start"]).weekday() for w in s["weeks"]] == [6, 6, 6]


def test_bad_weeks_is_a_usage_error(cli):
    r = cli("retro", "stats", "--weeks", "0")
    assert r.code == ExitCode.USAGE


def test_weekly_counts_and_heat_map_for_a_fixed_day():
    today = date(2026, 11, 19)  # a Thursday
    per_day = Counter({date(2026, 11, 19): 2, date(2026, 11, 16): 1, date(2026, 11, 15): 4, date(2026, 11, 2): 1})
    s = summarize(per_day, today=today, weeks=3, week_start="monday", heatmap_weeks=2)
    assert [(w.week_start, w.count) for w in s.weeks] == [("2026-11-02", 1), ("2026-11-09", 4), ("2026-11-16", 3)]
    assert len(s.heatmap) == 7 and all(len(row) == 2 for row in s.heatmap)
    assert s.heatmap[0][0].date == "2026-11-09" and s.heatmap[6][0].date == "2026-11-15"
    assert s.heatmap[6][0].level == 4  # the busiest day shown
    assert s.heatmap[3][1].date == "2026-11-19" and s.heatmap[3][1].level == 2
    assert s.heatmap[4][1] is None  # Friday: after today
    s = summarize(per_day, today=today, weeks=3, week_start="sunday")
    assert [(w.week_start, w.count) for w in s.weeks] == [("2026-11-01", 1), ("2026-11-08", 0), ("2026-11-15", 7)]
    assert s.current_streak == 1 and s.longest_streak == 2  # 11-15 and 11-16


@pytest.mark.parametrize("week_start", ["monday", "sunday"])
def test_heat_map_in_the_terminal_without_colour(cli, week_start):
    today = local_today()
    cli("config", "set", "week_start", week_start)
    for back, n in ((0, 4), (1, 1), (3, 2)):
        for _ in range(n):
            add_on(cli, today - timedelta(days=back))
    r = cli("retro", "stats")
    assert r.code == 0, r.err
    assert "\x1b[" not in r.out  # NO_COLOR and not a terminal: plain characters only
    assert "7 entries" in r.out and "current streak 2 days" in r.out
    lines = r.out.splitlines()
    first = "Mon" if week_start == "monday" else "Sun"
    grid_start = next(i for i, ln in enumerate(lines) if ln.startswith(first + " "))
    grid = lines[grid_start : grid_start + 7]
    assert [ln[:3] for ln in grid] == [
        (["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] * 2)[i + (0 if week_start == "monday" else 6)]
        for i in range(7)
    ]
    row = (today.weekday() - (0 if week_start == "monday" else 6)) % 7
    cells = grid[row][4:].split(" ")
    assert cells[-1] == "█"  # today, the busiest day
    assert set("".join(ln[4:] for ln in grid)) <= set("·░▒▓█ ")
    assert sum(ln[4:].count("·") for ln in grid) > 100  # about half a year of empty days
    assert any("less" in ln and "more" in ln for ln in lines)
