"""A bulk load writes with the rollback journal instead of the WAL when nobody else has the database open
(reflee.bulkdb.own_journal): the WAL is back afterwards, a connection that is open keeps the WAL in place, and a
process killed in the middle leaves nothing of its transaction and a database in WAL mode again."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from reflee import bulkdb, db


def _mode(conn: sqlite3.Connection) -> tuple[str, int]:
    return conn.execute("PRAGMA journal_mode").fetchone()[0], conn.execute("PRAGMA synchronous").fetchone()[0]


@pytest.fixture
def conn(tmp_path: Path):
    conn = db.connect(tmp_path / "reflee.db")
    yield conn
    conn.close()


def test_alone_it_switches_to_the_rollback_journal_and_back(conn: sqlite3.Connection) -> None:
    before = _mode(conn)
    assert before[0] == "wal"
    with bulkdb.own_journal(conn) as switched:
        assert switched
        assert _mode(conn) == ("delete", 2)  # FULL: NORMAL is not power-safe with a rollback journal
        with db.transaction(conn):
            conn.execute("CREATE TABLE t (x)")
            conn.executemany("INSERT INTO t VALUES (?)", ((i,) for i in range(1000)))
    assert _mode(conn) == before
    assert conn.execute("SELECT count(*) FROM t").fetchone()[0] == 1000


def test_an_error_inside_rolls_back_and_the_wal_is_back(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE t (x)")
    with pytest.raises(RuntimeError), bulkdb.own_journal(conn), db.transaction(conn):
        conn.executemany("INSERT INTO t VALUES (?)", ((i,) for i in range(1000)))
        raise RuntimeError("refused")
    assert _mode(conn)[0] == "wal"
    assert conn.execute("SELECT count(*) FROM t").fetchone()[0] == 0


def test_with_another_connection_open_the_wal_stays(conn: sqlite3.Connection, tmp_path: Path) -> None:
    other = db.connect(tmp_path / "reflee.db")
    try:
        other.execute("SELECT 1 FROM sqlite_schema").fetchall()
        start = time.monotonic()
        with bulkdb.own_journal(conn) as switched:
            assert not switched
            assert _mode(conn)[0] == "wal"
        assert time.monotonic() - start < db.BUSY_TIMEOUT_MS / 1000 / 2  # refused at once, not after a wait
    finally:
        other.close()


def test_not_wanted_or_not_in_wal_mode_changes_nothing(conn: sqlite3.Connection, tmp_path: Path) -> None:
    with bulkdb.own_journal(conn, wanted=False) as switched:
        assert not switched and _mode(conn)[0] == "wal"
    plain = sqlite3.connect(tmp_path / "plain.db", isolation_level=None)
    plain.execute("PRAGMA journal_mode = TRUNCATE")
    with bulkdb.own_journal(plain) as switched:
        assert not switched
    assert _mode(plain)[0] == "truncate"  # a database that was not in WAL mode is not put into it
    plain.close()


CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from reflee import bulkdb, db
    path, ready = Path(sys.argv[1]), Path(sys.argv[2])
    conn = db.connect(path)
    with bulkdb.own_journal(conn) as switched, db.transaction(conn):
        conn.execute("PRAGMA cache_size = 50")  # a small cache: the rows spill into the database file
        conn.executemany("INSERT INTO t VALUES (?)", ((("x" * 500) + str(i),) for i in range(20000)))
        ready.write_text(str(switched))
        while True:
            pass
    """
)


def test_a_kill_in_the_middle_leaves_nothing_and_the_wal_comes_back(tmp_path: Path) -> None:
    path, ready = tmp_path / "reflee.db", tmp_path / "ready"
    with db.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.execute("INSERT INTO t VALUES ('before')")
    conn.close()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(path), str(ready)], env=env)
    try:
        deadline = time.monotonic() + 60
        while not ready.exists() and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ready.exists(), "the writer never got inside its transaction"
        assert ready.read_text() == "True"  # it had the rollback journal
        assert path.stat().st_size > 1_000_000  # and its rows were in the database file when it was killed
        assert Path(f"{path}-journal").exists()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
    conn = db.connect(path)
    try:
        assert [r[0] for r in conn.execute("SELECT x FROM t")] == ["before"]  # the hot journal was rolled back
        assert _mode(conn)[0] == "wal"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def test_foreign_keys_are_off_only_inside_the_block(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE parent (id TEXT PRIMARY KEY)")
    conn.execute("CREATE TABLE child (parent_id TEXT REFERENCES parent (id) ON DELETE CASCADE)")
    with bulkdb.foreign_keys_off(conn), db.transaction(conn):
        conn.execute("INSERT INTO parent VALUES ('a')")
        conn.executemany("INSERT INTO child VALUES (?)", [("a",), ("a",)])
        conn.execute("INSERT INTO child VALUES ('nobody')")  # refused outside the block (shown below)
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"), db.transaction(conn):
        conn.execute("INSERT INTO child VALUES ('nobody either')")
    with db.transaction(conn):
        conn.execute("DELETE FROM parent")  # the cascade runs again
    assert [tuple(r) for r in conn.execute("SELECT parent_id FROM child")] == [("nobody",)]


@pytest.mark.parametrize("how", ["not wanted", "inside a transaction", "an error inside"])
def test_foreign_keys_stay_on_when_not_wanted_inside_a_transaction_and_after_an_error(
    conn: sqlite3.Connection, how: str
) -> None:
    if how == "not wanted":
        with bulkdb.foreign_keys_off(conn, wanted=False):
            assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    elif how == "inside a transaction":  # SQLite would ignore the switch there: it is not tried
        with db.transaction(conn), bulkdb.foreign_keys_off(conn):
            assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    else:
        with pytest.raises(RuntimeError), bulkdb.foreign_keys_off(conn):
            assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 0
            raise RuntimeError("refused")
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
