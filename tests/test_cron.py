"""`reflee cron`: run three times, one report and one set of reminders; the lock under two processes; kill -9
half-way; cron's bare environment; a clock moved back; the schedule installed and removed with real (fake)
`crontab`, `systemctl` and `notify-send` programs on PATH."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from feedback_helpers import point_at
from policy_data import needs_real_data
from standin import Reply

from reflee import services

AT = "2025-12-01T22:30"  # a Monday evening: 2025-W48 and 2025-11 are over; nothing written today yet


def _program(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    path.chmod(0o755)


@pytest.fixture
def fake_bin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder on PATH with notify-send, crontab and systemctl: small real programs that record what they get."""
    folder = tmp_path / "bin"
    folder.mkdir()
    log = tmp_path / "calls.log"
    _program(folder, "notify-send", f'printf "%s\\n" "notify-send $*" >> "{log}"\n')
    _program(
        folder,
        "crontab",
        f'tab="{tmp_path}/crontab.txt"\n'
        'if [ "$1" = "-l" ]; then [ -f "$tab" ] || { echo "no crontab for $USER" >&2; exit 1; }; cat "$tab"; '
        'elif [ "$1" = "-" ]; then cat > "$tab"; else exit 2; fi\n',
    )
    _program(folder, "systemctl", f'printf "%s\\n" "systemctl $*" >> "{log}"\n')
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return tmp_path


def _calls(base: Path, prefix: str) -> list[str]:
    path = base / "calls.log"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return [line for line in lines if line.startswith(prefix)]


def _seed() -> None:
    with services.open() as s:
        for day in (24, 25, 27):
            s.retro.add(f"11월 {day}일에 운동을 했다", entry_date=date(2025, 11, day), tags=["운동"])
        s.ledger.add("45000", category="식비", on=date(2025, 11, 25))
        s.budget.set_budget("식비", "50000", month="2025-12")
        s.ledger.add("48000", category="식비", on=date(2025, 12, 1))  # 96 % of December's budget


def _quiet_settings(cli) -> None:
    for key, value in {"report.narrative": "false", "feedback.mode": "off"}.items():
        assert cli("config", "set", key, value).code == 0


def _started(home: Path) -> bool:
    """Whether a `cron run` has recorded that it is running."""
    if not (home / "reflee.db").exists():
        return False
    try:
        return bool(_rows(home, "SELECT 1 FROM cron_run WHERE status = 'running'"))
    except sqlite3.Error:  # no database or table yet
        return False


def _rows(home: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(home / "reflee.db")
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_three_runs_make_one_report_and_one_set_of_reminders(cli, home: Path, fake_bin: Path) -> None:
    _quiet_settings(cli)
    _seed()
    for _ in range(3):
        r = cli("cron", "run", "--at", AT)
        assert (r.code, r.out, r.err) == (0, "", "")  # quiet on success
    reports = _rows(home, "SELECT kind, period_key, complete FROM report ORDER BY kind")
    assert reports == [("monthly", "2025-11", 1), ("weekly", "2025-W48", 1)]
    kinds = sorted(k for (k,) in _rows(home, "SELECT kind FROM notification"))
    assert kinds == ["budget.threshold", "report.ready", "report.ready", "retro.reminder"]
    shown = _calls(fake_bin, "notify-send")
    assert len(shown) == 4  # each shown on the desktop once
    assert any("Weekly report ready: 2025-W48" in line for line in shown)
    runs = cli("cron", "status", "--json").json["runs"]
    assert [r["status"] for r in runs] == ["ok", "ok", "ok"]
    did = [d for step in runs[-1]["steps"] for d in step["did"]]
    assert "report:weekly:2025-W48" in did and "report:monthly:2025-11" in did
    assert all(not step["did"] for run in runs[:2] for step in run["steps"] if step["name"] != "desktop")
    assert (home / "logs" / "cron.log").read_text(encoding="utf-8").count("reports: ok") == 1


def test_the_nudge_waits_for_the_hour_and_not_when_written(cli, home: Path) -> None:
    _quiet_settings(cli)
    assert cli("cron", "run", "--at", "2025-12-01T09:00").code == 0
    assert _rows(home, "SELECT count(*) FROM notification WHERE kind = 'retro.reminder'") == [(0,)]
    with services.open() as s:
        s.retro.add("썼다", entry_date=date(2025, 12, 1))
    assert cli("cron", "run", "--at", "2025-12-01T23:00").code == 0
    assert _rows(home, "SELECT count(*) FROM notification WHERE kind = 'retro.reminder'") == [(0,)]
    assert cli("cron", "run", "--at", "2025-12-02T23:00").code == 0
    assert _rows(home, "SELECT count(*) FROM notification WHERE kind = 'retro.reminder'") == [(1,)]


def test_a_clock_moved_back_is_said_and_does_nothing_twice(cli, home: Path) -> None:
    _quiet_settings(cli)
    _seed()
    assert cli("cron", "run", "--at", "2025-12-02T10:00").code == 0
    r = cli("cron", "run", "--at", AT)
    assert r.code == 0 and r.err.startswith("warning: the clock is behind the last run")
    assert _rows(home, "SELECT count(*) FROM report") == [(2,)]


def test_a_failing_step_is_one_line_and_its_exit_code_and_the_others_still_run(cli, home: Path) -> None:
    _quiet_settings(cli)
    _seed()
    blocker = home / "reports"
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("not a directory", encoding="utf-8")  # the reports step cannot write its files
    r = cli("cron", "run", "--at", AT)
    assert r.code != 0 and r.out == ""
    lines = r.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: reports: ")
    assert _rows(home, "SELECT kind FROM notification WHERE kind = 'retro.reminder'") == [("retro.reminder",)]
    assert _rows(home, "SELECT count(*) FROM report") == [(0,)]
    blocker.unlink()
    assert cli("cron", "run", "--at", AT).code == 0
    assert _rows(home, "SELECT count(*) FROM report") == [(2,)]


def _proc_env(home: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "REFLEE_HOME": str(home), **extra}


def _wait(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.05)


def _running(home: Path) -> bool:
    try:
        return _rows(home, "SELECT count(*) FROM cron_run WHERE status = 'running'") == [(1,)]
    except sqlite3.Error:
        return False


def test_two_runs_at_once_never_collide(cli, home: Path, ollama_standin) -> None:
    point_at(cli, ollama_standin.url, **{"feedback.mode": "off", "report.narrative_timeout": "60"})
    _seed()
    gate = []
    ollama_standin.set_responder(lambda body: gate.append(1) or Reply(content='{"claims": []}', latency=4))
    first = subprocess.Popen(
        [sys.executable, "-m", "reflee", "cron", "run", "--at", AT],
        env=_proc_env(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    _wait(lambda: gate)  # the first run is inside its reports step, holding the lock
    second = subprocess.run(
        [sys.executable, "-m", "reflee", "cron", "run", "--at", AT],
        env=_proc_env(home),
        capture_output=True,
        timeout=60,
    )
    assert second.returncode == 9
    assert second.stderr.decode().strip().splitlines() == [
        f"error: another 'reflee cron run' is under way (pid {first.pid}); this one did nothing"
    ]
    _out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err.decode()
    assert _rows(home, "SELECT count(*) FROM report") == [(2,)]
    assert _rows(home, "SELECT count(*) FROM cron_run") == [(1,)]


def test_kill_9_half_way_then_the_next_run_finishes_the_work(cli, home: Path, ollama_standin) -> None:
    point_at(cli, ollama_standin.url, **{"feedback.mode": "off", "report.narrative_timeout": "60"})
    _seed()
    ollama_standin.set_responder(lambda body: Reply(content='{"claims": []}', latency=1.0))
    rng = random.Random()
    victim = subprocess.Popen(
        [sys.executable, "-m", "reflee", "cron", "run", "--at", AT],
        env=_proc_env(home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while victim.poll() is None and time.monotonic() < deadline and not _started(home):
        time.sleep(0.01)  # until the run has begun (start-up on a busy machine takes a while)
    moment = rng.uniform(0.0, 1.8)  # the two narratives take 2 s: the kill lands inside the run
    time.sleep(moment)  # a random moment of the run: that is the trial, not a wait for a condition
    assert victim.poll() is None, f"the run ended before the kill at {moment:.2f} s"
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=30)
    again = subprocess.run(
        [sys.executable, "-m", "reflee", "cron", "run", "--at", AT],
        env=_proc_env(home),
        capture_output=True,
        timeout=120,
    )
    assert again.returncode == 0, (moment, again.stderr.decode())
    rows = _rows(home, "SELECT kind, period_key, file_stem, data FROM report ORDER BY kind")
    assert [(k, p) for k, p, _s, _d in rows] == [("monthly", "2025-11"), ("weekly", "2025-W48")], moment
    for _k, _p, stem, data in rows:
        on_disk = json.loads((home / "reports" / f"{stem}.json").read_text(encoding="utf-8"))
        assert on_disk == json.loads(data), moment  # the files are the report the row holds, whole
        assert (home / "reports" / f"{stem}.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert not list((home / "reports").glob(".*.tmp")), moment
    ready = _rows(home, "SELECT count(*) FROM notification WHERE kind = 'report.ready'")
    assert ready == [(2,)], moment
    statuses = [s for (s,) in _rows(home, "SELECT status FROM cron_run ORDER BY started_at, id")]
    assert statuses[-1] == "ok" and set(statuses[:-1]) <= {"died"}, (moment, statuses)


def test_cron_s_bare_environment(home: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home.parent), "REFLEE_HOME": str(home)}
    done = subprocess.run(
        [sys.executable, "-m", "reflee", "cron", "run", "--at", AT], env=env, capture_output=True, timeout=120,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert (done.returncode, done.stdout, done.stderr) == (0, b"", b""), done.stderr.decode()
    assert _rows(home, "SELECT count(*) FROM report") == [(2,)]  # empty but honest reports


def test_the_feedback_queue_is_drained_within_its_time_budget(cli, home: Path, ollama_standin) -> None:
    point_at(cli, ollama_standin.url, **{"feedback.mode": "queue", "cron.feedback_seconds": "0.5"})
    assert cli("config", "set", "report.narrative", "false").code == 0
    with services.open() as s:
        for i in range(3):
            s.retro.add(f"회고 {i}", entry_date=date(2025, 12, 1))
    from feedback_helpers import good

    ollama_standin.set_responder(lambda body: Reply(content=good(), latency=1.5))
    r = cli("cron", "run", "--at", AT, "--json")
    assert r.code == 0, r.err
    feedback = next(s for s in r.json["steps"] if s["name"] == "feedback")
    assert feedback["did"] == ["feedback:done:1"]  # the job under way finished; no new one was taken
    assert _rows(home, "SELECT state, count(*) FROM job WHERE kind = 'feedback' GROUP BY state ORDER BY state") == [
        ("done", 1),
        ("queued", 2),
    ]


def test_show_install_and_uninstall_touch_exactly_their_line(cli, home: Path, fake_bin: Path) -> None:
    tab = fake_bin / "crontab.txt"
    tab.write_text("MAILTO=me@example.org\n0 3 * * * /usr/local/bin/backup\n", encoding="utf-8")
    shown = cli("cron", "show", "--json").json
    assert shown["crontab_line"].startswith("*/15 * * * * ")
    assert f"{sys.executable} -m reflee --home {home} cron run" in shown["crontab_line"]
    assert shown["crontab_line"].endswith(f"# reflee cron ({home})")
    assert "OnUnitActiveSec=15min" in shown["timer_unit"] and "ExecStart=" in shown["service_unit"]
    r = cli("cron", "install", "--yes")
    assert r.code == 0 and "Installed the crontab line." in r.err
    assert tab.read_text(encoding="utf-8").splitlines() == [
        "MAILTO=me@example.org",
        "0 3 * * * /usr/local/bin/backup",
        shown["crontab_line"],
    ]
    assert cli("cron", "install", "--yes").err.strip().endswith("nothing changed.")
    assert cli("cron", "status", "--json").json["installed"] == {"crontab": True, "systemd": False}
    declined = cli("cron", "install", input="n\n")
    assert declined.code == 8
    assert cli("cron", "uninstall").code == 0
    assert tab.read_text(encoding="utf-8") == "MAILTO=me@example.org\n0 3 * * * /usr/local/bin/backup\n"
    assert "was not installed" in cli("cron", "uninstall").err

    r = cli("cron", "install", "--systemd", "--yes", "--json")
    assert r.code == 0, r.err
    unit_dir = Path(r.json["schedule"]["unit_dir"])
    name = r.json["schedule"]["service_name"]
    assert (unit_dir / f"{name}.timer").exists() and (unit_dir / f"{name}.service").exists()
    assert f"systemctl --user enable --now {name}.timer" in _calls(fake_bin, "systemctl")
    assert cli("cron", "uninstall", "--systemd").code == 0
    assert not (unit_dir / f"{name}.timer").exists()
    assert f"systemctl --user disable --now {name}.timer" in _calls(fake_bin, "systemctl")


def test_a_model_server_that_is_away_leaves_the_queue_untouched(cli, home: Path) -> None:
    from standin import OllamaStandin

    point_at(cli, OllamaStandin.dead_url(), **{"feedback.mode": "queue"})
    assert cli("config", "set", "report.narrative", "false").code == 0
    with services.open() as s:
        s.retro.add("회고", entry_date=date(2025, 12, 1))
    for _ in range(3):
        r = cli("cron", "run", "--at", AT, "--json")
        assert r.code == 0, r.err
        step = next(s for s in r.json["steps"] if s["name"] == "feedback")
        assert step["status"] == "idle" and "not reachable" in step["message"]
    assert _rows(home, "SELECT state, attempts FROM job WHERE kind = 'feedback'") == [("queued", 0)]


@needs_real_data
def test_with_an_api_key_the_policies_are_fetched_once_a_day(cli, home: Path) -> None:
    """The collector step: off without keys; with them, one fetch a day however often cron runs."""
    from policy_api_standin import GOV24_KEY, YOUTH_KEY, PolicyApiStandin

    _quiet_settings(cli)
    r = cli("cron", "run", "--at", AT, "--json")
    assert r.code == 0 and [s["status"] for s in r.json["steps"] if s["name"] == "policies"] == ["off"]
    with PolicyApiStandin.real() as api:
        for key, value in {
            "policy.youth_api_key": YOUTH_KEY,
            "policy.gov24_api_key": GOV24_KEY,
            "policy.youth_url": api.youth_url,
            "policy.gov24_url": api.gov24_url,
            "policy.fetch_backoff_seconds": "0",
        }.items():
            assert cli("config", "set", key, value).code == 0
        first = cli("cron", "run", "--at", AT, "--json")
        second = cli("cron", "run", "--at", AT, "--json")
        next_day = cli("cron", "run", "--at", "2025-12-02T22:30", "--json")
    assert first.code == 0, first.err
    step = next(s for s in first.json["steps"] if s["name"] == "policies")
    assert step["status"] == "ok" and {d.split(":")[1] for d in step["did"]} == {"youth", "gov24"}
    assert [s["status"] for s in second.json["steps"] if s["name"] == "policies"] == ["idle"]
    assert [s["status"] for s in next_day.json["steps"] if s["name"] == "policies"] == ["ok"]
    runs = cli("policy", "fetch-log", "--json").json
    assert len(runs) == 4 and {r["status"] for r in runs} == {"ok"}
