"""Benchmark: `reflee retro` against jrnl on the same entries, as whole processes.

    python tests/bench/bench_retro.py [--sizes 10000,100000] [--runs 7] [--budget 120] [--seed 1] [--keep DIR]

For each size N it builds, in a temporary directory,
  * a reflee home (REFLEE_HOME) whose database is created by reflee's own migrations and
    filled through ``reflee.retro.store.insert`` in one transaction (the FTS triggers index it), and
  * a jrnl journal holding the same N entries in jrnl's plain-text format, with a jrnl.yaml in a
    private XDG_CONFIG_HOME (no encryption, no editor, so jrnl never prompts),
then times each command as a fresh process (wall clock, one warm-up run, median of --runs runs)
and prints a table with the targets: reflee no slower than jrnl at 10k entries, far below it at
100k, and `reflee --help` under 150 ms.

Adding entries changes both stores, so later runs see a few more entries than N; that is fine.
A whole run at 10k and 100k takes about 20 minutes, most of it `jrnl TEXT` at 100k: before saving,
jrnl counts every tag with ``list.count`` over all tag occurrences (quadratic), about 5 minutes a run
here, so --budget gives it a single timed run after the warm-up.
This file is not collected by pytest (see norecursedirs in pyproject.toml).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from reflee import db, ids
from reflee.retro import store
from reflee.retro.models import Retro

BIN = Path(sys.executable).parent
SEARCH_WORD = "스터디"
"""Korean for "study group": three characters (FTS5 trigram needs ≥ 3), in a few percent of entries."""
SEARCH_SHARE = 0.04
FIRST_DAY = date(2019, 1, 1)
LAST_DAY = date(2025, 12, 31)
HELP_TARGET_MS = 150.0
FAR_BELOW = 0.25
"""'Far below jrnl' at the largest size means at most a quarter of jrnl's time."""
USAGE_EXIT = 2
ALL = 1_000_000
"""A --limit above any benchmark size: all hits."""

# --- realistic text --------------------------------------------------------------------------------------------

KO = [
    "오늘은 아침 일찍 일어나서 30분 동안 달리기를 했다.",
    "회사에서 코드 리뷰를 받았는데 생각보다 지적이 많았다.",
    "점심은 동기들과 근처 국밥집에서 먹었다.",
    "퇴근 후에 영어 단어를 50개 외웠다.",
    "이번 주 목표였던 사이드 프로젝트 배포를 끝내지 못해서 아쉽다.",
    "부모님께 오랜만에 전화를 드렸더니 많이 반가워하셨다.",
    "가계부를 정리해 보니 배달 음식에 쓴 돈이 너무 많았다.",
    "면접 준비를 위해 자기소개서를 다시 고쳐 썼다.",
    "하루 종일 집중이 잘 안 돼서 산책을 하면서 머리를 식혔다.",
    "팀장님이 발표 자료가 깔끔하다고 칭찬해 주셨다.",
    "새로 시작한 책을 80쪽까지 읽었는데 내용이 꽤 흥미롭다.",
    "운동을 3일 연속으로 빠져서 내일은 꼭 헬스장에 가야겠다.",
    "청년 월세 지원 신청서를 제출했다.",
    "친구와 카페에서 진로에 대해 오래 이야기했다.",
    "야근 때문에 잠을 6시간밖에 못 잤다.",
    "잘한 점은 계획한 일을 미루지 않고 바로 시작한 것이다.",
    "아쉬운 점은 회의 시간에 내 의견을 충분히 말하지 못한 것이다.",
    "배운 점은 작은 일이라도 기록해 두면 나중에 큰 도움이 된다는 것이다.",
    "다음 주에는 매일 아침 10분씩 명상을 해 보려고 한다.",
    "비가 와서 계획했던 자전거 타기는 취소했다.",
    "장을 보고 일주일 치 도시락을 미리 준비했다.",
    "알고리즘 문제를 두 개 풀었는데 하나는 결국 답을 봤다.",
    "주말에 본가에 다녀왔더니 마음이 편안해졌다.",
    "적금 만기가 다가와서 다음 저축 계획을 세웠다.",
    "오랜만에 기타를 쳤는데 손가락이 아팠다.",
    "감정적으로 대응하지 않고 차분하게 설명한 내가 대견하다.",
    "업무 우선순위를 정리하니 불안감이 조금 줄었다.",
    "자격증 시험까지 한 달 남아서 공부 계획을 다시 짰다.",
]
KO_SEARCH = [
    f"저녁에는 개발 {SEARCH_WORD}에 참석해서 발표를 들었다.",
    f"{SEARCH_WORD} 사람들과 다음 달 목표를 함께 정했다.",
    f"영어 회화 {SEARCH_WORD}에서 처음으로 끝까지 말을 이어 갔다.",
]
EN = [
    "Shipped the login fix before lunch and it finally passed review.",
    "Spent too long on email this morning; I need to batch it.",
    "Went for a 5 km run after work and felt great afterwards.",
    "The standup ran over again, so I suggested a strict timebox.",
    "Read two chapters of a book on habits and took notes.",
    "Cooked dinner at home instead of ordering delivery.",
    "Could not focus in the afternoon, probably because I slept badly.",
    "Had a long call with a friend about changing careers.",
    "Paired with a teammate on the flaky integration tests.",
    "Finally cleaned up my desk and the apartment feels lighter.",
    "What went well: I said no to a meeting I did not need.",
    "What to improve: start the hard task first, not last.",
    "Practised the interview questions out loud for thirty minutes.",
    "Budget check: groceries are fine, coffee is over the limit again.",
    "Tried a new recipe and it was surprisingly good.",
    "Tomorrow I want to write the design doc before noon.",
    "The deploy failed twice because of a missing environment variable.",
    "Learned how database indexes change a query plan.",
    "Took a walk by the river to clear my head.",
    "Reviewed last month's goals; two out of five are done.",
    "Felt anxious about the presentation but it went fine.",
    "Signed up for a weekend workshop on public speaking.",
]
EN_SEARCH = [
    f"Joined the Korean {SEARCH_WORD} group online for the first time.",
]
PURPOSES = [
    "체력 기르기",
    "이직 준비",
    "사이드 프로젝트 완성",
    "돈 관리 습관 만들기",
    "Get better at public speaking",
    "Ship the side project",
    "Read 20 books this year",
    "건강한 식습관",
    "Keep a calm mind at work",
    "영어 실력 늘리기",
]
TAGS = ["운동", "회사", "공부", "가족", "돈", "건강", "독서", "work", "health", "reading", "career", "friends", "mood"]


@dataclass
class Entry:
    when: datetime
    purpose: str
    content: str
    tags: list[str] = field(default_factory=list)


def make_entries(n: int, seed: int) -> list[Entry]:
    """N entries, oldest first, spread over several years, 100-800 characters of Korean and English."""
    rng = random.Random(seed)
    span_minutes = (LAST_DAY - FIRST_DAY).days * 24 * 60
    start = datetime(FIRST_DAY.year, FIRST_DAY.month, FIRST_DAY.day)
    moments = sorted(start + timedelta(minutes=rng.randrange(span_minutes)) for _ in range(n))
    out = []
    for when in moments:
        style = rng.random()
        pool = KO if style < 0.5 else EN if style < 0.8 else KO + EN
        target = rng.randint(100, 800)
        parts: list[str] = []
        size = 0
        if rng.random() < SEARCH_SHARE:
            hit = rng.choice(KO_SEARCH if pool is not EN else EN_SEARCH)
            parts.append(hit)
            size += len(hit) + 1
        while size < target:
            sentence = rng.choice(pool)
            parts.append(sentence)
            size += len(sentence) + 1
        rng.shuffle(parts)
        text = ""
        for i, sentence in enumerate(parts):
            text += sentence if i == 0 else ("\n" if rng.random() < 0.15 else " ") + sentence
        purpose = rng.choice(PURPOSES) if rng.random() < 0.6 else ""
        tags = sorted(rng.sample(TAGS, rng.randint(0, 3)))
        out.append(Entry(when, purpose, text, tags))
    return out


# --- building the two stores -----------------------------------------------------------------------------------


def configure_reflee(home: Path) -> str:
    """Queue feedback instead of asking a model inline, so `retro add` measures storage, as `jrnl TEXT` does.

    Returns a note for the report. The job is still written in the same transaction as the retrospect.
    """
    from reflee.config import SETTINGS

    if "feedback.mode" not in SETTINGS:
        return "reflee home: default settings"
    (home / "config.toml").write_text('[feedback]\nmode = "queue"\n', encoding="utf-8")
    return "reflee home: feedback.mode = queue (retro add queues the feedback job; no model is called)"


def build_reflee(home: Path, entries: list[Entry]) -> None:
    """A database made by reflee's migrations, filled the way reflee.retro.store writes, in one transaction."""
    conn = db.connect(home / "reflee.db")
    try:
        with db.transaction(conn):
            last_ms = 0
            for e in entries:
                moment = e.when.replace(tzinfo=UTC)
                ms = max(int(moment.timestamp() * 1000), last_ms + 1)
                last_ms = ms
                stamp = datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
                store.insert(
                    conn,
                    Retro(
                        id=ids.new_id(now_ms=ms),
                        entry_date=e.when.date().isoformat(),
                        purpose=e.purpose,
                        content=e.content,
                        tags=e.tags,
                        created_at=stamp,
                        updated_at=stamp,
                    ),
                )
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def build_jrnl(root: Path, entries: list[Entry], version: str) -> tuple[Path, Path]:
    """The journal file and XDG_CONFIG_HOME with jrnl/jrnl.yaml naming it."""
    journal = root / "journal.txt"
    chunks = []
    for e in entries:
        head = f"[{e.when:%Y-%m-%d %H:%M}] "
        body = (e.purpose + "\n" if e.purpose else "") + e.content
        if e.tags:
            body += "\n" + " ".join("#" + t for t in e.tags)
        chunks.append(head + body + "\n")
    journal.write_text("\n".join(chunks), encoding="utf-8")
    config_home = root / "xdg-config"
    (config_home / "jrnl").mkdir(parents=True)
    # Every key of jrnl's default config, so it never rewrites the file or asks anything. It must be YAML:
    # a config that starts with "{" is taken for a jrnl 1.x file and triggers the interactive upgrade.
    q = json.dumps  # a JSON string is a valid, fully quoted YAML scalar
    lines = [
        f"version: {q(version)}",
        "journals:",
        f"  default: {q(str(journal))}",
        'editor: ""',
        "encrypt: false",
        "template: false",
        "default_hour: 9",
        "default_minute: 0",
        f"timeformat: {q('%Y-%m-%d %H:%M')}",
        f"tagsymbols: {q('#@')}",
        "highlight: false",
        "linewrap: 79",
        f"indent_character: {q('|')}",
        "colors:",
        *(f"  {key}: none" for key in ("body", "date", "tags", "title")),
    ]
    (config_home / "jrnl" / "jrnl.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return journal, config_home


# --- timing ----------------------------------------------------------------------------------------------------


@dataclass
class Timing:
    median_ms: float | None
    note: str = ""
    stdout: bytes = b""
    runs: int = 0


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[bytes]]:
    start = time.perf_counter()
    proc = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, capture_output=True, check=False)
    return (time.perf_counter() - start) * 1000, proc


def measure(argv: list[str], env: dict[str, str], runs: int, budget_s: float, *, missing_ok: bool = False) -> Timing:
    """One warm-up run, then the median wall-clock time of ``runs`` runs.

    A command whose warm-up alone takes long gets fewer timed runs (at least one), so that all timed runs
    together stay near ``budget_s`` seconds; the table shows the count when it is below ``runs``.
    """
    warm_ms, proc = run_once(argv, env)
    if proc.returncode != 0:
        return _failed(argv, proc, missing_ok)
    runs = max(1, min(runs, int(budget_s * 1000 / warm_ms)))
    times = []
    for _ in range(runs):
        ms, proc = run_once(argv, env)
        if proc.returncode != 0:
            return _failed(argv, proc, missing_ok)
        times.append(ms)
    return Timing(statistics.median(times), stdout=proc.stdout, runs=runs)


def _failed(argv: list[str], proc: subprocess.CompletedProcess[bytes], missing_ok: bool) -> Timing:
    """A row that could not be timed: the table says why, and the error goes to stderr."""
    if missing_ok and proc.returncode == USAGE_EXIT:
        return Timing(None, "n/a (command missing)")
    err = [ln for ln in proc.stderr.decode("utf-8", "replace").splitlines() if any(c.isalnum() for c in ln)]
    print(f"{' '.join(argv)}: exit {proc.returncode}: {err[-1] if err else '(no message)'}", file=sys.stderr)
    return Timing(None, f"n/a (failed, exit {proc.returncode})")


def count_json(data: bytes) -> int | None:
    try:
        value = json.loads(data)
    except ValueError:
        return None
    if isinstance(value, dict):
        for key in ("entries", "results", "items"):
            if isinstance(value.get(key), list):
                return len(value[key])
        return None
    return len(value) if isinstance(value, list) else None


# --- report ----------------------------------------------------------------------------------------------------


@dataclass
class Row:
    command: str
    size: str
    reflee: Timing
    jrnl: Timing | None
    target: str  # "le" (≤ jrnl), "far" (≤ FAR_BELOW × jrnl), "help" (< HELP_TARGET_MS)

    def ratio(self) -> float | None:
        if self.reflee.median_ms is None or self.jrnl is None or not self.jrnl.median_ms:
            return None
        return self.reflee.median_ms / self.jrnl.median_ms

    def met(self) -> str:
        r = self.reflee.median_ms
        if r is None:
            return "n/a"
        if self.target == "help":
            return "yes" if r < HELP_TARGET_MS else "no"
        ratio = self.ratio()
        if ratio is None:
            return "n/a"
        limit = 1.0 if self.target == "le" else FAR_BELOW
        return "yes" if ratio <= limit else "no"


def fmt_ms(t: Timing | None, runs: int = 0) -> str:
    if t is None:
        return "—"
    if t.median_ms is None:
        return t.note
    return f"{t.median_ms:.1f}" + (f" (n={t.runs})" if t.runs < runs else "")


def width(text: str) -> int:
    """Columns on a terminal: Hangul and other wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def print_table(rows: list[Row], runs: int) -> None:
    header = ["command", "size", "reflee ms", "jrnl ms", "reflee/jrnl", "target met"]
    cells = [
        [
            r.command,
            r.size,
            fmt_ms(r.reflee, runs),
            fmt_ms(r.jrnl, runs),
            "—" if r.ratio() is None else f"{r.ratio():.3f}",
            r.met(),
        ]
        for r in rows
    ]
    widths = [max(width(h), *(width(c[i]) for c in cells)) for i, h in enumerate(header)]
    right = {1, 2, 3, 4}

    def line(values: list[str]) -> str:
        padded = []
        for i, (v, w) in enumerate(zip(values, widths, strict=True)):
            pad = " " * (w - width(v))
            padded.append(pad + v if i in right else v + pad)
        return "  ".join(padded).rstrip()

    print(line(header))
    print("  ".join("-" * w for w in widths))
    for c in cells:
        print(line(c))


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


def find_jrnl() -> Path | None:
    local = BIN / "jrnl"
    if local.exists():
        return local
    found = shutil.which("jrnl")
    return Path(found) if found else None


def jrnl_version(exe: Path) -> str:
    out = subprocess.run([str(exe), "--version"], capture_output=True, text=True, check=False).stdout
    m = re.search(r"v(\d[\w.]*)", out)
    return m[1] if m else "4.6"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="Comma-separated entry counts (default: %(default)s).")
    parser.add_argument("--runs", type=int, default=7, help="Timed runs per command; the median is shown.")
    parser.add_argument(
        "--budget",
        type=float,
        default=120.0,
        help="Seconds of timed runs per command; a slower command gets fewer runs (default: %(default)s).",
    )
    parser.add_argument("--seed", type=int, default=1, help="Seed for the generated entries.")
    parser.add_argument("--keep", type=Path, help="Build the stores under this directory and keep them.")
    args = parser.parse_args()
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    runs = max(1, args.runs)

    reflee_exe = BIN / "reflee"
    if not reflee_exe.exists():
        raise SystemExit(f"no reflee console script next to {sys.executable}; install reflee in this environment")
    jrnl_exe = find_jrnl()
    if jrnl_exe is None:
        print("jrnl is not installed (pip install 'reflee[bench]'); jrnl columns are skipped.", file=sys.stderr)

    base_env = {k: v for k, v in os.environ.items() if k not in ("VISUAL", "EDITOR") and not k.startswith("REFLEE_")}
    base_env.update(NO_COLOR="1", COLUMNS="120", LC_ALL=base_env.get("LC_ALL", "C.UTF-8"), PYTHONUTF8="1")

    root = args.keep or Path(tempfile.mkdtemp(prefix="reflee-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    notes: list[str] = []
    try:
        empty_home = root / "help-home"
        help_env = {**base_env, "REFLEE_HOME": str(empty_home)}
        help_script = measure([str(reflee_exe), "--help"], help_env, runs, args.budget)
        help_module = measure([sys.executable, "-m", "reflee", "--help"], help_env, runs, args.budget)
        rows.append(Row("reflee --help", "—", help_script, None, "help"))
        notes.append(
            f"entry points, --help: console script {fmt_ms(help_script)} ms, python -m reflee {fmt_ms(help_module)} ms"
        )

        for n in sizes:
            t0 = time.perf_counter()
            entries = make_entries(n, args.seed)
            hits = sum(SEARCH_WORD in e.content or SEARCH_WORD in e.purpose for e in entries)
            work = root / f"n{n}"
            if work.exists():
                shutil.rmtree(work)
            home = work / "reflee-home"
            home.mkdir(parents=True)
            build_reflee(home, entries)
            setup_note = configure_reflee(home)
            t1 = time.perf_counter()
            env_r = {**base_env, "REFLEE_HOME": str(home)}
            env_j = None
            if jrnl_exe is not None:
                _, config_home = build_jrnl(work, entries, jrnl_version(jrnl_exe))
                env_j = {
                    **base_env,
                    "XDG_CONFIG_HOME": str(config_home),
                    "XDG_DATA_HOME": str(work / "xdg-data"),
                    "XDG_CACHE_HOME": str(work / "xdg-cache"),
                }
            t2 = time.perf_counter()
            chars = sum(len(e.content) + len(e.purpose) for e in entries)
            if setup_note not in notes:
                notes.append(setup_note)
            notes.append(
                f"size {n}: built reflee in {t1 - t0:.1f} s, jrnl in {t2 - t1:.1f} s; "
                f"{chars / n:.0f} chars/entry on average; '{SEARCH_WORD}' in {hits} entries ({hits / n:.1%})"
            )
            target = "le" if n <= 10_000 else "far"
            reflee = str(reflee_exe)
            jrnl = str(jrnl_exe) if jrnl_exe else ""
            text_r = f"벤치마크 기록: reflee 측정 중. Benchmark entry for size {n}."
            cases = [
                ("add", [reflee, "retro", "add", text_r], [jrnl, text_r.replace("reflee", "jrnl")], False),
                (
                    "list --limit 20",
                    [reflee, "retro", "list", "--limit", "20", "--json"],
                    [jrnl, "-n", "20", "--format", "json"],
                    False,
                ),
                (
                    f"search {SEARCH_WORD}",
                    [reflee, "retro", "search", SEARCH_WORD, "--json"],
                    [jrnl, "-contains", SEARCH_WORD, "--format", "json"],
                    True,
                ),
                (  # every hit, as jrnl prints them all (retro search shows the best 20 by default)
                    f"search {SEARCH_WORD} --limit {ALL}",
                    [reflee, "retro", "search", SEARCH_WORD, "--limit", str(ALL), "--json"],
                    [jrnl, "-contains", SEARCH_WORD, "--format", "json"],
                    True,
                ),
            ]
            jrnl_done: dict[tuple[str, ...], Timing] = {}  # both search rows compare with the same jrnl command
            for name, argv_r, argv_j, missing_ok in cases:
                print(f"  timing {name} at {n} …", end="", file=sys.stderr, flush=True)
                t_r = measure(argv_r, env_r, runs, args.budget, missing_ok=missing_ok)
                t_j = None
                if env_j is not None:
                    key = tuple(argv_j)
                    if key not in jrnl_done:
                        jrnl_done[key] = measure(argv_j, env_j, runs, args.budget)
                    t_j = jrnl_done[key]
                print(f" reflee {fmt_ms(t_r, runs)} ms, jrnl {fmt_ms(t_j, runs)} ms", file=sys.stderr, flush=True)
                rows.append(Row(f"retro {name}", f"{n:,}", t_r, t_j, target))
                if name.startswith("search") and t_r.median_ms is not None:
                    notes.append(
                        f"size {n}: retro {name}: {count_json(t_r.stdout)} hits shown; jrnl -contains: "
                        f"{count_json(t_j.stdout) if t_j else '—'}; entries generated with the word: {hits}"
                    )
            if n == sizes[0]:
                list_argv = cases[1][1]
                via_script = next(r.reflee for r in rows if r.command == "retro list --limit 20" and r.size == f"{n:,}")
                via_module = measure([sys.executable, "-m", "reflee", *list_argv[1:]], env_r, runs, args.budget)
                notes.append(
                    f"entry points, retro list at {n}: console script {fmt_ms(via_script)} ms, "
                    f"python -m reflee {fmt_ms(via_module)} ms"
                )
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)

    print()
    print(machine_line())
    print(
        f"median of {runs} runs after one warm-up (n=… where a slow command got fewer to stay within "
        f"--budget {args.budget:g} s); wall clock of whole processes; stdout captured"
    )
    print()
    print_table(rows, runs)
    print()
    print(
        f"targets: reflee ≤ jrnl at ≤10k entries; ≤ {FAR_BELOW:g} × jrnl above; reflee --help < {HELP_TARGET_MS:.0f} ms"
    )
    for note in notes:
        print("  " + note)


if __name__ == "__main__":
    main()
