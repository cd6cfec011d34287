"""The smaller items: queue-mode `retro add` says so, `feedback status` leads with the retrospect and shows when
the next job is due in local time, `llm log` shows what an answer says, the OpenAI-compatible provider names
llm.base_url."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from feedback_helpers import GOOD, point_at
from standin import OllamaStandin, Reply

from reflee.cli.views.feedback import due_line
from reflee.cli.views.models import answer_preview


def test_queue_mode_retro_add_says_feedback_was_queued(cli, ollama_standin):
    point_at(cli, ollama_standin.url, **{"feedback.mode": "queue"})
    r = cli("retro", "add", "대기열에 들어간 회고")
    assert r.code == 0 and "Feedback queued; 'reflee feedback run' (or cron) will write it." in r.err
    assert "Feedback queued" not in cli("retro", "add", "조용히", "--json").err


def test_status_leads_with_the_retrospect(cli, ollama_standin):
    point_at(cli, ollama_standin.url, **{"feedback.mode": "queue", "feedback.max_attempts": "1"})
    short = cli("retro", "add", "실패할 회고", "--json").json["short_id"]
    ollama_standin.enqueue(Reply(fault="http", status=500, error="llama runner process has terminated"))
    cli("feedback", "run")
    out = cli("feedback", "status").out
    row = next(line for line in out.splitlines() if "llama runner" in line)
    shown = row.split()[0]
    failed = cli("feedback", "status", "--json").json["failed"][0]
    assert shown == short and failed["retro_short_id"] == shown  # the retrospect's short ID
    assert "reflee feedback retry RETRO" in out
    assert cli("feedback", "retry", shown, "--json").json == {"requeued": 1}  # what the row shows is what retry takes


def test_the_next_due_job_is_shown_in_local_time():
    now = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
    past = (now - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    soon = (now + timedelta(minutes=12)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    assert due_line(past, now) == "the next job is due now: reflee feedback run"
    local = (now + timedelta(minutes=12)).astimezone().strftime("%H:%M")
    assert due_line(soon, now) == f"the next job is due at {local} (in 12 min)"


def test_llm_log_shows_what_the_answer_says(cli, ollama_standin):
    import json

    assert answer_preview(json.dumps(GOOD, ensure_ascii=False, indent=2)) == GOOD["summary"]
    assert answer_preview('{\n  "x": 1\n}') == '{ "x": 1 }'
    point_at(cli, ollama_standin.url)
    ollama_standin.enqueue(Reply(content=json.dumps(GOOD, ensure_ascii=False, indent=2)))
    cli("retro", "add", "주간 회고를 처음 썼다. 회고를 시작했고 계획이 너무 많았다.")
    out = cli("llm", "log").out
    assert GOOD["summary"][:20] in out and "│ {" not in out


def test_openai_compatible_errors_name_llm_base_url(cli):
    dead = OllamaStandin.dead_url()
    point_at(cli, dead, **{"llm.provider": "openai", "llm.base_url": dead + "/v1"})
    r = cli("retro", "add", "서버 없는 회고")
    assert r.code == 0 and "llm.base_url" in r.err and "llm.host" not in r.err
