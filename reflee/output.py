"""Output for front ends: data to stdout (a Rich table for people, JSON for scripts),
diagnostics to stderr. Domain modules never import this.

Every path to a terminal goes through here, and here user or imported text is made safe
(reflee.sanitize.visible): the consoles show control characters and escape sequences instead of running
them, whatever a view prints (markup strings, table cells, Rich Text); ``write`` does the same for plain
lines; ``error_line`` and ``info`` for stderr. JSON needs nothing: it escapes control characters itself.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from reflee.sanitize import visible

_console = None
_err_console = None


def console():  # -> rich.console.Console
    global _console
    if _console is None:
        _console = _safe_console_class()(highlight=False, soft_wrap=False)
    return _console


def err_console():
    global _err_console
    if _err_console is None:
        _err_console = _safe_console_class()(stderr=True, highlight=False, soft_wrap=True)
    return _err_console


_SafeConsole: Any = None


def _safe_console_class():  # -> type[rich.console.Console]
    """A Rich Console that never lets data drive the terminal: strings are made visible before markup is
    parsed (so tables lay out what will be shown), and every rendered segment but Rich's own control codes
    is made visible again before it is written (Text objects, progress bars, anything a view builds)."""
    global _SafeConsole
    if _SafeConsole is None:
        from rich.console import Console  # ~10 ms; only when printing for people
        from rich.segment import Segment

        class SafeConsole(Console):
            def render_str(self, text: str, **kwargs: Any):  # -> rich.text.Text
                return super().render_str(visible(text), **kwargs)

            def render(self, renderable: Any, options: Any = None):  # -> Iterable[Segment]
                for segment in super().render(renderable, options):
                    if segment.control or visible(segment.text) is segment.text:
                        yield segment
                    else:
                        yield Segment(visible(segment.text), segment.style, segment.control)

        _SafeConsole = SafeConsole
    return _SafeConsole


def reset() -> None:
    """Forget cached consoles (tests and repeated in-process runs)."""
    global _console, _err_console
    _console = _err_console = None


def to_jsonable(value: Any) -> Any:
    if hasattr(value, "to_json"):
        return value.to_json()
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    return value


def _default(value: Any) -> Any:
    if hasattr(value, "to_json"):
        return value.to_json()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


_compact = json.JSONEncoder(ensure_ascii=False, default=_default).encode
"""The C encoder (json.dumps with an indent falls back to pure Python, several times slower)."""
PRETTY_LEVELS = 2
"""Objects and arrays this deep are laid out one member per line (two-space indent); deeper ones are written
compactly in one line each by the C encoder: a list of records shows one record per line."""


def _pretty(value: Any, write: Any, level: int = 0) -> None:
    if hasattr(value, "to_json"):
        value = value.to_json()
    if level < PRETTY_LEVELS and isinstance(value, dict) and value and all(isinstance(k, str) for k in value):
        pad = "  " * (level + 1)
        sep = "{\n"
        for key, item in value.items():
            write(sep + pad + _compact(key) + ": ")
            _pretty(item, write, level + 1)
            sep = ",\n"
        write("\n" + "  " * level + "}")
    elif level < PRETTY_LEVELS and isinstance(value, list | tuple) and value:
        pad = "  " * (level + 1)
        sep = "[\n"
        for item in value:
            write(sep + pad)
            _pretty(item, write, level + 1)
            sep = ",\n"
        write("\n" + "  " * level + "]")
    else:
        write(_compact(value))


def emit_json(value: Any) -> None:
    """Print JSON to stdout: UTF-8 (Hangul unescaped), the outer levels indented by two spaces (a list of
    records shows one record per line), nothing else.

    A value with ``iter_json()`` (a streamed result) is written as it is read: a JSON array with one
    element per line, each encoded by the C encoder, so memory stays flat however many there are."""
    if hasattr(value, "iter_json"):
        emit_json_array(value.iter_json())
        return
    chunks: list[str] = []
    _pretty(value, chunks.append)
    sys.stdout.write("".join(chunks) + "\n")
    sys.stdout.flush()


WRITE_CHUNK = 1 << 16
"""Characters gathered before one write: unbuffered output (PYTHONUNBUFFERED, common in containers) would
otherwise make a system call per element."""


def emit_json_array(values: Iterable[Any]) -> None:
    """A JSON array written element by element: '[', one element per line, ']', in chunks of WRITE_CHUNK."""
    write = sys.stdout.write
    chunk: list[str] = []
    size = 0
    sep = "[\n  "
    for value in values:
        text = sep + _compact(value)
        chunk.append(text)
        size += len(text)
        sep = ",\n  "
        if size >= WRITE_CHUNK:
            write("".join(chunk))
            chunk, size = [], 0
    chunk.append("[]\n" if sep == "[\n  " else "\n]\n")
    write("".join(chunk))
    sys.stdout.flush()


def emit_jsonl(values: Iterable[Any]) -> None:
    write = sys.stdout.write
    chunk: list[str] = []
    size = 0
    for value in values:
        text = _compact(value) + "\n"
        chunk.append(text)
        size += len(text)
        if size >= WRITE_CHUNK:
            write("".join(chunk))
            chunk, size = [], 0
    write("".join(chunk))
    sys.stdout.flush()


def info(message: str) -> None:
    """A diagnostic for people, on stderr (markup allowed)."""
    err_console().print(message)


def write(text: str) -> None:
    """Plain text for people on stdout (a bare value, a path), control characters made visible."""
    sys.stdout.write(visible(text))


def write_data(text: str) -> None:
    """An export's text on stdout: unchanged into a file or a pipe, made visible on a terminal."""
    sys.stdout.write(visible(text) if sys.stdout.isatty() else text)


class _VisibleStream:
    """stdout for an export shown on a terminal: what is written is made visible first."""

    def write(self, text: str) -> int:
        return sys.stdout.write(visible(text))

    def flush(self) -> None:
        sys.stdout.flush()


def data_stream() -> Any:  # -> TextIO
    """Where an export streams to: stdout itself into a file or a pipe, a visible-making wrapper on a terminal."""
    return _VisibleStream() if sys.stdout.isatty() else sys.stdout


def error_line(message: str) -> None:
    """One line on stderr: 'error: ...' (control characters in it made visible)."""
    message = visible(message)
    if sys.stderr.isatty() and not os.environ.get("NO_COLOR"):
        sys.stderr.write(f"\x1b[31merror:\x1b[0m {message}\n")
    else:
        sys.stderr.write(f"error: {message}\n")
    sys.stderr.flush()


def escape(text: str) -> str:
    """User text for a markup string: Rich markup escaped, control characters made visible."""
    from rich.markup import escape as _escape

    return _escape(visible(text))


def table(
    columns: Sequence[str | tuple[str, dict[str, Any]]],
    rows: Iterable[Sequence[Any]],
    *,
    title: str | None = None,
    caption: str | None = None,
) -> None:
    """A Rich table on stdout. Column specs are a header or (header, Column kwargs)."""
    from rich.table import Table

    t = Table(title=title, caption=caption, box=None, header_style="bold", pad_edge=False)
    for col in columns:
        if isinstance(col, tuple):
            t.add_column(col[0], **col[1])
        else:
            t.add_column(col)
    for row in rows:
        t.add_row(*[("" if v is None else v if not isinstance(v, str | int | float) else visible(str(v))) for v in row])
    console().print(t)


def first_line(text: str, width: int = 60) -> str:
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line if len(line) <= width else line[: width - 1] + "…"


def local_time(iso_utc: str) -> str:
    """A stored UTC timestamp ('…Z') as the user's local 'YYYY-MM-DD HH:MM'."""
    from datetime import datetime

    try:
        moment = datetime.fromisoformat(iso_utc.replace("Z", "+00:00"))
    except ValueError:
        return iso_utc[:16].replace("T", " ")
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")
