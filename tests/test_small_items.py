"""The smaller items of the Korean-first issue, each as a user sees it: the one-line note when `retro add` finds
no model, ledger flags that contradict each other, hints where a command found nothing, and the words used."""

from __future__ import annotations

from feedback_helpers import point_at
from standin import OllamaStandin

from reflee import i18n


def _cells(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def test_retro_add_without_a_model_says_so_in_one_short_line(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    point_at(cli, OllamaStandin.dead_url())
    r = cli("retro", "add", "모델 없이 쓴 회고")
    assert r.code == 0
    saved, *note = [line for line in r.err.splitlines() if line.strip()]
    assert saved.startswith("Saved retrospect ") and note == ["feedback queued (no model server): reflee feedback run · or feedback.mode queue"]
    assert _cells(note[0]) <= 80
    # the feedback waits in the queue, as the line says
    assert cli("feedback", "status", "--json").json["counts"]["queued"] == 1


def test_retro_add_without_a_model_in_korean(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    point_at(cli, OllamaStandin.dead_url(), **{"ui.language": "ko"})
    r = cli("retro", "add", "모델 없이 쓴 회고")
    i18n.setup("en")
    _saved, *lines = [line for line in r.err.splitlines() if line.strip()]
    assert r.code == 0 and lines == ["피드백 대기(모델 서버 없음): reflee feedback run · 또는 feedback.mode queue"]
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
