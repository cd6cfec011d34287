"""Storage faults for tests, made real: a read-only bind mount, a small full tmpfs, an immutable file.

The tests run as root, where chmod does not stop a write, so read-only media is a read-only bind mount (or
`chattr +i` for one file) and a full disk is a tmpfs of a few hundred kilobytes. Where the machine does not
allow them (no mount privilege), the helper skips the test and says why.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, check=False)


@contextlib.contextmanager
def readonly_bind(directory: Path) -> Iterator[Path]:
    """``directory`` mounted read-only over itself for the duration (writes fail with EROFS, even for root)."""
    if shutil.which("mount") is None:
        pytest.skip("read-only media: no mount command here")
    done = _run("mount", "--bind", str(directory), str(directory))
    if done.returncode != 0:
        pytest.skip(f"read-only media: cannot bind-mount here ({done.stderr.strip()})")
    try:
        done = _run("mount", "-o", "remount,bind,ro", str(directory))
        if done.returncode != 0:
            pytest.skip(f"read-only media: cannot remount read-only here ({done.stderr.strip()})")
        yield directory
    finally:
        _run("umount", str(directory))


@contextlib.contextmanager
def small_tmpfs(directory: Path, size: str = "512k") -> Iterator[Path]:
    """A tmpfs of ``size`` mounted on ``directory`` (created if needed): a disk that fills up."""
    directory.mkdir(parents=True, exist_ok=True)
    if shutil.which("mount") is None:
        pytest.skip("full disk: no mount command here")
    done = _run("mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(directory))
    if done.returncode != 0:
        pytest.skip(f"full disk: cannot mount a tmpfs here ({done.stderr.strip()})")
    try:
        yield directory
    finally:
        _run("umount", "-l", str(directory))


@contextlib.contextmanager
def immutable(path: Path) -> Iterator[Path]:
    """``path`` made immutable with `chattr +i` (no write, rename or delete, even for root)."""
    if shutil.which("chattr") is None:
        pytest.skip("immutable file: no chattr here")
    done = _run("chattr", "+i", str(path))
    if done.returncode != 0:
        pytest.skip(f"immutable file: chattr +i is not supported here ({done.stderr.strip()})")
    try:
        yield path
    finally:
        _run("chattr", "-i", str(path))


def fill(directory: Path) -> None:
    """Fill the filesystem holding ``directory`` to the last byte."""
    with contextlib.suppress(OSError), open(directory / "filler", "wb") as fh:
        while True:
            fh.write(b"\0" * 4096)
            fh.flush()
    with contextlib.suppress(OSError), open(directory / "filler-small", "wb") as fh:
        while True:
            fh.write(b"\0")
            fh.flush()
