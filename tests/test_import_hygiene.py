"""`reflee --help` and plain list commands start fast: they must not import the TUI or network clients.

Each case runs reflee in a fresh process with the test's REFLEE_HOME and reads sys.modules as the process
exits (an atexit hook prints it), so every import counts, however it was made (`import`, importlib, ...).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

HEAVY = ("textual", "ollama", "httpx")


PROBE = """
import atexit, json, sys
atexit.register(lambda: sys.__stderr__.write("\\nMODULES " + json.dumps(sorted(sys.modules)) + "\\n"))
{body}
"""
RUN_REFLEE = "from reflee.cli.main import run\nrun(sys.argv[1:])"


def probe(body: str, *args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """Run ``body`` in a fresh interpreter; return the process and the modules loaded when it exited."""
    proc = subprocess.run(
        [sys.executable, "-c", PROBE.format(body=body), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        stdin=subprocess.DEVNULL,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        timeout=60,
    )
    line = next(ln for ln in reversed(proc.stderr.splitlines()) if ln.startswith("MODULES "))
    return proc, set(json.loads(line.removeprefix("MODULES ")))


def imported_modules(*args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    return probe(RUN_REFLEE, *args)


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
    _, plain = probe("import httpx")
    assert "httpx" in heavy_in(plain)
    _, dynamic = probe("import importlib; importlib.import_module('httpx')")
    assert "httpx" in heavy_in(dynamic)


def test_a_command_loads_only_its_own_group(cli) -> None:
    """`reflee retro list` builds the retro commands alone; `reflee --help` lists every group importing none."""
    assert cli("retro", "add", "하나").code == 0
    proc, modules = imported_modules("retro", "list", "--json")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "reflee.cli.retro" in modules
    others = {"reflee.cli.ledger", "reflee.cli.policy", "reflee.cli.feedback", "reflee.cli.model"}
    assert modules.isdisjoint(others), sorted(modules & others)
    help_proc, help_modules = imported_modules("--help")
    assert help_modules.isdisjoint(others | {"reflee.cli.retro"})
    for group in ("retro", "ledger", "budget", "policy", "feedback", "doctor", "demo"):
        assert f"  {group} " in help_proc.stdout


def test_command_named_skips_global_options() -> None:
    from reflee.cli.main import command_named

    assert command_named(["--home", "/tmp/x", "--debug", "ledger", "list"]) == "ledger"
    assert command_named(["--debug", "doctor"]) == "doctor"
    assert command_named(["--help"]) is None
    assert command_named(["frobnicate"]) is None
