"""Shell completion offers your own categories, tags and accounts, the setting keys and the profile fields: run
as the shell runs it (Click's completion protocol, `_REFLEE_COMPLETE=complete_bash` with COMP_WORDS and
COMP_CWORD, in a fresh process), without importing anything heavy."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("textual", "ollama", "httpx", "rich")
PROBE = (
    "import atexit, json, sys\n"
    "atexit.register(lambda: sys.__stderr__.write('MODULES ' + json.dumps(sorted(sys.modules)) + '\\n'))\n"
    "from reflee.__main__ import main\nmain()\n"
)


def complete(home: Path, line: str, shell: str = "bash") -> tuple[list[str], set[str]]:
    """What the shell would offer for the last word of ``line`` (a trailing space starts a new, empty word)."""
    words = line.split()
    cword = len(words) if line.endswith(" ") else len(words) - 1
    env = {
        **os.environ,
        "REFLEE_HOME": str(home),
        "_REFLEE_COMPLETE": f"complete_{shell}",
        "COMP_WORDS": line,
        "COMP_CWORD": str(cword),
        "_TYPER_COMPLETE_ARGS": line,
    }
    proc = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, encoding="utf-8", env=env, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    modules = next(ln for ln in proc.stderr.splitlines() if ln.startswith("MODULES "))
    return [w for w in proc.stdout.splitlines() if w], set(json.loads(modules.removeprefix("MODULES ")))


@pytest.fixture
def seeded(cli, home: Path) -> Path:
    for args in (
        ("ledger", "add", "4500", "-c", "카페", "-a", "신한카드"),
        ("ledger", "add", "9000", "-c", "식비", "-a", "현금"),
        ("ledger", "add", "12000", "-c", "식비/배달", "-a", "신한카드"),
        ("budget", "set", "교통", "5만"),
        ("budget", "set", "total", "100만"),
        ("retro", "add", "운동 회고", "-t", "운동", "-t", "습관", "--no-feedback"),
        ("retro", "add", "study", "-t", "study", "--no-feedback"),
    ):
        r = cli(*args)
        assert r.code == 0, (args, r.err)
    return home


def test_categories_from_transactions_and_budgets(seeded: Path):
    words, modules = complete(seeded, "reflee ledger add 5000 --category ")
    assert words == ["교통", "식비", "식비/배달", "카페"]  # the overall budget's '*' is not a category
    assert complete(seeded, "reflee ledger add 5000 -c 식")[0] == ["식비", "식비/배달"]
    assert complete(seeded, "reflee ledger list --category 카")[0] == ["카페"]
    assert complete(seeded, "reflee budget set ")[0] == ["교통", "식비", "식비/배달", "카페", "total"]
    assert not [m for m in modules if m.split(".")[0] in HEAVY]


def test_tags_accounts_keys_and_fields(seeded: Path):
    assert complete(seeded, "reflee retro list --tag ")[0] == ["study", "습관", "운동"]
    assert complete(seeded, "reflee retro search 회고 -t 습")[0] == ["습관"]
    assert complete(seeded, "reflee ledger add 1 --account ")[0] == ["신한카드", "현금"]
    keys = complete(seeded, "reflee config set feedback.m")[0]
    assert keys == ["feedback.mode", "feedback.max_attempts", "feedback.max_age_days"]
    assert complete(seeded, "reflee config get ui.")[0] == ["ui.language"]
    assert complete(seeded, "reflee profile set inc")[0] == ["income_annual", "income_monthly_household"]
    assert complete(seeded, "reflee profile set 거주")[0] == ["거주지역"]


def test_zsh_gets_the_descriptions_and_another_home_its_own_words(seeded: Path, tmp_path: Path):
    words, _modules = complete(seeded, "reflee config set week_", shell="zsh")
    assert "week_start" in "\n".join(words) and "First day of the week" in "\n".join(words)
    other = tmp_path / "empty-home"
    assert complete(seeded, f"reflee --home {other} ledger add 1 -c ")[0] == []  # no database: nothing offered
    assert not other.exists()  # completion never creates a home
