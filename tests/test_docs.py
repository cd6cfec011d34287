"""Every command has help text and a section in docs/cli.md; every setting and exit code is documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from reflee.cli.clicompat import subcommands
from reflee.cli.main import build_command
from reflee.config import SETTINGS
from reflee.errors import ExitCode

DOCS = Path(__file__).resolve().parent.parent / "docs"


def all_commands(cmd=None, path=("reflee",)):
    cmd = cmd or build_command()
    children = subcommands(cmd)
    if not children:
        yield " ".join(path), cmd
    for name, child in children.items():
        yield from all_commands(child, (*path, name))


COMMANDS = list(all_commands())


def test_there_are_commands():
    assert len(COMMANDS) >= 15


@pytest.mark.parametrize(("path", "cmd"), COMMANDS, ids=[p for p, _ in COMMANDS])
def test_command_has_help_and_docs(path, cmd):
    assert (cmd.help or "").strip(), f"{path} has no help text"
    for param in cmd.params:
        if getattr(param, "param_type_name", "") == "option" and not param.hidden:
            assert (param.help or "").strip(), f"{path} option {param.opts} has no help text"
    assert f"### {path}\n" in (DOCS / "cli.md").read_text(encoding="utf-8"), f"{path} is missing from docs/cli.md"


def test_every_setting_is_documented():
    text = (DOCS / "config.md").read_text(encoding="utf-8")
    for key in SETTINGS:
        assert f"| `{key}` |" in text, f"setting {key} is missing from docs/config.md"


def test_every_exit_code_is_documented():
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    for code in ExitCode:
        assert f"| {int(code)} | {code.name} |" in text


def test_every_migration_is_documented():
    from reflee.migrations import MIGRATIONS

    text = (DOCS / "data-model.md").read_text(encoding="utf-8")
    for name, _ in MIGRATIONS:
        assert f"`{name}`" in text


def test_the_help_outline_matches_the_real_commands():
    """`reflee --help` lists commands from main.GROUPS / COMMANDS without importing them: keep them in step."""
    from reflee.cli.main import COMMANDS, GROUPS

    real = {name: cmd for name, cmd in subcommands(build_command()).items()}
    outline = {name: cmd for name, cmd in subcommands(build_command(outline=True)).items()}
    assert set(real) == set(outline) == set(GROUPS) | set(COMMANDS)
    for name, cmd in real.items():
        assert (cmd.help or "").strip().splitlines()[0] == outline[name].help, name
