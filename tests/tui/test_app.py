"""The TUI as a user drives it: the dashboard, writing a retrospect, adding money, paging months, policies,
notifications. Real SQLite in a temporary home; every wait is for a condition."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, Label, Static, TextArea
from tui_helpers import TODAY, run, settle, text_of

from reflee import services


def test_the_dashboard_shows_the_streak_the_last_retro_the_budget_and_the_trend(seeded: Path, make_app) -> None:
    async def go() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            retro = text_of(app.screen.query_one("#panel-retro", Static))
            assert "streak 2 days" in retro and "주간 회고" in retro
            budget = text_of(app.screen.query_one("#panel-budget", Static))
            assert "식비" in budget and "24%" in budget  # 12,000 of 50,000
            trend = text_of(app.screen.query_one("#panel-trend", Static)).splitlines()
            assert len(trend) == 6 and trend[-1].startswith("26-11") and trend[-1].endswith("16,500원")
            assert trend[-2].startswith("26-10") and trend[-2].endswith("30,000원")
            await pilot.press("r")
            await settle(pilot)
            assert app.current_mode == "retros"

    run(go())


def test_writing_a_retrospect_in_the_editor_saves_it_and_lists_it(seeded: Path, make_app) -> None:
    async def go() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("r")
            await settle(pilot)
            await pilot.press("a")
            await settle(pilot)
            editor = app.screen
            editor.query_one("#editor-purpose", Input).value = "면접 준비"
            editor.query_one("#editor-date", Input).value = "어제"
            editor.query_one("#editor-tags", Input).value = "면접 취업"
            editor.query_one("#editor-content", TextArea).text = "자기소개서를 다시 고쳐 썼다."
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen.__class__.__name__ == "RetrosScreen"
            table = app.screen.query_one("#retro-table", DataTable)
            titles = [table.get_row_at(i)[2] for i in range(table.row_count)]
            assert "면접 준비" in titles

    run(go())
    with services.open(seeded) as s:
        saved = [r for r in s.retro.list() if r.purpose == "면접 준비"]
    assert len(saved) == 1
    assert saved[0].content == "자기소개서를 다시 고쳐 썼다."
    assert saved[0].entry_date == "2026-11-29" and saved[0].tags == ["면접", "취업"]


def test_an_empty_retrospect_is_refused_in_the_form_and_nothing_is_saved(seeded: Path, make_app) -> None:
    async def go() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("r")
            await settle(pilot)
            await pilot.press("a")
            await settle(pilot)
            app.screen.query_one("#editor-date", Input).value = "31일 후쯤"
            app.screen.query_one("#editor-content", TextArea).text = "내용"
            await pilot.press("ctrl+s")
            await settle(pilot)
            error = text_of(app.screen.query_one("#editor-error", Label))
            assert error.startswith("⚠ Date:"), error
            app.screen.query_one("#editor-date", Input).value = ""
            app.screen.query_one("#editor-content", TextArea).text = "   "
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert "What happened" in text_of(app.screen.query_one("#editor-error", Label))
            await pilot.press("escape")
            await settle(pilot)

    run(go())
    with services.open(seeded) as s:
        assert len(s.retro.list()) == 2


def test_search_as_you_type_finds_korean_inside_words(seeded: Path, make_app) -> None:
    async def go() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("r")
            await settle(pilot)
            await pilot.press("slash")
            await pilot.press(*"5km")
            await settle(pilot)
            table = app.screen.query_one("#retro-table", DataTable)
            assert table.row_count == 1 and table.get_row_at(0)[2] == "운동 습관"
            app.screen.query_one("#retro-search", Input).value = ""
            await settle(pilot)
            assert table.row_count == 2

    run(go())


def test_adding_money_shows_a_bad_amount_then_takes_a_good_one(seeded: Path, make_app) -> None:
    async def go() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("l")
            await settle(pilot)
            screen = app.screen
            table = screen.query_one("#ledger-table", DataTable)
            before = table.row_count
            screen.query_one("#add-amount", Input).value = "삼만원쯤"
            screen.query_one("#add-category", Input).value = "식비"
            await pilot.click("#add-button")
            await settle(pilot)
            assert text_of(screen.query_one("#ledger-error", Label)).startswith("⚠ Amount:")
            assert table.row_count == before
            screen.query_one("#add-amount", Input).value = "3만원"
            await pilot.click("#add-button")
            await settle(pilot)
            assert text_of(screen.query_one("#ledger-error", Label)) == ""
            assert table.row_count == before + 1
            assert "-30,000원" in [str(table.get_row_at(i)[4]) for i in range(table.row_count)]

    run(go())
    with services.open(seeded) as s:
        month = s.ledger.list(month="2026-11")
    assert sum(t.amount for t in month.transactions if t.kind == "expense") == 12_000 + 4_500 + 30_000


def test_paging_months_and_back_to_this_month(seeded: Path, make_app) -> None:
    async def go() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("l")
            await settle(pilot)
            screen = app.screen
            assert "2026-11" in text_of(screen.query_one("#ledger-month", Label))
            await pilot.press("left_square_bracket")
            await settle(pilot)
            table = screen.query_one("#ledger-table", DataTable)
            assert "2026-10" in text_of(screen.query_one("#ledger-month", Label))
            assert table.row_count == 1 and table.get_row_at(0)[3] == "지난달 저녁"
            await pilot.press("t")
            await settle(pilot)
            assert "2026-11" in text_of(screen.query_one("#ledger-month", Label)) and table.row_count == 3

    run(go())


def test_delete_asks_then_undo_brings_it_back(seeded: Path, make_app) -> None:
    async def go() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("l")
            await settle(pilot)
            table = app.screen.query_one("#ledger-table", DataTable)
            await pilot.press("x")
            await settle(pilot)
            await pilot.press("n")
            await settle(pilot)
            assert table.row_count == 3
            await pilot.press("x")
            await settle(pilot)
            await pilot.press("y")
            await settle(pilot)
            assert table.row_count == 2
            await pilot.press("u")
            await settle(pilot)
            assert table.row_count == 3

    run(go())


def test_notifications_read_all(seeded: Path, make_app) -> None:
    with services.open(seeded) as s:
        s.notify.raise_("test", "예산 80% · 식비")
        s.notify.raise_("test", "마감 임박 · 월세 지원")

    async def go() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert "2 unread" in text_of(app.screen.query_one("#panel-notify", Static))
            await pilot.press("n")
            await settle(pilot)
            assert app.screen.query_one("#notify-table", DataTable).row_count >= 2
            await pilot.press("A")
            await settle(pilot)
            await pilot.press("d")
            await settle(pilot)
            assert "Nothing unread" in text_of(app.screen.query_one("#panel-notify", Static))

    run(go())
    with services.open(seeded) as s:
        assert s.notify.unread_count() == 0


def demo_home(home: Path) -> None:
    from reflee.demo import open_home, seed

    with open_home(home) as s:
        seed(s, TODAY)


def test_policies_filter_star_a_favourite_and_a_profile_change_runs_the_match_again(home: Path, make_app) -> None:
    demo_home(home)

    async def go() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("p")
            await settle(pilot)
            screen = app.screen
            table = screen.query_one("#policy-table", DataTable)
            assert table.row_count == 5  # 4 해당 + 1 확인 필요 (ineligible ones are left out)
            await pilot.press("1")
            await settle(pilot)
            assert table.row_count == 4
            assert all(str(table.get_row_at(i)[1]) == "해당" for i in range(4))
            await pilot.press("0")
            await settle(pilot)
            table.move_cursor(row=1)
            starred = screen.shown[1].policy.id
            await pilot.press("s")
            await settle(pilot)
            await pilot.press("3")
            await settle(pilot)
            assert {r.policy.id for r in screen.shown} >= {starred} and table.row_count == 2
            detail = text_of(screen.query_one("#policy-detail", Static))
            assert "✓" in detail
            await pilot.press("0")
            await pilot.press("e")
            await settle(pilot)
            area = app.screen.query_one("#profile-text", TextArea)
            area.text = area.text.replace("birth_date = 2002-05-20", "birth_date = 1976-05-20")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is screen
            assert table.row_count < 5  # a 50-year-old fits fewer youth policies

    run(go())
    with services.open(home) as s:
        assert str(s.profile.get().get("birth_date")) == "1976-05-20"
        assert len(s.policy.fav_list().items) == 2


def test_reports_are_made_and_shown_in_the_app(seeded: Path, make_app, cli) -> None:
    from textual.widgets import Markdown

    assert cli("config", "set", "report.narrative", "false").code == 0

    async def go() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("o")
            await settle(pilot)
            table = app.screen.query_one("#report-table", DataTable)
            assert table.row_count == 0
            await pilot.press("w")
            await settle(pilot)
            assert table.row_count == 1
            assert str(table.get_row_at(0)[0]).startswith("2026-W49")
            text = app.screen.query_one("#report-text", Markdown).source
            assert text.startswith("# Weekly report 2026-W49") and "12,000원" in text

    run(go())
    with services.open(seeded) as s:
        assert [r.period_key for r in s.growth.list()] == ["2026-W49"]
