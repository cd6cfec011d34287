"""kill -9 at a random moment, for every writer, then the exact final state: an import is all or nothing
and a re-run completes it; a feedback run leaves each retrospect with at most one feedback, and the next run
(at once: the dead worker's leases are freed) gives every one exactly one; a backup is complete or absent,
never a journal; `db check` is clean after every trial."""

from __future__ import annotations

import json
import random
import sqlite3
import time
from pathlib import Path

import pytest

from reflee import services
from reflee.ledger import bulk
from reflee.retro import importer
from tests.policy_data import YOUTH, needs_real_data
from tests.reliability.harness import crashed, kill_at_random, reflee, scale

TRIALS = scale(4, 30)


def _count(home: Path, sql: str) -> tuple:
    if not (home / "reflee.db").exists():
        return (0,) * sql.count(",") + (0,)
    with services.open(home) as s:
        return tuple(s.conn.execute(sql).fetchone())


def _check_clean(home: Path) -> None:
    with services.open(home) as s:
        assert s.database.check().ok, s.database.check().problems
        # a bulk load killed while it had the rollback journal (reflee.bulkdb.own_journal) is back in WAL mode
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def _calibrate(home: Path, args: list[str]) -> float:
    """One run to the end: how long the writer takes here (the window the random kills fall in)."""
    start = time.monotonic()
    done = reflee(home, *args)
    assert done.returncode == 0, done.stderr
    return time.monotonic() - start


def _import_trials(tmp_path, rng, tally, name, args, total_sql, expected, recover, seed=None) -> None:
    """``seed(home)``, when given, stores something before each import (the import then meets a journal that is
    not empty): it counts in ``total_sql`` as rows that were there all along."""
    row = tally.row(name)
    start = time.monotonic()
    if seed:
        seed(tmp_path / "calibration")
    window = _calibrate(tmp_path / "calibration", args) * 1.2
    for trial in range(TRIALS):
        home = tmp_path / f"trial{trial}"
        before = 0
        if seed:
            seed(home)
            before = _count(home, total_sql)[0]
        killed, code, err = kill_at_random(home, args, rng, window)
        row.trials += 1
        row.killed += killed
        if not killed and crashed(code, err):
            row.crashes += 1
        stored, distinct = _count(home, total_sql)
        stored, distinct = stored - before, distinct - before
        assert stored in (0, expected), f"{name}: {stored} of {expected} stored after a kill (not all or nothing)"
        recover(home)
        stored, distinct = _count(home, total_sql)
        stored, distinct = stored - before, distinct - before
        row.records += stored
        row.lost += max(0, expected - distinct)
        row.duplicated += stored - distinct
        _check_clean(home)
    row.seconds += time.monotonic() - start
    assert (row.lost, row.duplicated, row.crashes) == (0, 0, 0)


def test_ledger_import(tmp_path: Path, rng: random.Random, tally) -> None:
    rows = scale(6000, 20000)
    assert rows >= bulk.MIN_ROWS  # into a new ledger: the kills land in a bulk load (indexes dropped, then rebuilt)
    source = tmp_path / "bank.csv"
    source.write_text(
        "날짜,금액,메모\n" + "".join(f"2026-03-{i % 28 + 1:02d},-{100 + i},가게 {i}\n" for i in range(rows)),
        encoding="utf-8",
    )

    def recover(home: Path) -> None:
        with services.open(home) as s:
            s.ledger.import_csv(source)

    _import_trials(
        tmp_path, rng, tally, "kill -9: ledger import", ["ledger", "import", str(source)],
        "SELECT count(*), count(DISTINCT import_key) FROM ledger_txn", rows, recover,
    )  # fmt: skip


@pytest.mark.parametrize("into", ["new home", "journal"])
def test_retro_import(tmp_path: Path, rng: random.Random, tally, into: str) -> None:
    """Into a new home the records go straight into the table (reflee.retro.bulkload); into a journal that holds
    a retrospect they are staged and copied. Either way the kills land in a bulk load (triggers and indexes set
    aside)."""
    n = scale(12000, 20000)
    assert n >= importer.DEFER_MIN
    doc = {
        "format": "reflee.retro",
        "version": 1,
        "retros": [
            {
                "entry_date": f"2025-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
                "content": f"회고 {i}: 오늘 배운 것",
                "tags": ["t"],
            }
            for i in range(n)
        ],
    }
    source = tmp_path / "retros.json"
    source.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")

    def recover(home: Path) -> None:
        with services.open(home) as s:
            s.retro.import_(source.read_bytes(), source.name)

    def seed(home: Path) -> None:
        with services.open(home) as s:
            s.config.set("feedback.mode", "off")
            s.retro.add("먼저 쓴 회고", purpose="")

    _import_trials(
        tmp_path, rng, tally, f"kill -9: retro import ({into})", ["retro", "import", str(source)],
        "SELECT count(*), count(DISTINCT content_hash) FROM retro", n, recover, seed if into == "journal" else None,
    )  # fmt: skip


@needs_real_data
def test_policy_import(tmp_path: Path, rng: random.Random, tally) -> None:
    doc = json.loads(YOUTH.read_text(encoding="utf-8"))
    doc["result"]["youthPolicyList"] = doc["result"]["youthPolicyList"][: scale(150, 1324)]
    source = tmp_path / "youth.json"
    source.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with services.open(tmp_path / "count") as s:
        expected = s.policy.import_([source]).imported

    def recover(home: Path) -> None:
        with services.open(home) as s:
            s.policy.import_([source])

    _import_trials(
        tmp_path, rng, tally, "kill -9: policy import", ["policy", "import", str(source)],
        "SELECT count(*), count(DISTINCT source || ':' || source_id) FROM policy", expected, recover,
    )  # fmt: skip


def test_backup(tmp_path: Path, rng: random.Random, tally) -> None:
    row = tally.row("kill -9: db backup")
    start = time.monotonic()
    home = tmp_path / "home"
    with services.open(home) as s:
        for i in range(50):
            s.retro.add(f"백업될 회고 {i}")
        s.conn.execute("CREATE TABLE padding (blob BLOB)")
        s.conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)"
            " INSERT INTO padding SELECT randomblob(4096) FROM n",
            (scale(3000, 12000),),
        )
    window = _calibrate(home, ["db", "backup", str(tmp_path / "calibration.db")]) * 1.2
    for trial in range(TRIALS):
        target = tmp_path / f"copy{trial}.db"
        killed, code, err = kill_at_random(home, ["db", "backup", str(target)], rng, window)
        row.trials += 1
        row.killed += killed
        row.crashes += (not killed) and crashed(code, err)
        assert not target.with_name(target.name + ".partial-journal").exists()
        if not target.exists():
            done = reflee(home, "db", "backup", str(target))
            assert done.returncode == 0, done.stderr
        copy = sqlite3.connect(target)
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        kept = copy.execute("SELECT count(*) FROM retro").fetchone()[0]
        copy.close()
        row.records += kept
        row.lost += 50 - kept
        assert sorted(p.name for p in tmp_path.glob(f"copy{trial}.db*")) == [target.name]
    row.seconds += time.monotonic() - start
    assert (row.lost, row.crashes) == (0, 0)


@pytest.fixture
def standin():
    from feedback_helpers import good
    from standin import OllamaStandin, Reply

    with OllamaStandin(models=["llama3.2:latest"], parallel=16) as server:
        server.set_responder(lambda _body: Reply(content=good(), latency=0.03))
        yield server


def test_feedback_run(tmp_path: Path, rng: random.Random, tally, standin) -> None:
    n = scale(6, 40)
    row = tally.row("kill -9: feedback run")
    start = time.monotonic()

    def queued_home(name: str) -> Path:
        home = tmp_path / name
        with services.open(home) as s:
            for key, value in {"llm.host": standin.url, "llm.model": "llama3.2", "feedback.mode": "queue"}.items():
                s.config.set(key, value)
        with services.open(home) as s:
            for i in range(n):
                s.retro.add(f"피드백 받을 회고 {i}")
        return home

    args = ["feedback", "run", "--concurrency", "2"]
    window = _calibrate(queued_home("calibration"), args) * 1.2
    per_retro = "SELECT r.id, count(f.id) FROM retro r LEFT JOIN feedback f ON f.retro_id = r.id GROUP BY r.id"
    for trial in range(TRIALS):
        home = queued_home(f"trial{trial}")
        killed, code, err = kill_at_random(home, args, rng, window)
        row.trials += 1
        row.killed += killed
        row.crashes += (not killed) and crashed(code, err)
        with services.open(home) as s:
            after_kill = dict(s.conn.execute(per_retro).fetchall())
            done_jobs = s.conn.execute(
                "SELECT count(*) FROM job WHERE kind = 'feedback' AND state = 'done'"
            ).fetchone()[0]
        assert max(after_kill.values()) <= 1 and done_jobs == sum(after_kill.values())
        with services.open(home) as s:
            s.feedback.run_queue(concurrency=2)  # at once: the dead worker's jobs are not waiting for a lease
            final = dict(s.conn.execute(per_retro).fetchall())
            states = dict(
                s.conn.execute("SELECT state, count(*) FROM job WHERE kind = 'feedback' GROUP BY state").fetchall()
            )
        row.records += len(final)
        row.lost += sum(1 for c in final.values() if c == 0)
        row.duplicated += sum(c - 1 for c in final.values() if c > 1)
        assert states == {"done": n}, states
        _check_clean(home)
    row.seconds += time.monotonic() - start
    assert (row.lost, row.duplicated, row.crashes) == (0, 0, 0)
