"""N writer processes and M reader processes on one home at once: every write lands exactly once, no reader
or writer fails, and nobody sees 'database is locked'."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from reflee import services
from tests.reliability.harness import crashed, env_for, scale

WRITER = """
import sys
from reflee.cli.main import run
who, count = sys.argv[1], int(sys.argv[2])
for i in range(count):
    for args in (["retro", "add", f"writer {who} entry {i}"], ["ledger", "add", str(100 + i), "-m", f"w{who}-{i}"]):
        try:
            run(args)
        except SystemExit as e:
            if e.code:
                raise
"""
READER = """
import sys
from reflee.cli.main import run
for i in range(int(sys.argv[1])):
    for args in (["retro", "list", "--json"], ["ledger", "list", "--json"], ["retro", "search", "entry", "--json"]):
        try:
            run(args)
        except SystemExit as e:
            if e.code:
                raise
"""


def test_writers_and_readers_at_once(tmp_path: Path, tally) -> None:
    writers, readers, each = scale(4, 8), scale(2, 4), scale(6, 40)
    row = tally.row(f"{writers} writers + {readers} readers")
    start = time.monotonic()
    home = tmp_path / "home"
    with services.open(home) as s:
        s.config.set("feedback.mode", "off")
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(w), str(each)], env=env_for(home),
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for w in range(writers)
    ] + [
        subprocess.Popen([sys.executable, "-c", READER, str(each)], env=env_for(home),
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for _ in range(readers)
    ]  # fmt: skip
    errors = []
    for p in procs:
        _out, err = p.communicate(timeout=600)
        row.trials += 1
        if p.returncode != 0:
            errors.append(err)
            row.crashes += crashed(p.returncode, err) or "locked" in err
    with services.open(home) as s:
        retros = [r[0] for r in s.conn.execute("SELECT content FROM retro")]
        memos = [r[0] for r in s.conn.execute("SELECT memo FROM ledger_txn")]
    expected = {f"writer {w} entry {i}" for w in range(writers) for i in range(each)}
    expected_memos = {f"w{w}-{i}" for w in range(writers) for i in range(each)}
    row.records += len(retros) + len(memos)
    row.lost += len(expected - set(retros)) + len(expected_memos - set(memos))
    row.duplicated += (len(retros) - len(set(retros))) + (len(memos) - len(set(memos)))
    row.seconds += time.monotonic() - start
    assert not errors, errors
    assert "database is locked" not in "".join(errors)
    assert (row.lost, row.duplicated) == (0, 0)
