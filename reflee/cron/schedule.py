"""The schedule: a crontab line, or a systemd user service and timer, that runs `reflee cron run`.

The command names the Python that runs reflee now by its full path (cron's PATH is short) and the home when
one is set. Installing adds exactly one line marked with a comment naming this home, and uninstalling removes
exactly the line with that mark; the rest of the crontab is left as it was.
"""

from __future__ import annotations

import hashlib
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from reflee.cron.models import InstallResult, Schedule
from reflee.errors import UnavailableError
from reflee.i18n import _
from reflee.paths import Paths


def command(paths: Paths) -> list[str]:
    cmd = [sys.executable, "-m", "reflee"]
    if paths.home is not None:
        cmd += ["--home", str(paths.home)]
    return [*cmd, "cron", "run"]


def _cron_spec(minutes: int) -> str:
    if minutes < 60:
        return f"*/{minutes} * * * *"
    hours = max(1, round(minutes / 60))
    return "0 * * * *" if hours == 1 else f"0 */{min(hours, 23)} * * *"


def _systemd_interval(minutes: int) -> str:
    return f"{minutes}min"


def _suffix(paths: Paths) -> str:
    """Units of different homes must not collide: the default home has plain names."""
    if paths.home is None:
        return ""
    return "-" + hashlib.sha256(str(paths.home).encode()).hexdigest()[:8]


def unit_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME", "").strip() or str(Path.home() / ".config")
    return Path(base) / "systemd" / "user"


def build(paths: Paths, interval_minutes: int) -> Schedule:
    cmd = command(paths)
    marker = f"# reflee cron ({paths.home or 'default home'})"
    env = ""
    if sys.platform.startswith("linux"):
        env = f"DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/{os.getuid()}/bus "  # for notify-send from cron
    line = f"{_cron_spec(interval_minutes)} {env}{shlex.join(cmd)} >/dev/null {marker}"
    name = f"reflee-cron{_suffix(paths)}"
    service = (
        "[Unit]\nDescription=reflee: feedback queue, reports and reminders (reflee cron run)\n\n"
        f"[Service]\nType=oneshot\nExecStart={shlex.join(cmd)}\n"
        "SuccessExitStatus=9\n"  # another run held the lock: nothing wrong
    )
    timer = (
        f"[Unit]\nDescription=Run {name}.service every {interval_minutes} minutes\n\n"
        f"[Timer]\nOnBootSec=2min\nOnUnitActiveSec={_systemd_interval(interval_minutes)}\nPersistent=true\n\n"
        "[Install]\nWantedBy=timers.target\n"
    )
    return Schedule(interval_minutes, cmd, line, marker, name, service, timer, str(unit_dir()))


# --- crontab -----------------------------------------------------------------------------------------


def _crontab() -> str:
    exe = shutil.which("crontab")
    if exe is None:
        raise UnavailableError(_("there is no 'crontab' program on PATH"), hint=_("install cron, or use --systemd"))
    return exe


def read_crontab() -> list[str]:
    done = subprocess.run([_crontab(), "-l"], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        if "no crontab" in done.stderr.lower() or not done.stderr.strip():
            return []
        raise UnavailableError(_("crontab -l failed: {error}").format(error=done.stderr.strip()))
    return done.stdout.splitlines()


def _write_crontab(lines: list[str]) -> None:
    text = "\n".join(lines) + "\n" if lines else ""
    done = subprocess.run([_crontab(), "-"], input=text, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise UnavailableError(_("crontab - failed: {error}").format(error=done.stderr.strip()))


def crontab_installed(s: Schedule) -> bool:
    try:
        return any(line.rstrip().endswith(s.marker) for line in read_crontab())
    except UnavailableError:
        return False


def install_crontab(s: Schedule) -> InstallResult:
    lines = read_crontab()
    mine = [line for line in lines if line.rstrip().endswith(s.marker)]
    if mine == [s.crontab_line]:
        return InstallResult("crontab", "unchanged", s)
    kept = [line for line in lines if not line.rstrip().endswith(s.marker)]
    _write_crontab([*kept, s.crontab_line])
    return InstallResult("crontab", "updated" if mine else "installed", s)


def uninstall_crontab(s: Schedule) -> InstallResult:
    lines = read_crontab()
    kept = [line for line in lines if not line.rstrip().endswith(s.marker)]
    if len(kept) == len(lines):
        return InstallResult("crontab", "absent", s)
    _write_crontab(kept)
    return InstallResult("crontab", "removed", s)


# --- systemd -----------------------------------------------------------------------------------------


def _systemctl(*args: str) -> None:
    exe = shutil.which("systemctl")
    if exe is None:
        raise UnavailableError(_("there is no 'systemctl' program on PATH"), hint=_("use the crontab line instead"))
    done = subprocess.run([exe, "--user", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise UnavailableError(
            _("systemctl --user {args} failed: {error}").format(args=" ".join(args), error=done.stderr.strip())
        )


def systemd_installed(s: Schedule) -> bool:
    return (Path(s.unit_dir) / f"{s.service_name}.timer").exists()


def install_systemd(s: Schedule) -> InstallResult:
    folder = Path(s.unit_dir)
    service, timer = folder / f"{s.service_name}.service", folder / f"{s.service_name}.timer"
    same = (
        service.exists()
        and timer.exists()
        and service.read_text(encoding="utf-8") == s.service_unit
        and timer.read_text(encoding="utf-8") == s.timer_unit
    )
    if not same:
        folder.mkdir(parents=True, exist_ok=True)
        service.write_text(s.service_unit, encoding="utf-8")
        timer.write_text(s.timer_unit, encoding="utf-8")
    _systemctl("daemon-reload")
    _systemctl("enable", "--now", f"{s.service_name}.timer")
    return InstallResult("systemd", "unchanged" if same else "installed", s, str(timer))


def uninstall_systemd(s: Schedule) -> InstallResult:
    folder = Path(s.unit_dir)
    files = [folder / f"{s.service_name}.service", folder / f"{s.service_name}.timer"]
    if not any(f.exists() for f in files):
        return InstallResult("systemd", "absent", s)
    _systemctl("disable", "--now", f"{s.service_name}.timer")
    for f in files:
        f.unlink(missing_ok=True)
    _systemctl("daemon-reload")
    return InstallResult("systemd", "removed", s)
