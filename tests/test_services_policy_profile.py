"""The policy, profile, notify and config services called directly (no CLI): what a front end gets back.

Each test opens a session on the temporary home (reflee.services.open) and checks values and errors as a TUI or
cron step would see them: errors name the service's own field (``.field``), never a CLI flag.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import policy_lang
import pytest

from reflee import services
from reflee.cancel import CancelToken
from reflee.errors import AbortedError, CancelledError, NotFoundError, UsageError

TODAY = date(2026, 7, 15)


def policy_doc(*policies: dict) -> bytes:
    return json.dumps(
        {"format": "reflee.policies", "version": 1, "policies": list(policies)}, ensure_ascii=False
    ).encode()


def closing_in(days: int, source_id: str, title: str, **extra: object) -> dict:
    """A policy whose window closes ``days`` after TODAY."""
    window = {"start": (TODAY - timedelta(days=10)).isoformat(), "end": (TODAY + timedelta(days=days)).isoformat()}
    return {
        "source": "manual",
        "source_id": source_id,
        "title": title,
        "apply": {"kind": "period", "windows": [window]},
        **extra,
    }


YOUTH_AGE = {"dimension": "age", "op": "range", "min": 19, "max": 34, "unit": "year"}


korean = policy_lang.korean
pytestmark = pytest.mark.usefixtures("korean")


@pytest.fixture
def s(home: Path):
    """A session whose policy and profile services judge everything on TODAY."""
    with services.open(home) as session:
        session.policy.today = session.profile.today = lambda: TODAY
        session.policy.matches.today = session.policy.favorites.today = lambda: TODAY
        yield session


def notifications(home: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(home / "reflee.db") as conn:
        return conn.execute("SELECT kind, title FROM notification ORDER BY created_at, title").fetchall()


def policy_count(home: Path) -> int:
    with sqlite3.connect(home / "reflee.db") as conn:
        return conn.execute("SELECT count(*) FROM policy").fetchone()[0]


# --- reads do not write ----------------------------------------------------------------------------------------
def test_reading_raises_no_reminder_and_remind_raises_each_due_one_once(s, home: Path):
    s.policy.import_(
        [
            (
                "p.json",
                policy_doc(
                    closing_in(2, "soon", "이틀 남은 정책", conditions=[YOUTH_AGE]),
                    closing_in(5, "five", "닷새 남은 정책"),
                    closing_in(40, "later", "한참 남은 정책"),
                ),
            )
        ]
    )
    for ref in ("manual:soon", "manual:five", "manual:later"):
        s.policy.fav_add(ref)
    before = notifications(home)
    assert before == []

    run = s.policy.match(include_all=True)
    assert {r.policy.source_id for r in run.results} == {"soon", "five", "later"}
    assert all(r.favorite for r in run.results)
    s.policy.recommend(2)
    favs = s.policy.fav_list()
    assert [f.policy.source_id for f in favs.items] == ["soon", "five", "later"]  # soonest deadline first
    detail = s.policy.show("manual:soon")
    assert detail.conditions == [("연령", "만 19~34세")]
    s.policy.list()
    s.policy.search("정책")
    assert notifications(home) == before  # nothing raised by reading

    raised = s.policy.remind()  # policy.remind_days: 7
    assert [(r.favorite.policy.source_id, r.new) for r in raised.items] == [("soon", True), ("five", True)]
    assert notifications(home) == [
        ("policy.deadline", "관심 정책 마감 임박 (D-2): 이틀 남은 정책"),
        ("policy.deadline", "관심 정책 마감 임박 (D-5): 닷새 남은 정책"),
    ]
    again = s.policy.remind()
    assert [r.new for r in again.items] == [False, False] and again.new == []
    assert len(notifications(home)) == 2
    assert [r.favorite.policy.source_id for r in s.policy.remind(days=3).items] == ["soon"]


def test_the_match_is_cached_but_judged_again_when_the_profile_changes(s):
    s.policy.import_([("p.json", policy_doc(closing_in(20, "young", "청년 정책", conditions=[YOUTH_AGE])))])
    first = s.policy.match()
    assert (first.cached, first.counts["maybe"], first.missing_fields[0]) == (False, 1, "birth_date")
    assert s.policy.match().cached is True
    s.profile.set("birth_date", "2000-03-02")
    run = s.policy.match()
    assert run.cached is False and run.results[0].eligibility == "eligible"
    assert run.to_json()["results"][0]["conditions"][0]["reason"] == "만 26세 — 조건 만 19~34세 충족"


# --- errors name service fields --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda s: s.policy.list(limit=0), "limit"),
        (lambda s: s.policy.match(limit=0), "limit"),
        (lambda s: s.policy.recommend(0), "number"),
        (lambda s: s.policy.search("  "), "query"),
        (lambda s: s.policy.search("월세", limit=0), "limit"),
        (lambda s: s.policy.remind(days=-1), "days"),
        (lambda s: s.policy.fav_add("manual:a", "x" * 501), "note"),
        (lambda s: s.policy.import_([]), "file"),
        (lambda s: s.policy.show(" "), "ident"),
        (lambda s: s.notify.list(limit=0), "limit"),
        (lambda s: s.profile.set("shoe_size", "270"), "field"),
        (lambda s: s.profile.unset("shoe_size"), "field"),
    ],
)
def test_errors_carry_the_service_field_not_a_flag(s, call, field):
    s.policy.import_([("p.json", policy_doc(closing_in(3, "a", "정책 가")))])
    with pytest.raises(UsageError) as caught:
        call(s)
    assert caught.value.field == field
    assert not caught.value.message.startswith(("-", field.upper()))  # the label is the front end's to add


def test_the_cli_labels_of_those_fields():
    from reflee.cli.fields import label

    assert [label(f) for f in ("limit", "number", "query", "days", "note", "file", "ident", "field")] == [
        "--limit",
        "--number",
        "QUERY",
        "--days",
        "--note",
        "FILE",
        "ID",
        "FIELD",
    ]


def test_profile_value_errors_name_the_profile_field(s):
    with pytest.raises(UsageError, match="household_size: '0'는 1에서 20 사이의 사람 수가 아닙니다"):
        s.profile.set("household_size", "0")
    with pytest.raises(UsageError, match="region: '중구'는 서울특별시 중구 \\(11140\\), "):
        s.profile.update({"birth_date": "1999-05-01", "region": "중구"})
    assert s.profile.get().is_empty  # all checked before anything is saved


# --- import: files, progress, cancel ---------------------------------------------------------------------------
def test_import_reads_paths_and_reports_progress(s, tmp_path: Path):
    path = tmp_path / "p.json"
    path.write_bytes(policy_doc(closing_in(3, "a", "정책 가"), closing_in(9, "b", "정책 나")))
    seen: list[tuple[int, int]] = []
    report = s.policy.import_([path], lambda done, total: seen.append((done, total)))
    assert (report.inserted, report.total) == (2, 2)
    assert seen == [(1, 2), (2, 2)]
    with pytest.raises(NotFoundError, match="파일이 없습니다"):
        s.policy.import_([tmp_path / "missing.json"])
    with pytest.raises(UsageError, match="디렉터리입니다"):
        s.policy.import_([tmp_path])


def test_cancelling_an_import_writes_nothing(s, home: Path):
    docs = [("p.json", policy_doc(*(closing_in(10 + i, f"p{i}", f"정책 {i}") for i in range(5))))]
    cancel = CancelToken()

    def progress(done: int, total: int) -> None:
        if done == 3:
            cancel.cancel()  # from "another thread": a button, Ctrl-C

    with pytest.raises(CancelledError):
        s.policy.import_(docs, progress, cancel)
    assert policy_count(home) == 0
    assert s.policy.list().stored == 0
    already = CancelToken()
    already.cancel()
    with pytest.raises(CancelledError):
        s.policy.import_(docs, cancel=already)
    assert policy_count(home) == 0
    assert s.policy.import_(docs).inserted == 5  # and a later import works


def test_cancelling_a_match_stores_nothing_and_the_next_one_computes(s):
    s.policy.import_([("p.json", policy_doc(closing_in(3, "a", "정책 가")))])
    token = CancelToken()
    token.cancel()
    with pytest.raises(CancelledError):
        s.policy.match(cancel=token)
    seen: list[tuple[int, int | None]] = []
    run = s.policy.match(progress=lambda done, total: seen.append((done, total)))
    assert run.cached is False and seen[-1] == (1, 1)


# --- results -----------------------------------------------------------------------------------------------------
def test_list_says_why_it_is_empty(s):
    empty = s.policy.list()
    assert (empty.items, empty.stored, empty.to_json()) == ([], 0, [])
    s.policy.import_([("p.json", policy_doc(closing_in(3, "a", "정책 가", category="주거")))])
    none = s.policy.list(category="일자리")
    assert none.items == [] and none.stored == 1 and none.categories == [("주거", 1)]
    found = s.policy.list()
    assert [x["source_id"] for x in found.to_json()] == ["a"]
    hits = s.policy.search("정책")
    assert hits.query == "정책" and [x.policy.title for x in hits.items] == ["정책 가"]


def test_show_json_is_the_policy_with_its_status_and_match(s):
    s.policy.import_([("p.json", policy_doc(closing_in(3, "a", "정책 가", conditions=[YOUTH_AGE])))])
    data = s.policy.show("manual:a").to_json()
    assert data["title"] == "정책 가" and data["status"]["days_left"] == 3
    assert data["match"]["eligibility"] == "maybe"
    assert data["conditions"][0]["dimension"] == "age"


def test_profile_writes_return_what_changed(s):
    change = s.profile.set("생년월일", "1999-05-01")
    assert change.fields == ["birth_date"] and change.profile.fields["birth_date"].display == "1999-05-01"
    assert change.to_json() == change.profile.to_json()
    cleared = s.profile.unset("birth_date")
    assert (cleared.fields, cleared.changed) == (["birth_date"], True)
    assert s.profile.unset("birth_date").changed is False


def test_profile_edits_as_text(s):
    s.profile.set("marital", "기혼")
    text = s.profile.template()
    assert "marital = 기혼" in text
    with pytest.raises(AbortedError):
        s.profile.update_from_text(text)  # nothing changed
    edited = text.replace("birth_date = \n", "birth_date = 1999-05-01\n").replace("marital = 기혼", "marital =")
    change = s.profile.update_from_text(edited)
    assert change.fields == ["birth_date", "marital"]
    assert change.profile.get("birth_date") == "1999-05-01" and change.profile.get("marital") is None


def test_field_labels_are_one_table():
    from reflee.profile.fields import FIELDS
    from reflee.profile.models import FIELD_LABELS

    assert {name: f.label for name, f in FIELDS.items()} == FIELD_LABELS
    assert list(FIELDS) == list(FIELD_LABELS)


# --- notifications and settings ------------------------------------------------------------------------------------
def test_notify_service(s):
    n, new = s.notify.raise_("test.kind", "제목", dedup_key="k")
    assert new and s.notify.raise_("test.kind", "제목", dedup_key="k")[1] is False
    assert [x.title for x in s.notify.list(unread=True)] == ["제목"]
    assert s.notify.read(n.id).read_at is not None
    assert s.notify.list(unread=True) == [] and s.notify.read_all() == 0


def test_config_service_changes_the_file_and_the_session_sees_it(s, home: Path):
    assert s.config.path().to_json() == {"path": str(home / "config.toml"), "exists": False}
    assert s.settings.week_start == "monday"
    remind_before = s.policy.remind_days
    changed = s.config.set("week_start", "sunday")
    assert changed.to_json() == {"key": "week_start", "value": "sunday"}
    assert s.settings.week_start == "sunday"  # reloaded
    assert s.config.get("week_start").explicit is True
    s.config.set("policy.remind_days", "3")
    assert (remind_before, s.policy.remind_days) == (7, 3)  # services built from settings are rebuilt
    shown = s.config.show()
    assert shown.to_json()["week_start"] == "sunday"
    row = next(x for x in shown.items if x.key == "ledger.currency")
    assert row.explicit is False and "KRW" in row.expected
    assert s.config.unset("week_start").value == "monday" and s.settings.week_start == "monday"
    with pytest.raises(UsageError, match="monday, sunday"):
        s.config.set("week_start", "friday")
    with pytest.raises(NotFoundError, match="모르는 설정 'colour'"):
        s.config.get("colour")


def test_config_path_works_with_a_broken_file(home: Path):
    home.mkdir(parents=True)
    (home / "config.toml").write_text("[retro\n")
    with services.open(home) as session:
        assert session.config.path().exists is True
