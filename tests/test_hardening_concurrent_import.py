"""Two `ledger import`s of one file at once: both succeed, every row is stored once, the later one counts the
rows the other saved as duplicates (the duplicate check is repeated inside the write transaction)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from reflee import services

ROWS = 4000  # a multiple of the importer's progress batch, so the last read report comes after every row


def _csv(path: Path) -> Path:
    lines = "".join(f"2026-02-{i % 28 + 1:02d},-{1000 + i},가게 {i}\n" for i in range(ROWS))
    path.write_text("날짜,금액,메모\n" + lines, encoding="utf-8")
    return path


def test_two_imports_of_one_file_at_once_store_every_row_once(home: Path, tmp_path: Path) -> None:
    source = _csv(tmp_path / "bank.csv")
    both_read = threading.Barrier(2, timeout=60)
    results: dict[int, object] = {}

    def run(n: int) -> None:
        waited = False

        def progress(done: int, total: int | None) -> None:
            nonlocal waited
            if not waited and done == ROWS:  # both have read and checked the file before either writes
                waited = True
                both_read.wait()

        with services.open(home) as s:
            try:
                results[n] = s.ledger.import_csv(source, progress=progress)
            except Exception as exc:  # the test reports what a user would have seen
                results[n] = exc

    threads = [threading.Thread(target=run, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not any(isinstance(r, Exception) for r in results.values()), results
    added = sorted((r.added, r.duplicates) for r in results.values())  # type: ignore[attr-defined]
    assert added == [(0, ROWS), (ROWS, 0)]
    with services.open(home) as s:
        assert tuple(s.conn.execute("SELECT count(*), count(DISTINCT import_key) FROM ledger_txn").fetchone()) == (
            ROWS,
            ROWS,
        )


def test_two_processes_importing_one_file_both_exit_0(home: Path, tmp_path: Path) -> None:
    source = _csv(tmp_path / "bank.csv")
    env = {**os.environ, "REFLEE_HOME": str(home)}
    subprocess.run([sys.executable, "-m", "reflee", "ledger", "list"], env=env, check=True, capture_output=True)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "reflee", "ledger", "import", str(source)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    for p in procs:
        _out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    with services.open(home) as s:
        assert s.conn.execute("SELECT count(*) FROM ledger_txn").fetchone()[0] == ROWS
