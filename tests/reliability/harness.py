"""The reliability suite's tools: the short or long form, kill -9 at a random moment, and the tally that ends
up as the summary table (trials, records checked, lost, duplicated, crashes, time)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

LONG = os.environ.get("REFLEE_RELIABILITY", "short").lower() == "long"
"""`REFLEE_RELIABILITY=long pytest tests/reliability` runs the long form (many more trials)."""
SEED = int(os.environ.get("REFLEE_RELIABILITY_SEED", "0")) or random.randrange(1, 2**31)
"""Printed with the summary; set REFLEE_RELIABILITY_SEED to replay a run's random moments."""


def scale(short: int, long: int) -> int:
    return long if LONG else short


@dataclass
class Row:
    trials: int = 0
    killed: int = 0
    records: int = 0
    lost: int = 0
    duplicated: int = 0
    crashes: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


@dataclass
class Tally:
    rows: dict[str, Row] = field(default_factory=dict)

    def row(self, name: str) -> Row:
        return self.rows.setdefault(name, Row())

    def table(self) -> str:
        head = f"{'writer / check':<32} {'trials':>6} {'killed':>6} {'records':>9} {'lost':>5} {'dup':>5}"
        head += f" {'crash':>5} {'time':>8}"
        lines = [head, "-" * len(head)]
        total = Row()
        for name, r in self.rows.items():
            lines.append(
                f"{name:<32} {r.trials:>6} {r.killed:>6} {r.records:>9} {r.lost:>5} {r.duplicated:>5} {r.crashes:>5}"
                f" {r.seconds:>7.1f}s"
            )
            for attr in ("trials", "killed", "records", "lost", "duplicated", "crashes"):
                setattr(total, attr, getattr(total, attr) + getattr(r, attr))
            total.seconds += r.seconds
        lines.append("-" * len(head))
        lines.append(
            f"{'total':<32} {total.trials:>6} {total.killed:>6} {total.records:>9} {total.lost:>5}"
            f" {total.duplicated:>5} {total.crashes:>5} {total.seconds:>7.1f}s"
        )
        form = "long" if LONG else "short"
        lines.append(f"form: {form} · seed {SEED} (REFLEE_RELIABILITY_SEED={SEED} replays it) · {machine()}")
        return "\n".join(lines)


TALLY = Tally()


def machine() -> str:
    import platform

    return f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.system()}"


def env_for(home: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "REFLEE_HOME": str(home), "NO_COLOR": "1", **extra}


def reflee(home: Path, *args: str, timeout: float = 120, **env: str) -> subprocess.CompletedProcess[str]:
    """Run reflee to the end in its own process."""
    return subprocess.run(
        [sys.executable, "-m", "reflee", *args], env=env_for(home, **env), capture_output=True, text=True,
        timeout=timeout,
    )  # fmt: skip


def crashed(code: int, stderr: str) -> bool:
    """Exit 1 is reflee's 'unexpected' (a bug); a traceback is one too."""
    return code == 1 or "Traceback (most recent call last)" in stderr


def kill_at_random(home: Path, args: list[str], rng: random.Random, within: float, **env: str) -> tuple[bool, int, str]:
    """Start reflee with ``args`` and SIGKILL it after a random delay in [0, within) seconds.
    Returns (killed before it finished, exit code, stderr)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "reflee", *args], env=env_for(home, **env), stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + rng.uniform(0, within)
    while proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    killed = proc.poll() is None
    if killed:
        os.kill(proc.pid, signal.SIGKILL)
    _out, err = proc.communicate(timeout=120)
    return killed, proc.returncode, err or ""


def timed(fn, *args, **kwargs):  # -> (result, seconds)
    start = time.monotonic()
    result = fn(*args, **kwargs)
    return result, time.monotonic() - start
