"""`retro add` asks the model at once (feedback.mode = inline): the happy path and every way it can go wrong."""

from __future__ import annotations

import json

from feedback_helpers import GOOD, GOOD_EN, chat_requests, good, point_at
from standin import OllamaStandin, Reply

from reflee.errors import ExitCode


def test_inline_feedback_is_stored_shown_and_sent_right(cli, ollama_standin):
    point_at(cli, ollama_standin.url)
    ollama_standin.enqueue(Reply(content=good()))
    r = cli("retro", "add", "오늘 처음으로 주간 회고를 썼다. 계획의 절반만 지켰다.", "-p", "회고 습관", "--json")
    assert r.code == 0, r.err
    out = r.json
    assert out["feedback_state"] == "done"
    assert out["feedback"]["summary"] == GOOD["summary"]
    assert out["feedback"]["recommendations"] == GOOD["recommendations"]
    assert out["feedback"]["language"] == "ko" and out["feedback"]["retro_version"] == 1
    [req] = chat_requests(ollama_standin)
    body = req.json
    assert body["model"] == "llama3.2" and body["stream"] is True
    assert body["format"]["required"] == ["summary", "strengths", "weaknesses", "keep_doing", "recommendations"]
    assert body["think"] is False and body["keep_alive"] == "10m"
    assert body["options"]["num_ctx"] == 8192 and body["options"]["temperature"] == 0.2
    assert "회고 코치" in body["messages"][0]["content"]  # the Korean template for a Korean entry
    assert "회고 습관" in body["messages"][1]["content"]
    shown = cli("feedback", "show", out["id"])
    assert shown.code == 0
    assert "잘한 점" in shown.out and "회고를 시작했다" in shown.out and "행동 교정 제안" in shown.out


def test_english_entry_gets_the_english_prompt(cli, ollama_standin):
    point_at(cli, ollama_standin.url)
    ollama_standin.enqueue(Reply(content=good(GOOD_EN)))
    r = cli("retro", "add", "Ran three times this week.", "--json")
    assert r.json["feedback"]["language"] == "en"
    [req] = chat_requests(ollama_standin)
    assert "retrospective coach" in req.json["messages"][0]["content"]
    assert "Strengths" in cli("feedback", "show", r.json["id"]).out


def test_server_down_saves_the_entry_and_leaves_the_job_queued(cli, ollama_standin):
    point_at(cli, OllamaStandin.dead_url())
    r = cli("retro", "add", "서버가 꺼져 있어도 회고는 저장된다")
    assert r.code == 0
    lines = [ln for ln in r.err.splitlines() if ln.startswith("feedback")]
    assert len(lines) == 1 and "cannot reach" in lines[0] and "Traceback" not in r.err
    assert len(cli("retro", "list", "--json").json) == 1
    st = cli("feedback", "status", "--json").json
    assert st["counts"] == {"queued": 1, "running": 0, "done": 0, "failed": 0}
    # once the server is there, the queued job runs
    point_at(cli, ollama_standin.url)
    ollama_standin.enqueue(Reply(content=good()))
    r = cli("feedback", "run", "--json")
    assert r.code == 0, r.err
    assert r.json["done"] == 1
    assert cli("feedback", "status", "--json").json["counts"]["done"] == 1


def test_missing_model_fails_at_once_with_the_fix(cli, ollama_standin):
    point_at(cli, ollama_standin.url, model="qwen3:8b")
    r = cli("retro", "add", "no such model here")
    assert r.code == 0
    assert "qwen3:8b" in r.err and "reflee model pull qwen3:8b" in r.err
    st = cli("feedback", "status", "--json").json
    assert st["counts"]["failed"] == 1
    assert st["failed"][0]["failure"] == "permanent" and st["failed"][0]["attempts"] == 1
    point_at(cli, ollama_standin.url, model="llama3.2")
    assert cli("feedback", "retry", "--failed", "--json").json == {"requeued": 1}
    ollama_standin.enqueue(Reply(content=good()))
    assert cli("feedback", "run", "--json").json["done"] == 1


def test_invalid_json_gets_one_repair(cli, ollama_standin):
    point_at(cli, ollama_standin.url)
    ollama_standin.enqueue(Reply(content='{"summary": "half'))
    ollama_standin.enqueue(Reply(content=good()))
    r = cli("retro", "add", "repair me", "--json")
    assert r.json["feedback_state"] == "done"
    reqs = chat_requests(ollama_standin)
    assert len(reqs) == 2
    repair_msgs = reqs[1].json["messages"]
    assert repair_msgs[-2] == {"role": "assistant", "content": '{"summary": "half'}
    assert "not valid JSON" in repair_msgs[-1]["content"]
    log = cli("llm", "log", "--json").json
    assert [c["purpose"] for c in log] == ["feedback-repair", "feedback"]


def test_truncated_answer_is_repaired(cli, ollama_standin):
    point_at(cli, ollama_standin.url)
    ollama_standin.enqueue(Reply(content='{"summary": "cut', done_reason="length"))
    ollama_standin.enqueue(Reply(content=good()))
    r = cli("retro", "add", "long answer", "--json")
    assert r.json["feedback_state"] == "done"
    assert "length limit" in chat_requests(ollama_standin)[1].json["messages"][-1]["content"]


def test_invalid_twice_records_the_failure_and_notifies(cli, ollama_standin):
    point_at(cli, ollama_standin.url)
    ollama_standin.enqueue(Reply(content="not json at all"))
    ollama_standin.enqueue(Reply(content='["still", "wrong"]'))
    r = cli("retro", "add", "hopeless", "--json")
    assert r.code == 0 and r.json["feedback_state"] == "failed"
    st = cli("feedback", "status", "--json").json
    assert st["failed"][0]["failure"] == "permanent"
    assert "did not fit the schema" in st["failed"][0]["last_error"]
    notes = cli("notify", "list", "--json").json
    assert [n["kind"] for n in notes] == ["feedback.failed"]
    assert cli("feedback", "show", r.json["id"]).code == ExitCode.NOT_FOUND


def test_long_entry_is_trimmed_with_a_visible_notice(cli, ollama_standin):
    point_at(cli, ollama_standin.url, **{"llm.num_ctx": "2048"})
    ollama_standin.enqueue(Reply(content=good()))
    long_text = "가계부를 정리했다. " * 2000
    r = cli("retro", "add", long_text, "--json")
    fb = r.json["feedback"]
    assert fb["notice"] and "2048" in fb["notice"]
    sent = chat_requests(ollama_standin)[0].json["messages"][1]["content"]
    assert len(sent) < len(long_text) / 4
    assert "※" in cli("feedback", "show", r.json["id"]).out


def test_feedback_off_queues_nothing(cli, ollama_standin):
    point_at(cli, ollama_standin.url, **{"feedback.mode": "off"})
    r = cli("retro", "add", "quiet", "--json")
    assert r.json["feedback_state"] == "off" and r.json["feedback"] is None
    assert cli("feedback", "status", "--json").json["counts"]["queued"] == 0
    assert chat_requests(ollama_standin) == []


def test_queue_mode_and_no_feedback_flag_only_queue(cli, ollama_standin):
    point_at(cli, ollama_standin.url, **{"feedback.mode": "queue"})
    assert cli("retro", "add", "one", "--json").json["feedback_state"] == "queued"
    point_at(cli, ollama_standin.url, **{"feedback.mode": "inline"})
    assert cli("retro", "add", "two", "--no-feedback", "--json").json["feedback_state"] == "queued"
    assert chat_requests(ollama_standin) == []
    assert cli("feedback", "status", "--json").json["counts"]["queued"] == 2


def test_edit_queues_the_new_version_and_skips_the_stale_one(cli, ollama_standin):
    point_at(cli, ollama_standin.url, **{"feedback.mode": "queue"})
    rid = cli("retro", "add", "v1", "--json").json["id"]
    cli("retro", "edit", rid, "--text", "v2")
    cli("retro", "edit", rid, "--tag", "x")  # tags only: no new version, no new job
    ollama_standin.enqueue(Reply(content=good()))
    r = cli("feedback", "run", "--json")
    assert r.json == {"done": 1, "skipped": 1, "retried": 0, "failed": 0, "unreachable": None}
    view = cli("feedback", "show", rid, "--json").json
    assert view["feedback"]["retro_version"] == 2
    assert "v2" in chat_requests(ollama_standin)[0].json["messages"][1]["content"]


def test_regen_keeps_history_and_bypasses_the_cache(cli, ollama_standin):
    point_at(cli, ollama_standin.url)
    ollama_standin.enqueue(Reply(content=good()))
    rid = cli("retro", "add", "다시 써 줘", "--json").json["id"]  # Korean, like the scripted answers
    second = dict(GOOD, summary="두 번째 피드백")
    ollama_standin.enqueue(Reply(content=good(second)))
    r = cli("feedback", "regen", rid, "--json")
    assert r.code == 0 and r.json["state"] == "done"
    view = cli("feedback", "show", rid, "--json").json
    assert view["feedback"]["summary"] == "두 번째 피드백"
    assert [h["summary"] for h in view["history"]] == ["두 번째 피드백", GOOD["summary"]]
    assert len(chat_requests(ollama_standin)) == 2


def test_identical_request_is_answered_from_the_cache(cli, ollama_standin):
    point_at(cli, ollama_standin.url)
    ollama_standin.enqueue(Reply(content=good()))
    a = cli("retro", "add", "같은 내용", "--date", "2026-11-01", "--json").json
    b = cli("retro", "add", "같은 내용", "--date", "2026-11-01", "--json").json
    assert a["feedback"]["summary"] == b["feedback"]["summary"] == GOOD["summary"]
    assert len(chat_requests(ollama_standin)) == 1
    stats = cli("cache", "stats", "--json").json
    assert stats["entries"] == 1 and stats["hits"] >= 1
    assert cli("cache", "clear", "--json").json == {"removed": 1}


def test_openai_compatible_server(cli, ollama_standin):
    point_at(cli, ollama_standin.url, **{"llm.provider": "openai", "llm.base_url": ollama_standin.url + "/v1"})
    ollama_standin.openai_flavor = "lmstudio"  # rejects json_object: we must send the json_schema form
    ollama_standin.enqueue(Reply(content=good()))
    r = cli("retro", "add", "LM Studio에서도 된다", "--json")
    assert r.code == 0 and r.json["feedback_state"] == "done", r.err
    [req] = [x for x in ollama_standin.requests if x.path == "/v1/chat/completions"]
    fmt = req.json["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["schema"]["required"][0] == "summary"
    assert req.json["stream"] is True


def test_feedback_json_stays_parseable_with_hangul_split_across_chunks(cli, ollama_standin):
    point_at(cli, ollama_standin.url)
    text = good()
    pieces = [text[i : i + 3] for i in range(0, len(text), 3)]
    ollama_standin.enqueue(Reply(content=text, chunks=pieces))
    r = cli("retro", "add", "쪼개진 한글", "--json")
    assert json.loads(json.dumps(r.json["feedback"]))["summary"] == GOOD["summary"]
