"""kill -9 during a push, at random moments, 20 times over, with local changes in between: the next push
resumes, and the server ends up with exactly the local data, record by record (no duplicate, nothing missing,
no conflict with our own earlier writes)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from reflee import services
from tests.sync_helpers import EMAIL, local_transactions, no_real_keyring, outbox, register, server

__all__ = ["no_real_keyring", "server"]
TRIALS = 20


def mutate(home: Path, rng: random.Random) -> None:
    with services.open(home) as s:
        ids = [t.id for t in s.ledger.list(limit=100000).transactions]
        for _ in range(rng.randint(10, 40)):
            s.ledger.add(str(rng.randint(100, 90000)), category=rng.choice(["food", "cafe", "rent", "교통"]))
        for tid in rng.sample(ids, min(len(ids), rng.randint(0, 6))):
            if rng.random() < 0.5:
                s.ledger.edit(tid, memo=f"edit {rng.random():.6f}")
            else:
                s.ledger.remove(tid)
        s.retro.add(f"회고 {rng.random():.6f}", purpose="kill test")


def test_kill_9_during_push_then_resume(cli, server, home: Path, tmp_path: Path):
    rng = random.Random(int(os.environ.get("REFLEE_KILL_SEED", time.time())))
    server.latency = 0.02
    cli("config", "set", "feedback.mode", "off")
    cli("config", "set", "sync.include", "retros")
    cli("config", "set", "sync.batch_size", "5")
    register(cli, server)
    env = {**os.environ, "REFLEE_HOME": str(home), "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    killed_running = 0
    for _trial in range(TRIALS):
        mutate(home, rng)
        proc = subprocess.Popen(
            [sys.executable, "-m", "reflee", "sync", "push"], env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        before = len(server.log)
        deadline = time.monotonic() + 60
        while len(server.log) == before and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)  # until the push is talking to the server (start-up on a busy machine takes a while)
        time.sleep(rng.uniform(0.0, 0.15))  # then the random moment of the kill, inside the push
        if proc.poll() is None:
            killed_running += 1
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert killed_running >= TRIALS // 4, "too few kills landed while a push was running"

    r = cli("sync", "push", "--json")
    assert r.code == 0, r.err
    assert r.json["conflicts"] == 0 and r.json["failed"] == 0
    assert outbox(home) == {}
    me = server.user_id(EMAIL)
    live, deleted = local_transactions(home)
    assert server.records.live(me, "transaction") == live
    on_server = {rid for (kind, rid) in server.records.of(me) if kind == "transaction"}
    assert server.records.tombstones(me, "transaction") == deleted & on_server
    assert on_server <= set(live) | deleted
    with services.open(home) as s:
        retros = {r.id: r.content for r in s.retro.list(limit=100000)}
    assert {k: v["content"] for k, v in server.records.live(me, "retrospect").items()} == retros
    log = cli("sync", "log", "--limit", "100", "--json").json
    assert log[0]["status"] == "ok" and any(e["status"] == "running" for e in log)  # killed pushes show as such
