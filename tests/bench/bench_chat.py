"""Benchmark: chat with 100,000 retrospects (with embeddings) and 100,000 transactions, in-process.

    python tests/bench/bench_chat.py [--retros 100000] [--txns 100000] [--dims 384] [--runs 25] [--keep DIR]

Builds a home in a temporary directory: retrospects written the way reflee.retro.store writes them (one
transaction; the FTS triggers index them), each with the embedding the stand-in server would give it (the
same hashed bag of bigrams, --dims long) stored through reflee.index.store; and a bank CSV of --txns
transactions over the last 24 months imported with `LedgerService.import_csv`. The stand-in Ollama server runs
in this process on 127.0.0.1 (real HTTP through the official ollama client, for /api/embed and /api/chat).

Measured, median of --runs after a warm-up (wall clock; and CPU time, which is what the work costs when the
machine is not shared — the load average is printed, since a busy 2-core machine stretches wall time):
  * question -> request reaching the model: from calling ChatService.ask until the stand-in has received the
    /api/chat request (routing, retrieval — full text, the question's embedding over HTTP, the vector search
    — fetching totals, prompt assembly, saving the question). Target: under 50 ms.
  * semantic top-10 over all the vectors (IndexService.nearest, warm: the session's sign bits loaded), and
    the first query of a session (cold: the sign bits read from SQLite). Target: warm under 30 ms.
  * recall of the top 10 against an exact scan of every vector (pure Python, slow) on a few queries.
No peer is named for this benchmark; the targets are the issue's. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "bench")]

from bench_ledger import ACCOUNTS, EXPENSES, INCOME  # noqa: E402
from bench_retro import EN, KO, PURPOSES, TAGS  # noqa: E402

from reflee import db, ids, services  # noqa: E402
from reflee.dates import utc_now  # noqa: E402
from reflee.index import store as index_store  # noqa: E402
from reflee.index import vectors  # noqa: E402
from reflee.retro import store as retro_store  # noqa: E402
from reflee.retro.models import Retro  # noqa: E402
from tests.standin import OllamaStandin, Reply  # noqa: E402
from tests.standin.native import _vector  # noqa: E402

QUESTION_TARGET_MS = 50.0
SEMANTIC_TARGET_MS = 30.0
QUESTIONS = [
    "지난달 식비 얼마 썼어?",
    "지난주 운동 회고 정리해줘",
    "면접 준비했던 회고 보여줘",
    "How much did I spend on coffee last month?",
    "what did I write in my journal about the side project?",
    "이번 달 예산 얼마나 남았어?",
]


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


def seed_retros(conn: sqlite3.Connection, n: int, dims: int, seed: int, model: str) -> None:
    rng = random.Random(seed)
    today = date.today()
    with db.transaction(conn):
        for i in range(n):
            lines = rng.sample(KO if i % 3 else EN, 3)
            content = " ".join(lines)
            purpose = rng.choice(PURPOSES)
            now = utc_now()
            day = today - timedelta(days=rng.randrange(3 * 365))
            retro = Retro(ids.new_id(), day.isoformat(), purpose, content, rng.sample(TAGS, 2), 1, now, now)
            retro_store.insert(conn, retro)
            vec = vectors.normalize(_vector(f"{purpose}\n{content}", dims))
            index_store.upsert(conn, retro.id, model, 1, dims, vectors.to_blob(vec), vectors.signs_blob(vec))
            if i % 20_000 == 19_999:
                print(f"  {i + 1:,} retrospects", file=sys.stderr)


def ledger_csv(path: Path, rows: int, seed: int) -> None:
    rng = random.Random(seed)
    today = date.today()
    cats = list(EXPENSES)
    weights = [30, 25, 15, 12, 8, 1, 2, 3, 3, 1]
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["거래일자", "적요", "가맹점명", "금액", "분류", "계좌"])
        for i in range(rows):
            day = today - timedelta(days=rng.randrange(730))
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
                [day.isoformat(), "카드승인", rng.choice(payees), f"{sign}{amount:,}", cat, rng.choice(ACCOUNTS)]
            )


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--retros", type=int, default=100_000)
    ap.add_argument("--txns", type=int, default=100_000)
    ap.add_argument("--dims", type=int, default=384)
    ap.add_argument("--runs", type=int, default=25)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--keep", type=Path, help="Build the home in this directory and keep it.")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="reflee-bench-chat-"))
    home = work / "home"
    model = "bge-m3"
    print(machine())
    with OllamaStandin(models=["llama3.2:latest", f"{model}:latest"]) as standin:
        standin.embed_dims = args.dims
        arrived: list[float] = []

        def respond(body: dict) -> Reply:
            arrived.append(time.perf_counter())
            return Reply(content="네, 기록을 보면 그렇습니다.")

        standin.set_responder(respond)
        with services.open(home) as s:
            for key, value in {"llm.host": standin.url, "llm.model": "llama3.2", "feedback.mode": "off",
                               "chat.embed_model": model, "chat.summarize": "false"}.items():  # fmt: skip
                s.config.set(key, value)
        with services.open(home) as s:
            started = time.perf_counter()
            if index_store.counts(s.conn, model)["retros"] < args.retros:
                print(f"seeding {args.retros:,} retrospects with {args.dims}-d embeddings…", file=sys.stderr)
                seed_retros(s.conn, args.retros, args.dims, args.seed, model)
                source = work / "bank.csv"
                ledger_csv(source, args.txns, args.seed)
                print(f"importing {args.txns:,} transactions…", file=sys.stderr)
                result = s.ledger.import_csv(source)
                assert result.added == args.txns, result.added
            print(f"seeded in {time.perf_counter() - started:.0f} s: {s.index.status().current:,} vectors")

        with services.open(home) as s:
            # semantic top-10: cold (first query of a session), then warm
            rng = random.Random(args.seed)
            queries = [vectors.normalize(_vector(q, args.dims)) for q in QUESTIONS + rng.sample(KO + EN, 10)]
            t = time.perf_counter()
            s.index.nearest(queries[0], 10)
            cold = time.perf_counter() - t
            warm, warm_cpu = [], []
            for _ in range(max(1, args.runs // len(queries) + 1)):
                for q in queries:
                    t, c = time.perf_counter(), time.thread_time()
                    s.index.nearest(q, 10)
                    warm.append(time.perf_counter() - t)
                    warm_cpu.append(time.thread_time() - c)
            recalls = []
            everything = index_store.live_vectors(s.conn, model)
            decoded = [(rid, vectors.from_blob(blob)) for rid, blob in everything]
            for q in queries[:5]:  # many entries share their sentences: ties, so compare scores, not IDs
                ql = q.tolist()
                exact = sorted((vectors.cosine(ql, v.tolist()) for _rid, v in decoded), reverse=True)[:10]
                got = [score for _rid, score in s.index.nearest(q, 10)]
                recalls.append(sum(1 for score in got if score >= exact[-1] - 1e-6) / 10)

            # question -> request reaching the model
            chat = s.chat
            for q in QUESTIONS:  # warm-up: imports, the client, caches
                chat.ask(q)
            per_question: dict[str, list[float]] = {q: [] for q in QUESTIONS}
            prepare: list[float] = []
            cpu: list[float] = []
            for _ in range(max(1, args.runs // len(QUESTIONS) + 1)):
                for q in QUESTIONS:
                    arrived.clear()
                    t, c = time.perf_counter(), time.process_time()
                    chat.ask(q)  # process time: this thread and the stand-in's, up to the answer's end
                    per_question[q].append(arrived[0] - t)
                    cpu.append(time.process_time() - c)
                    t = time.perf_counter()
                    chat.prepare(q)
                    prepare.append(time.perf_counter() - t)
        all_q = [x for v in per_question.values() for x in v]

    n = args.retros
    print()
    print(f"{'measure':60} {'median':>10} {'target':>10}")
    q_ms = median_ms(all_q)
    print(f"{'question -> request reaching the model (all questions)':60} {q_ms:8.1f}ms {QUESTION_TARGET_MS:8.0f}ms"
          f"  {'OK' if q_ms < QUESTION_TARGET_MS else 'OVER'}")  # fmt: skip
    for q, samples in per_question.items():
        print(f"  {q:58} {median_ms(samples):8.1f}ms")
    print(f"  {'of which route + retrieve + fit (ChatService.prepare)':58} {median_ms(prepare):8.1f}ms")
    print(f"  {'CPU time of a whole ask (both sides, to the end of the answer)':58} {median_ms(cpu):8.1f}ms")
    w_ms = median_ms(warm)
    print(f"{f'semantic top-10 over {n:,} vectors (warm)':60} {w_ms:8.1f}ms {SEMANTIC_TARGET_MS:8.0f}ms"
          f"  {'OK' if w_ms < SEMANTIC_TARGET_MS else 'OVER'}")  # fmt: skip
    print(f"  {'CPU time of it (thread time: what it costs on an idle core)':58} {median_ms(warm_cpu):8.1f}ms")
    print(f"{'semantic top-10, first query of a session (sign bits loaded)':60} {cold * 1000:8.1f}ms")
    print(f"{'recall of the top 10 against an exact scan (by score)':60} {statistics.mean(recalls):9.2f}")
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    backend, note = vectors_backend_note(home)
    print(f"vector search: {backend}" + (f" ({note})" if note else ""))
    if args.keep is None:
        print(f"(home left in {work}; delete it or pass --keep DIR)")


def vectors_backend_note(home: Path) -> tuple[str, str | None]:
    with services.open(home) as s:
        return s.index.backend


if __name__ == "__main__":
    main()
