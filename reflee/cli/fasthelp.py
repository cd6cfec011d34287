"""`reflee --help` without loading the command-line framework: the top-level help as rendered before.

Typer and the standard-library modules it pulls in are most of reflee's start-up (~65 ms of ~85 ms). The
top-level help only changes with what it is made from, so the first `reflee --help` renders it as usual
(reflee.cli.main) and keeps the text in the cache directory under a key of everything it depends on: reflee's
version, the root command's source, the language setting and locale, the message catalogues, the terminal
width and the installed Typer. Later runs print that text, importing nothing but this module. Any problem
reading or writing the cache just means the usual path; the cache is never required.
"""

from __future__ import annotations

import os
import sys

HELP_ARGS: tuple[list[str], ...] = ([], ["--help"], ["-h"])
"""What asks for the top-level help (no arguments prints it too)."""
_LOCALE_VARS = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
_PREFIX = "help-"
KEEP = 8
"""Help texts kept (one per key: terminal width, language, ...)."""


def wanted(args: list[str]) -> bool:
    """Whether ``args`` ask for the top-level help (and the shell is not asking for completions)."""
    return args in HELP_ARGS and "_REFLEE_COMPLETE" not in os.environ


def _cache_dir() -> str | None:
    """The cache directory (the same rule as reflee.paths, without importing platformdirs); None off Linux."""
    home = os.environ.get("REFLEE_HOME")
    if home:
        return os.path.join(os.path.abspath(os.path.expanduser(home)), "cache")
    if not sys.platform.startswith("linux"):
        return None
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "reflee")


def _stamp(path: str) -> str:
    try:
        st = os.stat(path)
    except OSError:
        return path + ":-"
    return f"{path}:{st.st_mtime_ns}:{st.st_size}"


def _config_file() -> str:
    """config.toml (ui.language lives there): reflee.paths' rule, without its imports (dataclasses, pathlib)."""
    home = os.environ.get("REFLEE_HOME")
    if home:
        return os.path.join(os.path.abspath(os.path.expanduser(home)), "config.toml")
    base = os.environ.get("XDG_CONFIG_HOME", "").strip() or os.path.join(os.path.expanduser("~"), ".config")
    return os.path.join(base, "reflee", "config.toml")


def _columns() -> int:
    """The terminal width the help is wrapped to, found as shutil.get_terminal_size finds it."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def _typer_init() -> str:
    for folder in sys.path:
        path = os.path.join(folder or ".", "typer", "__init__.py")
        if os.path.exists(path):
            return path
    return "typer"


def _key() -> str:
    from zlib import adler32, crc32

    from reflee import __version__

    here = os.path.dirname(os.path.abspath(__file__))
    parts = [__version__, str(_columns()), _stamp(_config_file())]
    parts += [_stamp(os.path.join(here, name)) for name in ("main.py", "helpwrap.py", os.path.join("..", "textfit.py"))]
    parts += [f"{name}={os.environ.get(name, '')}" for name in _LOCALE_VARS]
    locale = os.path.join(os.path.dirname(here), "locale")
    for folder, _, files in sorted(os.walk(locale)):
        parts += [_stamp(os.path.join(folder, f)) for f in sorted(files)]
    parts.append(_stamp(_typer_init()))
    data = "\x1f".join(parts).encode()
    return f"{crc32(data):08x}{adler32(data):08x}{len(data):x}"


def cached() -> str | None:
    """The help text kept for the current key, or None (then render it: see ``store``)."""
    folder = _cache_dir()
    if folder is None:
        return None
    try:
        with open(os.path.join(folder, _PREFIX + _key() + ".txt"), encoding="utf-8") as fh:
            return fh.read()
    except (OSError, UnicodeDecodeError, ValueError):
        return None


def store(text: str) -> None:
    """Keep ``text`` for the current key (written whole, then renamed into place); older ones are removed."""
    folder = _cache_dir()
    if folder is None:
        return
    name = _PREFIX + _key() + ".txt"
    try:
        os.makedirs(folder, exist_ok=True)
        tmp = os.path.join(folder, f".{name}.{os.getpid()}.tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, os.path.join(folder, name))
        kept = sorted(
            (os.path.join(folder, f) for f in os.listdir(folder) if f.startswith(_PREFIX)), key=os.path.getmtime
        )
        for old in kept[:-KEEP]:  # a few widths and languages stay; older keys go
            os.unlink(old)
    except OSError:
        pass
