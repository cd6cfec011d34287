"""Benchmark: whole-process times of everyday commands, this tree against an earlier commit, in one run.

    python tests/bench/bench_startup.py [--before REV] [--entries 10000] [--runs 15] [--limit-pct 5]

The earlier commit (default: the last one before the service layer) is checked out with `git worktree` into a
temporary directory; both trees run with the same interpreter and installed dependencies, chosen by PYTHONPATH.
Each variant gets its own copy of one home holding --entries retrospects (feedback.mode = queue, so `retro add`
measures storing the entry and queueing its feedback job, not a model call). Runs alternate between the two
variants so that machine noise hits both alike; one warm-up run each, then the median of --runs.

It prints a table of medians and after/before ratios and exits 1 when a command got slower by more than
--limit-pct percent. Not collected by pytest (tests/bench is in norecursedirs).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BEFORE_SERVICE_LAYER = "706caaf"
COMMANDS: list[tuple[str, list[str]]] = [
    ("reflee --help", ["--help"]),
    ("retro add", ["retro", "add", "벤치마크 회고: 오늘 한 일과 배운 점", "--purpose", "측정", "--tag", "bench"]),
    ("retro list --json", ["retro", "list", "--json"]),
]


def seed_home(home: Path, entries: int) -> None:
    """A home with ``entries`` retrospects, written through this tree's own session and store."""
    sys.path.insert(0, str(ROOT))
    from datetime import date, timedelta

    from reflee import db, ids, services
    from reflee.retro import store
    from reflee.retro.models import Retro

    (home / "config.toml").parent.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text('[feedback]\nmode = "queue"\n', encoding="utf-8")
    with services.open(home) as s:
        conn = s.conn
        now = "2026-01-01T00:00:00.000000Z"
        with db.transaction(conn):
            for i in range(entries):
                day = date(2020, 1, 1) + timedelta(days=i % 2000)
                store.insert(
                    conn,
                    Retro(
                        id=ids.new_id(),
                        entry_date=day.isoformat(),
                        purpose=f"주간 회고 {i}",
                        content=f"오늘은 계획의 절반을 지켰다. 항목 {i}. Ran {i % 10} km.",
                        tags=["bench"],
                        created_at=now,
                        updated_at=now,
                    ),
                )


def time_once(tree: Path, home: Path, args: list[str]) -> float:
    env = {**os.environ, "PYTHONPATH": str(tree), "REFLEE_HOME": str(home), "NO_COLOR": "1"}
    env.pop("COLUMNS", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: the warm-up run leaves .pyc files, as pip would
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "reflee", *args], env=env, cwd=tree, capture_output=True, stdin=subprocess.DEVNULL
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{tree.name}: reflee {' '.join(args)} exited {proc.returncode}: {proc.stderr.decode()}")
    return elapsed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", default=BEFORE_SERVICE_LAYER, help="the earlier commit to compare with")
    ap.add_argument("--entries", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--limit-pct", type=float, default=5.0, help="fail when a command is slower by more than this")
    opts = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="reflee-bench-startup-"))
    before_tree = work / "before"
    try:
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(before_tree), opts.before], check=True
        )
        seed = work / "seed"
        seed_home(seed, opts.entries)
        variants = {"before": before_tree, "after": ROOT}
        homes = {}
        for name in variants:
            homes[name] = work / f"home-{name}"
            shutil.copytree(seed, homes[name])
        times: dict[tuple[str, str], list[float]] = {}
        for label, args in COMMANDS:
            for name, tree in variants.items():
                time_once(tree, homes[name], args)  # warm-up
            for _ in range(opts.runs):
                for name, tree in variants.items():
                    times.setdefault((label, name), []).append(time_once(tree, homes[name], args))
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(before_tree)], check=False)
        shutil.rmtree(work, ignore_errors=True)

    cpu = platform.processor() or platform.machine()
    system = f"{platform.system()} {platform.release()} {cpu}"
    print(f"machine: {system}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"before = {opts.before}, after = working tree; {opts.entries:,} retrospects; median of {opts.runs} runs\n")
    print("| command | before (ms) | after (ms) | after/before |")
    print("|---|---|---|---|")
    worst = 0.0
    for label, _ in COMMANDS:
        b = statistics.median(times[(label, "before")]) * 1000
        a = statistics.median(times[(label, "after")]) * 1000
        ratio = a / b
        worst = max(worst, ratio)
        print(f"| `{label}` | {b:.1f} | {a:.1f} | {ratio:.3f} |")
    limit = 1 + opts.limit_pct / 100
    verdict = "met" if worst <= limit else "NOT met"
    print(f"\ntarget: no command slower by more than {opts.limit_pct:g} % (worst ratio {worst:.3f}): {verdict}")
    return 0 if worst <= limit else 1


if __name__ == "__main__":
    raise SystemExit(main())
