"""Open the user's editor on a temporary file and return what they saved."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from reflee.errors import DataError, UnavailableError


def edit(initial: str, command: str, *, suffix: str = ".md") -> str:
    fd, name = tempfile.mkstemp(prefix="reflee-", suffix=suffix)
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(initial)
        argv = [*shlex.split(command), str(path)]
        try:
            result = subprocess.run(argv, check=False)
        except FileNotFoundError:
            raise UnavailableError(
                f"editor {argv[0]!r} not found; set one with 'reflee config set editor nano' or $EDITOR"
            ) from None
        if result.returncode != 0:
            raise DataError(f"editor {argv[0]!r} exited with status {result.returncode}; nothing was saved")
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise DataError(f"the edited text is not valid UTF-8 (byte {exc.start}); nothing was saved") from None
    finally:
        path.unlink(missing_ok=True)
