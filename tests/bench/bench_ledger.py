"""Benchmark: `reflee ledger` reports and CSV import against hledger, as whole processes.

    python tests/bench/bench_ledger.py [--rows 100000] [--runs 7] [--import-runs 5] [--seed 7] [--keep DIR]

It writes a seeded, realistic 100,000-row bank CSV spanning three years (Korean memos and payees, both kinds,
a dozen categories, several accounts), then

  * imports it into a fresh reflee home with `reflee ledger import FILE --json`, --import-runs times
    (target: median under 3 s);
  * exports that home as an hledger journal (`reflee ledger export --format hledger`);
  * times `reflee ledger report --month M --json` and
    `reflee ledger report --by month --from Y-01 --to Y-12 --json` against `hledger bal -M` on the journal
    (target: reflee at least 10x faster), one warm-up run, median of --runs runs, and checks that the totals
    are identical: per month (income, expense) for the year, and per category for the month.

This file is not collected by pytest (see norecursedirs in pyproject.toml).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

YEARS = (2023, 2024, 2025)
REPORT_YEAR = 2025
REPORT_MONTH = "2025-06"
IMPORT_TARGET_S = 3.0
SPEEDUP_TARGET = 10.0
EXPENSES = {
    "식비": (["김밥천국", "맥도날드", "본죽", "한솥도시락", "배달의민족"], 6_000, 35_000),
    "카페": (["스타벅스", "이디야커피", "메가커피", "투썸플레이스"], 2_000, 9_000),
    "교통": (["카카오T", "티머니", "코레일"], 1_250, 60_000),
    "편의점": (["GS25", "CU", "세븐일레븐"], 1_000, 15_000),
    "쇼핑": (["쿠팡", "무신사", "11번가", "올리브영"], 9_900, 250_000),
    "통신": (["SKT 통신요금"], 55_000, 57_000),
    "구독": (["넷플릭스", "유튜브 프리미엄", "멜론"], 10_900, 17_000),
    "의료": (["연세내과", "온누리약국"], 3_000, 80_000),
    "문화생활": (["CGV", "교보문고", "예스24"], 8_000, 45_000),
    "월세": (["집주인 월세"], 550_000, 550_000),
}
INCOME = {"급여": (["(주)리플리"], 3_100_000, 3_400_000), "부수입": (["크몽 정산", "당근마켓"], 10_000, 300_000)}
ACCOUNTS = ["신한카드", "국민체크", "토스뱅크", "현금"]


def generate(path: Path, rows: int, seed: int) -> None:
    rng = random.Random(seed)
    days = [f"{y}-{m:02d}-{d:02d}" for y in YEARS for m in range(1, 13) for d in range(1, 29)]
    cats = list(EXPENSES)
    weights = [30, 25, 15, 12, 8, 1, 2, 3, 3, 1]
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["거래일자", "적요", "가맹점명", "금액", "분류", "계좌"])
        for i in range(rows):
            day = rng.choice(days)
            if i % 40 == 0:
                cat = rng.choice(list(INCOME))
                payees, lo, hi = INCOME[cat]
                sign = ""
            else:
                cat = rng.choices(cats, weights)[0]
                payees, lo, hi = EXPENSES[cat]
                sign = "-"
            amount = rng.randint(lo // 10, hi // 10) * 10
            w.writerow(
                [
                    day,
                    rng.choice(["체크카드", "카드승인", "자동이체", "이체"]),
                    rng.choice(payees),
                    f"{sign}{amount:,}",
                    cat,
                    rng.choice(ACCOUNTS),
                ]
            )


def timed(cmd: list[str], env: dict[str, str], *, check_json: bool = True) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, env=env, timeout=600)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.decode()[-2000:]}")
    out = proc.stdout.decode("utf-8")
    if check_json:
        json.loads(out)
    return elapsed, out


def median_of(cmd: list[str], env: dict[str, str], runs: int, check_json: bool = True) -> tuple[float, str]:
    _, out = timed(cmd, env, check_json=check_json)  # warm-up (page cache, .pyc files)
    times = [timed(cmd, env, check_json=check_json)[0] for _ in range(runs)]
    return statistics.median(times), out


def hledger_totals(hledger: str, journal: Path, period: str) -> dict[tuple[str, str], int]:
    """{(month, account): KRW} from hledger's JSON balance report (income made positive)."""
    out = subprocess.run(
        [hledger, "-f", str(journal), "bal", "-M", "--flat", "-p", period, "-O", "json"],
        capture_output=True,
        check=True,
        timeout=600,
    ).stdout
    data = json.loads(out)
    months = [start[:7] for start, _ in data["prDates"]]
    sums: dict[tuple[str, str], int] = defaultdict(int)
    for row in data["prRows"]:
        for month, amounts in zip(months, row["prrAmounts"], strict=True):
            for a in amounts:
                assert a["acommodity"] == "KRW" and a["aquantity"]["decimalPlaces"] == 0
                value = a["aquantity"]["decimalMantissa"]
                sums[(month, row["prrName"])] += -value if row["prrName"].startswith("income:") else value
    return sums


def check_identical(year_json: str, month_json: str, hl_year: dict[tuple[str, str], int]) -> str:
    ours_year = json.loads(year_json)
    for m in ours_year["rows"]:
        inc = sum(v for (mo, acct), v in hl_year.items() if mo == m["month"] and acct.startswith("income:"))
        exp = sum(v for (mo, acct), v in hl_year.items() if mo == m["month"] and acct.startswith("expenses:"))
        if (m["income"], m["expense"]) != (inc, exp):
            sys.exit(f"bench: totals differ in {m['month']}: reflee {m['income']}/{m['expense']}, hledger {inc}/{exp}")
    ours_month = json.loads(month_json)
    mine = {
        ("income:" if r["kind"] == "income" else "expenses:") + r["category"]: r["amount"] for r in ours_month["rows"]
    }
    theirs = {a: v for (mo, a), v in hl_year.items() if mo == REPORT_MONTH and not a.startswith("assets:") and v}
    if mine != theirs:
        sys.exit(f"bench: {REPORT_MONTH} per-category totals differ:\n reflee  {mine}\n hledger {theirs}")
    return (
        f"identical totals: 12 months x (income, expense) of {REPORT_YEAR} and {len(mine)} categories of "
        f"{REPORT_MONTH}; {REPORT_YEAR} income {ours_year['income']:,} KRW, expense {ours_year['expense']:,} KRW"
    )


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"machine: {platform.platform()}; {cpu}; {os.cpu_count()} CPUs; Python {platform.python_version()}; "
        f"SQLite {sqlite3.sqlite_version}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--import-runs", type=int, default=5)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", type=Path, help="Keep the generated files in this directory.")
    args = ap.parse_args()
    hledger = shutil.which("hledger")
    if hledger is None:
        sys.exit("bench: hledger is not installed (apt-get install hledger)")
    hl_version = subprocess.run([hledger, "--version"], capture_output=True, text=True).stdout.strip()
    work = args.keep or Path(tempfile.mkdtemp(prefix="reflee-bench-ledger-"))
    work.mkdir(parents=True, exist_ok=True)
    source = work / "statement.csv"
    generate(source, args.rows, args.seed)
    reflee = [sys.executable, "-m", "reflee"]
    base_env = {**os.environ, "NO_COLOR": "1"}

    import_times = []
    home = work / "home-0"
    for i in range(args.import_runs):
        home = work / f"home-{i}"
        shutil.rmtree(home, ignore_errors=True)
        env = {**base_env, "REFLEE_HOME": str(home)}
        subprocess.run([*reflee, "db", "status"], capture_output=True, env=env, check=True)  # schema, not timed
        elapsed, out = timed([*reflee, "ledger", "import", str(source), "--json"], env)
        added = json.loads(out)["added"]
        if added != args.rows:
            sys.exit(f"bench: import added {added} of {args.rows} rows")
        import_times.append(elapsed)
    env = {**base_env, "REFLEE_HOME": str(home)}
    again, out = timed([*reflee, "ledger", "import", str(source), "--json"], env)
    if json.loads(out)["added"] != 0:
        sys.exit("bench: re-import added rows")
    journal = work / "ledger.journal"
    timed([*reflee, "ledger", "export", "--format", "hledger", "-o", str(journal)], env, check_json=False)

    month_cmd = [*reflee, "ledger", "report", "--month", REPORT_MONTH, "--json"]
    year_cmd = [
        *reflee,
        "ledger",
        "report",
        "--by",
        "month",
        "--from",
        f"{REPORT_YEAR}-01",
        "--to",
        f"{REPORT_YEAR}-12",
        "--json",
    ]
    t_month, month_json = median_of(month_cmd, env, args.runs)
    t_year, year_json = median_of(year_cmd, env, args.runs)
    t_hl_all, _ = median_of([hledger, "-f", str(journal), "bal", "-M"], env, args.runs, check_json=False)
    t_hl_year, _ = median_of(
        [hledger, "-f", str(journal), "bal", "-M", "-p", str(REPORT_YEAR)], env, args.runs, check_json=False
    )
    t_hl_month, _ = median_of(
        [hledger, "-f", str(journal), "bal", "-p", REPORT_MONTH], env, args.runs, check_json=False
    )
    verdict = check_identical(year_json, month_json, hledger_totals(hledger, journal, str(REPORT_YEAR)))

    print(f"reflee ledger benchmark: {args.rows:,} transactions over {YEARS[0]}-{YEARS[-1]} (seed {args.seed})")
    print(machine())
    print(f"peer: {hl_version}")
    print(f"{'command':<62} {'median':>9}  {'vs hledger':>10}  target")
    rows = [
        (f"reflee ledger report --month {REPORT_MONTH} --json", t_month, t_hl_month, f"hledger bal -p {REPORT_MONTH}"),
        (
            f"reflee ledger report --by month --from/--to {REPORT_YEAR} --json",
            t_year,
            t_hl_year,
            f"hledger bal -M -p {REPORT_YEAR}",
        ),
    ]
    print(f"{'hledger -f ledger.journal bal -M (whole journal)':<62} {t_hl_all * 1000:>7.0f}ms")
    print(f"{f'hledger -f ledger.journal bal -M -p {REPORT_YEAR}':<62} {t_hl_year * 1000:>7.0f}ms")
    print(f"{f'hledger -f ledger.journal bal -p {REPORT_MONTH}':<62} {t_hl_month * 1000:>7.0f}ms")
    ok = True
    for label, ours, theirs, _peer in rows:
        ratio_same = theirs / ours
        ratio_all = t_hl_all / ours
        passed = ratio_all >= SPEEDUP_TARGET and ratio_same >= SPEEDUP_TARGET
        ok &= passed
        print(
            f"{label:<62} {ours * 1000:>7.0f}ms  {ratio_all:>5.1f}x/{ratio_same:.1f}x  "
            f">= {SPEEDUP_TARGET:.0f}x {'PASS' if passed else 'FAIL'}"
        )
    imp = statistics.median(import_times)
    ok &= imp < IMPORT_TARGET_S
    print(
        f"{f'reflee ledger import ({args.rows:,}-row CSV, fresh home)':<62} {imp * 1000:>7.0f}ms  "
        f"{'':>10}  < {IMPORT_TARGET_S:.0f} s {'PASS' if imp < IMPORT_TARGET_S else 'FAIL'}"
    )
    print(f"  import runs: {', '.join(f'{t:.2f}s' for t in import_times)}; re-import (adds 0): {again:.2f}s")
    print("  (vs hledger: against `bal -M` on the whole journal / against the same period's `bal`)")
    print(verdict)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
