"""User prompt templates, API keys for OpenAI-compatible servers, and `feedback run --watch`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from feedback_helpers import chat_requests, good, point_at
from standin import Reply

from reflee.errors import ExitCode


def test_user_template_overrides_the_builtin_and_versions_itself(cli, ollama_standin, home: Path):
    point_at(cli, ollama_standin.url)
    prompts = home / "prompts"
    prompts.mkdir(parents=True)
    (prompts / "feedback.ko.md").write_text(
        "너는 엄격한 코치다. JSON으로만 답하라.\n---\n[{date}] {purpose} / {tags}\n{content}\n", encoding="utf-8"
    )
    ollama_standin.enqueue(Reply(content=good()))
    r = cli("retro", "add", "사용자 템플릿으로 쓴 회고", "-p", "템플릿", "-t", "실험", "--date", "2026-11-02", "--json")
    fb = r.json["feedback"]
    assert fb["template_version"].startswith("user-")
    system, user = chat_requests(ollama_standin)[0].json["messages"]
    assert system["content"] == "너는 엄격한 코치다. JSON으로만 답하라."
    assert user["content"] == "[2026-11-02] 템플릿 / 실험\n사용자 템플릿으로 쓴 회고"
    # the English template is still the built-in one
    ollama_standin.enqueue(Reply(content=good()))
    en = cli("retro", "add", "An English entry", "--json").json["feedback"]
    assert en["template_version"] == "feedback-v2-en"


def test_openai_compatible_api_key(cli, ollama_standin):
    ollama_standin.require_api_key = "sk-local-123"
    point_at(cli, ollama_standin.url, **{"llm.provider": "openai", "llm.base_url": ollama_standin.url + "/v1"})
    r = cli("retro", "add", "no key yet", "--json")
    assert r.json["feedback_state"] == "failed"
    assert "llm.api_key" in r.err
    cli("config", "set", "llm.api_key", "sk-local-123")
    ollama_standin.enqueue(Reply(content=good()))
    assert cli("feedback", "retry", "--failed").code == 0
    assert cli("feedback", "run", "--json").json["done"] == 1
    req = [x for x in ollama_standin.requests if x.path == "/v1/chat/completions"][-1]
    assert req.headers["authorization"] == "Bearer sk-local-123"


def test_watch_takes_new_jobs_until_interrupted(cli, ollama_standin, home: Path):
    point_at(cli, ollama_standin.url, **{"feedback.mode": "queue"})
    ollama_standin.set_responder(lambda body: Reply(content=good()))
    env = {**os.environ, "REFLEE_HOME": str(home)}
    watcher = subprocess.Popen(
        [sys.executable, "-m", "reflee", "feedback", "run", "--watch"], env=env, stderr=subprocess.PIPE
    )
    try:
        time.sleep(0.5)
        rid = cli("retro", "add", "watch가 가져갈 회고", "--json").json["id"]
        deadline = time.time() + 20
        while time.time() < deadline and cli("feedback", "show", rid, "--json").json["feedback"] is None:
            time.sleep(0.2)
        assert cli("feedback", "show", rid, "--json").json["feedback"] is not None
    finally:
        watcher.send_signal(signal.SIGINT)
        _, err = watcher.communicate(timeout=20)
    assert watcher.returncode == ExitCode.INTERRUPTED, err.decode()
    assert b"Traceback" not in err


def test_the_summary_is_shown_as_it_streams():
    """While a JSON answer arrives, the live view shows the summary text, not raw JSON."""
    from reflee.cli.feedback_view import partial_summary

    assert partial_summary('{"sum') is None
    assert partial_summary('{"summary": "오늘은 \\"계획\\"의 절반') == '오늘은 "계획"의 절반'
    assert partial_summary('{"summary": "a\\') == "a"  # a half-received escape
    assert partial_summary('{"summary": "다 썼다", "strengths": ["') == "다 썼다"
