"""Benchmark: what the message catalogues cost at start-up, in one interleaved run.

    python tests/bench/bench_i18n.py [--before REV] [--runs 21] [--entries 2000] [--limit-ms 10]

Variants: the tree at --before (default: the commit before the older interface went through gettext) checked
out with `git worktree`, this tree in English (ui.language = en: no catalogue is read), and this tree in Korean
(ui.language = ko: the Korean catalogue is read on the first translated string). Each runs `reflee --help`
(served from the help cache after the first run, as people see it), `reflee retro --help` (rendered: every help
text translated) and `retro list --json` (no words at all) on a copy of one home with --entries retrospects.
Runs alternate between the variants so machine noise hits all alike; one warm-up each, then the median.
Prints medians and the milliseconds Korean adds over the earlier tree; exits 1 above --limit-ms.
Not collected by pytest (tests/bench is in norecursedirs).
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
COMMANDS: list[tuple[str, list[str]]] = [
    ("reflee --help", ["--help"]),
    ("reflee retro --help", ["retro", "--help"]),
    ("retro list --json", ["retro", "list", "--json"]),
]


def seed(home: Path, entries: int) -> None:
    env = {**os.environ, "REFLEE_HOME": str(home), "PYTHONPATH": str(ROOT)}
    lines = "".join(
        f'{{"content": "벤치마크 회고 {i}: 오늘 한 일", "entry_date": "2025-01-01"}}\n' for i in range(entries)
    )
    src = home.parent / "seed.jsonl"
    src.write_text(lines, encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "reflee", "retro", "import", str(src)], env=env, check=True, capture_output=True
    )


def run_once(tree: Path, home: Path, lang: str, args: list[str]) -> float:
    env = {**os.environ, "REFLEE_HOME": str(home), "PYTHONPATH": str(tree), "LANG": "C.UTF-8", "COLUMNS": "80"}
    (home / "config.toml").write_text(f'[feedback]\nmode = "queue"\n[ui]\nlanguage = "{lang}"\n', encoding="utf-8")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "reflee", *args], env=env, check=True, stdout=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1000


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--before", default="1019cb5")
    ap.add_argument("--runs", type=int, default=21)
    ap.add_argument("--entries", type=int, default=2000)
    ap.add_argument("--limit-ms", type=float, default=10.0)
    opts = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-i18n-"))
    before_tree = tmp / "before"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(before_tree), opts.before],
                   check=True, capture_output=True)  # fmt: skip
    try:
        base = tmp / "home"
        base.mkdir()
        seed(base, opts.entries)
        variants = {"before (en)": (before_tree, "en"), "after (en)": (ROOT, "en"), "after (ko)": (ROOT, "ko")}
        homes = {}
        for name in variants:
            homes[name] = tmp / name.replace(" ", "_").replace("(", "").replace(")", "")
            shutil.copytree(base, homes[name])
        times: dict[tuple[str, str], list[float]] = {}
        for label, args in COMMANDS:
            for name, (tree, lang) in variants.items():
                run_once(tree, homes[name], lang, args)  # warm-up (and the help cache)
            for _ in range(opts.runs):
                for name, (tree, lang) in variants.items():
                    times.setdefault((label, name), []).append(run_once(tree, homes[name], lang, args))
        print(f"machine: {platform.node()} · {platform.processor() or platform.machine()} · {os.cpu_count()} CPUs · "
              f"Python {platform.python_version()} · {opts.runs} runs, medians in ms")  # fmt: skip
        print(f"{'command':24} {'before (en)':>12} {'after (en)':>11} {'after (ko)':>11} {'ko - before':>12}")
        worst = 0.0
        for label, _args in COMMANDS:
            med = {name: statistics.median(times[(label, name)]) for name in variants}
            added = med["after (ko)"] - med["before (en)"]
            worst = max(worst, added)
            print(f"{label:24} {med['before (en)']:12.1f} {med['after (en)']:11.1f} {med['after (ko)']:11.1f} "
                  f"{added:+12.1f}")  # fmt: skip
        return 1 if worst > opts.limit_ms else 0
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(before_tree)], capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
