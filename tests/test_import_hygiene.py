"""`reflee --help` and plain list commands start fast: they must not import the TUI or network clients.

Each case runs `python -X importtime -m reflee ...` in a fresh process with the test's REFLEE_HOME and
reads the names of every module the process imported from the importtime report on stderr.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

HEAVY = ("textual", "ollama", "httpx")


def parse_importtime(stderr: str) -> set[str]:
    """Module names from `python -X importtime` lines: 'import time: self | cumulative | name'."""
    modules = set()
    for line in stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name != "imported package":  # the report's header line
                modules.add(name)
    return modules


def imported_modules(*args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "reflee", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        stdin=subprocess.DEVNULL,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        timeout=60,
    )
    return proc, parse_importtime(proc.stderr)


def heavy_in(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in HEAVY)


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("retro", "--help"),
        ("retro", "list"),
        ("retro", "list", "--json"),
        ("retro", "list", "--limit", "20", "--json"),
    ],
    ids=" ".join,
)
def test_fast_commands_import_no_tui_or_network_client(args: tuple[str, ...], cli) -> None:
    for text, tag in (("오늘은 30분 달리기를 했다.", "운동"), ("Shipped the login fix.", "work")):
        assert cli("retro", "add", text, "--tag", tag).code == 0
    proc, modules = imported_modules(*args)
    assert proc.returncode == 0, proc.stderr[-2000:]
    # The report really lists what ran (otherwise the check below could never fail).
    assert {"reflee.cli.main", "sqlite3" if "list" in args else "typer"} <= modules
    assert heavy_in(modules) == []


def test_the_check_sees_a_heavy_import() -> None:
    """The same probe reports a heavy module when one is imported."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import httpx"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "httpx" in heavy_in(parse_importtime(proc.stderr))
