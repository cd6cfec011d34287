"""What a person at a terminal sees: Ctrl-C at a confirmation is an interruption (one line, exit 130), and every
error line, the empty-editor cancel included, starts with `error:` as docs/cli.md says."""

from __future__ import annotations

import os
import re
import select
import signal
import sys
import time
from pathlib import Path

import pytest
from policy_data import REAL_FILES, needs_real_data

pty = pytest.importorskip("pty")


def _read_until(fd: int, wanted: bytes, buf: bytes, timeout: float = 60.0) -> bytes:
    deadline = time.monotonic() + timeout
    while wanted not in buf:
        left = deadline - time.monotonic()
        assert left > 0, f"no {wanted!r} within {timeout} s; got {buf!r}"
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            buf += chunk
    return buf


def _drain(fd: int, buf: bytes, timeout: float = 60.0) -> bytes:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], deadline - time.monotonic())
        if not ready:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            return buf
        if not chunk:
            return buf
        buf += chunk
    raise AssertionError(f"the command did not end; got {buf!r}")


def _wait_reading(pid: int, timeout: float = 60.0) -> None:
    """Wait until the process sleeps in a read of its terminal (Linux /proc; elsewhere return at once)."""
    stat, wchan = Path(f"/proc/{pid}/stat"), Path(f"/proc/{pid}/wchan")
    deadline = time.monotonic() + timeout
    while stat.exists() and time.monotonic() < deadline:
        state = stat.read_text().rsplit(")", 1)[1].split()[0]
        if state == "S" and wchan.read_text() in ("wait_woken", "n_tty_read"):
            return
        time.sleep(0.01)


def test_ctrl_c_at_a_confirmation_exits_130_with_one_line(cli, home: Path):
    rid = cli("retro", "add", "지울까 말까", "--no-feedback", "--json").json["short_id"]
    env = {**os.environ, "REFLEE_HOME": str(home), "NO_COLOR": "1"}
    pid, fd = pty.fork()
    if pid == 0:  # the child: reflee on a terminal, asking before it deletes
        os.execve(sys.executable, [sys.executable, "-m", "reflee", "retro", "rm", rid], env)
    try:
        buf = _read_until(fd, b"[y/N]: ", b"")
        _wait_reading(pid)  # as a person would: Ctrl-C while it waits for the answer, not while it prints
        os.write(fd, b"\x03")  # Ctrl-C, as typed
        buf = _drain(fd, buf)
    finally:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done == 0:  # still running (after a failure): never hang the suite
            os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 130
    after_prompt = buf.decode().split("[y/N]: ", 1)[1]
    lines = [line for line in after_prompt.replace("^C", "").splitlines() if line.strip()]
    assert lines == ["error: interrupted"]
    assert cli("retro", "show", rid, "--json").json["deleted_at"] is None  # nothing was deleted


def test_an_empty_editor_cancels_with_an_error_line(cli, home: Path, tmp_path: Path, monkeypatch):
    editor = tmp_path / "empty-editor.sh"
    editor.write_text('#!/bin/sh\n: > "$1"\n')
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    r = cli("retro", "add", tty=True)
    assert (r.code, r.err) == (8, "error: empty retrospect; nothing was saved\n")
    assert cli("retro", "list", "--json").json == []
    for args in (("retro", "show", "zzz"), ("ledger", "add", "abc"), ("retro", "add", "--bogus")):
        r = cli(*args)
        assert r.code != 0 and r.err.startswith("error: ") and r.err.count("\n") == 1, (args, r.err)


@needs_real_data
def test_policy_import_on_a_terminal_counts_records_against_a_total(home: Path):
    env = {**os.environ, "REFLEE_HOME": str(home), "NO_COLOR": "1", "COLUMNS": "100"}
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(sys.executable, [sys.executable, "-m", "reflee", "policy", "import", *map(str, REAL_FILES)], env)
    try:
        screen = _drain(fd, b"", timeout=300).decode("utf-8", "replace")
    finally:
        _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert "Imported 2,421 of 2,421 policies" in screen
    counts = re.findall(r"(checking|saving) records ([\d,]+)/([\d,]+)", screen)
    assert counts and {total for _stage, _done, total in counts} == {"2,421"}
    assert "/?" not in screen  # never a count without its total
