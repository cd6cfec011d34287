"""Benchmark: `policy fetch` of the real population sizes from a stand-in of both APIs.

    python tests/bench/bench_policy_fetch.py [--runs 3] [--latency 0.05]

The stand-in (tests/policy_api_standin.py, a real HTTP server on 127.0.0.1 in this process) repeats the real
records of ../shared/data/policies with perturbed IDs up to the real populations — 2,648 온통청년 policies and
10,968 공공서비스 services — and answers every page after --latency seconds (50 ms by default). Timed:

  * a full first fetch of both sources into a fresh home (pages read, parsed, checked, written with their change
    log), at concurrency 1 and at concurrency 4: wall time, and the downloading part (`timings_ms.download`:
    pages fetched over HTTP) — its ratio is the speed-up from reading pages four at a time.
    Most of the wall time is writing 13,616 new policies (their conditions and the trigram FTS index), the same
    cost as `policy import`;
  * the change-log computation: a second full fetch after a later snapshot (every 온통청년 view count moved, a
    few deadlines, ages, incomes and regions changed, some records removed and added), split into reading
    the pages and comparing + writing (the `timings_ms.write` of each run).

Pages: 온통청년 at 100 a page (27 pages), 공공서비스 at 1,000 a page (11 serviceList + 11 supportConditions).
Each figure is the median of --runs runs. There is no peer tool to compare with. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from policy_api_standin import GOV24_KEY, YOUTH_KEY, PolicyApiStandin, real_snapshot, scaled, second_snapshot  # noqa: E402

from reflee import services  # noqa: E402
from reflee.policy.collector import CollectorService, CollectorSettings  # noqa: E402

YOUTH_TOTAL = 2648
GOV24_TOTAL = 10968


def collector(s: services.Services, api: PolicyApiStandin, concurrency: int) -> CollectorService:
    settings = CollectorSettings(YOUTH_KEY, GOV24_KEY, api.youth_url, api.gov24_url, concurrency, 30.0, 2, 0.0)
    return CollectorService(s.conn, settings, s.notify.raise_)


def full_fetch(api: PolicyApiStandin, concurrency: int) -> tuple[float, float, dict[str, int], int]:
    with tempfile.TemporaryDirectory() as home, services.open(home) as s:
        t0 = time.perf_counter()
        result = collector(s, api, concurrency).fetch("all", full=True)
        wall = time.perf_counter() - t0
        assert result.error is None, result.error
        read = sum(r.download_ms for r in result.runs) / 1000
        return wall, read, {r.source: r.new for r in result.runs}, sum(r.pages for r in result.runs)


def change_log(api: PolicyApiStandin, first, later) -> tuple[float, float, float, int]:
    with tempfile.TemporaryDirectory() as home, services.open(home) as s:
        api.load(first)
        assert collector(s, api, 4).fetch("all", full=True).error is None
        api.load(later)
        t0 = time.perf_counter()
        result = collector(s, api, 4).fetch("all", full=True)
        wall = time.perf_counter() - t0
        read = sum(r.read_ms for r in result.runs) / 1000
        write = sum(r.write_ms for r in result.runs) / 1000
        return wall, read, write, sum(r.reported for r in result.runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--latency", type=float, default=0.05)
    args = ap.parse_args()
    first = scaled(real_snapshot(), YOUTH_TOTAL, GOV24_TOTAL)
    later = second_snapshot(first)
    print(f"machine: {platform.machine()} {platform.processor() or ''} · {os.cpu_count()} CPUs · "
          f"Python {platform.python_version()} · {platform.system()} {platform.release()}")  # fmt: skip
    counts = f"{len(first.youth):,} 온통청년 + {len(first.gov24_list):,} 공공서비스 records"
    print(f"data: {counts}; {args.latency * 1000:.0f} ms per page")
    with PolicyApiStandin(first) as api:
        api.latency = args.latency
        medians, reads = {}, {}
        for concurrency in (1, 4):
            walls, read_times = [], []
            for _ in range(args.runs):
                wall, read, new, pages = full_fetch(api, concurrency)
                assert new == {"youth": YOUTH_TOTAL, "gov24": GOV24_TOTAL}, new
                walls.append(wall)
                read_times.append(read)
            medians[concurrency] = statistics.median(walls)
            reads[concurrency] = statistics.median(read_times)
            runs = ", ".join(f"{w:.2f}" for w in walls)
            print(f"full fetch, concurrency {concurrency}: median {medians[concurrency]:.2f} s wall, of which "
                  f"downloading {pages} pages {reads[concurrency]:.2f} s (runs {runs})")  # fmt: skip
        print(f"ratio concurrency 4 / 1: wall {medians[4] / medians[1]:.2f}, downloading {reads[4] / reads[1]:.2f} "
              f"(download speed-up {reads[1] / reads[4]:.2f}x)")  # fmt: skip
        rows = [change_log(api, first, later) for _ in range(args.runs)]
        wall, read, write, reported = (statistics.median(col) for col in zip(*rows, strict=True))
        print(f"second fetch with changes: median {wall:.2f} s (reading pages {read:.2f} s, comparing + writing + "
              f"change log {write:.2f} s); {int(reported)} changes logged")  # fmt: skip


if __name__ == "__main__":
    main()
