"""`ledger import` of long files: rows are read, checked and inserted in batches inside one transaction, so
memory stays flat (a tracemalloc peak far below what the rows would take), a failure at any row leaves
nothing behind, a re-import adds nothing, and every added row reaches the sync outbox."""

from __future__ import annotations

import sqlite3
import tracemalloc
from pathlib import Path

from reflee import services
from reflee.errors import ExitCode

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
    conn.execute(
        "CREATE TRIGGER refuse_boom BEFORE INSERT ON ledger_txn WHEN new.memo = 'boom'"
        " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
    )
    conn.commit()
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
