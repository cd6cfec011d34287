"""In a real terminal (tmux): `reflee` alone starts the app, draws the dashboard, and `q` quits with the
terminal restored (the shell's screen back, the exit code 0)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)")


def capture(session: str) -> str:
    return subprocess.run(
        ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True, check=True
    ).stdout


def wait_for(session: str, text: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = capture(session)
        if text in screen:
            return screen
        time.sleep(0.1)  # polling the terminal for a condition, with a deadline
    raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")


def test_reflee_alone_opens_the_app_and_q_restores_the_terminal(home: Path, tmp_path: Path) -> None:
    session = f"reflee-test-{os.getpid()}"
    env = {
        "REFLEE_HOME": str(home),
        "LANG": "C.UTF-8",
        "TERM": "xterm-256color",
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
    }
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    script = f"clear; echo BEFORE-APP; {exports} {shlex.quote(sys.executable)} -m reflee; echo EXITED:$?; sleep 60"
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "100", "-y", "30", script], check=True)
    try:
        screen = wait_for(session, "Budget this month")
        assert "Retrospects" in screen and "Notifications" in screen
        subprocess.run(["tmux", "send-keys", "-t", session, "q"], check=True)
        screen = wait_for(session, "EXITED:")
        assert "EXITED:0" in screen
        assert "BEFORE-APP" in screen  # the shell's own screen is back
        assert "Budget this month" not in screen  # nothing of the app is left drawn
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], check=False)
