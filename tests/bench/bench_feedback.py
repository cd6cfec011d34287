"""Benchmark: the feedback path against the Ollama stand-in.

    python tests/bench/bench_feedback.py [--calls 200] [--jobs 100] [--latency 0.2]

1. Overhead: reflee's whole feedback path for one retrospect (claim the job, build the prompt, call the
   model through the official client, validate, log the call, store the feedback, acknowledge) versus a
   bare ``ollama.Client.chat(stream=True)`` with the same reply, in-process, medians per call.
   Target: at most 5 ms median overhead.
2. Throughput: N queued feedbacks with 200 ms simulated generation and 4 parallel slots on the server,
   ``reflee feedback run --concurrency 4`` versus ``--concurrency 1`` as whole processes. Target: >= 3.5x.
3. A cache hit: the same request answered from the on-disk cache, in-process. Target: <= 5 ms median.

Not collected by pytest (tests/bench is in norecursedirs).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # tests/: the stand-in server

from standin import OllamaStandin, Reply  # noqa: E402

from reflee import db, services  # noqa: E402
from reflee.feedback.service import KIND  # noqa: E402
from reflee.jobs import claim  # noqa: E402
from reflee.llm.cache import ResponseCache  # noqa: E402
from reflee.llm.client import LLMClient  # noqa: E402

ANSWER = json.dumps(
    {
        "summary": "이번 주에는 계획의 절반을 지켰고, 회고 습관을 시작했다.",
        "strengths": ["회고를 시작했다", "운동을 세 번 했다"],
        "weaknesses": ["계획이 너무 많았다"],
        "keep_doing": ["매주 회고 쓰기"],
        "recommendations": ["아침 30분 계획 점검", "배달 앱 주 2회로 줄이기"],
    },
    ensure_ascii=False,
)
REFLEE = str(Path(sys.executable).parent / "reflee")
ENTRY = "오늘은 아침 일찍 일어나 30분 달리기를 했다. 회사에서 코드 리뷰를 받았고 지적이 많았지만 배운 게 많았다. " * 3


def machine() -> str:
    return f"{platform.platform()} · {os.cpu_count()} CPUs · Python {platform.python_version()}"


def configure(home: Path, url: str, **extra: str) -> None:
    (home / "config.toml").write_text(
        "\n".join(
            [
                "[llm]",
                f'host = "{url}"',
                'model = "llama3.2"',
                "[feedback]",
                f'mode = "{extra.get("mode", "queue")}"',
                "[cache]",
                f"ttl_days = {extra.get('ttl_days', 0)}",
            ]
        )
        + "\n",
        encoding="utf-8",
    )


def overhead(standin: OllamaStandin, calls: int) -> tuple[float, float]:
    import ollama

    standin.set_responder(lambda body: Reply(content=ANSWER))
    client = ollama.Client(host=standin.url)
    messages = [{"role": "user", "content": ENTRY}]
    bare = []
    for _ in range(calls):
        t = time.perf_counter()
        parts = [c.message.content for c in client.chat(model="llama3.2", messages=messages, stream=True)]
        json.loads("".join(parts))
        bare.append(time.perf_counter() - t)

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        configure(home, standin.url)
        ctx = services.open(str(home))
        retro = ctx.retro
        for i in range(calls):
            retro.add(f"{ENTRY} #{i}")
        processor = ctx.feedback_processor()
        conn = ctx.conn
        llm = processor.client(conn)
        path = []
        for _ in range(calls):
            t = time.perf_counter()
            job = claim(conn, KIND, 600)
            assert job is not None
            outcome = processor.process(conn, llm, job)
            path.append(time.perf_counter() - t)
            assert outcome.state == "done", outcome
        ctx.close()
    return statistics.median(bare) * 1000, statistics.median(path) * 1000


def throughput(standin: OllamaStandin, jobs: int, latency: float) -> dict[int, float]:
    standin.parallel = 4
    standin.set_responder(lambda body: Reply(content=ANSWER, latency=latency))
    results = {}
    for concurrency in (1, 4):
        with tempfile.TemporaryDirectory() as tmp:
            home = Path(tmp)
            configure(home, standin.url)
            ctx = services.open(str(home))
            for i in range(jobs):
                ctx.retro.add(f"{ENTRY} #{i}")
            ctx.close()
            env = {**os.environ, "REFLEE_HOME": str(home)}
            t = time.perf_counter()
            proc = subprocess.run(
                [REFLEE, "feedback", "run", "--concurrency", str(concurrency), "--json"],
                env=env, capture_output=True, text=True, check=False,
            )  # fmt: skip
            results[concurrency] = time.perf_counter() - t
            summary = json.loads(proc.stdout)
            assert summary["done"] == jobs, (proc.stdout, proc.stderr)
            count = db.connect(home / "reflee.db").execute("SELECT count(*) FROM feedback").fetchone()[0]
            assert count == jobs
    return results


def cache_hit(standin: OllamaStandin, calls: int) -> float:
    standin.set_responder(lambda body: Reply(content=ANSWER))
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        configure(home, standin.url, ttl_days="7")
        ctx = services.open(str(home))
        llm = LLMClient(ctx.llm_settings, cache=ResponseCache(home / "cache", 7), log_conn=ctx.conn)
        messages = [{"role": "user", "content": ENTRY}]
        llm.chat(messages, template_version="bench")
        times = []
        for _ in range(calls):
            t = time.perf_counter()
            result = llm.chat(messages, template_version="bench")
            times.append(time.perf_counter() - t)
            assert result.cached
        ctx.close()
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=100)
    parser.add_argument("--latency", type=float, default=0.2)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    with OllamaStandin(models=["llama3.2:latest"]) as standin:
        bare_ms, path_ms = overhead(standin, args.calls)
        over = path_ms - bare_ms
        print(
            f"\n1. per call, median of {args.calls}: bare ollama.chat {bare_ms:.2f} ms · reflee feedback path "
            f"{path_ms:.2f} ms · overhead {over:.2f} ms (target <= 5 ms: {'yes' if over <= 5 else 'NO'})"
        )
        runs = throughput(standin, args.jobs, args.latency)
        ratio = runs[1] / runs[4]
        print(
            f"2. {args.jobs} queued feedbacks, {args.latency * 1000:.0f} ms each, 4 slots: --concurrency 1 "
            f"{runs[1]:.2f} s · --concurrency 4 {runs[4]:.2f} s · speed-up {ratio:.2f}x "
            f"(target >= 3.5x: {'yes' if ratio >= 3.5 else 'NO'})"
        )
        hit = cache_hit(standin, args.calls)
        print(f"3. cache hit, median of {args.calls}: {hit:.3f} ms (target <= 5 ms: {'yes' if hit <= 5 else 'NO'})")


if __name__ == "__main__":
    main()
