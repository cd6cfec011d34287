"""Honest storage errors: a full disk says so (not 'cannot rollback'), read-only media still reads (list, check,
backup) and refuses writes clearly, `db check` checks every full-text index (policy_fts too) and gives no false
alarm on a read-only database, and a killed backup leaves no journal behind."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reflee.errors import ExitCode
from tests.faults import fill, immutable, readonly_bind, small_tmpfs

POLICY = (
    '{"format": "reflee.policies", "version": 1, "policies": ['
    '{"source": "manual", "source_id": "a", "title": "청년 월세 지원"},'
    '{"source": "manual", "source_id": "b", "title": "청년 도약 계좌"}]}'
)


def _seed(cli, tmp_path: Path) -> None:
    assert cli("retro", "add", "읽기 전용에서도 보여야 하는 회고", "--purpose", "p").code == 0
    assert cli("ledger", "add", "4500", "-m", "커피").code == 0
    (tmp_path / "p.json").write_text(POLICY, encoding="utf-8")
    assert cli("policy", "import", str(tmp_path / "p.json")).code == 0


def test_a_full_disk_says_so_and_loses_nothing(cli, home: Path, tmp_path: Path) -> None:
    with small_tmpfs(home, "4m"):  # room for the schema of every domain, then filled up
        assert cli("ledger", "add", "100", "-m", "before").code == 0
        rows = "".join(f"2026-01-05,-{100 + i},memo {i} with a little padding to fill pages\n" for i in range(20000))
        (tmp_path / "big.csv").write_text("날짜,금액,메모\n" + rows, encoding="utf-8")
        fill(home)
        for args in (("ledger", "import", str(tmp_path / "big.csv")), ("ledger", "add", "300", "-m", "after")):
            result = cli(*args)
            assert result.code == ExitCode.STORAGE, (args, result.err)
            assert "the disk is full" in result.err and "rollback" not in result.err, result.err
        assert cli("ledger", "list", "--json").json["transactions"][0]["memo"] == "before"  # reads still work
        for filler in home.glob("filler*"):
            filler.unlink()
        assert cli("db", "check").code == 0
        assert [t["memo"] for t in cli("ledger", "list", "--json").json["transactions"]] == ["before"]
        assert cli("ledger", "list", "--month", "2026-01", "--json").json["transactions"] == []


def test_read_only_media_still_reads_checks_and_backs_up(cli, home: Path, tmp_path: Path) -> None:
    _seed(cli, tmp_path)
    with readonly_bind(home):
        listed = cli("retro", "list", "--json")
        assert listed.code == 0 and len(listed.json) == 1, listed.err
        assert cli("ledger", "list", "--json").code == 0
        assert cli("policy", "search", "월세", "--json").code == 0
        checked = cli("db", "check", "--json")
        assert checked.code == 0 and checked.json == {"ok": True, "problems": []}, checked.out + checked.err
        backed = cli("db", "backup", str(tmp_path / "copy.db"))
        assert backed.code == 0, backed.err
        refused = cli("ledger", "add", "100")
        assert refused.code == ExitCode.STORAGE
        assert refused.err == (
            "error: cannot save: the database is read-only (attempt to write a readonly database); "
            "nothing was changed\n"
        )
    copy = sqlite3.connect(tmp_path / "copy.db")
    assert copy.execute("SELECT count(*) FROM retro").fetchone()[0] == 1
    copy.close()


def test_an_immutable_database_file_still_reads(cli, home: Path, tmp_path: Path) -> None:
    _seed(cli, tmp_path)
    with immutable(home / "reflee.db"):
        listed = cli("retro", "list", "--json")
        assert listed.code == 0 and len(listed.json) == 1, listed.err
        assert cli("ledger", "add", "100").code == ExitCode.STORAGE


def test_db_check_finds_an_emptied_policy_index(cli, home: Path, tmp_path: Path) -> None:
    _seed(cli, tmp_path)
    conn = sqlite3.connect(home / "reflee.db")
    conn.execute("INSERT INTO policy_fts (policy_fts) VALUES ('delete-all')")
    conn.commit()
    conn.close()
    result = cli("db", "check", "--json")
    assert result.code == ExitCode.STORAGE
    assert [p.split(":")[0] for p in result.json["problems"]] == ["policy_fts"]


def test_db_check_on_read_only_media_still_finds_an_emptied_index(cli, home: Path, tmp_path: Path) -> None:
    _seed(cli, tmp_path)
    conn = sqlite3.connect(home / "reflee.db")
    conn.execute("INSERT INTO policy_fts (policy_fts) VALUES ('delete-all')")
    conn.commit()
    conn.close()
    with readonly_bind(home):
        result = cli("db", "check", "--json")
    assert result.code == ExitCode.STORAGE
    assert result.json["problems"] == ["policy_fts: the index holds 0 entries for 2 rows of policy"]


def test_a_killed_backup_leaves_no_journal_and_the_next_one_works(home: Path, tmp_path: Path) -> None:
    env = {**os.environ, "REFLEE_HOME": str(home)}
    subprocess.run([sys.executable, "-m", "reflee", "ledger", "list"], env=env, check=True, capture_output=True)
    db = sqlite3.connect(home / "reflee.db")
    db.execute("CREATE TABLE IF NOT EXISTS padding (blob BLOB)")
    db.executemany("INSERT INTO padding VALUES (randomblob(4096))", [()] * 12000)  # ~50 MB: a backup takes a while
    db.commit()
    db.close()
    target = tmp_path / "copy.db"
    partial, journal = tmp_path / "copy.db.partial", tmp_path / "copy.db.partial-journal"
    proc = subprocess.Popen([sys.executable, "-m", "reflee", "db", "backup", str(target)], env=env)
    deadline = time.monotonic() + 60
    while proc.poll() is None and (not partial.exists() or partial.stat().st_size < 4 * 1024 * 1024):
        assert time.monotonic() < deadline  # kill it half-way through the copy
        time.sleep(0.001)
    assert proc.poll() is None, "the backup finished before it could be killed; make the database larger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(30)
    assert not journal.exists()
    assert not target.exists() or sqlite3.connect(target).execute("PRAGMA integrity_check").fetchone() == ("ok",)
    if target.exists():
        target.unlink()
    again = subprocess.run(
        [sys.executable, "-m", "reflee", "db", "backup", str(target)], env=env, capture_output=True, text=True
    )
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("copy")) == ["copy.db"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"garbage " * 1000, "is not a reflee database (SQLite says: file is not a database)"),
    ],
)
def test_a_garbage_database_is_one_clear_line(cli, home: Path, content: bytes, message: str) -> None:
    home.mkdir(parents=True)
    (home / "reflee.db").write_bytes(content)
    result = cli("ledger", "list")
    assert result.code == ExitCode.STORAGE and message in result.err and result.err.count("\n") == 1


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_a_database_held_by_another_process_is_one_clear_line_after_the_wait(
    cli, reflee_proc, home: Path, journal: str
) -> None:
    """Another process holds the database longer than the busy timeout: with the rollback journal (a bulk import
    alone with the database) even a reader waits, in WAL mode a writer does; either gives up with one line."""
    assert cli("ledger", "add", "4500", "-m", "커피").code == 0
    holder = sqlite3.connect(home / "reflee.db", isolation_level=None)
    try:
        assert holder.execute(f"PRAGMA journal_mode = {journal}").fetchone()[0] == journal
        holder.execute("BEGIN EXCLUSIVE")
        args = ("ledger", "list") if journal == "delete" else ("ledger", "add", "5500", "-m", "점심")
        start = time.monotonic()
        r = reflee_proc(*args, timeout=120)
        assert time.monotonic() - start >= 9  # it waited for the holder first
    finally:
        holder.close()
    assert r.code == ExitCode.STORAGE
    lines = r.err.strip().splitlines()
    assert len(lines) == 1 and "the database is busy: another reflee command has held it for over 10 s" in lines[0]
    [txn] = cli("ledger", "list", "--json").json["transactions"]  # nothing lost, nothing half-written
    assert txn["memo"] == "커피"
