"""`reflee policy list | search | show | match | fav | remind`: what a user sees."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta

import policy_data
import policy_lang
import pytest
from policy_data import ON, needs_real_data

korean = policy_lang.korean

real_db = policy_data.real_db
with_real_policies = policy_data.with_real_policies
KPASS = "20260710005400113257"


def import_doc(cli, *policies: dict) -> None:
    doc = {"format": "reflee.policies", "version": 1, "policies": list(policies)}
    r = cli("policy", "import", "-", input=json.dumps(doc, ensure_ascii=False))
    assert r.code == 0, r.err


def closing_in(days: int, source_id: str, title: str) -> dict:
    """A policy whose window closes ``days`` from today (today is read at each call: a run may cross midnight)."""
    today = date.today()
    return {
        "source": "manual",
        "source_id": source_id,
        "title": title,
        "apply": {
            "kind": "period",
            "windows": [
                {"start": (today - timedelta(days=10)).isoformat(), "end": (today + timedelta(days=days)).isoformat()}
            ],
        },
    }


# --- list / search / show on the real data ---------------------------------------------------------------------
@needs_real_data
@pytest.mark.usefixtures("with_real_policies", "korean")
class TestRealData:
    def test_list_by_category_old_and_new_labels(self, cli):
        housing = cli("policy", "list", "--category", "주거", "--json").json
        assert housing and all(p["category"] == "주거" for p in housing)
        welfare_old = cli("policy", "list", "--category", "복지문화", "--json").json  # the 2025 label
        welfare_new = cli("policy", "list", "--category", "금융･복지･문화", "--json").json  # the 2026 one, with ･
        assert welfare_old == welfare_new and len(welfare_new) > 100

    def test_list_open_on_a_day(self, cli):
        everything = cli("policy", "list", "--json").json
        open_ = cli("policy", "list", "--open", "--on", ON, "--json").json
        assert len(everything) == 2421
        assert 0 < len(open_) < len(everything)
        assert all(p["apply"]["state"] == "open" for p in open_)
        assert KPASS in {p["source_id"] for p in open_}  # 상시
        r = cli("policy", "list", "--source", "gov24", "-n", "3")
        assert r.code == 0 and r.out.count("\n") == 4  # header + 3 rows

    def test_search_korean_by_substring(self, cli):
        long_word = cli("policy", "search", "월세지", "--json").json  # 3+ characters: the trigram index
        assert long_word and "월세지" in long_word[0]["title"].replace(" ", "")
        titles = [p["title"] for p in cli("policy", "search", "청년월세", "--json").json]
        assert any("청년월세" in t for t in titles[:3])
        short = cli("policy", "search", "월세", "-n", "50", "--json").json  # 2 characters: LIKE
        assert len(short) == 50 and any("월세" in p["title"] for p in short)
        both = cli("policy", "search", "관악", "건강검진", "--json").json  # every word must match
        assert [p["source_id"] for p in both] == ["320000000124"]
        r = cli("policy", "search", "존재하지않는정책이름")
        assert r.code == 0 and "에 맞는 정책이 없습니다" in r.err  # the Korean interface (fixture korean)

    def test_show_by_source_id_prefix_and_source_colon_id(self, cli):
        by_plcy = cli("policy", "show", KPASS, "--json").json
        by_prefix = cli("policy", "show", by_plcy["short_id"], "--json").json
        by_pair = cli("policy", "show", f"youth:{KPASS}", "--json").json
        assert by_plcy["id"] == by_prefix["id"] == by_pair["id"]
        r = cli("policy", "show", "000000465790")
        assert r.code == 0
        for heading in (
            "유아학비 (누리과정) 지원",
            "무엇을 지원하나요",
            "누구를 위한 건가요",
            "연령: 만 3~5세",
            "어떻게 신청하나요",
        ):
            assert heading in r.out
        assert "https://www.gov.kr/portal/rcvfvrSvc/dtlEx/000000465790" in r.out

    def test_show_unknown_ids(self, cli):
        assert cli("policy", "show", "99999999999999999999").code == 3
        assert cli("policy", "show", "no-such-policy").code == 3

    def test_match_results_are_stored_and_reused_until_something_changes(self, cli):
        assert cli("profile", "set", "birth_date", "2002-03-02").code == 0
        first = cli("policy", "match", "--on", ON, "--json").json
        again = cli("policy", "match", "--on", ON, "--json").json
        assert (first["cached"], again["cached"]) == (False, True)
        assert first["results"] == again["results"]
        assert cli("profile", "set", "region", "서울 관악구").code == 0  # the profile changed
        changed = cli("policy", "match", "--on", ON, "--json").json
        assert changed["cached"] is False and changed["results"] != first["results"]
        assert cli("policy", "match", "--on", ON, "--json").json["cached"] is True
        import_doc(cli, closing_in(3, "new-one", "새로 들어온 정책"))  # the policies changed
        after_import = cli("policy", "match", "--on", ON, "--json").json
        assert after_import["cached"] is False and after_import["counts"]["total"] == 2422
        assert cli("policy", "match", "--on", "2026-07-16", "--json").json["cached"] is False  # another day

    def test_match_for_people(self, cli):
        for field, value in (("birth_date", "2002-03-02"), ("region", "11620"), ("employment", "미취업자")):
            assert cli("profile", "set", field, value).code == 0
        r = cli("policy", "match", "--on", ON, "-n", "3")
        assert r.code == 0
        assert "   1  해당" in r.out and "✓ 연령: 만 24세 — 조건" in r.out
        assert "숨김; --all 로 모두 보기" in r.err and "2026-07-15 기준" in r.err


# --- favourites and reminders ----------------------------------------------------------------------------------
def notifications(cli) -> list[dict]:
    r = cli("notify", "list", "--json")
    assert r.code == 0, r.err
    return [n for n in r.json if n["kind"] == "policy.deadline"]


def test_favourite_closing_soon_raises_one_notification(cli):
    import_doc(cli, closing_in(3, "soon", "곧 마감하는 청년 정책"), closing_in(30, "later", "한참 남은 정책"))
    assert cli("policy", "fav", "add", "manual:soon", "--note", "서류 준비").code == 0
    assert cli("policy", "fav", "add", "manual:later").code == 0
    r = cli("policy", "remind", "--json")
    assert r.code == 0
    assert [(x["policy"]["source_id"], x["new"]) for x in r.json] == [("soon", True)]
    assert r.json[0]["apply"]["days_left"] == 3
    raised = notifications(cli)
    assert len(raised) == 1
    assert raised[0]["title"] == "Favourite closing soon (D-3): 곧 마감하는 청년 정책"
    assert raised[0]["link_type"] == "policy"
    # again, and after the commands that only read: still one
    assert [x["new"] for x in cli("policy", "remind", "--json").json] == [False]
    assert cli("policy", "fav", "list").code == 0
    assert cli("policy", "match").code == 0
    assert len(notifications(cli)) == 1
    r = cli("policy", "remind")  # as under cron: nothing new, so nothing printed (no daily e-mail)
    assert r.code == 0 and r.out == "" and r.err == ""


def test_a_reminder_in_the_korean_interface_is_korean(cli, korean):
    import_doc(cli, closing_in(0, "today", "오늘 마감하는 정책"))
    assert cli("policy", "fav", "add", "manual:today").code == 0
    assert cli("policy", "remind", "--json").code == 0
    (note,) = notifications(cli)
    assert note["title"] == "관심 정책 마감 임박 (오늘 마감): 오늘 마감하는 정책"
    assert note["body"].startswith(f"{date.today().isoformat()}까지 신청할 수 있습니다.")


def test_the_reminder_window_is_a_setting(cli):
    import_doc(cli, closing_in(5, "five", "닷새 남은 정책"))
    assert cli("policy", "fav", "add", "manual:five").code == 0
    assert cli("config", "set", "policy.remind_days", "3").code == 0
    assert cli("policy", "remind", "--json").json == []
    assert cli("policy", "remind", "--days", "5", "--json").json[0]["new"] is True
    assert cli("config", "set", "policy.remind_days", "1000").code == 2


def test_remind_raises_what_match_and_fav_list_show(cli):
    # Reading (match, fav list) raises nothing; `policy remind` is the step that raises reminders.
    import_doc(cli, closing_in(2, "two", "이틀 남은 정책"), closing_in(1, "one", "하루 남은 정책"))
    assert cli("policy", "fav", "add", "manual:two").code == 0
    assert cli("policy", "remind", "--json").code == 0
    assert cli("policy", "match", "--json").code == 0
    assert [n["title"] for n in notifications(cli)] == ["Favourite closing soon (D-2): 이틀 남은 정책"]
    assert cli("policy", "fav", "add", "manual:one").code == 0
    assert cli("policy", "remind", "--json").code == 0
    favs = cli("policy", "fav", "list", "--json").json
    assert [f["policy"]["source_id"] for f in favs] == ["one", "two"]  # soonest deadline first
    assert len(notifications(cli)) == 2


def test_a_new_deadline_is_announced_again(cli):
    import_doc(cli, closing_in(2, "round", "2차 모집이 있는 정책"))
    assert cli("policy", "fav", "add", "manual:round").code == 0
    assert len(cli("policy", "remind", "--json").json) == 1
    import_doc(cli, closing_in(4, "round", "2차 모집이 있는 정책"))
    assert cli("policy", "remind", "--json").json[0]["new"] is True
    assert len(notifications(cli)) == 2


def test_fav_add_rm_list(cli):
    import_doc(cli, closing_in(40, "a", "정책 가"))
    r = cli("policy", "fav", "add", "manual:a", "--note", "메모", "--json")
    assert r.code == 0 and r.json["note"] == "메모" and r.json["deleted_at"] is None
    assert cli("policy", "fav", "add", "manual:a", "--json").json["note"] == "메모"  # kept
    listed = cli("policy", "fav", "list")
    assert "정책 가" in listed.out and "메모" in listed.out
    removed = cli("policy", "fav", "rm", "manual:a", "--json").json
    assert removed["deleted_at"] is not None
    assert cli("policy", "fav", "list", "--json").json == []
    r = cli("policy", "fav", "rm", "manual:a")
    assert r.code == 2 and "not a favourite" in r.err
    assert cli("policy", "fav", "add", "manual:nope").code == 3
    match = cli("policy", "match", "--json").json["results"]
    assert match[0]["favorite"] is False
    assert cli("policy", "fav", "add", "manual:a").code == 0
    assert cli("policy", "match", "--json").json["results"][0]["favorite"] is True


def test_empty_store_messages(cli):
    assert "No policies yet" in cli("policy", "list").err
    assert "No policies yet" in cli("policy", "match").err
    assert cli("policy", "match", "--json").json["results"] == []
    assert "No favourites yet" in cli("policy", "fav", "list").err


def test_policy_list_imports_no_tui_or_network_client(cli, home):
    import_doc(cli, closing_in(3, "x", "정책"))
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "reflee", "policy", "list", "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, "REFLEE_HOME": str(home)},
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr[-500:]
    modules = {line.rsplit("|", 1)[1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}
    assert "reflee.policy.service" in modules
    assert not {m for m in modules if m.split(".")[0] in ("textual", "ollama", "httpx")}
    assert "reflee.policy.importer" not in modules  # the parsers load only for imports
