"""Benchmark: weekly and monthly growth reports over 100,000 retrospects and 100,000 transactions, and an idle
`cron run`, as whole processes.

    python tests/bench/bench_report.py [--retros 100000] [--txns 100000] [--runs 7] [--seed 3] [--keep DIR]

It builds a reflee home whose database is made by reflee's own migrations and filled the way the stores write
(one transaction each): retrospects with tags over 2019-2025 (about 40 a day) with feedback on one in ten,
transactions over the same years (a dozen categories, an income a month), and two budgets. Then, one warm-up
run and the median of --runs runs of each, wall clock:

  * `reflee report weekly --period 2025-W47 --no-llm --force --format json`   (target: under 0.5 s)
  * `reflee report monthly --period 2025-11 --no-llm --force --format json`   (target: under 0.5 s)
  * `reflee cron run` with nothing due (the reports of the last week and month exist, no job is queued,
    the day's reminders are raised already)                                      (target: under 0.2 s)

Wall clock is the target; CPU time is printed beside it because on a shared machine the wall clock also counts
time spent waiting for a core (the load average is printed too). --force makes each report from scratch every
run (the stored one would otherwise be shown again). There is no peer program for these; the ratio column is
the median wall clock against its target. This file is not collected by pytest.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from reflee import db, ids
from reflee.feedback import store as feedback_store
from reflee.feedback.models import Feedback
from reflee.ledger import store as ledger_store
from reflee.ledger.models import Txn
from reflee.retro import store as retro_store
from reflee.retro.models import Retro

FIRST_DAY = date(2019, 1, 1)
LAST_DAY = date(2025, 12, 31)
REPORT_TARGET_S = 0.5
CRON_TARGET_S = 0.2
WORDS = [
    "오늘",
    "아침",
    "계획",
    "점검",
    "운동",
    "독서",
    "회의",
    "공부",
    "정리",
    "산책",
    "가족",
    "친구",
    "프로젝트",
    "마감",
    "발표",
    "리뷰",
    "the",
    "plan",
    "run",
    "read",
]
TAGS = ["운동", "독서", "일", "가족", "공부", "건강", "돈"]
EXPENSES = ["식비", "카페", "교통", "편의점", "쇼핑", "통신", "구독", "의료", "문화생활", "월세"]
STRENGTHS = ["꾸준히 기록했다", "계획을 지켰다", "운동을 했다", "일찍 일어났다"]
RECS = ["아침 30분을 계획 점검에 쓰기", "주 3회 운동하기", "잠들기 전 휴대폰 내려놓기"]


def stamp(day: date, seq: int) -> tuple[str, int]:
    moment = datetime(day.year, day.month, day.day, 21, tzinfo=UTC) + timedelta(milliseconds=seq)
    ms = int(moment.timestamp() * 1000)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), ms


def build(home: Path, n_retros: int, n_txns: int, seed: int) -> None:
    rng = random.Random(seed)
    days = (LAST_DAY - FIRST_DAY).days + 1
    conn = db.connect(home / "reflee.db")
    try:
        with db.transaction(conn):
            for i in range(n_retros):
                day = FIRST_DAY + timedelta(days=i * days // n_retros)
                at, ms = stamp(day, i)
                rid = ids.new_id(now_ms=ms)
                retro_store.insert(
                    conn,
                    Retro(
                        id=rid,
                        entry_date=day.isoformat(),
                        purpose=rng.choice(["건강", "성장", "일", ""]),
                        content=" ".join(rng.choices(WORDS, k=rng.randint(20, 80))),
                        tags=rng.sample(TAGS, rng.randint(0, 2)),
                        created_at=at,
                        updated_at=at,
                    ),
                )
                if i % 10 == 0:
                    feedback_store.insert(
                        conn,
                        Feedback(
                            id=ids.new_id(now_ms=ms),
                            retro_id=rid,
                            retro_version=1,
                            language="ko",
                            provider="ollama",
                            model="bench",
                            template_version="bench",
                            summary="요약",
                            strengths=rng.sample(STRENGTHS, 2),
                            weaknesses=["계획이 많았다"],
                            keep_doing=["기록"],
                            recommendations=[rng.choice(RECS)],
                            created_at=at,
                        ),
                    )
            rows = []
            for i in range(n_txns):
                day = FIRST_DAY + timedelta(days=rng.randrange(days))
                at, ms = stamp(day, i)
                income = i % 40 == 0
                t = Txn(
                    id=ids.new_id(now_ms=ms),
                    date=day.isoformat(),
                    kind="income" if income else "expense",
                    amount=rng.randint(300, 340) * 10_000 if income else rng.randint(1, 300) * 100,
                    category="급여" if income else rng.choice(EXPENSES),
                    account=rng.choice(["신한카드", "토스뱅크", "현금"]),
                    payee=rng.choice(["김밥천국", "스타벅스", "쿠팡", "(주)리플리"]),
                    created_at=at,
                    updated_at=at,
                )
                rows.append(ledger_store.params(t))
            ledger_store.insert_many(conn, rows)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float, subprocess.CompletedProcess[bytes]]:
    """Wall-clock and CPU (user + system) seconds of one process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(argv, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), proc


def measure(argv: list[str], env: dict[str, str], runs: int) -> tuple[float, float, bytes]:
    """Median wall-clock and median CPU seconds of ``runs`` runs after one warm-up."""
    _t, _c, proc = run(argv, env)  # warm-up
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): {proc.stderr.decode()}")
    walls, cpus = [], []
    for _ in range(runs):
        t, c, proc = run(argv, env)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): {proc.stderr.decode()}")
        walls.append(t)
        cpus.append(c)
    return statistics.median(walls), statistics.median(cpus), proc.stdout


def machine_line() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for text in Path("/proc/cpuinfo").read_text().splitlines():
            if text.startswith("model name"):
                cpu = text.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"machine: {platform.platform()} | {cpu} | {os.cpu_count()} CPUs | "
        f"Python {platform.python_version()} | SQLite {sqlite3.sqlite_version}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--retros", type=int, default=100_000)
    parser.add_argument("--txns", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7, help="Timed runs per command; the median is shown.")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="Build the home here and keep it.")
    args = parser.parse_args()

    root = args.keep or Path(tempfile.mkdtemp(prefix="reflee-bench-report-"))
    home = root / "home"
    if home.exists():
        shutil.rmtree(home)
    home.mkdir(parents=True)
    (home / "config.toml").write_text(
        '[feedback]\nmode = "off"\n\n[report]\nnarrative = false\n\n[cron]\ndesktop = false\n', encoding="utf-8"
    )
    started = time.perf_counter()
    build(home, args.retros, args.txns, args.seed)
    print(f"built {args.retros:,} retrospects and {args.txns:,} transactions in {time.perf_counter() - started:.1f} s")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update({"REFLEE_HOME": str(home), "NO_COLOR": "1", "LANG": "C.UTF-8"})
    reflee = [sys.executable, "-m", "reflee"]
    base = [*reflee, "budget", "set"]
    for cat, amount in (("식비", "400000"), ("total", "1500000")):
        subprocess.run([*base, cat, amount, "--month", "2025-01"], env=env, check=True, capture_output=True)

    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    rows = []
    for kind, period in (("weekly", "2025-W47"), ("monthly", "2025-11")):
        argv = [*reflee, "report", kind, "--period", period, "--no-llm", "--force", "--format", "json"]
        median, cpu, out = measure(argv, env, args.runs)
        data = json.loads(out)
        note = f"{data['retro']['entries']:,} entries, {data['money']['transactions']:,} transactions"
        rows.append((f"report {kind} {period}", median, cpu, REPORT_TARGET_S, note))
    subprocess.run([*reflee, "cron", "run"], env=env, check=True, capture_output=True)  # makes what is due now
    median, cpu, _out = measure([*reflee, "cron", "run"], env, args.runs)
    rows.append(("cron run (nothing due)", median, cpu, CRON_TARGET_S, ""))

    print(machine_line())
    print(f"load average before the runs: {load}")
    print(f"median of {args.runs} runs after one warm-up, whole process: wall clock, and CPU (user + system)")
    print(f"{'command':<32} {'wall ms':>9} {'cpu ms':>8} {'target ms':>10} {'ratio':>6}  met  note")
    for name, median, cpu, target, note in rows:
        met = "yes" if median < target else "NO"
        print(
            f"{name:<32} {median * 1000:>9.1f} {cpu * 1000:>8.1f} {target * 1000:>10.0f} {median / target:>6.2f}  "
            f"{met:<4} {note}"
        )
    if args.keep is None:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
