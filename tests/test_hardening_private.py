"""Private by default: the home 0700, every file reflee creates 0600 and kept so on rewrite; secrets are never
printed; config edge cases (markup in a value, nan, nesting, read-only media) are clear errors."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from reflee import services
from reflee.errors import ExitCode
from tests.faults import readonly_bind


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_home_is_0700_and_every_file_reflee_writes_is_0600(cli, home: Path, tmp_path: Path) -> None:
    os.umask(0o022)  # a usual umask: reflee must not depend on the user's
    assert cli("ledger", "add", "4500", "-m", "커피").code == 0
    assert cli("config", "set", "llm.api_key", "sk-secret").code == 0
    assert cli("ledger", "export", "-o", str(tmp_path / "ledger.csv")).code == 0
    assert cli("retro", "add", "오늘", "--purpose", "p").code == 0
    assert cli("retro", "export", "-o", str(tmp_path / "retro.json")).code == 0
    assert cli("db", "backup", str(tmp_path / "backup.db")).code == 0
    assert cli("cache", "stats").code == 0
    assert mode(home) == 0o700
    assert mode(home / "cache") == 0o700
    files = [home / "reflee.db", home / "config.toml", tmp_path / "ledger.csv", tmp_path / "retro.json"]
    files += [tmp_path / "backup.db", *(p for p in (home / "cache").rglob("*") if p.is_file())]
    assert {str(p): oct(mode(p)) for p in files} == {str(p): oct(0o600) for p in files}
    assert not list(tmp_path.glob("*.partial*"))


def test_the_wal_and_shm_files_are_0600_while_a_session_writes(home: Path) -> None:
    os.umask(0o022)
    with services.open(home) as s:
        s.ledger.add("4500", memo="점심")
        wal, shm = home / "reflee.db-wal", home / "reflee.db-shm"
        assert wal.exists() and shm.exists()
        assert (mode(wal), mode(shm)) == (0o600, 0o600)


def test_a_rewrite_keeps_config_private_and_an_old_readable_file_is_tightened(cli, home: Path) -> None:
    assert cli("config", "set", "week_start", "sunday").code == 0
    config = home / "config.toml"
    assert mode(config) == 0o600
    assert cli("config", "set", "editor", "vim").code == 0
    assert mode(config) == 0o600
    assert cli("ledger", "list").code == 0
    config.chmod(0o644)  # made by an older reflee
    (home / "reflee.db").chmod(0o644)
    assert cli("config", "set", "editor", "nano").code == 0
    assert cli("ledger", "list").code == 0
    assert (mode(config), mode(home / "reflee.db")) == (0o600, 0o600)


def test_the_api_key_is_never_printed_but_its_source_is(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    changed = cli("config", "set", "llm.api_key", "sk-live-123")
    assert changed.code == 0 and "sk-live-123" not in changed.out + changed.err and "••••" in changed.err
    table = cli("config", "show")
    line = next(ln for ln in table.out.splitlines() if ln.startswith("llm.api_key"))
    assert "•••• (from config.toml)" in line and "sk-live" not in table.out
    assert cli("config", "show", "--json").json["llm.api_key"] == "••••"
    assert cli("config", "get", "llm.api_key", "--json").json == {
        "key": "llm.api_key",
        "value": "••••",
        "source": "file",
    }
    assert cli("config", "get", "llm.api_key").out == "••••\n"
    assert cli("config", "unset", "llm.api_key").code == 0
    monkeypatch.setenv("REFLEE_LLM_API_KEY", "sk-env-456")
    shown = cli("config", "show")
    assert "•••• (from $REFLEE_LLM_API_KEY)" in shown.out and "sk-env" not in shown.out
    assert cli("config", "get", "llm.api_key", "--json").json["source"] == "env"
    monkeypatch.delenv("REFLEE_LLM_API_KEY")
    assert cli("config", "get", "llm.api_key", "--json").json == {
        "key": "llm.api_key",
        "value": "",
        "source": "default",
    }


def test_a_value_that_looks_like_markup_is_saved_and_shown(cli) -> None:
    done = cli("config", "set", "editor", "[/x]")
    assert done.code == 0, done.err
    assert "editor = '[/x]'" in done.err
    assert cli("config", "get", "editor").out == "[/x]\n"


@pytest.mark.parametrize("key", ["llm.temperature", "llm.read_timeout", "feedback.backoff_seconds"])
@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e999"])
def test_non_finite_numbers_are_refused(cli, home: Path, key: str, value: str) -> None:
    result = cli("config", "set", "--", key, value)
    assert result.code == ExitCode.USAGE and key in result.err, result.err
    assert not (home / "config.toml").exists()  # nothing was saved


def test_non_finite_or_deeply_nested_config_files_are_data_errors(cli, home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text("[llm]\ntemperature = nan\n")
    bad = cli("config", "show")
    assert bad.code == ExitCode.DATA and "llm.temperature: nan is not a finite number" in bad.err
    (home / "config.toml").write_text("a = " + "[" * 5000 + "]" * 5000 + "\n")
    deep = cli("config", "show")
    assert deep.code == ExitCode.DATA, deep.err
    assert "config file" in deep.err and "unexpected" not in deep.err


def test_config_set_on_read_only_media_is_a_storage_error(cli, home: Path) -> None:
    assert cli("config", "set", "week_start", "sunday").code == 0
    with readonly_bind(home):
        result = cli("config", "set", "week_start", "monday")
        assert result.code == ExitCode.STORAGE, result.err
        assert "cannot write the config file" in result.err and "Read-only file system" in result.err
        assert cli("config", "get", "week_start").out == "sunday\n"


def test_the_cli_process_writes_with_a_private_umask(tmp_path: Path) -> None:
    home = tmp_path / "h"
    env = {**os.environ, "REFLEE_HOME": str(home)}
    code = "import os; os.umask(0o022); from reflee.cli.main import run; run(['ledger', 'add', '100'])"
    subprocess.run([sys.executable, "-c", code], env=env, check=False, capture_output=True)
    assert mode(home) == 0o700 and mode(home / "reflee.db") == 0o600
