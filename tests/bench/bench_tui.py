"""Benchmark: the TUI with 10,000 retrospects and 100,000 transactions.

    python tests/bench/bench_tui.py [--retros 10000] [--txns 100000] [--runs 7] [--peer NAME=COMMAND ...]

* launch to first dashboard frame, whole process in a real terminal (tmux): from starting `reflee tui` to the
  dashboard showing its data (target < 0.8 s median); each --peer command (e.g. `oterm`, `harlequin`, installed in
  their own virtual environments) is timed the same way to its first drawn frame, in the same run;
* search-as-you-type: setting the search box to a Korean word until the list shows the hits (target < 50 ms);
* month paging: `[` until the previous month's transactions are shown (target < 50 ms).
The in-app figures come from Textual's headless Pilot with the real database. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from reflee import db, ids, services  # noqa: E402
from reflee.ledger import store as ledger_store  # noqa: E402
from reflee.ledger.models import Txn  # noqa: E402
from reflee.retro import store as retro_store  # noqa: E402
from reflee.retro.models import Retro  # noqa: E402

TODAY = date(2026, 11, 30)
WORDS = ["회고", "운동", "식비", "면접", "월세", "스터디", "산책", "독서", "야근", "가계부"]
CATEGORIES = ["식비", "카페", "교통", "월세", "쇼핑", "의료", "문화"]


def seed(home: Path, retros: int, txns: int) -> None:
    rng = random.Random(1)
    stamp = "2026-01-01T00:00:00.000000Z"
    with services.open(home) as s:
        conn = s.conn
        with db.transaction(conn):
            for i in range(retros):
                day = TODAY - timedelta(days=i % 900)
                words = " ".join(rng.sample(WORDS, 3))
                retro_store.insert(
                    conn,
                    Retro(
                        ids.new_id(),
                        day.isoformat(),
                        f"회고 {i}",
                        f"오늘은 {words} 이야기. 항목 {i}.",
                        [],
                        1,
                        stamp,
                        stamp,
                    ),
                )
            rows = []
            for i in range(txns):
                day = TODAY - timedelta(days=i % 730)
                amount, category = rng.randint(1, 200) * 100, rng.choice(CATEGORIES)
                txn = Txn(ids.new_id(), day.isoformat(), "expense", amount, "KRW", category, "", f"가게 {i % 500}")
                rows.append(ledger_store.params(txn))
            ledger_store.insert_many(conn, rows)
        s.budget.set_budget("식비", "40만원", month="2026-01")


def first_frame(command: str, marker: str, env: dict[str, str], timeout: float = 30) -> float:
    session = f"bench-{os.getpid()}-{time.monotonic_ns()}"
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    start = time.perf_counter()
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "40", f"{exports} {command}"], check=True
    )
    try:
        while time.perf_counter() - start < timeout:
            screen = subprocess.run(
                ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
            ).stdout
            if marker in screen:
                return time.perf_counter() - start
            time.sleep(0.005)
        raise SystemExit(f"{command}: {marker!r} never appeared")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], check=False)


async def in_app(home: Path, runs: int) -> tuple[list[float], list[float]]:
    from textual.widgets import DataTable, Input
    from tui_helpers import settle

    from reflee.tui.app import RefleeApp

    s = services.open(home)
    app = RefleeApp(s.paths, s.settings, today=TODAY)
    search: list[float] = []
    paging: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        box = app.screen.query_one("#retro-search", Input)
        for i in range(runs):
            start = time.perf_counter()
            box.value = WORDS[i % len(WORDS)]
            await settle(pilot)
            search.append(time.perf_counter() - start)
            assert app.screen.query_one("#retro-table", DataTable).row_count > 0
        await pilot.press("l")
        await settle(pilot)
        for _ in range(runs):
            start = time.perf_counter()
            await pilot.press("left_square_bracket")
            await settle(pilot)
            paging.append(time.perf_counter() - start)
    return search, paging


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--retros", type=int, default=10_000)
    ap.add_argument("--txns", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--peer", action="append", default=[], help="NAME=COMMAND to time to its first frame")
    opts = ap.parse_args()
    if shutil.which("tmux") is None:
        raise SystemExit("tmux is needed (apt-get install tmux)")
    work = Path(tempfile.mkdtemp(prefix="reflee-bench-tui-"))
    try:
        home = work / "home"
        seed(home, opts.retros, opts.txns)
        env = {"REFLEE_HOME": str(home), "TERM": "xterm-256color", "LANG": "C.UTF-8", "PYTHONPATH": str(ROOT)}
        reflee_cmd = f"{shlex.quote(sys.executable)} -m reflee tui"
        first_frame(reflee_cmd, "streak", env)  # warm-up (and .pyc files)
        launches = {"reflee": [first_frame(reflee_cmd, "streak", env) for _ in range(opts.runs)]}
        for spec in opts.peer:
            name, command = spec.split("=", 1)
            first_frame(command, "", {"TERM": "xterm-256color"}, 30)
            marker = {"oterm": "oterm", "harlequin": "Harlequin"}.get(name, name)
            launches[name] = [first_frame(command, marker, {"TERM": "xterm-256color"}) for _ in range(opts.runs)]
        search, paging = asyncio.run(in_app(home, opts.runs))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"machine: {platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    print(f"{opts.retros:,} retrospects, {opts.txns:,} transactions; median of {opts.runs}\n")
    print("| what | median (ms) | target |")
    print("|---|---|---|")
    ours = statistics.median(launches["reflee"]) * 1000
    print(f"| launch to first dashboard frame (reflee) | {ours:.0f} | < 800 |")
    for name, values in launches.items():
        if name != "reflee":
            peer = statistics.median(values) * 1000
            print(f"| launch to first frame ({name}) | {peer:.0f} | reflee/{name} = {ours / peer:.2f} |")
    print(f"| search-as-you-type update | {statistics.median(search) * 1000:.1f} | < 50 |")
    print(f"| month paging | {statistics.median(paging) * 1000:.1f} | < 50 |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
