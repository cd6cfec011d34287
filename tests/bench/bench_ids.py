"""Benchmark: what short IDs (migration m013: the generated ``sid``, its index and the AFTER INSERT trigger)
cost per inserted row, and what a look-up by short ID costs.

    python tests/bench/bench_ids.py [--rows 100000] [--runs 5]

Each run makes a fresh database with every migration, then inserts ``--rows`` rows in one transaction the way
the importers do — ledger transactions with IDs counted up from one UUIDv7 (reflee.ledger.importer), and
retrospects with their full-text, bigram and sync triggers — once as shipped and once with the table's
``<table>_sid`` index and ``<table>_sid_ai`` trigger dropped (the generated column itself costs nothing
until read). Prints medians, the difference per row in microseconds, and what it would add at 1M rows.
This file is not collected by pytest.
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

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reflee import db, ids

TXN_SQL = (
    "INSERT INTO ledger_txn (id, txn_date, kind, amount, currency, category, account, payee, memo, tags,"
    " import_id, import_key, created_at, updated_at, deleted_at) VALUES (?, ?, 'expense', ?, 'KRW', '', '', ?, ?,"
    " '', NULL, ?, ?, ?, NULL)"
)
RETRO_SQL = (
    "INSERT INTO retro (id, entry_date, purpose, content, content_hash, version, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, 1, ?, ?)"
)


def rows_for(table: str, n: int) -> tuple[str, list[tuple]]:
    first = int(ids.new_id(), 16) & ~(1 << 61)
    stamp = "2026-11-30T00:00:00.000000Z"
    if table == "ledger_txn":
        return TXN_SQL, [
            (f"{first + i:032x}", f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}", 1000 + i, "스타벅스 강남", "체크카드",
             f"k{i}", stamp, stamp)
            for i in range(n)
        ]  # fmt: skip
    text = "오늘은 회고를 쓴다. 면접 준비를 하고 운동을 했다. "
    return RETRO_SQL, [
        (ids.new_id(), f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}", "회고", text * 4 + str(i), f"h{i}", stamp, stamp)
        for i in range(n)
    ]


def one(table: str, n: int, with_sid: bool) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        conn = db.connect(Path(tmp) / "b.db")
        if not with_sid:
            conn.execute(f"DROP TRIGGER {table}_sid_ai")
            conn.execute(f"DROP INDEX {table}_sid")
        sql, rows = rows_for(table, n)
        t = time.perf_counter()
        with db.transaction(conn):
            conn.executemany(sql, rows)
        took = time.perf_counter() - t
        if with_sid:
            distinct = conn.execute(f"SELECT count(DISTINCT sid), count(*) FROM {table}").fetchone()
            assert distinct[0] == distinct[1] == n, distinct
        conn.close()
        return took


def lookup(n: int, runs: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        conn = db.connect(Path(tmp) / "b.db")
        sql, rows = rows_for("ledger_txn", n)
        with db.transaction(conn):
            conn.executemany(sql, rows)
        sids = [r[0] for r in conn.execute("SELECT sid FROM ledger_txn ORDER BY random() LIMIT 1000")]
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            for s in sids:
                db.resolve_id(conn, "ledger_txn", s, "transaction")
            times.append((time.perf_counter() - t) / len(sids))
        return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    n = args.rows
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"SQLite {__import__('sqlite3').sqlite_version}; load {os.getloadavg()[0]:.2f}")  # fmt: skip
    for table in ("ledger_txn", "retro"):
        base, sid = [], []
        for _ in range(args.runs):  # interleaved, so load changes hit both alike
            base.append(one(table, n, False))
            sid.append(one(table, n, True))
        b, s = statistics.median(base), statistics.median(sid)
        per_row = (s - b) / n * 1e6
        print(
            f"{table:<10} {n:,} rows: without short IDs {b:.3f} s, with {s:.3f} s (x{s / b:.2f});"
            f" +{per_row:.2f} µs/row, +{per_row:.1f} s at 1M rows"
        )
    print(f"resolve_id by short ID at {n:,} rows: {lookup(n, args.runs) * 1e6:.1f} µs")


if __name__ == "__main__":
    main()
