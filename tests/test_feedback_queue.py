"""The durable queue behind feedback: retries with backoff, the dead letter, leases, racing workers, Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from feedback_helpers import GOOD, chat_requests, good, point_at
from standin import Reply

from reflee import db, jobs, services
from reflee.errors import ExitCode
from reflee.feedback.service import KIND, enqueue


def queued_home(cli, standin, n: int = 1) -> list[str]:
    point_at(cli, standin.url, **{"feedback.mode": "queue"})
    return [cli("retro", "add", f"회고 {i}번", "--json").json["id"] for i in range(n)]


@pytest.mark.parametrize(
    "fault",
    [
        Reply(fault="http", status=503, error="server busy, please try again.  maximum pending requests exceeded"),
        Reply(fault="http", status=500, error="llama runner process has terminated"),
        Reply(content=good(), fault="cut"),
        Reply(content=good(), fault="cut_in_char"),
        Reply(content=good(), fault="mid_stream_error"),
        Reply(content=good(), fault="malformed"),
    ],
    ids=["503", "500", "cut", "cut-in-hangul", "mid-stream-error", "malformed-line"],
)
def test_transient_faults_retry_then_succeed(cli, ollama_standin, fault):
    [rid] = queued_home(cli, ollama_standin)
    ollama_standin.enqueue(fault)
    ollama_standin.enqueue(Reply(content=good()))
    r = cli("feedback", "run", "--json")
    assert r.code == 0, r.err
    assert r.json["done"] == 1 and r.json["retried"] == 1
    view = cli("feedback", "show", rid, "--json").json
    assert view["feedback"]["summary"] == GOOD["summary"]
    assert view["job"]["attempts"] == 2 and view["job"]["state"] == "done"


def test_transient_faults_past_the_limit_go_to_the_dead_letter(cli, ollama_standin):
    queued_home(cli, ollama_standin)
    point_at(cli, ollama_standin.url, **{"feedback.max_attempts": "3"})
    for _ in range(3):
        ollama_standin.enqueue(Reply(fault="http", status=503, error="server busy"))
    r = cli("feedback", "run", "--json")
    assert r.code == ExitCode.DATA
    assert r.json["failed"] == 1 and r.json["retried"] == 2
    st = cli("feedback", "status", "--json").json
    assert st["counts"]["failed"] == 1
    assert st["failed"][0]["failure"] == "exhausted" and "server busy" in st["failed"][0]["last_error"]
    assert len(chat_requests(ollama_standin)) == 3


def test_read_timeout_before_the_first_byte_costs_no_attempt(cli, ollama_standin):
    """A server that takes the request and sends nothing is as good as down: the job waits, uncounted."""
    queued_home(cli, ollama_standin)
    point_at(cli, ollama_standin.url, **{"llm.read_timeout": "1", "feedback.max_attempts": "1"})
    ollama_standin.enqueue(Reply(fault="hang", latency=3))
    r = cli("feedback", "run")
    assert r.code == ExitCode.UNAVAILABLE
    assert "sent nothing within 1 s" in r.err and "Traceback" not in r.err
    st = cli("feedback", "status", "--json").json
    assert st["counts"] == {"queued": 1, "running": 0, "done": 0, "failed": 0}
    assert (
        "sent nothing within 1 s"
        in cli("feedback", "show", cli("retro", "list", "--json").json[0]["id"], "--json").json["job"]["last_error"]
    )
    assert cli("feedback", "show", cli("retro", "list", "--json").json[0]["id"], "--json").json["job"]["attempts"] == 0


def test_read_timeout_mid_answer_is_transient_with_a_clear_line(cli, ollama_standin):
    queued_home(cli, ollama_standin)
    point_at(cli, ollama_standin.url, **{"llm.read_timeout": "1", "feedback.max_attempts": "1"})
    pieces = [good()[i : i + 8] for i in range(0, len(good()), 8)]
    ollama_standin.enqueue(Reply(content=good(), chunks=pieces, latency=3 * len(pieces)))
    r = cli("feedback", "run")
    st = cli("feedback", "status", "--json").json
    assert "did not answer within 1 s" in st["failed"][0]["last_error"]
    assert "Traceback" not in r.err


def test_unreachable_server_stops_the_run_and_keeps_jobs(cli, ollama_standin):
    from standin import OllamaStandin

    queued_home(cli, ollama_standin, n=3)
    point_at(cli, OllamaStandin.dead_url())
    r = cli("feedback", "run")
    assert r.code == ExitCode.UNAVAILABLE
    assert r.err.strip().count("\n") == 0 and "cannot reach" in r.err
    st = cli("feedback", "status", "--json").json
    assert st["counts"] == {"queued": 3, "running": 0, "done": 0, "failed": 0}


def test_concurrent_workers_do_each_job_exactly_once(cli, ollama_standin, home: Path):
    ids_ = queued_home(cli, ollama_standin, n=24)
    ollama_standin.parallel = 4
    ollama_standin.set_responder(lambda body: Reply(content=good(), latency=0.05))
    r = cli("feedback", "run", "--concurrency", "4", "--json")
    assert r.code == 0 and r.json["done"] == 24
    conn = db.connect(home / "reflee.db")
    per_retro = dict(conn.execute("SELECT retro_id, count(*) FROM feedback GROUP BY retro_id").fetchall())
    assert per_retro == {i: 1 for i in ids_}
    assert len(chat_requests(ollama_standin)) == 24


def test_two_processes_racing_never_store_two_feedbacks(cli, ollama_standin, home: Path):
    ids_ = queued_home(cli, ollama_standin, n=12)
    ollama_standin.parallel = 4
    ollama_standin.set_responder(lambda body: Reply(content=good(), latency=0.05))
    env = {**os.environ, "REFLEE_HOME": str(home)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "reflee", "feedback", "run", "-c", "2"], env=env, stderr=subprocess.PIPE
        )
        for _ in range(2)
    ]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
    conn = db.connect(home / "reflee.db")
    rows = conn.execute("SELECT retro_id, count(*) FROM feedback GROUP BY retro_id").fetchall()
    assert dict(rows) == {i: 1 for i in ids_}


def test_a_crashed_workers_job_is_taken_over_after_its_lease(home: Path, cli, ollama_standin):
    [rid] = queued_home(cli, ollama_standin)
    ctx = services.open()
    conn = ctx.conn
    stale = jobs.claim(conn, KIND, lease_seconds=0.2)  # a worker takes the job, then dies
    assert stale is not None
    assert jobs.claim(conn, KIND, lease_seconds=0.2) is None  # nobody else may take it while leased
    time.sleep(0.3)
    ollama_standin.enqueue(Reply(content=good()))
    r = cli("feedback", "run", "--json")
    assert r.json["done"] == 1
    # the dead worker coming back to life cannot complete the job a second time
    with db.transaction(conn):
        assert jobs.complete(conn, stale) is False
    assert jobs.fail(conn, stale, "late", transient=True) == "lost"
    assert len(cli("feedback", "show", rid, "--json").json["history"]) == 1


def test_enqueue_is_once_per_version(home: Path):
    conn = db.connect(home / "reflee.db")
    from reflee.retro.service import RetroService

    retro = RetroService(conn).add("x")
    with db.transaction(conn):
        assert enqueue(conn, retro.id, 1) is not None
        assert enqueue(conn, retro.id, 1) is None


def test_backoff_grows_and_is_jittered():
    import random

    rng = random.Random(7)
    delays = [jobs.backoff_seconds(n, 2.0, rng) for n in range(1, 8)]
    assert all(1.0 <= d <= 2.0 for d in delays[:1])
    assert 16 <= delays[4] <= 32
    assert len({round(d, 6) for d in delays}) == len(delays)


def test_ctrl_c_while_streaming_leaves_the_job_queued(home: Path, cli, ollama_standin):
    [rid] = queued_home(cli, ollama_standin)
    pieces = [good()[i : i + 4] for i in range(0, len(good()), 4)]
    ollama_standin.enqueue(Reply(content=good(), chunks=pieces, latency=6.0))
    env = {**os.environ, "REFLEE_HOME": str(home)}
    proc = subprocess.Popen([sys.executable, "-m", "reflee", "feedback", "regen", rid], env=env, stderr=subprocess.PIPE)
    deadline = time.time() + 20
    while time.time() < deadline and len(chat_requests(ollama_standin)) == 0:
        time.sleep(0.05)
    time.sleep(0.8)  # mid-stream
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == ExitCode.INTERRUPTED, err.decode()
    assert b"Traceback" not in err
    assert "The feedback job went back to the queue" in err.decode()
    view = cli("feedback", "show", rid, "--json").json
    assert view["feedback"] is None and view["history"] == []
    st = cli("feedback", "status", "--json").json
    assert st["counts"]["running"] == 0 and st["counts"]["queued"] == 2  # the original job and the regen
