"""Benchmark: `reflee retro` against jrnl on the same entries, as whole processes.

    python tests/bench/bench_retro.py [--sizes 10000,100000,1000000] [--before REV] [--peer-max 100000]
                                      [--no-jrnl] [--runs 7] [--budget 60] [--seed 1] [--keep DIR]

Each size is written once as reflee JSON lines (fixed IDs and times) and imported by `reflee retro import`
into a fresh home for this tree and, with --before, for an earlier commit checked out with `git worktree`
(the import is timed: peak RSS and CPU; a large import's search indexing, which runs after it commits, is
timed on its own as `retro index`); then every command runs against both homes as a whole process
(`python -m reflee` with PYTHONPATH at the tree), and against jrnl on the same entries up to --peer-max
(jrnl takes minutes a run at 1M). Search hit counts are checked against jrnl's and against the generator's;
a MISMATCH note means a correctness failure. Times are CPU seconds (user + system, from wait4), medians.

jrnl's own add (`jrnl TEXT`) is timed only up to 10k: before saving it counts every tag with ``list.count``
over all tag occurrences (quadratic), minutes a run at 100k. A run at 10k and 100k with --before takes about
half an hour; 1M adds about as much again with --peer-max 100000 (the 1M jrnl runs would add an hour).
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
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from reflee import db, ids
from reflee.retro import store
from reflee.retro.models import Retro

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[2]
TIME = "/usr/bin/time"
"""GNU time (Debian package time): reports the peak RSS of the command it runs."""
SEARCH_WORD = "스터디"
"""Korean for "study group": three characters (FTS5 trigram needs ≥ 3), in a few percent of entries."""
SEARCH_SHARE = 0.04
FIRST_DAY = date(2019, 1, 1)
LAST_DAY = date(2025, 12, 31)
HELP_TARGET_MS = 150.0
FAR_BELOW = 0.25
"""'Far below jrnl' at the largest size means at most a quarter of jrnl's time."""
USAGE_EXIT = 2
ALL = 10_000_000
SMALL = 10_000
"""Up to this size jrnl's add is timed, and imports get a warm-up and several runs."""
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
SHORT_WORD = "회고"
"""Korean for "retrospective": two syllables (below the trigram minimum), in most Korean entries."""
KO_SHORT = [
    f"자기 전에 짧게 {SHORT_WORD}를 쓰면서 하루를 돌아봤다.",
    f"주간 {SHORT_WORD}에서 다음 주 목표를 정했다.",
    f"{SHORT_WORD}를 꾸준히 쓰니 생각이 정리된다.",
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
        pool = KO + KO_SHORT if style < 0.5 else EN if style < 0.8 else KO + KO_SHORT + EN
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
    with (home / "config.toml").open("a", encoding="utf-8") as fh:
        fh.write('[feedback]\nmode = "queue"\n')
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
    cpu_s: float | None
    """Median CPU seconds (user + system) of the whole process."""
    wall_s: float | None = None
    rss_mb: float | None = None
    """Largest peak resident set of the timed runs."""
    note: str = ""
    stdout: bytes = b""
    runs: int = 0


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float, float, int, bytes, bytes]:
    """(wall s, CPU s, peak RSS MB, exit code, stdout, stderr) of one process.

    The process is started by /usr/bin/time, whose own report gives its peak RSS: a child forked straight
    from this process would count the pages it shares with it (holding a million entries) in its maximum.
    CPU (user + system) comes from wait4, which includes the reaped grandchild."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile() as rss:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [TIME, "-f", "%M", "-o", rss.name, *argv],
            env=env,
            cwd=env.get("PYTHONPATH") or None,  # `python -m` puts the working directory first on sys.path
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        report = Path(rss.name).read_text().split()
        peak_kb = int(report[-1]) if report and report[-1].isdigit() else 0
        return wall, usage.ru_utime + usage.ru_stime, peak_kb / 1024, proc.returncode, out.read(), err.read()


def measure(
    argv: list[str],
    env: dict[str, str],
    runs: int,
    budget_s: float,
    *,
    missing_ok: bool = False,
    before_each: Callable[[], None] | None = None,
    warm_up: bool = True,
) -> Timing:
    """One warm-up run (unless ``warm_up`` is false), then the median CPU time of ``runs`` runs.

    A command whose first run alone takes long gets fewer timed runs (at least one), so that all timed runs
    together stay near ``budget_s`` seconds; the table shows the count when it is below ``runs``."""
    results = []
    first = True
    while True:
        if before_each:
            before_each()
        wall, cpu, rss, code, out, err = run_once(argv, env)
        if code != 0:
            return _failed(argv, code, err, missing_ok)
        if first and warm_up:
            runs = max(1, min(runs, int(budget_s / max(wall, 1e-3))))
            first = False
            continue
        if first:
            runs = max(1, min(runs, int(budget_s / max(wall, 1e-3)) + 1))
            first = False
        results.append((wall, cpu, rss, out))
        if len(results) >= runs:
            break
    return Timing(
        statistics.median(r[1] for r in results),
        statistics.median(r[0] for r in results),
        max(r[2] for r in results),
        stdout=results[-1][3],
        runs=len(results),
    )


def _failed(argv: list[str], code: int, stderr: bytes, missing_ok: bool) -> Timing:
    """A row that could not be timed: the table says why, and the error goes to stderr."""
    if missing_ok and code == USAGE_EXIT:
        return Timing(None, note="n/a (command missing)")
    err = [ln for ln in stderr.decode("utf-8", "replace").splitlines() if any(c.isalnum() for c in ln)]
    print(f"{' '.join(argv)}: exit {code}: {err[-1] if err else '(no message)'}", file=sys.stderr)
    return Timing(None, note=f"n/a (failed, exit {code})")


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
    after: Timing
    before: Timing | None
    jrnl: Timing | None


def fmt_s(t: Timing | None, runs: int = 0) -> str:
    if t is None:
        return "—"
    if t.cpu_s is None:
        return t.note
    return f"{t.cpu_s:.3f}" + (f" (n={t.runs})" if t.runs < runs else "")


def fmt_rss(t: Timing | None) -> str:
    return "—" if t is None or t.rss_mb is None else f"{t.rss_mb:.0f}"


def ratio(a: Timing | None, b: Timing | None) -> str:
    if a is None or b is None or a.cpu_s is None or not b.cpu_s:
        return "—"
    return f"{a.cpu_s / b.cpu_s:.3f}"


def width(text: str) -> int:
    """Columns on a terminal: Hangul and other wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def print_table(rows: list[Row], runs: int) -> None:
    header = ["command", "size", "after s", "after MB", "before s", "before MB", "jrnl s", "after/before", "after/jrnl"]
    cells = [
        [
            r.command,
            r.size,
            fmt_s(r.after, runs),
            fmt_rss(r.after),
            fmt_s(r.before, runs),
            fmt_rss(r.before),
            fmt_s(r.jrnl, runs),
            ratio(r.after, r.before),
            ratio(r.after, r.jrnl),
        ]
        for r in rows
    ]
    widths = [max(width(h), *(width(c[i]) for c in cells)) for i, h in enumerate(header)]

    def line(values: list[str]) -> str:
        return "| " + " | ".join(v + " " * (w - width(v)) for v, w in zip(values, widths, strict=True)) + " |"

    print(line(header))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
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


def write_jsonl(path: Path, entries: list[Entry]) -> None:
    """The entries as reflee JSON lines with fixed IDs and times, so every tree imports the same rows."""
    last_ms = 0
    with path.open("w", encoding="utf-8") as fh:
        for e in entries:
            ms = max(int(e.when.replace(tzinfo=UTC).timestamp() * 1000), last_ms + 1)
            last_ms = ms
            stamp = datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            record = {
                "id": ids.new_id(now_ms=ms),
                "entry_date": e.when.date().isoformat(),
                "purpose": e.purpose,
                "content": e.content,
                "tags": e.tags,
                "created_at": stamp,
                "updated_at": stamp,
            }
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="10000,100000", help="Comma-separated entry counts, e.g. 10000,100000,1000000."
    )
    parser.add_argument("--runs", type=int, default=7, help="Timed runs per command; the median is shown.")
    parser.add_argument(
        "--budget",
        type=float,
        default=60.0,
        help="Seconds of timed runs per command; a slower command gets fewer runs (default: %(default)s).",
    )
    parser.add_argument("--seed", type=int, default=1, help="Seed for the generated entries.")
    parser.add_argument("--keep", type=Path, help="Build the stores under this directory and keep them.")
    parser.add_argument("--before", help="Also time this earlier commit (a git revision), in the same run.")
    parser.add_argument(
        "--peer-max", type=int, default=100_000, help="Skip jrnl above this size (minutes a run at 1M)."
    )
    parser.add_argument("--no-jrnl", action="store_true", help="Skip jrnl at every size.")
    args = parser.parse_args()
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    runs = max(1, args.runs)

    jrnl_exe = None if args.no_jrnl else find_jrnl()
    if jrnl_exe is None and not args.no_jrnl:
        print("jrnl is not installed (pip install 'reflee[bench]'); jrnl columns are skipped.", file=sys.stderr)

    base_env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("VISUAL", "EDITOR", "PYTHONPATH", "PYTHONDONTWRITEBYTECODE") and not k.startswith("REFLEE_")
    }
    base_env.update(NO_COLOR="1", COLUMNS="120", LC_ALL=base_env.get("LC_ALL", "C.UTF-8"), PYTHONUTF8="1")

    root = (args.keep or Path(tempfile.mkdtemp(prefix="reflee-bench-"))).resolve()
    root.mkdir(parents=True, exist_ok=True)
    trees = {"after": ROOT}
    if args.before:
        trees["before"] = root / "before-tree"
        if not trees["before"].exists():
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(trees["before"]), args.before],
                check=True,
            )
    rows: list[Row] = []
    notes: list[str] = []
    try:
        help_t = {
            name: measure(
                [sys.executable, "-m", "reflee", "--help"],
                {**base_env, "PYTHONPATH": str(tree), "REFLEE_HOME": str(root / "help-home")},
                runs,
                args.budget,
            )
            for name, tree in trees.items()
        }
        rows.append(Row("reflee --help", "—", help_t["after"], help_t.get("before"), None))

        for n in sizes:
            t0 = time.perf_counter()
            entries = make_entries(n, args.seed)
            hits = sum(SEARCH_WORD in e.content or SEARCH_WORD in e.purpose for e in entries)
            short_hits = sum(SHORT_WORD in e.content or SHORT_WORD in e.purpose for e in entries)
            work = root / f"n{n}"
            if work.exists():
                shutil.rmtree(work)
            work.mkdir(parents=True)
            data = work / "retros.jsonl"
            write_jsonl(data, entries)
            env_j = None
            if jrnl_exe is not None and n <= args.peer_max:
                _, config_home = build_jrnl(work, entries, jrnl_version(jrnl_exe))
                env_j = {
                    **base_env,
                    "XDG_CONFIG_HOME": str(config_home),
                    "XDG_DATA_HOME": str(work / "xdg-data"),
                    "XDG_CACHE_HOME": str(work / "xdg-cache"),
                }
            chars = sum(len(e.content) + len(e.purpose) for e in entries)
            del entries
            notes.append(
                f"size {n}: data made in {time.perf_counter() - t0:.1f} s; {chars / n:.0f} chars/entry on average; "
                f"'{SEARCH_WORD}' in {hits} entries ({hits / n:.1%}), '{SHORT_WORD}' in {short_hits} "
                f"({short_hits / n:.1%}); JSONL {data.stat().st_size / 1e6:.0f} MB"
            )
            text_r = f"벤치마크 기록: reflee 측정 중. Benchmark entry for size {n}."
            cases: list[tuple[str, list[str], list[str] | None]] = [
                (
                    "retro add",
                    ["retro", "add", text_r],
                    ["jrnl", text_r.replace("reflee", "jrnl")] if n <= 10_000 else None,
                ),
                (
                    "retro list --limit 20",
                    ["retro", "list", "--limit", "20", "--json"],
                    ["jrnl", "-n", "20", "--format", "json"],
                ),
                ("retro list (all)", ["retro", "list", "--json"], ["jrnl", "--format", "json"]),
            ]
            for word in (SEARCH_WORD, SHORT_WORD):
                peer = ["jrnl", "-contains", word, "--format", "json"]
                cases.append((f"retro search {word}", ["retro", "search", word, "--json"], peer))
                cases.append(
                    (f"retro search {word} --limit all", ["retro", "search", word, "--limit", str(ALL), "--json"], peer)
                )
            timings: dict[str, dict[str, Timing]] = {}
            for name, tree in trees.items():
                home = work / f"home-{name}"
                env_r = {**base_env, "REFLEE_HOME": str(home), "PYTHONPATH": str(tree)}

                deferred = "index_after_import" in (tree / "reflee" / "config.py").read_text(encoding="utf-8")

                def fresh_home(home: Path = home, deferred: bool = deferred) -> None:
                    shutil.rmtree(home, ignore_errors=True)
                    home.mkdir(parents=True)
                    if deferred:  # the import alone; its search indexing is timed next, as `retro index`
                        (home / "config.toml").write_text('[retro]\nindex_after_import = "later"\n')

                print(f"  {name}: retro import at {n} …", end="", file=sys.stderr, flush=True)
                t_imp = measure(
                    [sys.executable, "-m", "reflee", "retro", "import", str(data), "--json"],
                    env_r,
                    runs if n <= SMALL else 1,
                    args.budget,
                    before_each=fresh_home,
                    warm_up=n <= SMALL,
                )
                print(f" {fmt_s(t_imp)} s, {fmt_rss(t_imp)} MB", file=sys.stderr, flush=True)
                timings.setdefault("retro import (JSONL)", {})[name] = t_imp
                if deferred:
                    print(f"  {name}: retro index at {n} …", end="", file=sys.stderr, flush=True)
                    t_idx = measure([sys.executable, "-m", "reflee", "retro", "index", "--json"], env_r, 1, args.budget)
                    print(f" {fmt_s(t_idx)} s, {fmt_rss(t_idx)} MB", file=sys.stderr, flush=True)
                    timings.setdefault("retro index (after the import)", {})[name] = t_idx
                configure_reflee(home)
                for label, argv, _ in cases:
                    print(f"  {name}: {label} at {n} …", end="", file=sys.stderr, flush=True)
                    t = measure([sys.executable, "-m", "reflee", *argv], env_r, runs, args.budget, missing_ok=True)
                    print(f" {fmt_s(t, runs)} s, {fmt_rss(t)} MB", file=sys.stderr, flush=True)
                    timings.setdefault(label, {})[name] = t
            jrnl_done: dict[tuple[str, ...], Timing] = {}
            for label, _, peer in cases:
                if env_j is None or peer is None:
                    continue
                argv_j = [str(jrnl_exe), *peer[1:]]
                if tuple(argv_j) not in jrnl_done:
                    print(f"  jrnl: {label} at {n} …", end="", file=sys.stderr, flush=True)
                    jrnl_done[tuple(argv_j)] = measure(argv_j, env_j, runs, args.budget)
                    print(f" {fmt_s(jrnl_done[tuple(argv_j)], runs)} s", file=sys.stderr, flush=True)
                timings[label]["jrnl"] = jrnl_done[tuple(argv_j)]
            for label, by in timings.items():
                rows.append(Row(label, f"{n:,}", by["after"], by.get("before"), by.get("jrnl")))
                if "--limit all" in label:
                    word = label.split()[2]
                    expected = hits if word == SEARCH_WORD else short_hits
                    counts = {k: count_json(t.stdout) for k, t in by.items() if t.cpu_s is not None}
                    ok = all(c == expected for c in counts.values())
                    notes.append(
                        f"size {n}: {label}: hits {counts} vs {expected} generated: " + ("equal" if ok else "MISMATCH")
                    )
            if args.keep is None:
                shutil.rmtree(work, ignore_errors=True)
    finally:
        if args.before:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(trees["before"])], check=False)
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)

    print()
    print(machine_line())
    print(
        f"after = this tree, before = {args.before or '—'}; median CPU seconds (user + system) of whole processes "
        f"after one warm-up, {runs} runs (n=… where --budget {args.budget:g} s allowed fewer; imports above 10k: "
        "one run into a fresh home); MB = peak RSS; stdout captured"
    )
    print()
    print_table(rows, runs)
    print()
    for note in notes:
        print("  " + note)


if __name__ == "__main__":
    main()
