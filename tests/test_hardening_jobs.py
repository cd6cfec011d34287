"""A killed worker's jobs come back at once: the lease names its process, and a claim on the same machine
frees the jobs of workers that no longer run; `feedback run --reclaim` takes over the rest (another machine)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from feedback_helpers import good, point_at
from standin import Reply

from reflee import jobs, services
from reflee.feedback.service import KIND


def _wait(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def _states(home: Path) -> list[str]:
    with services.open(home) as s:
        return [r[0] for r in s.conn.execute("SELECT state FROM job WHERE kind = 'feedback' ORDER BY id")]


def test_a_killed_workers_job_is_taken_over_at_once(cli, ollama_standin, home: Path) -> None:
    point_at(cli, ollama_standin.url, **{"feedback.mode": "queue"})  # the default 600 s lease
    rid = cli("retro", "add", "오늘은 일찍 일어났다", "--json").json["id"]
    ollama_standin.parallel = 2  # the killed worker's request keeps one slot busy until the server stops
    ollama_standin.enqueue(Reply(fault="hang"))  # the worker holds the job until it is killed
    worker = subprocess.Popen(
        [sys.executable, "-m", "reflee", "feedback", "run"],
        env={**os.environ, "REFLEE_HOME": str(home)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(lambda: _states(home) == ["running"] and ollama_standin.pending_replies == 0)
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(30)
    ollama_standin.enqueue(Reply(content=good()))
    rerun = cli("feedback", "run", "--json")
    assert rerun.code == 0, rerun.err
    assert rerun.json["done"] == 1
    assert _states(home) == ["done"]
    assert len(cli("feedback", "show", rid, "--json").json["history"]) == 1


def test_a_job_held_on_another_machine_waits_for_its_lease_or_reclaim(cli, ollama_standin, home: Path) -> None:
    point_at(cli, ollama_standin.url, **{"feedback.mode": "queue"})
    cli("retro", "add", "다른 컴퓨터가 맡은 일", "--json")
    with services.open(home) as s:
        held = jobs.claim(s.conn, KIND, lease_seconds=600)
        assert held is not None
        s.conn.execute(  # as if a worker on another machine had claimed it
            "UPDATE job SET lease_token = ? WHERE id = ?", (f"{held.lease_token.split('@')[0]}@elsewhere/1/1", held.id)
        )
    plain = cli("feedback", "run", "--json")
    assert plain.code == 0 and plain.json["done"] == 0
    assert _states(home) == ["running"]  # alive or not, another machine's worker cannot be checked
    ollama_standin.enqueue(Reply(content=good()))
    reclaimed = cli("feedback", "run", "--reclaim", "--json")
    assert reclaimed.code == 0 and reclaimed.json["done"] == 1, reclaimed.err
    assert _states(home) == ["done"]


def test_a_live_workers_job_is_not_taken(home: Path, cli, ollama_standin) -> None:
    point_at(cli, ollama_standin.url, **{"feedback.mode": "queue"})
    cli("retro", "add", "아직 일하는 중", "--json")
    with services.open(home) as s:
        assert jobs.claim(s.conn, KIND, lease_seconds=600) is not None  # this process: alive
        assert jobs.claim(s.conn, KIND, lease_seconds=600) is None
    assert jobs.owner_alive(f"x@{jobs.lease_owner()}") is True
    assert jobs.owner_alive("x@elsewhere/1/1") is None
    assert jobs.owner_alive("an-old-token-without-owner") is None
