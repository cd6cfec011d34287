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

from reflee.sanitize import visible

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2 ms of a start-up)
if TYPE_CHECKING:
    from typing import Any

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
        # On a terminal, wrap between words at its width (a terminal would break 8,4|00원 mid-number); into a
        # pipe or a file each message stays one line.
        _err_console = _safe_console_class()(stderr=True, highlight=False, soft_wrap=not sys.stderr.isatty())
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
    if sys.stderr.isatty():  # wrapped between words at the terminal's width, never inside a number or date
        import shutil

        from reflee.textfit import wrap

        message = "\n".join(wrap(message, shutil.get_terminal_size().columns, "error: ", "  "))[len("error: ") :]
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
    """A Rich table on stdout, laid out by cells for the console's width (reflee.tablefit).

    Column specs are a header or (header, Column kwargs); the kwargs may also say ``fit``: ``keep`` (never
    cut: IDs, dates, amounts), ``main`` (the column the table is about), ``shrink`` or ``drop`` (secondary).
    A cut cell ends with ``…`` and never inside a number or date (reflee.textfit); a column that wraps
    (``no_wrap`` false) breaks between words."""
    from rich.table import Table
    from rich.text import Text

    from reflee import tablefit

    con = console()
    specs = [(c[0], dict(c[1])) if isinstance(c, tuple) else (c, {}) for c in columns]
    cells = [[_cell(con, v) for v in row] for row in rows]
    heads = [con.render_str(h) for h, _o in specs]
    widths: list[int | None] = [None] * len(specs)
    roles = [opts.pop("fit", None) for _h, opts in specs]
    if all(isinstance(v, Text) for row in cells for v in row):
        column = [[row[i].plain for row in cells if i < len(row)] for i in range(len(specs))]
        roles = [
            r or tablefit.guess_role(o, heads[i].plain, column[i])
            for i, (r, (_h, o)) in enumerate(zip(roles, specs, strict=True))
        ]
        cols = [
            tablefit.Col(
                role,
                min(max([_widest(heads[i]), *map(cells_of, column[i])]), opts.get("max_width") or 10**6),
                heads[i].cell_len,
                opts.get("min_width"),
                not opts.get("no_wrap"),
                max((cells_of(w) for v in column[i] for w in v.split()), default=0),
            )
            for i, (role, (_h, opts)) in enumerate(zip(roles, specs, strict=True))
        ]
        widths = tablefit.allocate(cols, con.width)
    t = Table(title=title, caption=caption, box=None, header_style="bold", pad_edge=False)
    shown = [i for i, w in enumerate(widths) if w is not None or all(x is None for x in widths)]
    for i in shown:
        opts, w = specs[i][1], widths[i]
        if w is not None:
            opts.update(width=w, min_width=None, max_width=None, ratio=None)
            # a cut cell ends with …; a cell that wraps breaks between words and folds only a word wider than
            # the column (Rich's ellipsis there drops a wide character: 3만 became '3 …')
            opts["overflow"] = "ellipsis" if opts.get("no_wrap") else "fold"
        t.add_column(_fit(heads[i], w, True) if w is not None else heads[i], **opts)
    for row in cells:
        t.add_row(*[_fit(row[i], widths[i], bool(t.columns[n].no_wrap)) for n, i in enumerate(shown) if i < len(row)])
    con.print(t)


def _cell(con: Any, value: Any) -> Any:
    """A table cell as Rich Text (markup read, control characters made visible); other renderables as given."""
    if value is None:
        return con.render_str("")
    if isinstance(value, str | int | float):
        return con.render_str(visible(str(value)))
    return value


def cells_of(plain: str) -> int:
    """Cells of the widest line of ``plain``."""
    from rich.cells import cell_len

    return max((cell_len(line) for line in plain.split("\n")), default=0)


def _widest(text: Any) -> int:
    return cells_of(text.plain)


def _fit(text: Any, width: int | None, no_wrap: bool) -> Any:
    """A cell cut to ``width`` cells with ``…`` (each of its lines), unless its column wraps or it fits."""
    if width is None or not no_wrap or _widest(text) <= width:
        return text
    from rich.text import Text

    from reflee import textfit

    out = []
    for line in text.split("\n"):
        if line.cell_len > width:
            cut = textfit.cut_point(line.plain, width - 1)
            keep = len(line.plain[:cut].rstrip(textfit.TRAILING))
            line = line[:keep] if keep else Text("")
            line.append(textfit.ELLIPSIS)
        out.append(line)
    return Text("\n").join(out)


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
