"""Open the user's editor on a temporary file and return what they saved."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from reflee.errors import DataError, UnavailableError
from reflee.i18n import _


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
                _("editor {argv!r} not found; set one with 'reflee config set editor nano' or $EDITOR").format(
                    argv=argv[0]
                )
            ) from None
        if result.returncode != 0:
            raise DataError(
                _("editor {argv!r} exited with status {returncode}; nothing was saved").format(
                    argv=argv[0], returncode=result.returncode
                )
            )
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise DataError(
                _("the edited text is not valid UTF-8 (byte {start}); nothing was saved").format(start=exc.start)
            ) from None
    finally:
        path.unlink(missing_ok=True)
