"""Every test gets its own temporary reflee home; nothing touches the user's real one."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from reflee import output


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh REFLEE_HOME per test, and XDG dirs pointed away from the real ones."""
    h = tmp_path / "home"
    monkeypatch.setenv("REFLEE_HOME", str(h))
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(tmp_path / "xdg" / var.lower()))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("LANG", "C.UTF-8")  # English unless a test asks for Korean (ui.language or LANG=ko_KR)
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    from reflee import i18n

    i18n.setup("en")
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    output.reset()
    return h


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def json(self):
        return json.loads(self.out)


class _TtyStdin(io.TextIOWrapper):
    """Standard input that says it is a terminal (for editor and confirmation flows)."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """Run reflee in-process, as a user would from a shell: `cli("retro", "list", input=b"...")`."""

    def invoke(*args: str, input: bytes | str | None = None, tty: bool = False) -> Result:
        data = input.encode() if isinstance(input, str) else (input or b"")
        stdin = _TtyStdin(io.BytesIO(data), encoding="utf-8") if tty else io.TextIOWrapper(io.BytesIO(data))
        monkeypatch.setattr(sys, "stdin", stdin)
        capsys.readouterr()
        output.reset()
        from reflee.cli.main import run

        try:
            run(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


@pytest.fixture
def reflee_proc(home: Path):
    """Run reflee as a separate process (for concurrency, import hygiene, exit codes)."""

    def invoke(*args: str, input: bytes | None = None, env: dict[str, str] | None = None, timeout: float = 60):
        full_env = {**os.environ, "REFLEE_HOME": str(home), **(env or {})}
        proc = subprocess.run(
            [sys.executable, "-m", "reflee", *args],
            input=input or b"",
            capture_output=True,
            env=full_env,
            timeout=timeout,
        )
        return Result(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"))

    return invoke


# The Ollama stand-in (tests/standin) is imported as `tests.standin` (or as `standin`, since tests/ is on the path);
# the repo root must be importable for the first form even when reflee is installed without `-e`.
_REPO_ROOT = str(Path(__file__).resolve().parent.parent)
if _REPO_ROOT not in sys.path:
    sys.path.append(_REPO_ROOT)


@pytest.fixture
def ollama_standin():
    """A running Ollama stand-in on 127.0.0.1 (random port) with the model llama3.2:latest; stopped afterwards.

    Fails the test if the stand-in itself raised while serving (see standin.server_errors).
    """
    from tests.standin import OllamaStandin

    with OllamaStandin(models=["llama3.2:latest"]) as standin:
        yield standin
    if standin.server_errors:
        pytest.fail("the Ollama stand-in failed while serving:\n" + "\n".join(standin.server_errors))
