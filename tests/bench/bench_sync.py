"""Benchmark: the sync push as a load test against the stand-in server.

    python tests/bench/bench_sync.py [--transactions 100000] [--retros 10000] [--latency 0.02] [--slots 16]

1. Throughput: push N transactions and M retrospects (sync.include = retros) to a stand-in that takes
   ``--latency`` per request and serves ``--slots`` requests at once, with sync.concurrency 1, 4 and 16, each
   as a whole `reflee sync push` process on a copy of the same database. Records per second, the speed-up over
   concurrency 1, and the share of the ideal speed-up (min(concurrency, slots)). Target: >= 80 %.
2. Memory: the peak RSS of each push process (os.wait4). Target: < 150 MB, flat in the number of records.
3. Incremental: 10 changes into a database of N already pushed, SyncService.push() in-process (the cost of the
   push itself) and `reflee sync push` as a process. Target: < 0.5 s.

The stand-in and the client each run in their own process (no shared GIL; and a child forked from a parent
holding the server's records would report that parent's memory as its own peak RSS). Not collected by pytest
(tests/bench is in norecursedirs).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))  # the repo root: tests.sync_standin

os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"  # the 0600 file, never a real keyring

from reflee import services  # noqa: E402
from reflee.ids import new_id  # noqa: E402

EMAIL, PASSWORD = "bench@example.com", "bench password"
SERVER = """
import sys, time
sys.path.insert(0, {root!r})
from tests.sync_standin import SyncStandin
s = SyncStandin(latency={latency}, slots={slots}, validate=False).start()
print(s.url, flush=True)
sys.stdin.read()  # until the benchmark closes it
n = sum(len(v) for v in s.records.by_user.values())
print(n, flush=True)
"""


class Server:
    """The stand-in in its own process; ``records`` is how many it holds when it stops."""

    def __init__(self, latency: float, slots: int) -> None:
        code = SERVER.format(root=str(HERE.parent.parent), latency=latency, slots=slots)
        self.proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True)  # fmt: skip
        assert self.proc.stdout is not None
        self.url = self.proc.stdout.readline().strip()
        self.records = -1

    def stop(self) -> None:
        out, _err = self.proc.communicate("", timeout=60)
        self.records = int(out.strip() or -1)


def build(home: Path, n_txn: int, n_retro: int) -> None:
    """A database with n_txn transactions and n_retro retrospects, written the way imports write (one
    transaction each for thousands of rows); the triggers fill the outbox as they go."""
    with services.open(home) as s:
        s.config.set("feedback.mode", "off")
        conn = s.conn
        now = "2026-11-01T00:00:00.000000Z"
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            "INSERT INTO ledger_txn (id, txn_date, kind, amount, currency, category, memo, created_at, updated_at)"
            " VALUES (?, ?, 'expense', ?, 'KRW', ?, ?, ?, ?)",
            (
                (new_id(), f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}", 1000 + i % 50000, ("식비", "카페", "교통")[i % 3],
                 f"메모 {i}", now, now)
                for i in range(n_txn)
            ),
        )  # fmt: skip
        conn.executemany(
            "INSERT INTO retro (id, entry_date, purpose, content, content_hash, created_at, updated_at)"
            " VALUES (?, ?, '주간 회고', ?, ?, ?, ?)",
            ((new_id(), f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}", f"오늘 한 일 {i} " * 20, str(i), now, now)
             for i in range(n_retro)),
        )  # fmt: skip
        conn.execute("COMMIT")
        s.config.set("sync.include", "retros")


def run_push(home: Path, concurrency: int, batch: int) -> tuple[dict, float, float]:
    """`reflee sync push --json` as a process: its result, wall seconds, peak RSS in MB."""
    env = {**os.environ, "REFLEE_HOME": str(home)}
    subprocess.run([sys.executable, "-m", "reflee", "config", "set", "sync.concurrency", str(concurrency)], env=env,
                   check=True, capture_output=True)  # fmt: skip
    subprocess.run([sys.executable, "-m", "reflee", "config", "set", "sync.batch_size", str(batch)], env=env,
                   check=True, capture_output=True)  # fmt: skip
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, "-m", "reflee", "sync", "push", "--json"], env=env, stdout=out,
                                stderr=err)  # fmt: skip
        _pid, status, usage = os.wait4(proc.pid, 0)  # this process's own peak RSS, not all children's
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        if status != 0:
            raise SystemExit(f"push failed: {err.read().decode()}")
        return json.loads(out.read()), wall, usage.ru_maxrss / 1024 / (1024 if sys.platform == "darwin" else 1)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--transactions", type=int, default=100_000)
    ap.add_argument("--retros", type=int, default=10_000)
    ap.add_argument("--latency", type=float, default=0.02)
    ap.add_argument("--slots", type=int, default=16)
    ap.add_argument("--batch", type=int, default=100)
    args = ap.parse_args()
    total = args.transactions + args.retros
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    print(f"server: {args.latency * 1000:.0f} ms per request, {args.slots} slots; batches of {args.batch}")
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "template"
        t0 = time.perf_counter()
        build(template, args.transactions, args.retros)
        print(f"built {args.transactions:,} transactions + {args.retros:,} retrospects in "
              f"{time.perf_counter() - t0:.1f} s")  # fmt: skip
        rates: dict[int, float] = {}
        rss: dict[int, float] = {}
        home = Path(tmp) / "home"
        for conc in (1, 4, 16):
            shutil.rmtree(home, ignore_errors=True)
            shutil.copytree(template, home)
            server = Server(args.latency, args.slots)
            try:
                with services.open(home) as s:
                    s.auth.register(EMAIL, PASSWORD, server=server.url)
                result, wall, rss[conc] = run_push(home, conc, args.batch)
                assert result["sent"] == total, result
                rates[conc] = total / result["seconds"]
                ideal = min(conc, args.slots)
                speedup = rates[conc] / rates[1]
                print(f"concurrency {conc:2d}: {result['seconds']:6.1f} s push ({wall:.1f} s process), "
                      f"{rates[conc]:8,.0f} records/s, speed-up {speedup:4.1f}x of ideal {ideal}x "
                      f"= {100 * speedup / ideal:3.0f} %, peak RSS {rss[conc]:.0f} MB")  # fmt: skip
                if conc == 4:
                    incremental(home, total)
            finally:
                server.stop()
            assert server.records == total, (server.records, total)
        print(f"peak RSS max {max(rss.values()):.0f} MB (target < 150 MB); load average now "
              f"{os.getloadavg()[0]:.1f}")  # fmt: skip


def incremental(home: Path, total: int) -> None:
    times = []
    for round_ in range(5):
        with services.open(home) as s:
            rows = s.conn.execute("SELECT id FROM ledger_txn ORDER BY id LIMIT 10 OFFSET ?", (round_ * 10,)).fetchall()
            for (tid,) in rows:
                s.ledger.edit(tid, memo=f"changed {round_}")
            start = time.perf_counter()
            result = s.sync.push()
            times.append(time.perf_counter() - start)
            assert result is not None and result.sent == 10, result
    with services.open(home) as s:
        for (tid,) in s.conn.execute("SELECT id FROM ledger_txn ORDER BY id DESC LIMIT 10").fetchall():
            s.ledger.edit(tid, memo="changed by process")
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "reflee", "sync", "push", "--json"], capture_output=True,
                         env={**os.environ, "REFLEE_HOME": str(home)}, check=True)  # fmt: skip
    proc_time = time.perf_counter() - start
    assert json.loads(out.stdout)["sent"] == 10
    print(f"incremental: 10 changes into {total:,} records: "
          f"SyncService.push() median {statistics.median(times) * 1000:.0f} ms, `reflee sync push` process "
          f"{proc_time * 1000:.0f} ms (target < 500 ms)")  # fmt: skip


if __name__ == "__main__":
    main()
