"""Hangul-aware layout: tables, help and messages at 80 and 120 columns, laid out by cells (Hangul is two wide).

What a user sees: every line fits the terminal, no number or date is split across lines, a cut cell ends with
…, and the column a table is about keeps a useful width."""

from __future__ import annotations

import itertools
import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from reflee import textfit
from reflee.dates import local_today
from reflee.tablefit import Col, allocate

LONG_PAYEE = "🍕 피자 반반 (치즈+불고기) 친구들이랑 나눠 먹은 저녁"
NUMBER = re.compile(r"[-+]?\d{1,3}(?:,\d{3})+원?|\d{4}-\d{2}-\d{2}|\d+(?:\.\d+)?만원?")


@pytest.fixture
def seeded(home: Path, cli) -> Path:
    """The demo's Korean data, plus rows made to be cut: a long payee with an emoji, a large amount."""
    from reflee import demo

    ctx = demo.open_home(home)
    try:
        demo.seed(ctx, local_today())
    finally:
        ctx.close()
    today = local_today().isoformat()
    account = "신한 체크카드 (주거래)"
    assert cli("ledger", "add", "450000", "-c", "주거/월세", "-p", LONG_PAYEE, "-a", account, "--date", today).code == 0
    assert (
        cli("ledger", "add", "3만", "-c", "식비", "-p", "배달의민족", "-m", "야식 3만원어치", "--date", today).code == 0
    )
    content = "오늘은 " + LONG_PAYEE + "을 먹으며 한 달 예산 450,000원을 다시 짰다"
    purpose = "🍕 피자 반반 (치즈+불고기) 친구들과 2026-11-30 회고"
    assert cli("retro", "add", content, "--purpose", purpose, "--tag", "돈", "--tag", "친구").code == 0
    return home


def _render(cli, monkeypatch: pytest.MonkeyPatch, width: int, *args: str) -> list[str]:
    monkeypatch.setenv("COLUMNS", str(width))
    r = cli(*args)
    assert r.code == 0, (args, r.err)
    return r.out.splitlines()


def _assert_fits(lines: list[str], width: int, what: object) -> None:
    for line in lines:
        assert cell_len(line) <= width, (what, width, line)


def _assert_numbers_whole(lines: list[str], what: object) -> None:
    """No line ends in the first part of a number or date whose rest starts the next line."""
    for a, b in itertools.pairwise(lines):
        end, start = a.rstrip(), b.lstrip()
        if end and start:
            assert not (re.search(r"\d[,.\-]?$", end) and re.match(r"^[\d,원만]", start)), (what, a, b)


def _column_width(lines: list[str], header: str) -> int:
    head = next(line for line in lines if header in line)
    return cell_len(head) - cell_len(head[: head.index(header)])


@pytest.mark.parametrize("width", [80, 120])
def test_main_views_fit_and_never_split_numbers(seeded: Path, cli, monkeypatch: pytest.MonkeyPatch, width: int):
    commands = [
        ("ledger", "list"),
        ("ledger", "report"),
        ("ledger", "report", "--by", "month"),
        ("ledger", "categories"),
        ("budget", "show"),
        ("retro", "list"),
        ("retro", "search", "피자"),
        ("policy", "list"),
        ("policy", "match", "--all"),
        ("config", "show"),
        ("profile", "show"),
        ("ledger", "add", "--help"),
        ("retro", "list", "--help"),
        ("--help",),
    ]
    for args in commands:
        lines = _render(cli, monkeypatch, width, *args)
        assert lines, args
        _assert_fits(lines, width, args)
        _assert_numbers_whole(lines, args)


@pytest.mark.parametrize("width", [80, 120])
def test_ledger_list_keeps_ids_and_amounts_and_cuts_with_an_ellipsis(
    seeded: Path, cli, monkeypatch: pytest.MonkeyPatch, width: int
):
    monkeypatch.setenv("COLUMNS", str(width))
    rows = cli("ledger", "list", "--json").json["transactions"]
    lines = _render(cli, monkeypatch, width, "ledger", "list")
    text = "\n".join(lines)
    for t in rows:
        assert t["short_id"] in text  # IDs are never cut
    assert "-450,000원" in text and "-30,000원" in text  # amounts are never cut
    pizza = next(line for line in lines if "🍕" in line)
    if width == 80:
        assert pizza.rstrip().endswith("…"), pizza
        assert "🍕 피자 반반" in pizza
    else:
        assert LONG_PAYEE in pizza
    assert _column_width(lines, "Payee / memo") >= 24  # the main column keeps a useful width


@pytest.mark.parametrize("width", [80, 120])
def test_retro_and_policy_lists_give_the_title_its_width(
    seeded: Path, cli, monkeypatch: pytest.MonkeyPatch, width: int
):
    lines = _render(cli, monkeypatch, width, "retro", "list")
    assert _column_width(lines, "Purpose / content") >= 24
    pizza = next(line for line in lines if "🍕" in line)
    assert re.search(r"\d{4}-\d{2}-\d{2}", pizza)  # the date column is whole
    if cell_len("🍕 피자 반반 (치즈+불고기) 친구들과 2026-11-30 회고") > _column_width(lines, "Purpose / content"):
        assert "…" in pizza and "2026-11-3…" not in pizza and "2026-1…" not in pizza
    lines = _render(cli, monkeypatch, width, "policy", "list")
    assert _column_width(lines, "Policy") >= 24
    assert any("부산 청년 기쁨두배통장 (예시)" in line for line in lines)


def test_config_show_wraps_between_words(seeded: Path, cli, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    for width in (80, 120):
        lines = _render(cli, monkeypatch, width, "config", "show")
        _assert_fits(lines, width, "config show")
        assert not any(re.search(r"\b3 …", line) for line in lines)
        assert any("3만" in line for line in lines)
        assert any("policy.fetch_backoff_seconds" in line for line in lines)  # keys are never cut


def test_help_is_wrapped_by_cells(cli, monkeypatch: pytest.MonkeyPatch):
    for width in (60, 80, 120):
        lines = _render(cli, monkeypatch, width, "ledger", "add", "--help")
        _assert_fits(lines, width, width)
        text = "\n".join(lines)
        for token in ("$12.50,", "12,000원,", "1억", "2천만원,", "2026-11-21,"):
            assert token in text, (width, token)


# --- messages on a terminal ---------------------------------------------------------------------------------------
def _run_on_a_terminal(args: list[str], width: int, home: Path) -> str:
    """reflee in a pseudo-terminal of ``width`` columns (stdout and stderr both a terminal); what it showed."""
    env = {**os.environ, "COLUMNS": str(width), "LINES": "50", "NO_COLOR": "1", "REFLEE_HOME": str(home)}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1])
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "reflee", *args], stdin=subprocess.DEVNULL, stdout=follower,
                            stderr=follower, env=env, close_fds=True)  # fmt: skip
    os.close(follower)
    chunks: list[bytes] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 1.0)
        if ready:
            try:
                data = os.read(leader, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        elif proc.poll() is not None:
            break
    proc.wait(timeout=60)
    os.close(leader)
    shown = b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown)  # styles (bold stays under NO_COLOR)


def test_messages_on_a_terminal_wrap_between_words(seeded: Path):
    out = _run_on_a_terminal(["policy", "match"], 80, seeded)
    lines = out.splitlines()
    assert any("as of" in line for line in lines)
    _assert_fits(lines, 80, "policy match")
    assert re.search(r"as of \d{4}-\d{2}-\d{2}", out)  # the date of the summary line stays whole
    out = _run_on_a_terminal(
        ["budget", "set", "식비", "8,400원 넘는 금액은 안 됩니다 1,234,567원 2,345,678원 3,456,789원"], 80, seeded
    )
    lines = out.splitlines()
    assert lines[0].startswith("error: ") and len(lines) >= 2
    _assert_fits(lines, 80, "error line")
    _assert_numbers_whole(lines, "error line")
    assert all(n in out for n in ("1,234,567원", "2,345,678원", "3,456,789원"))


# --- the helpers ---------------------------------------------------------------------------------------------------
WORDS = st.lists(
    st.one_of(
        st.sampled_from(
            ["피자", "반반", "(치즈+불고기)", "🍕", "친구", "스타벅스", "·", "Job", "search", "2026-11-30"]
        ),
        st.integers(min_value=0, max_value=10**9).map(lambda n: f"{n:,}원"),
        st.integers(min_value=1, max_value=999).map(lambda n: f"{n}만"),
        st.text(alphabet="가나다라마바사abc", min_size=1, max_size=12),
    ),
    min_size=1,
    max_size=20,
)


@given(WORDS, st.integers(min_value=2, max_value=60))
def test_truncate_fits_ends_with_an_ellipsis_and_never_cuts_a_number(words: list[str], width: int):
    text = " ".join(words)
    cut = textfit.truncate(text, width)
    assert cell_len(cut) <= width
    if cell_len(text) <= width:
        assert cut == text
        return
    assert cut.endswith("…")
    kept = cut[:-1]
    assert text.startswith(kept)
    for m in NUMBER.finditer(text):  # a number is either whole in what is kept, or not there at all
        assert m.end() <= len(kept) or m.start() >= len(kept.rstrip()) or not kept, (text, cut)


@given(WORDS, st.integers(min_value=12, max_value=100))
def test_wrap_fits_and_breaks_only_between_words(words: list[str], width: int):
    text = " ".join(words)
    lines = textfit.wrap(text, width, "", "  ")
    assert all(cell_len(line) <= width for line in lines)
    widest = max(cell_len(w) for w in words)
    if widest <= width - 2:  # nothing had to be folded: every word is whole on one line
        assert [w for line in lines for w in line.split()] == text.split()


def test_secondary_columns_shrink_and_drop_before_the_main_one():
    cols = [Col("keep", 16, 2), Col("keep", 10, 4), Col("keep", 10, 6), Col("shrink", 16, 8), Col("drop", 20, 7),
            Col("main", 50, 12)]  # fmt: skip
    widths = allocate(cols, 80)
    assert widths[:3] == [16, 10, 10]  # never cut
    assert widths[3] == 6  # shrunk to its floor
    assert widths[4] is None  # the account went: the payee would have had less than its useful width
    assert widths[5] == 80 - 36 - 6 - 2 * 4
    assert sum(w for w in widths if w) + 2 * (sum(1 for w in widths if w) - 1) <= 80
    wide = allocate(cols, 200)
    assert wide == [16, 10, 10, 16, 20, 50]
