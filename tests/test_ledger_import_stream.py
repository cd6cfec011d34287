"""`ledger import` of long files: rows are read, checked and inserted in batches inside one transaction, so
memory stays flat (a tracemalloc peak far below what the rows would take), a failure at any row leaves
nothing behind, a re-import adds nothing, and every added row reaches the sync outbox."""

from __future__ import annotations

import sqlite3
import tracemalloc
from pathlib import Path

from reflee import services
from reflee.errors import ExitCode
from tests.ledger_helpers import refuse_memo
from tests.sync_helpers import mark_pushed

ROWS = 25_000  # above the rows read before the write lock is taken, so the import streams


def _csv(path: Path, n: int, *, boom_at: int | None = None) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("거래일자,적요,가맹점명,금액,분류\n")
        for i in range(n):
            memo = "boom" if i == boom_at else f"체크카드 {i}"
            fh.write(f"2025-{1 + i % 12:02d}-{1 + i % 28:02d},{memo},가게 {i % 500},-{1000 + i % 9000},식비\n")
    return path


def _count(home: Path, sql: str) -> int:
    with sqlite3.connect(home / "reflee.db") as conn:
        return int(conn.execute(sql).fetchone()[0])


def test_a_long_file_is_one_transaction_and_reaches_the_outbox(cli, home: Path, tmp_path: Path) -> None:
    assert cli("ledger", "list").code == 0  # creates the database
    conn = sqlite3.connect(home / "reflee.db")
    mark_pushed(conn)
    refuse_memo(conn)
    f = _csv(tmp_path / "long.csv", ROWS, boom_at=ROWS - 100)  # in the last batch, after 24,000 rows went in
    r = cli("ledger", "import", str(f), "--save-profile", "p")
    assert r.code == ExitCode.STORAGE and "refused by the test" in r.err
    assert _count(home, "SELECT count(*) FROM ledger_txn") == 0
    assert _count(home, "SELECT count(*) FROM ledger_import") == 0
    assert _count(home, "SELECT count(*) FROM ledger_import_profile") == 0
    assert _count(home, "SELECT count(*) FROM sync_outbox WHERE kind = 'transaction'") == 0
    conn.execute("DROP TRIGGER refuse_boom")
    conn.commit()
    conn.close()
    r = cli("ledger", "import", str(f), "--json")
    assert r.code == 0, r.err
    assert (r.json["rows"], r.json["added"], r.json["duplicates"]) == (ROWS, ROWS, 0)
    assert _count(home, "SELECT count(*) FROM ledger_txn") == ROWS
    assert _count(home, "SELECT count(*) FROM sync_outbox WHERE kind = 'transaction'") == ROWS
    assert _count(home, "SELECT rows_added FROM ledger_import") == ROWS
    again = cli("ledger", "import", str(f), "--json")
    assert (again.code, again.json["added"], again.json["duplicates"]) == (0, 0, ROWS)
    assert cli("ledger", "add", "4500", "-m", "커피").code == 0  # a single add still reaches it by the trigger
    assert _count(home, "SELECT count(*) FROM sync_outbox WHERE kind = 'transaction'") == ROWS + 1


def test_an_invalid_row_late_in_a_long_file_imports_nothing(cli, home: Path, tmp_path: Path) -> None:
    f = _csv(tmp_path / "long.csv", ROWS)
    with f.open("a", encoding="utf-8") as fh:
        fh.write("2025-02-30,-100,없는 날,,\n")
    r = cli("ledger", "import", str(f))
    assert r.code == ExitCode.DATA
    assert f"1 of {ROWS + 1} rows are invalid, nothing was imported" in r.err
    assert f"line {ROWS + 2}: date" in r.err
    assert _count(home, "SELECT count(*) FROM ledger_txn") == 0


def test_importing_50k_rows_does_not_hold_them_in_memory(home: Path, tmp_path: Path) -> None:
    f = _csv(tmp_path / "big.csv", 50_000)
    with services.open(home) as s:
        s.ledger.list()  # the database and its schema first
        tracemalloc.start()
        try:
            result = s.ledger.import_csv(f)
            _size, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert result.added == 50_000
    # 50,000 parsed rows alone take well over 40 MB of Python objects; the batches stay far below
    assert peak < 30 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"


def test_kill_9_during_a_streamed_import_leaves_nothing_and_a_rerun_adds_every_row(home: Path, tmp_path: Path) -> None:
    """A long import killed at a random moment once it is writing: no row, import record or outbox row is left,
    the database is sound, and running the import again adds every row once."""
    import os
    import random
    import signal
    import subprocess
    import sys
    import time

    n = 60_000
    f = _csv(tmp_path / "long.csv", n)
    env = {**os.environ, "REFLEE_HOME": str(home), "PYTHONPATH": os.pathsep.join(sys.path)}
    argv = [sys.executable, "-m", "reflee", "ledger", "import", str(f), "--json"]
    subprocess.run([sys.executable, "-m", "reflee", "ledger", "list"], env=env, capture_output=True, check=True)
    schema_sql = "SELECT type, name, sql FROM sqlite_schema WHERE tbl_name = 'ledger_txn' ORDER BY name"
    conn = sqlite3.connect(home / "reflee.db")
    schema = conn.execute(schema_sql).fetchall()  # a bulk load drops and rebuilds indexes in its transaction
    mark_pushed(conn)  # so that every imported row is written to the outbox as it is imported
    conn.close()  # alone with the database, the import writes with the rollback journal (reflee.bulkdb)
    journal, file = home / "reflee.db-journal", home / "reflee.db"
    rng = random.Random()
    for _trial in range(2):
        size = file.stat().st_size
        proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while proc.poll() is None and not (journal.exists() and file.stat().st_size > size + 64 * 1024):
            assert time.monotonic() < deadline, "the import never began writing"
            time.sleep(0.01)  # until the import is writing its batches
        time.sleep(rng.uniform(0.0, 0.3))  # then the random moment of the kill
        finished = proc.poll() is not None
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        rows = _count(home, "SELECT count(*) FROM ledger_txn")
        assert rows in (0, n)  # all or nothing: killed after the commit, it is all
        if finished:
            assert rows == n
        assert _count(home, "SELECT count(*) FROM sync_outbox WHERE kind = 'transaction'") == rows
        with sqlite3.connect(home / "reflee.db") as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute(schema_sql).fetchall() == schema
        if rows:
            break
    again = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert _count(home, "SELECT count(*) FROM ledger_txn") == n
    assert _count(home, "SELECT count(*) FROM sync_outbox WHERE kind = 'transaction'") == n
