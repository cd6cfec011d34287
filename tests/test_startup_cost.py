"""Start-up cost: `reflee --help` prints the top-level help kept from its last rendering, without Typer.

Every case runs reflee as a real process (`python -m reflee`) with the test's REFLEE_HOME.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

import policy_data
import pytest

from tests.test_import_hygiene import probe

real_db = policy_data.real_db
with_real_policies = policy_data.with_real_policies


def reflee(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reflee", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        stdin=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
        timeout=60,
    )


def cpu_seconds(argv: list[str]) -> float:
    """User + system CPU of one process (wait4's own count, not the wall clock of a busy machine)."""
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    return usage.ru_utime + usage.ru_stime


@pytest.mark.parametrize("columns", ["80", "60", "200"])
def test_kept_help_is_the_help_typer_prints(home: Path, columns: str):
    env = {"COLUMNS": columns}
    typer_help = reflee("--debug", "--help", env=env)  # not the bare form: always rendered by Typer
    first = reflee("--help", env=env)  # renders and keeps it
    again = reflee("--help", env=env)  # from the cache
    short = reflee("-h", env=env)
    bare = reflee(env=env)  # no arguments: the help too
    assert typer_help.returncode == first.returncode == again.returncode == bare.returncode == 0
    assert "Usage: reflee [OPTIONS] COMMAND [ARGS]..." in typer_help.stdout
    assert first.stdout == again.stdout == short.stdout == bare.stdout == typer_help.stdout
    assert list((home / "cache").glob("help-*.txt"))


def test_a_change_of_language_or_width_is_a_new_key(home: Path):
    wide = reflee("--help", env={"COLUMNS": "120"}).stdout
    narrow = reflee("--help", env={"COLUMNS": "52"}).stdout
    assert wide != narrow and narrow == reflee("--debug", "--help", env={"COLUMNS": "52"}).stdout
    (home / "config.toml").write_text('[ui]\nlanguage = "ko"\n', encoding="utf-8")
    assert reflee("--help").stdout == reflee("--debug", "--help").stdout
    assert len(list((home / "cache").glob("help-*.txt"))) == 3


def test_an_unwritable_cache_still_prints_the_help(home: Path):
    (home / "cache").parent.mkdir(parents=True, exist_ok=True)
    (home / "cache").write_text("not a directory", encoding="utf-8")
    r = reflee("--help")
    assert r.returncode == 0 and "Usage: reflee" in r.stdout and r.stderr == ""
    assert reflee("--help").stdout == r.stdout


def test_kept_help_loads_no_framework_and_no_database(home: Path):
    assert reflee("--help").returncode == 0
    proc, modules = probe("sys.argv[1:] = ['--help']\nfrom reflee.__main__ import main\nmain()")
    assert proc.returncode == 0 and "Usage: reflee" in proc.stdout
    loaded = {m.split(".")[0] for m in modules}
    assert not loaded & {"typer", "click", "rich", "sqlite3", "dataclasses", "pathlib", "inspect"}, sorted(loaded)
    assert sorted(m for m in modules if m.startswith("reflee")) == [
        "reflee",
        "reflee.__main__",
        "reflee.cli",
        "reflee.cli.fasthelp",
    ]


def test_help_costs_at_most_four_interpreter_starts(home: Path):
    """CPU of `reflee --help` (kept) against `python -c pass`: the issue's target is at most 4x; the slack
    absorbs a busy machine. It must also cost well under the help rendered by Typer."""
    assert reflee("--help").returncode == 0
    runs = 7
    bare = statistics.median(cpu_seconds([sys.executable, "-c", "pass"]) for _ in range(runs))
    kept = statistics.median(cpu_seconds([sys.executable, "-m", "reflee", "--help"]) for _ in range(runs))
    full = statistics.median(cpu_seconds([sys.executable, "-m", "reflee", "--debug", "--help"]) for _ in range(runs))
    report = json.dumps({"python -c pass": bare, "reflee --help": kept, "typer-rendered": full})
    assert kept <= 4 * bare + 0.015, report
    assert kept < full / 2, report


def test_scripted_ledger_report_skips_typer_and_prints_the_same_json(cli, home: Path):
    for args in (
        ("3,000,000", "--income", "-c", "급여", "-a", "통장", "--date", "2026-03-25"),
        ("120,000", "-c", "식비", "-a", "카드", "--date", "2026-03-05"),
        ("$30", "-c", "구독", "--date", "2026-03-03"),
    ):
        assert cli("ledger", "add", *args, "--no-suggest", "--json").code == 0
    forms = [
        ["--month", "2026-03", "--json"],
        ["--json", "--month=2026-03", "--by", "account"],
        ["--by", "month", "--from", "2026-01", "--to", "2026-04", "--json"],
        ["--month", "2026-03", "--currency", "USD", "--json"],
    ]
    for form in forms:
        fast = reflee("ledger", "report", *form)
        usual = reflee("--home", str(home), "ledger", "report", *form)  # a global option: always through Typer
        assert fast.returncode == usual.returncode == 0, fast.stderr
        assert fast.stdout == usual.stdout and json.loads(fast.stdout)
    proc, modules = probe(
        "sys.argv[1:] = ['ledger', 'report', '--month', '2026-03', '--json']\nfrom reflee.__main__ import main\nmain()"
    )
    assert proc.returncode == 0 and json.loads(proc.stdout)["income"] == 3_000_000
    assert not {m.split(".")[0] for m in modules} & {"typer", "click", "rich"}


def test_scripted_ledger_report_loads_only_what_a_report_needs(cli, home: Path):
    """Issue 12's start-up floor: the report loads its own records and the aggregate SQL, not the ledger's
    dataclasses (nor dataclasses itself, which imports inspect), the transaction store, the text-field rules,
    typing, tomllib (no config file) or calendar."""
    assert cli("ledger", "add", "120,000", "-c", "식비", "--date", "2026-03-05", "--no-suggest", "--json").code == 0
    body = "sys.argv[1:] = ['ledger', 'report', '--month', '2026-03', '--json']\n"
    body += "from reflee.__main__ import main\nmain()"
    proc, modules = probe(body)
    assert proc.returncode == 0 and json.loads(proc.stdout)["expense"] == 120_000
    assert "reflee.ledger.report_models" in modules  # the probe sees what ran
    unloaded = {"typer", "click", "rich", "typing", "tomllib", "calendar", "dataclasses", "inspect"}
    assert not {m.split(".")[0] for m in modules} & unloaded, sorted({m.split(".")[0] for m in modules} & unloaded)
    unneeded = {"reflee.ledger.models", "reflee.ledger.store", "reflee.ledger.fields", "reflee.ledger.amounts"}
    assert not modules & unneeded, sorted(modules & unneeded)
    (home / "config.toml").write_text('[ledger]\ncurrency = "USD"\n', encoding="utf-8")
    proc, modules = probe(body)
    assert proc.returncode == 0 and json.loads(proc.stdout)["currency"] == "USD" and "tomllib" in modules


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--month", "2026-13", "--json"], 2, "--month"),  # an error: worded by the usual path
        (["--by", "weekday", "--json"], 2, "--by"),
        (["--month", "2026-03"], 0, ""),  # for people: a view, through Typer
        (["--month", "2026-03", "--month", "2026-04", "--json"], 0, ""),  # not the simple form
        (["--help"], 0, ""),
    ],
)
def test_other_forms_of_ledger_report_take_the_usual_path(home: Path, args, code, message):
    r = reflee("ledger", "report", *args)
    usual = reflee("--home", str(home), "ledger", "report", *args)  # a global option: always through Typer
    assert r.returncode == code == usual.returncode
    assert r.stdout == usual.stdout and message in r.stderr
    if code:
        assert r.stderr.count("\n") == 1


@policy_data.needs_real_data
@pytest.mark.usefixtures("with_real_policies")
@pytest.mark.parametrize("form", [[], ["--all", "-n", "5"], ["--limit=3"]])
def test_scripted_policy_match_skips_typer_and_prints_the_same_json(cli, home: Path, form):
    assert cli("profile", "set", "birth_date", "2002-03-02").code == 0
    assert cli("profile", "set", "region", "서울 관악구").code == 0
    cold = reflee("policy", "match", "--json", "--on", policy_data.ON, *form)  # computes and stores
    usual = reflee("--home", str(home), "policy", "match", "--json", "--on", policy_data.ON, *form)
    assert cold.returncode == usual.returncode == 0, cold.stderr
    first, second = json.loads(cold.stdout), json.loads(usual.stdout)
    assert first.pop("cached") is False and second.pop("cached") is True
    assert first == second and first["results"]
    warm = reflee("policy", "match", "--json", "--on", policy_data.ON, *form)
    assert warm.stdout == usual.stdout
    r = reflee("policy", "match", "--json", "--on", "someday", *form)  # an error: the usual path words it
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "--on" in r.stderr


def test_scripted_retro_search_skips_typer_and_prints_the_same_json(cli, home: Path):
    for text, purpose in (("주간 회고를 썼다", "회고"), ("아침 운동 회고", "운동"), ("회고 없이 쉰 날", "휴식")):
        assert cli("retro", "add", text, "--purpose", purpose, "--date", "2026-03-02", "--no-feedback").code == 0
    for form in (
        ["회고", "--json"],
        ["--json", "회고", "운동"],
        ["회고", "-n", "2", "--json"],
        ["--limit=1", "회고", "--json"],
    ):
        fast = reflee("retro", "search", *form)
        usual = reflee("--home", str(home), "retro", "search", *form)  # a global option: always through Typer
        assert fast.returncode == usual.returncode == 0, fast.stderr
        assert fast.stdout == usual.stdout and json.loads(fast.stdout)
    assert len(json.loads(reflee("retro", "search", "회고", "-n", "2", "--json").stdout)) == 2
    proc, modules = probe(
        "sys.argv[1:] = ['retro', 'search', '회고', '--json']\nfrom reflee.__main__ import main\nmain()"
    )
    assert proc.returncode == 0 and len(json.loads(proc.stdout)) == 3
    assert not {m.split(".")[0] for m in modules} & {"typer", "click", "rich"}
    excluded = reflee("retro", "search", "회고", "--json", "--", "-운동")  # an exclusion: the usual path
    assert excluded.returncode == 0 and sorted(h["purpose"] for h in json.loads(excluded.stdout)) == ["회고", "휴식"]
