"""Downtime never exhausts a job: attempts count only when a server answered; only age sends a job to the dead
letter. A simulated day of cron runs every ten minutes, on a clock the test controls (no sleeping)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

from feedback_helpers import good, point_at
from standin import OllamaStandin, Reply

from reflee import services
from reflee.errors import ExitCode


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def open_home(home: Path, url: str, **extra: str):
    s = services.open(home)
    for key, value in {"llm.host": url, "llm.model": "llama3.2", "feedback.mode": "queue", **extra}.items():
        s.config.set(key, value)
    return s


def test_a_day_of_downtime_with_cron_every_ten_minutes_loses_nothing(home: Path, ollama_standin):
    dead = OllamaStandin.dead_url()
    with open_home(home, dead, **{"feedback.max_attempts": "2"}) as s:
        ids_ = [s.retro.add(f"서버가 꺼져 있던 날의 회고 {i}").id for i in range(3)]
        clock = Clock()  # starts after the jobs were queued, so they are due
        down = dataclasses.replace(s.feedback_processor(), now=clock)
        for _ in range(6 * 24):  # a day, every ten minutes
            summary = down.run()
            assert summary.unreachable and "cannot reach" in summary.unreachable
            assert (summary.done, summary.failed) == (0, 0)
            clock.advance(minutes=10)
        status = s.feedback.status()
        assert status.counts == {"queued": 3, "running": 0, "done": 0, "failed": 0}
        assert all(s.feedback.show(r).job["attempts"] == 0 for r in ids_)  # type: ignore[index]

        ollama_standin.set_responder(lambda body: Reply(content=good()))
        up = dataclasses.replace(down, llm_settings=dataclasses.replace(down.llm_settings, host=ollama_standin.url))
        summary = up.run()
        assert (summary.done, summary.failed, summary.unreachable) == (3, 0, None)
        for rid in ids_:
            view = s.feedback.show(rid)
            assert view.latest is not None and view.job is not None
            assert view.job["state"] == "done" and view.job["attempts"] == 1
        assert s.notify.list() == []  # nothing failed, nothing to tell


def test_only_age_sends_an_unanswered_job_to_the_dead_letter(home: Path):
    with open_home(home, OllamaStandin.dead_url(), **{"feedback.max_age_days": "1"}) as s:
        rid = s.retro.add("오래 기다린 회고").id
        clock = Clock()
        proc = dataclasses.replace(s.feedback_processor(), now=clock)
        clock.advance(hours=23)
        proc.run()
        assert s.feedback.show(rid).job["state"] == "queued"  # type: ignore[index]
        clock.advance(hours=2)
        summary = proc.run()
        job = s.feedback.show(rid).job
        assert job is not None and job["state"] == "failed" and job["failure"] == "exhausted"
        assert job["attempts"] == 0 and "cannot reach" in job["last_error"]
        assert summary.failed == 1


def test_repeated_cron_runs_with_the_server_down_never_count_attempts(cli, ollama_standin):
    point_at(cli, OllamaStandin.dead_url(), **{"feedback.mode": "queue", "feedback.max_attempts": "2"})
    rid = cli("retro", "add", "크론이 여러 번 돈 회고", "--json").json["id"]
    for _ in range(6):
        r = cli("feedback", "run")
        assert r.code == ExitCode.UNAVAILABLE and "cannot reach" in r.err
    job = cli("feedback", "show", rid, "--json").json["job"]
    assert job["state"] == "queued" and job["attempts"] == 0
    point_at(cli, ollama_standin.url)
    ollama_standin.enqueue(Reply(content=good()))
    assert cli("feedback", "run", "--json").json["done"] == 1


def test_answers_that_went_wrong_still_count(cli, ollama_standin):
    """A server that answered 503 used an attempt: the limit still holds for real faults."""
    point_at(cli, ollama_standin.url, **{"feedback.mode": "queue", "feedback.max_attempts": "2"})
    cli("retro", "add", "바쁜 서버", "--json")
    ollama_standin.enqueue(Reply(fault="http", status=503), Reply(fault="http", status=503))
    r = cli("feedback", "run", "--json")
    assert r.json["failed"] == 1 and r.json["retried"] == 1
