"""The SQLite file: migrations from blank and from every older schema, bad files, concurrency, backup."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from reflee import db
from reflee.errors import ExitCode, StorageError
from reflee.migrations import MIGRATIONS, apply_pending


def schema(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    return sorted(
        (r[0], r[1])
        for r in conn.execute("SELECT name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND sql IS NOT NULL")
    )


def test_blank_database_gets_every_migration(tmp_path: Path):
    conn = db.connect(tmp_path / "a.db")
    assert db.schema_version(conn) == len(MIGRATIONS)
    assert db.pending_migrations(conn) == []
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"retro", "retro_tag", "retro_fts", "notification", "_reflee_migrations"} <= names


@pytest.mark.parametrize("stop", [name for name, _ in MIGRATIONS])
def test_upgrade_from_every_older_schema(tmp_path: Path, stop: str):
    """A database left at each earlier schema upgrades to the same schema a blank one gets, keeping its rows."""
    old = sqlite3.connect(tmp_path / "old.db", isolation_level=None)
    apply_pending(old, stop_before=stop)
    has_retro = old.execute("SELECT 1 FROM sqlite_master WHERE name = 'retro'").fetchone()
    if has_retro:
        old.execute(
            "INSERT INTO retro (id, entry_date, purpose, content, content_hash, created_at, updated_at)"
            " VALUES ('0' , '2026-01-01', '', '예전 회고', 'h', 't', 't')"
        )
    old.close()
    upgraded = db.connect(tmp_path / "old.db")
    fresh = db.connect(tmp_path / "fresh.db")
    assert schema(upgraded) == schema(fresh)
    assert db.schema_version(upgraded) == len(MIGRATIONS)
    if has_retro:
        assert upgraded.execute("SELECT content FROM retro").fetchone()[0] == "예전 회고"


def test_a_new_database_has_large_pages_and_an_old_one_keeps_its_own(tmp_path: Path):
    """New databases get 16 KiB pages; one made with SQLite's 4 KiB (every database before this) opens, keeps
    its pages and its rows, and takes writes."""
    assert db.connect(tmp_path / "new.db").execute("PRAGMA page_size").fetchone()[0] == 16384
    old = sqlite3.connect(tmp_path / "old.db", isolation_level=None)
    old.execute("PRAGMA page_size = 4096")
    apply_pending(old)
    old.execute(
        "INSERT INTO retro (id, entry_date, purpose, content, content_hash, created_at, updated_at)"
        " VALUES ('019ad2c4f1a07c3e9b5d2e8f4a6c1b37', '2026-01-01', '', '예전 회고', 'h', 't', 't')"
    )
    old.close()
    conn = db.connect(tmp_path / "old.db")
    assert conn.execute("PRAGMA page_size").fetchone()[0] == 4096
    conn.execute(
        "INSERT INTO retro (id, entry_date, purpose, content, content_hash, created_at, updated_at)"
        " VALUES ('019ad2c4f1a07c3e9b5d2e8f4a6c1b38', '2026-01-02', '', '새 회고', 'h2', 't', 't')"
    )
    assert [r[0] for r in conn.execute("SELECT content FROM retro ORDER BY entry_date")] == ["예전 회고", "새 회고"]
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_migrations_have_unique_names_and_order():
    names = [name for name, _ in MIGRATIONS]
    assert len(names) == len(set(names))
    assert names == sorted(names), "migrations are append-only and numbered in order"


def test_newer_schema_is_refused(tmp_path: Path):
    conn = db.connect(tmp_path / "n.db")
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    conn.close()
    with pytest.raises(StorageError, match="newer"):
        db.connect(tmp_path / "n.db")


def test_not_a_database_file(cli, home: Path):
    home.mkdir(parents=True)
    (home / "reflee.db").write_bytes(b"this is a text file, not SQLite\n" * 200)
    r = cli("retro", "list")
    assert r.code == ExitCode.STORAGE
    assert "not a reflee database" in r.err and r.err.count("\n") == 1
    assert (home / "reflee.db").read_bytes().startswith(b"this is a text file")


def test_home_that_cannot_be_created(cli, tmp_path: Path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("REFLEE_HOME", str(blocker / "home"))
    r = cli("retro", "add", "hello")
    assert r.code == ExitCode.STORAGE and "cannot create the data directory" in r.err


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_home(cli, home: Path):
    assert cli("retro", "add", "first").code == 0
    for p in home.iterdir():
        p.chmod(0o444)
    home.chmod(0o555)
    try:
        r = cli("retro", "add", "second")
        assert r.code == ExitCode.STORAGE and "read-only" in r.err
    finally:
        home.chmod(0o755)
        for p in home.iterdir():
            p.chmod(0o644)


def test_two_processes_adding_at_once_both_succeed(home: Path):
    """Several processes write to a brand-new home at the same moment: every entry lands, once."""
    script = (
        "import sys\n"
        "from reflee.cli.main import run\n"
        "for i in range(15):\n"
        "    try:\n"
        "        run(['retro', 'add', f'proc {sys.argv[1]} entry {i}'])\n"
        "    except SystemExit as e:\n"
        "        if e.code: raise\n"
    )
    env = {**os.environ, "REFLEE_HOME": str(home)}
    procs = [
        subprocess.Popen([sys.executable, "-c", script, str(n)], env=env, stderr=subprocess.PIPE) for n in range(4)
    ]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
    conn = db.connect(home / "reflee.db")
    contents = {r[0] for r in conn.execute("SELECT content FROM retro")}
    assert len(contents) == 60


def test_backup_is_a_consistent_copy(cli, home: Path, tmp_path: Path):
    for i in range(5):
        cli("retro", "add", f"entry {i}")
    target = tmp_path / "backup.db"
    r = cli("db", "backup", str(target), "--json")
    assert r.code == 0 and r.json["size_bytes"] > 0
    copy = sqlite3.connect(target)
    assert copy.execute("SELECT count(*) FROM retro").fetchone()[0] == 5
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    r = cli("db", "backup", str(target))
    assert r.code == ExitCode.USAGE and "already exists" in r.err


def test_backup_while_another_process_writes(home: Path, tmp_path: Path, reflee_proc):
    assert reflee_proc("retro", "add", "seed").code == 0
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from reflee.cli.main import run\nimport sys\n"
            "for i in range(40):\n"
            "    try: run(['retro','add',f'w{i}'])\n"
            "    except SystemExit as e:\n"
            "        assert not e.code\n",
        ],
        env={**os.environ, "REFLEE_HOME": str(home)},
    )
    copies = []
    for i in range(3):
        out = tmp_path / f"b{i}.db"
        r = reflee_proc("db", "backup", str(out))
        assert r.code == 0, r.err
        copies.append(out)
    writer.wait(timeout=120)
    assert writer.returncode == 0
    for out in copies:
        c = sqlite3.connect(out)
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert c.execute("SELECT count(*) FROM retro").fetchone()[0] >= 1


def test_db_status_and_check(cli):
    cli("retro", "add", "x", "-t", "a")
    r = cli("db", "status", "--json")
    assert r.code == 0
    assert r.json["schema_version"] == len(MIGRATIONS) and r.json["pending"] == []
    assert r.json["tables"]["retro"] == 1 and r.json["tables"]["retro_tag"] == 1
    assert all(m["applied"] for m in r.json["migrations"])
    assert r.json["page_size"] == 16384
    assert "16 KiB pages" in cli("db", "status").out
    r = cli("db", "check", "--json")
    assert r.code == 0 and r.json == {"ok": True, "problems": []}


def test_db_check_reports_a_broken_index(cli, home: Path):
    cli("retro", "add", "검색 색인이 어긋난 경우")
    conn = db.connect(home / "reflee.db")  # writing retro needs reflee_bigrams, which db.connect registers
    conn.execute("DROP TRIGGER retro_fts_au")
    conn.execute("UPDATE retro SET content = 'changed behind the index'")
    conn.commit()
    conn.close()
    r = cli("db", "check")
    assert r.code == ExitCode.STORAGE and "retro_fts" in r.err
