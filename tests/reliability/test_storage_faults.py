"""Storage faults with the exact line and exit code a user gets, each in a real reflee process: a read-only
database file, a read-only directory (media), a full filesystem, a garbage file and a newer schema. Reads keep
working wherever the data can be read; nothing is half-written."""

from __future__ import annotations

import resource
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reflee import services
from reflee.migrations import MIGRATIONS
from tests.faults import fill, immutable, readonly_bind, small_tmpfs
from tests.reliability.harness import env_for, reflee

READ_ONLY = (
    "error: cannot save: the database is read-only (attempt to write a readonly database); nothing was changed\n"
)
FULL = "error: cannot save: the disk is full (SQLite says: database or disk is full); nothing was changed\n"


@pytest.fixture
def row(tally, request):
    r = tally.row("fault: " + request.node.name.removeprefix("test_").replace("_", " "))
    start = time.monotonic()
    yield r
    r.trials += 1
    r.seconds += time.monotonic() - start


def _seeded(home: Path) -> Path:
    with services.open(home) as s:
        s.config.set("feedback.mode", "off")
        s.retro.add("남아 있어야 하는 회고")
        s.ledger.add("4500", memo="커피")
    return home


def _reads_and_refuses(home: Path, row, expected_error: str) -> None:
    listed = reflee(home, "retro", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert '"남아 있어야 하는 회고"' in listed.stdout
    assert reflee(home, "db", "check").returncode == 0
    refused = reflee(home, "ledger", "add", "100", "-m", "refused")
    head, marker, tail = expected_error.partition(" (SQLite says: ")
    if not marker:
        assert (refused.returncode, refused.stderr) == (7, expected_error)
    else:
        # reflee's own words exactly; SQLite's explanation in brackets depends on whether the database could still
        # be opened for writing on the full disk ("database or disk is full") or only for reading ("… readonly")
        assert refused.returncode == 7 and refused.stderr.startswith(head + marker), refused.stderr
        assert refused.stderr.endswith(tail.split(")", 1)[1]), refused.stderr
    row.records += 2


def test_read_only_database_file(tmp_path: Path, row) -> None:
    home = _seeded(tmp_path / "home")
    with immutable(home / "reflee.db"):
        _reads_and_refuses(home, row, READ_ONLY)


def test_read_only_directory(tmp_path: Path, row) -> None:
    home = _seeded(tmp_path / "home")
    with readonly_bind(home):
        _reads_and_refuses(home, row, READ_ONLY)
        backup = reflee(home, "db", "backup", str(tmp_path / "copy.db"))
        assert backup.returncode == 0, backup.stderr


def test_full_filesystem(tmp_path: Path, row) -> None:
    home = tmp_path / "home"
    try:
        with small_tmpfs(home, "6m"):  # room for a new database (2 MB with its 16 KiB pages) and its WAL
            _seeded(home)
            fill(home)
            _reads_and_refuses(home, row, FULL)
            with services.open(home) as s:
                assert [t.memo for t in s.ledger.list().transactions] == ["커피"]
        return
    except pytest.skip.Exception:
        pass  # no tmpfs here: the same limit through RLIMIT_FSIZE below
    home = _seeded(tmp_path / "rlimit")

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails with EFBIG instead of killing reflee
        size = (home / "reflee.db").stat().st_size
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    rows = "".join(f"2026-01-05,-{100 + i},padding padding padding {i}\n" for i in range(20000))
    (tmp_path / "big.csv").write_text("날짜,금액,메모\n" + rows, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "reflee", "ledger", "import", str(tmp_path / "big.csv")],
        env=env_for(home), capture_output=True, text=True, preexec_fn=limit, timeout=120,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (
        7,
        "error: cannot save: the disk reported an I/O error; nothing was changed\n",
    )
    with services.open(home) as s:
        assert [t.memo for t in s.ledger.list().transactions] == ["커피"]


def test_first_run_on_a_disk_too_small_for_the_database(tmp_path: Path, row) -> None:
    """The schema does not fit: every command says the disk is full (exit 7), not what a failed rollback said."""
    home = tmp_path / "home"
    with small_tmpfs(home, "1m"):
        for args in (["retro", "add", "첫 회고"], ["retro", "list"]):
            done = reflee(home, *args)
            assert done.returncode == 7, done.stderr
            full = "the disk is full (SQLite says: database or disk is full)"
            assert done.stderr == f"error: cannot write to {home / 'reflee.db'}: {full}\n"
            row.records += 1


def test_garbage_database(tmp_path: Path, row) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "reflee.db").write_bytes(b"\x00garbage\xff" * 4096)
    done = reflee(home, "retro", "list")
    assert (done.returncode, done.stderr) == (
        7,
        f"error: {home / 'reflee.db'} is not a reflee database (SQLite says: file is not a database)\n",
    )
    assert (home / "reflee.db").read_bytes() == b"\x00garbage\xff" * 4096  # untouched


def test_newer_schema_database(tmp_path: Path, row) -> None:
    home = _seeded(tmp_path / "home")
    conn = sqlite3.connect(home / "reflee.db")
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 3}")
    conn.close()
    for args in (("retro", "list"), ("ledger", "add", "100")):
        done = reflee(home, *args)
        assert (done.returncode, done.stderr) == (
            7,
            f"error: this database has schema {len(MIGRATIONS) + 3}, newer than this reflee knows "
            f"({len(MIGRATIONS)}); upgrade reflee\n",
        )
