"""The retro, feedback, model, call-log and database services, called directly (no CLI): what a front end gets."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from feedback_helpers import GOOD, chat_requests, good
from standin import Reply

from reflee import services
from reflee.cancel import CancelToken
from reflee.config import Settings
from reflee.errors import CancelledError, UsageError
from reflee.services import Services


def open_session(home: Path, **settings: Any) -> Services:
    return services.open(home, settings=Settings(home / "config.toml", dict(settings)))


@pytest.fixture
def s(home: Path):
    with open_session(home, **{"feedback.mode": "off"}) as session:
        yield session


def llm_session(home: Path, url: str, **extra: Any) -> Services:
    return open_session(
        home,
        **{"llm.host": url, "llm.model": "llama3.2", "feedback.mode": "queue", "feedback.backoff_seconds": 0.05},
        **extra,
    )


# -- feedback: generate now, run the queue, cancel -------------------------------------------------------------
def test_generate_streams_and_stores_feedback(home, ollama_standin):
    with llm_session(home, ollama_standin.url) as s:
        retro = s.retro.add("오늘 처음으로 주간 회고를 썼다.")
        job_id = s.feedback.job_for(retro.id, retro.version)
        assert job_id is not None
        ollama_standin.enqueue(Reply(content=good()))
        pieces: list[str] = []
        outcome = s.feedback.generate(job_id, on_token=pieces.append)
        assert outcome.state == "done" and outcome.feedback is not None
        assert outcome.feedback.summary == GOOD["summary"] and json.loads("".join(pieces)) == GOOD
        assert s.feedback.job_for(retro.id, retro.version) is None  # no longer waiting
        assert s.feedback.show(retro.id).latest == outcome.feedback
        again = s.feedback.generate(job_id)
        assert again.state == "skipped" and again.feedback is None


def test_generate_with_the_server_away_keeps_the_job_queued(home):
    from standin import OllamaStandin

    with llm_session(home, OllamaStandin.dead_url()) as s:
        retro = s.retro.add("서버 없이 쓴 회고")
        job_id = s.feedback.job_for(retro.id, retro.version)
        assert job_id is not None
        outcome = s.feedback.generate(job_id)
        assert outcome.state == "queued" and outcome.unreachable and "cannot reach" in (outcome.error or "")
        assert s.feedback.status().counts == {"queued": 1, "running": 0, "done": 0, "failed": 0}


def test_run_queue_works_through_the_jobs(home, ollama_standin):
    with llm_session(home, ollama_standin.url) as s:
        for i in range(3):
            s.retro.add(f"회고 {i}번")
        ollama_standin.set_responder(lambda body: Reply(content=good()))
        seen: list[str] = []
        summary = s.feedback.run_queue(concurrency=2, on_outcome=lambda o: seen.append(o.state))
        assert (summary.done, summary.failed, summary.unreachable) == (3, 0, None)
        assert seen == ["done"] * 3
        assert s.feedback.status().counts["done"] == 3
        with pytest.raises(UsageError) as exc:
            s.feedback.run_queue(concurrency=0)
        assert exc.value.field == "concurrency"


PROVIDERS = pytest.mark.parametrize("provider", ["ollama", "openai"])


def provider_settings(standin: Any, provider: str) -> dict[str, str]:
    return {"llm.provider": "openai", "llm.base_url": standin.url + "/v1"} if provider == "openai" else {}


@PROVIDERS
def test_cancel_stops_a_streaming_answer_at_once_and_leaves_the_job_queued(home, ollama_standin, provider):
    with llm_session(home, ollama_standin.url, **provider_settings(ollama_standin, provider)) as s:
        retro = s.retro.add("천천히 답하는 모델")
        job_id = s.feedback.job_for(retro.id, retro.version)
        assert job_id is not None
        text = good()
        pieces = [text[i : i + 2] for i in range(0, len(text), 2)]  # ~100 pieces, 50 ms apart: ~5 s in all
        ollama_standin.enqueue(Reply(content=text, chunks=pieces, latency=0.05 * len(pieces)))
        before = s.feedback.show(retro.id).job
        assert before is not None and before["state"] == "queued"

        token = CancelToken()
        first_token = threading.Event()
        cancelled_at: list[float] = []

        def canceller() -> None:
            assert first_token.wait(20), "no token arrived"
            cancelled_at.append(time.monotonic())
            token.cancel()

        thread = threading.Thread(target=canceller)
        thread.start()
        try:
            with pytest.raises(CancelledError):
                s.feedback.generate(job_id, on_token=lambda piece: first_token.set(), cancel=token)
            returned_at = time.monotonic()
        finally:
            first_token.set()
            thread.join(5)
        assert cancelled_at, "the canceller never ran"
        assert returned_at - cancelled_at[0] < 0.5
        after = s.feedback.show(retro.id).job
        assert after is not None
        assert after["state"] == "queued" and after["attempts"] == before["attempts"]
        assert s.feedback.show(retro.id).latest is None
        assert len([r for r in ollama_standin.requests if r.path in ("/api/chat", "/v1/chat/completions")]) == 1


@PROVIDERS
def test_cancel_before_the_first_token_arrives_also_releases_the_job(home, ollama_standin, provider):
    with llm_session(home, ollama_standin.url, **provider_settings(ollama_standin, provider)) as s:
        retro = s.retro.add("느리게 로드되는 모델")
        job_id = s.feedback.job_for(retro.id, retro.version)
        assert job_id is not None
        ollama_standin.enqueue(Reply(content=good(), chunks=[good()], first_byte_delay=0.1, latency=10.0))
        token = CancelToken()
        timer = threading.Timer(0.6, token.cancel)  # the headers are here, the one piece is 10 s away: the read
        # blocked on it is interrupted (the token closes the stream), not left to finish
        timer.start()
        started = time.monotonic()
        with pytest.raises(CancelledError):
            s.feedback.generate(job_id, cancel=token)
        timer.join()
        assert time.monotonic() - started < 2.0
        job = s.feedback.show(retro.id).job
        assert job is not None and job["state"] == "queued" and job["attempts"] == 0


@pytest.mark.parametrize("concurrency", [1, 2])
def test_cancel_stops_the_queue_and_gives_the_jobs_back(home, ollama_standin, concurrency):
    with llm_session(home, ollama_standin.url) as s:
        retros = [s.retro.add(f"큐에 있는 회고 {i}") for i in range(2)]
        ollama_standin.set_responder(lambda body: Reply(content=good(), latency=10.0))
        token = CancelToken()

        def cancel_once_asked() -> None:
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and len(chat_requests(ollama_standin)) < concurrency:
                time.sleep(0.02)
            token.cancel()

        thread = threading.Thread(target=cancel_once_asked)
        thread.start()
        started = time.monotonic()
        try:
            with pytest.raises(CancelledError):
                s.feedback.run_queue(concurrency=concurrency, cancel=token)
        finally:
            thread.join(25)
        assert time.monotonic() - started < 5.0
        st = s.feedback.status()
        assert st.counts == {"queued": 2, "running": 0, "done": 0, "failed": 0}
        for retro in retros:
            job = s.feedback.show(retro.id).job
            assert job is not None and job["state"] == "queued" and job["attempts"] == 0
