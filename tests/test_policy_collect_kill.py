"""kill -9 during `policy fetch`: the previous policies, change log and run log are exactly as they were, or
exactly as a finished fetch leaves them — never anything in between."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from policy_api_standin import GOV24_KEY, YOUTH_KEY, PolicyApiStandin, second_snapshot
from policy_data import needs_real_data

pytestmark = needs_real_data


def state(db: Path) -> tuple[str, int]:
    """A digest of every policy row that matters (content, tombstone) and the number of logged changes."""
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT source, source_id, content_hash, deleted_at IS NULL FROM policy ORDER BY source, source_id"
        ).fetchall()
        conds = conn.execute("SELECT count(*) FROM policy_condition").fetchone()[0]
        changes = conn.execute("SELECT count(*) FROM policy_change").fetchone()[0]
    finally:
        conn.close()
    return hashlib.sha256(repr((rows, conds)).encode()).hexdigest(), changes


def wait_for(predicate, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.01)


@pytest.mark.parametrize("trial", range(3))
def test_kill_9_during_fetch_leaves_the_previous_data_intact(cli, home: Path, trial: int) -> None:
    with PolicyApiStandin.real() as api:
        for key, value in {
            "policy.youth_api_key": YOUTH_KEY, "policy.gov24_api_key": GOV24_KEY,
            "policy.youth_url": api.youth_url, "policy.gov24_url": api.gov24_url,
            "policy.fetch_backoff_seconds": "0", "policy.fetch_concurrency": "2",
        }.items():  # fmt: skip
            assert cli("config", "set", key, value).code == 0
        assert cli("policy", "fetch").code == 0
        before = state(home / "reflee.db")
        later = second_snapshot(api.snapshot)
        api.load(later)
        api.latency = 0.03
        api.requests.clear()
        pages = 14 + 4  # what a full fetch of both sources asks for
        kill_after = random.Random(trial).randint(1, pages)
        env = {**os.environ, "REFLEE_HOME": str(home), "PYTHONPATH": os.pathsep.join(sys.path)}
        errors = home / f"fetch-{trial}.err"
        proc = subprocess.Popen(
            [sys.executable, "-m", "reflee", "policy", "fetch", "--full"],
            env=env, stdout=subprocess.DEVNULL, stderr=errors.open("wb"),
        )  # fmt: skip
        try:
            wait_for(lambda: len(api.served()) >= kill_after or proc.poll() is not None)
            if trial == 2:  # the last trial kills while the results are being written, or just after
                wait_for(lambda: len(api.served()) >= pages or proc.poll() is not None)
            ended = proc.poll()  # a fetch that ended by itself was not killed: say how it ended
            assert ended is None or ended == 0, (ended, errors.read_text(encoding="utf-8", errors="replace"))
            proc.send_signal(signal.SIGKILL)
        finally:
            proc.wait(30)
        after = state(home / "reflee.db")
        api.latency = 0
        api.requests.clear()
        finished = cli("policy", "fetch", "--full", "--json")
        assert finished.code == 0, finished.err
        expected = state(home / "reflee.db")
    # Killed before its transaction committed: exactly as before. After: the youth source is done, either whole.
    assert after[0] == before[0] or after[1] > before[1]
    if after[0] == before[0]:
        assert after[1] == before[1]
    assert expected[0] != before[0]
    log = cli("policy", "fetch-log", "--json").json
    statuses = [r["status"] for r in log]
    assert statuses.count("running") == 0
    assert "interrupted" in statuses or after[1] > before[1]
    changes = cli("policy", "changes", "--json").json
    removed = [(c["source"], c["source_id"]) for c in changes if c["kind"] == "removed"]
    assert sorted(removed) == sorted(later.expected["removed"])  # each logged once, by whichever run wrote it
