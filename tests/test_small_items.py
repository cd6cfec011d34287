"""The smaller items of the Korean-first issue, each as a user sees it: the one-line note when `retro add` finds
no model, ledger flags that contradict each other, hints where a command found nothing, and the words used."""

from __future__ import annotations

import policy_data
from feedback_helpers import point_at
from standin import OllamaStandin

from reflee import i18n

real_db = policy_data.real_db
with_real_policies = policy_data.with_real_policies
NO_MODEL = "feedback queued, cannot reach model: reflee feedback run, or feedback.mode queue"


def _cells(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def test_retro_add_without_a_model_says_so_in_one_short_line(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    point_at(cli, OllamaStandin.dead_url())
    r = cli("retro", "add", "모델 없이 쓴 회고")
    assert r.code == 0
    saved, *note = [line for line in r.err.splitlines() if line.strip()]
    assert saved.startswith("Saved retrospect ") and note == [
        "feedback queued, cannot reach model: reflee feedback run, or feedback.mode queue"
    ]
    assert _cells(note[0]) <= 80
    # the feedback waits in the queue, as the line says
    assert cli("feedback", "status", "--json").json["counts"]["queued"] == 1


def test_retro_add_without_a_model_in_korean(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    point_at(cli, OllamaStandin.dead_url(), **{"ui.language": "ko"})
    r = cli("retro", "add", "모델 없이 쓴 회고")
    i18n.setup("en")
    _saved, *lines = [line for line in r.err.splitlines() if line.strip()]
    assert r.code == 0 and lines == ["피드백 대기(모델 연결 안 됨): reflee feedback run, 또는 feedback.mode queue"]
    assert _cells(lines[0]) <= 80


def test_queue_and_off_modes_never_suggest_the_queue_setting(cli, monkeypatch):
    point_at(cli, OllamaStandin.dead_url(), **{"feedback.mode": "queue"})
    for _ in range(2):
        r = cli("retro", "add", "대기열 모드")
        assert r.code == 0 and "feedback.mode" not in r.err and len(r.err.strip().splitlines()) == 2
    cli("config", "set", "feedback.mode", "off")
    r = cli("retro", "add", "피드백 끔")
    assert r.code == 0 and r.err.strip().splitlines()[1:] == []


def test_income_and_expense_together_are_refused(cli):
    r = cli("ledger", "add", "5000", "--expense", "--income")
    assert r.code == 2
    assert r.err == "error: --income and --expense contradict each other; give one of them\n"
    assert cli("ledger", "list", "--json").json["transactions"] == []  # nothing saved
    tid = cli("ledger", "add", "5000", "--json").json["id"]
    r = cli("ledger", "edit", tid, "--income", "--expense")
    assert r.code == 2 and "--income and --expense" in r.err
    assert cli("ledger", "show", tid, "--json").json["kind"] == "expense"
    assert cli("ledger", "edit", tid, "--income", "--json").json["kind"] == "income"


def test_policy_show_names_each_field_once_and_a_period_word(cli, with_real_policies):
    out = cli("policy", "show", "119200000111").out  # 보건·의료, also its own sub-field; applied for "공고 참고"
    assert "Area: 보건·의료  " in out and "보건·의료 · 보건·의료" not in out
    apply_line = next(line for line in out.splitlines() if line.startswith("Apply:"))
    assert apply_line.startswith("Apply: dates unknown") and "check needed" not in apply_line
    cli("config", "set", "ui.language", "ko")
    out = cli("policy", "show", "119200000111").out
    i18n.setup("en")
    assert "분야: 보건·의료  " in out and "보건·의료 · 보건·의료" not in out
    apply_line = next(line for line in out.splitlines() if line.startswith("신청:"))
    assert apply_line.startswith("신청: 기간 미정") and "확인 필요" not in apply_line


def test_match_lines_put_a_period_word_beside_the_verdict():
    from reflee.cli.views.policy import apply_label
    from reflee.policy.periods import ApplyStatus

    assert apply_label(ApplyStatus("unknown")) == "[dim]application dates unknown[/]"
    assert apply_label(ApplyStatus("unknown"), short=True) == "[dim]dates unknown[/]"


def test_recurring_with_two_months_of_data_hints_min_months(cli):
    r = cli("ledger", "recurring")
    assert r.err.splitlines() == [
        "No recurring charges found in the last 12 months.",
        "Recurring charges need expenses in at least two different months.",
    ]
    from datetime import date

    from reflee.ledger.periods import add_months

    this = date.today().strftime("%Y-%m")
    for month in (add_months(this, -1), this):
        assert cli("ledger", "add", "17000", "-p", "넷플릭스", "-c", "구독", "--date", f"{month}-01").code == 0
    r = cli("ledger", "recurring")
    assert r.err.splitlines()[1] == "Your expenses span only 2 months and a charge must recur in 3: try --min-months 2"
    assert "넷플릭스" in cli("ledger", "recurring", "--min-months", "2").out
    assert cli("ledger", "recurring", "--json").json == []  # the JSON stays the list it was


def test_retro_show_shows_the_newest_feedback_or_where_it_stands(cli, ollama_standin):
    from feedback_helpers import GOOD, good
    from standin import Reply

    point_at(cli, OllamaStandin.dead_url())
    rid = cli("retro", "add", "피드백을 기다리는 회고", "--json").json["short_id"]
    out = cli("retro", "show", rid).out
    assert out.rstrip().splitlines()[-1] == "Feedback: pending; 'reflee feedback run' writes it."
    point_at(cli, ollama_standin.url)
    ollama_standin.enqueue(Reply(content=good()))
    assert cli("feedback", "run").code == 0
    out = cli("retro", "show", rid).out
    for text in (
        GOOD["summary"],
        *GOOD["strengths"],
        *GOOD["weaknesses"],
        *GOOD["keep_doing"],
        *GOOD["recommendations"],
    ):
        assert text in out
    assert "Feedback:" not in out
    assert "feedback" not in cli("retro", "show", rid, "--json").json  # the JSON is the retrospect's, as before
    cli("config", "set", "feedback.mode", "off")
    other = cli("retro", "add", "피드백 없이", "--json").json["short_id"]
    assert cli("retro", "show", other).out.rstrip().splitlines()[-1] == (
        f"Feedback: none yet; ask for it with 'reflee feedback regen {other}'."
    )


def test_budget_for_an_unknown_category_suggests_the_close_one(cli):
    assert cli("ledger", "add", "4500", "-c", "카페").code == 0
    r = cli("budget", "set", "카패", "5만")
    assert r.code == 2
    assert r.err == (
        "error: CATEGORY: '카패' is not a category you use; did you mean '카페'?"
        " (--new keeps '카패' as a new category)\n"
    )
    assert cli("budget", "show", "--json").json["categories"] == []  # nothing saved
    r = cli("budget", "set", "없는카테고리", "5만")  # nothing like it: taken, and said to be new
    assert r.code == 0 and r.err.splitlines()[-1] == "없는카테고리 is a new category: no transaction uses it yet."
    r = cli("budget", "set", "카패", "5만", "--new", "--json")
    assert r.code == 0 and r.json["new_category"] is True
    r = cli("budget", "set", "카페", "5만")
    assert r.code == 0 and "new category" not in r.err


def test_retro_search_finds_tags_too(cli):
    for text, tags in (("Shipped the budgeting script", ["coding"]), ("coding all night", []), ("산책", ["운동"])):
        assert cli("retro", "add", text, *[a for t in tags for a in ("-t", t)], "--no-feedback").code == 0
    hits = cli("retro", "search", "coding", "--json").json
    assert [h["content"] for h in hits] == ["coding all night", "Shipped the budgeting script"]  # text first
    assert [h["content"] for h in cli("retro", "search", "#운동", "--json").json] == ["산책"]
    assert [h["content"] for h in cli("retro", "search", "script", "#coding", "--json").json] == [
        "Shipped the budgeting script"
    ]
    assert cli("retro", "search", "#운동", "--tag", "coding", "--json").json == []
    out = cli("retro", "search", "coding").out
    assert "Shipped the budgeting script" in out and "coding all night" in out
