"""Benchmark: `reflee feedback eval` over the bundled set against the stand-in.

    python tests/bench/bench_feedback_eval.py [--rounds 3] [--latency 0]

The stand-in runs in its own process with the scripted "small model" (tests/standin/smallmodel.py: answers made
of the entry's own sentences, with the faults a 1.5B model showed at the rates it showed them, and fixing what a
repair prompt names). Prints:

1. Time per entry spent in reflee beyond the model's own time (the wall time of the whole eval minus the time
   inside the model server's calls), median of the rounds, per template. Target: <= 5 ms per entry.
2. The scores table: the share of answers passing each check, as first answered and after the quality guard,
   for the first template (feedback-v1) and the current one (feedback-v2).

The scripted model does not read the template, so v1 and v2 score alike on it: the "before/after" this bench can
show honestly is the guard's (first answer vs guarded). Compare templates on a real model with
`reflee feedback eval --compare template=v1`.

Not collected by pytest (tests/bench is in norecursedirs).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent

from reflee import services  # noqa: E402
from reflee.feedback.evalmodels import CHECKS, EvalRun  # noqa: E402

SERVER = """
import sys
sys.path.insert(0, {tests!r})
from standin import OllamaStandin
from standin.smallmodel import SmallModel
standin = OllamaStandin(models=["qwen2.5:1.5b-instruct"]).start()
standin.set_responder(SmallModel(latency={latency}))
print(standin.url, flush=True)
sys.stdin.read()
"""


def machine() -> str:
    return f"{platform.platform()} · {os.cpu_count()} CPUs · Python {platform.python_version()}"


def table(runs: dict[str, EvalRun]) -> str:
    names = list(runs)
    head = f"{'check':<14}" + "".join(f"{n + ' first':>18}{n + ' guarded':>18}" for n in names)
    lines = [head, "-" * len(head)]
    for c in (*CHECKS, "score"):
        row = f"{c:<14}"
        for n in names:
            s = runs[n].scores
            raw, guarded = (
                (s["score"]["raw"], s["score"]["guarded"]) if c == "score" else (s["raw"][c], s["guarded"][c])
            )
            row += f"{raw * 100:>17.1f}%{guarded * 100:>17.1f}%"
        lines.append(row)
    for n in names:
        s = runs[n].scores
        lines.append(f"{n}: {runs[n].cases} entries, {s['repairs']} repaired, {s['errors']} without an answer")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--latency", type=float, default=0.0, help="simulated generation seconds per answer")
    args = ap.parse_args()
    code = SERVER.format(tests=str(HERE.parent), latency=args.latency)
    server = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        url = server.stdout.readline().strip()  # type: ignore[union-attr]
        home = Path(tempfile.mkdtemp(prefix="reflee-bench-eval-"))
        overhead: dict[str, list[float]] = {"v1": [], "v2": []}
        model: dict[str, list[float]] = {"v1": [], "v2": []}
        last: dict[str, EvalRun] = {}
        with services.open(home) as s:
            s.config.set("llm.host", url)
            s.config.set("llm.model", "qwen2.5:1.5b-instruct")
            s.feedback.evaluate(template="v2", limit=2)  # warm: imports, the client, the connection
            for _ in range(args.rounds):
                for name in ("v1", "v2"):
                    run = s.feedback.evaluate(template=name)
                    assert isinstance(run, EvalRun)
                    overhead[name].append(run.overhead_ms_per_case)
                    model[name].append(run.model_ms / run.cases)
                    last[name] = run
    finally:
        server.stdin.close()  # type: ignore[union-attr]
        server.wait(10)

    print(f"machine: {machine()}")
    print(f"bundled set: {last['v2'].cases} entries; {args.rounds} rounds per template; stand-in in its own process")
    print()
    print("1. time per entry spent in reflee beyond the model's own time (median of rounds; target <= 5 ms)")
    for name in ("v1", "v2"):
        med = statistics.median(overhead[name])
        print(
            f"   {name}: reflee {med:.2f} ms/entry (model {statistics.median(model[name]):.1f} ms/entry, "
            f"{last[name].scores['repairs']} of {last[name].cases} entries needed a second call)"
            f"  -> {med / 5.0:.2f}x the 5 ms budget"
        )
    print()
    print("2. scores: share of answers passing each check (first answer / after the guard)")
    print(table(last))


if __name__ == "__main__":
    main()
