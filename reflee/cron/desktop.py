"""Desktop notifications: `notify-send` on Linux, `osascript` on macOS, when the program is there.

Both are run as programs found on PATH (cron's PATH is short: /usr/bin:/bin holds both on the usual systems).
A missing program or a failing one is not an error: notifications stay in `reflee notify list` anyway.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

TIMEOUT = 10.0


def program() -> str | None:
    """The notifier this machine has, or None."""
    if sys.platform == "darwin":
        return shutil.which("osascript")
    return shutil.which("notify-send")


def send(title: str, body: str) -> bool:
    """Show one notification; False when there is no notifier or it failed."""
    exe = program()
    if exe is None:
        return False
    if sys.platform == "darwin":
        script = f"display notification {_applescript(body)} with title {_applescript(title)}"
        args = [exe, "-e", script]
    else:
        args = [exe, "--app-name=reflee", "--", title, body]
    try:
        done = subprocess.run(args, capture_output=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def _applescript(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
