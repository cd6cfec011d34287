"""Settings: typed, validated, documented; unknown keys and bad values refused with the valid ones."""

from __future__ import annotations

from pathlib import Path

from reflee.config import SETTINGS
from reflee.errors import ExitCode


def test_path_show_get_set_unset(cli, home: Path):
    r = cli("config", "path")
    assert r.code == 0 and r.out.strip() == str(home / "config.toml")
    assert cli("config", "get", "week_start").out.strip() == "monday"
    r = cli("config", "set", "week_start", "sunday", "--json")
    assert r.json == {"key": "week_start", "value": "sunday"}
    assert cli("config", "get", "week_start").out.strip() == "sunday"
    assert 'week_start = "sunday"' in (home / "config.toml").read_text()
    assert cli("config", "set", "retro.confirm_delete", "no").code == 0
    assert "[retro]\nconfirm_delete = false" in (home / "config.toml").read_text()
    shown = cli("config", "show", "--json").json
    assert shown["week_start"] == "sunday" and shown["retro.confirm_delete"] is False
    assert set(shown) == set(SETTINGS)
    assert cli("config", "unset", "week_start").code == 0
    assert cli("config", "get", "week_start").out.strip() == "monday"


def test_unknown_key_lists_valid_ones(cli):
    r = cli("config", "set", "colour", "red")
    assert r.code == ExitCode.NOT_FOUND
    assert "unknown setting 'colour'" in r.err and "week_start" in r.err and r.err.count("\n") == 1


def test_bad_values_refused(cli, home: Path):
    r = cli("config", "set", "week_start", "friday")
    assert r.code == ExitCode.USAGE and "monday, sunday" in r.err
    r = cli("config", "set", "retro.confirm_delete", "maybe")
    assert r.code == ExitCode.USAGE and "true or false" in r.err
    assert not (home / "config.toml").exists()


def test_broken_config_file_is_reported_with_its_path(cli, home: Path):
    home.mkdir(parents=True)
    (home / "config.toml").write_text("week_start = 'someday'\n")
    r = cli("config", "show")
    assert r.code == ExitCode.DATA and "config.toml" in r.err and "week_start" in r.err
    (home / "config.toml").write_text("[retro\n")
    r = cli("config", "get", "editor")
    assert r.code == ExitCode.DATA and "not valid TOML" in r.err
    (home / "config.toml").write_text("nonsense = 1\n")
    r = cli("config", "show")
    assert r.code == ExitCode.DATA and "unknown setting 'nonsense'" in r.err
    assert cli("config", "path").code == 0  # still tells you where the file is


def test_confirm_delete_setting_is_honoured(cli):
    rid = cli("retro", "add", "x", "--json").json["id"]
    cli("config", "set", "retro.confirm_delete", "false")
    assert cli("retro", "rm", rid).code == 0


def test_home_option_beats_env(cli, tmp_path: Path, home: Path):
    other = tmp_path / "other"
    cli("--home", str(other), "retro", "add", "in other home")
    assert (other / "reflee.db").exists()
    assert not (home / "reflee.db").exists()
    assert len(cli("--home", str(other), "retro", "list", "--json").json) == 1
