"""Private by default: every directory reflee creates is 0700 and every file 0600 (the database and its
WAL / SHM files, config.toml, the model-answer cache, exports, backups), and a rewrite keeps it so.

SQLite gives the -wal and -shm files the mode of the database file, so creating the database 0600 is
enough for them. Existing files of reflee's that others may read (made by an older version) are tightened
when reflee opens or rewrites them; existing directories are left as they are (a home given with
REFLEE_HOME may be shared with other things; docs/config.md says how to tighten one).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2 ms of a start-up)
if TYPE_CHECKING:
    from typing import Any, TextIO

FILE_MODE = 0o600
DIR_MODE = 0o700
UMASK = 0o077
"""The CLI's umask, so files written by libraries (the cache's SQLite file) are private too."""


def make_dir(path: Path) -> None:
    """Create ``path`` and any missing parents, each 0700. Raises OSError like ``Path.mkdir``."""
    missing: list[Path] = []
    here = path
    while not here.exists():
        missing.append(here)
        if here.parent == here:
            break
        here = here.parent
    for directory in reversed(missing):
        try:
            directory.mkdir(mode=DIR_MODE)
        except FileExistsError:
            continue  # another process made it meanwhile
        os.chmod(directory, DIR_MODE)  # mkdir's mode is filtered by the umask; say exactly what we mean


def tighten(path: Path) -> None:
    """Take group and other permissions off an existing file of reflee's (nothing if it is missing or on
    read-only media)."""
    try:
        mode = path.stat().st_mode & 0o7777
        if mode & 0o077:
            os.chmod(path, mode & 0o700)
    except OSError:
        pass


def tighten_all(paths: Iterable[Path]) -> None:
    for p in paths:
        tighten(p)


def create_file(path: Path) -> None:
    """Create ``path`` empty and 0600 if it does not exist; tighten it if it does."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        tighten(path)
        return
    os.close(fd)


def _opener(path: str, flags: int) -> int:
    return os.open(path, flags, FILE_MODE)


def open_file(path: Path, mode: str = "w", **kwargs: Any) -> TextIO:
    """``open(path, mode)`` for a new file of reflee's: created 0600 (an existing one is tightened)."""
    handle: TextIO = open(path, mode, opener=_opener, **kwargs)  # type: ignore[assignment]  # noqa: SIM115 - text modes; the caller closes it
    tighten(path)
    return handle


def write_text(path: Path, text: str) -> None:
    with open_file(path, "w", encoding="utf-8") as fh:
        fh.write(text)
