"""Growth reports: periods as people write them, figures against totals computed from the seed itself, the HTML
parsed, everything the user wrote escaped, stored once per period, and the faults the issue names."""

from __future__ import annotations

import json
import os
import stat
from datetime import date
from pathlib import Path

import pytest
from report_helpers import EVIL_MEMO, MONTH, PREV_MONTH, PREV_WEEK, WEEK, parse_html, seed, totals

from reflee.errors import UsageError
from reflee.report.periods import parse


# --- periods ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "kind", "key"),
    [
        ("2026-W47", "weekly", "2026-W47"),
        ("지난주", "weekly", "2026-W47"),
        ("last week", "weekly", "2026-W47"),
        ("이번 주", "weekly", "2026-W48"),
        ("this week", "weekly", "2026-W48"),
        ("3주 전", "weekly", "2026-W45"),
        ("2026-11-18", "weekly", "2026-W47"),
        (None, "weekly", "2026-W47"),
        ("2026-11", "monthly", "2026-11"),
        ("지난달", "monthly", "2026-10"),
        ("last month", "monthly", "2026-10"),
        ("이번 달", "monthly", "2026-11"),
        ("2026년 3월", "monthly", "2026-03"),
        ("november 2025", "monthly", "2025-11"),
        (None, "monthly", "2026-10"),
    ],
)
def test_periods_read_as_people_write_them(text, kind, key) -> None:
    assert parse(text, kind, date(2026, 11, 25)).key == key


def test_weeks_follow_week_start() -> None:
    monday = parse("2026-W47", "weekly", date(2026, 11, 25), "monday")
    sunday = parse("2026-W47", "weekly", date(2026, 11, 25), "sunday")
    assert (monday.start, monday.end) == (date(2026, 11, 16), date(2026, 11, 22))
    assert (sunday.start, sunday.end) == (date(2026, 11, 15), date(2026, 11, 21))


@pytest.mark.parametrize(
    ("text", "kind", "says"),
    [
        ("2026-11", "weekly", "is a month; use 'reflee report monthly'"),
        ("지난주", "monthly", "is a week; use 'reflee report weekly'"),
        ("2026-W60", "weekly", "2026 has no week 60"),
        ("2026-13", "monthly", "is not a real month"),
        ("someday", "weekly", "cannot read 'someday' as a week"),
    ],
)
def test_bad_periods_say_what_is_wrong(text, kind, says) -> None:
    with pytest.raises(UsageError) as err:
        parse(text, kind, date(2026, 11, 25))
    assert err.value.field == "period" and says in err.value.message


# --- figures ----------------------------------------------------------------------------------------------
def _report(cli, kind: str, period: str) -> dict:
    r = cli("report", kind, "--period", period, "--no-llm", "--format", "json")
    assert r.code == 0, r.err
    return json.loads(r.out)


@pytest.mark.parametrize(
    ("kind", "period", "span", "prev"),
    [("weekly", "2025-W47", WEEK, PREV_WEEK), ("monthly", "2025-11", MONTH, PREV_MONTH)],
)
def test_figures_match_totals_computed_from_the_seed(cli, kind, period, span, prev) -> None:
    seeded = seed()
    want, before = totals(seeded, *span), totals(seeded, *prev)
    data = _report(cli, kind, period)
    money, retro = data["money"], data["retro"]
    assert (money["income"], money["expense"], money["transactions"]) == (
        want["income"],
        want["expense"],
        want["count"],
    )
    assert money["net"] == want["income"] - want["expense"]
    rate = round((want["income"] - want["expense"]) * 1000 / want["income"]) / 10 if want["income"] else None
    assert money["savings_rate"] == rate
    assert money["previous"] == {
        "income": before["income"],
        "expense": before["expense"],
        "net": before["income"] - before["expense"],
    }
    got = {c["category"]: c["amount"] for c in money["expenses_by_category"] if c["amount"]}
    assert got == want["per_category"]
    prev_got = {c["category"]: c["previous"] for c in money["expenses_by_category"] if c["previous"]}
    assert prev_got == before["per_category"]
    assert (retro["entries"], retro["days_written"], retro["previous_entries"]) == (
        want["entries"],
        want["days"],
        before["entries"],
    )
    assert {t["tag"]: t["count"] for t in retro["tags"]} == dict(
        sorted(want["tags"].items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    )
    assert sum(d["entries"] for d in retro["per_day"]) == want["entries"]
    assert len(retro["retro_ids"]) == want["entries"]
    food = next(b for b in money["budgets"] if b["category"] == "식비")
    assert food["budget"] == 200_000 and food["spent"] == totals(seeded, *MONTH)["per_category"].get("식비", 0)
    assert len(data["trend"]) == 12 and data["trend"][-1]["expense"] == (
        want["expense"] if kind == "weekly" else data["trend"][-1]["expense"]
    )
    assert data["narrative"]["status"] == "off" and data["complete"] is True


def test_an_empty_period_is_an_honest_short_report(cli) -> None:
    r = cli("report", "weekly", "--period", "2024-W10", "--no-llm", "--raw")
    assert r.code == 0, r.err
    assert "Nothing was written or spent in this period" in r.out
    data = _report(cli, "weekly", "2024-W10")
    assert data["retro"]["entries"] == 0 and data["money"]["expense"] == 0


# --- renderings -------------------------------------------------------------------------------------------
def test_html_is_well_formed_self_contained_escaped_and_has_its_charts(cli) -> None:
    seed()
    r = cli("report", "monthly", "--period", "2025-11", "--no-llm", "--format", "html")
    assert r.code == 0, r.err
    page = parse_html(r.out)
    assert not page.errors and page.stack == [], (page.errors, page.stack)
    assert "script" not in page.tags and "link" not in page.tags and "img" not in page.tags
    assert not any(t in page.tags for t in ("b", "bold")), "user markup must not become elements"
    text = "".join(page.text)
    assert "<b>쇼핑</b>" in text and "[bold]구독[/bold]" in text  # categories shown as written
    for chart in ("chart-spending", "chart-budget", "chart-per_day", "chart-trend"):
        assert any(chart in c for c in page.classes), chart
    assert "prefers-color-scheme:dark" in r.out and 'name="viewport"' in r.out
    assert "http://" not in r.out.replace("http://www.w3.org/2000/svg", "")  # nothing fetched from elsewhere


def test_markdown_escapes_and_report_show_renders_it_with_rich(cli) -> None:
    seed()
    made = cli("report", "monthly", "--period", "2025-11", "--no-llm", "--json")
    assert made.code == 0, made.err
    md = Path(made.json["files"]["md"]).read_text(encoding="utf-8")
    assert "| \\<b\\>쇼핑\\</b\\> |" in md
    assert "| \\[bold\\]구독\\[/bold\\] |" in md
    assert "<b>" not in md and "[bold]" not in md
    shown = cli("report", "show", "2025-11")
    assert shown.code == 0, shown.err
    assert "# Monthly report" not in shown.out and "|---" not in shown.out  # rendered, not the source
    assert "Monthly report 2025-11" in shown.out
    assert "<b>쇼핑</b>" in shown.out and "[bold]구독[/bold]" in shown.out  # markup shown as text
    assert cli("report", "show", "2025-11", "--raw").out == md


def test_korean_reports_follow_ui_language(cli) -> None:
    seed()
    assert cli("config", "set", "ui.language", "ko").code == 0
    r = cli("report", "weekly", "--period", "2025-W47", "--no-llm", "--raw")
    assert r.code == 0, r.err
    assert "주간 리포트 2025-W47" in r.out and "분류별 지출" in r.out


# --- stored once ------------------------------------------------------------------------------------------
def test_a_period_is_made_once_unless_forced(cli) -> None:
    seed()
    first = cli("report", "weekly", "--period", "2025-W47", "--no-llm", "--json").json
    again = cli("report", "weekly", "--period", "2025-W47", "--no-llm", "--json").json
    assert first["made"] is True and again["made"] is False and again["id"] == first["id"]
    forced = cli("report", "weekly", "--period", "2025-W47", "--no-llm", "--force", "--json").json
    assert forced["made"] is True and forced["id"] == first["id"]
    listed = cli("report", "list", "--json").json
    assert [(x["kind"], x["period"]["key"]) for x in listed] == [("weekly", "2025-W47")]
    assert cli("report", "show", first["short_id"], "--format", "json").code == 0


def test_unwritable_out_and_bad_period_fail_cleanly_and_make_nothing(cli, tmp_path: Path) -> None:
    seed()
    r = cli("report", "weekly", "--period", "2025-W47", "--out", str(tmp_path / "missing" / "r.md"))
    assert r.code == 3 and "--out" in r.err and "does not exist" in r.err
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        if not os.access(locked, os.W_OK):  # root can write anyway
            r = cli("report", "weekly", "--period", "2025-W47", "--out", str(locked / "r.md"))
            assert r.code == 2 and "--out" in r.err
    finally:
        locked.chmod(stat.S_IRWXU)
    r = cli("report", "weekly", "--period", "2025-11")
    assert r.code == 2 and r.err.strip() == "error: --period: '2025-11' is a month; use 'reflee report monthly'"
    r = cli("report", "monthly", "--period", "2999-01")
    assert r.code == 2 and "has not started" in r.err
    assert cli("report", "list", "--json").json == []
    out = tmp_path / "week.html"
    r = cli("report", "weekly", "--period", "2025-W47", "--no-llm", "-f", "html", "--out", str(out))
    assert r.code == 0 and out.read_text(encoding="utf-8").rstrip().endswith("</html>") and str(out) in r.err


def test_show_of_an_unknown_report_exits_3(cli) -> None:
    r = cli("report", "show", "2025-W01")
    assert r.code == 3 and "no report" in r.err


def test_the_user_s_memo_never_becomes_markup_in_any_format(cli) -> None:
    seed()
    data = cli("report", "monthly", "--period", "2025-11", "--no-llm", "--json").json
    html = Path(data["files"]["html"]).read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;b&gt;쇼핑&lt;/b&gt;" in html
    assert EVIL_MEMO not in Path(data["files"]["md"]).read_text(encoding="utf-8")


def test_streak_and_day_counts_agree_with_retro_stats() -> None:
    from datetime import timedelta

    from reflee import services

    seeded = seed()
    with services.open() as s:
        for day in (date(2025, 10, 3), date(2025, 11, 17), date(2025, 11, 30), date(2025, 12, 1), date(2025, 12, 5)):
            assert s.retro.streak(day) == s.retro.stats(today=day).current_streak, day
        lo, hi = date(2025, 11, 1), date(2025, 11, 30)
        want: dict[str, int] = {}
        for d, _tags, _id in seeded.retros:
            if lo <= d <= hi:
                want[d.isoformat()] = want.get(d.isoformat(), 0) + 1
        assert s.retro.day_counts(lo, hi) == want
        assert s.retro.day_counts(hi + timedelta(days=1), hi + timedelta(days=9)) == {}


def test_open_hands_the_html_file_to_the_desktop_opener(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    folder = tmp_path / "bin"
    folder.mkdir()
    opened = tmp_path / "opened.txt"
    opener = folder / "xdg-open"
    opener.write_text(
        f'#!/bin/sh\nprintf "%s" "$1" > "{opened}.tmp" && mv "{opened}.tmp" "{opened}"\n', encoding="utf-8"
    )
    opener.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    made = cli("report", "weekly", "--period", "2025-W47", "--no-llm", "--json").json
    r = cli("report", "open", "2025-W47")
    assert r.code == 0, r.err
    deadline = time.monotonic() + 30
    while not opened.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert opened.read_text(encoding="utf-8") == made["files"]["html"]
