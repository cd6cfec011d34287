"""Find user-facing string literals in reflee/ that do not go through gettext (``_``, ``ngettext``, ``N_``).

What counts as user-facing is where words reach a person: help texts (``help=``, ``new_typer("...")``,
group help lines), hints, the message of a reflee error (``UsageError("...")``), what is printed for people
(``output.info``, ``output.error_line``, ``console().print``, ``typer.echo``, ``typer.confirm``/``prompt``),
table headers and titles (``output.table([...])``, ``add_column``, ``title=``). A literal counts when it has
words: letters left after markup (``[bold]``), placeholders (``{x}``) and code-like tokens are taken out.
Docstrings of commands are help too; they are translated where the app is built
(reflee.cli.main.translate_help), so they need only be in the catalogue (see ``command_docstrings``).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "reflee"
SKIP_DIRS = ("tui",)  # the TUI translates through its own widgets (checked by its snapshot tests)
WRAPPERS = {"_", "ngettext", "N_"}
PRINTERS = {"echo", "secho", "info", "error_line", "warn", "warning", "confirm", "prompt", "note", "err", "print"}
KWARGS = {"help", "hint", "title", "caption", "prompt", "short_help", "epilog"}
BUILTIN_ERRORS = {
    "ValueError",
    "TypeError",
    "KeyError",
    "RuntimeError",
    "OSError",
    "AttributeError",
    "NotImplementedError",
    "AssertionError",
    "IndexError",
    "LookupError",
    "UnicodeDecodeError",
    "UnicodeEncodeError",
    "FileNotFoundError",
    "PermissionError",
    "ImportError",
    "StopIteration",
    "SystemExit",
    "TimeoutError",
    "ConnectionError",
    "JSONDecodeError",
    "BadParameter",  # click's own (shown after its English "Invalid value")
    "WrongThreadError",  # a programming error (a session used from another thread), not for users
}
_MARKUP = re.compile(r"\[/?[a-z #0-9._=-]*\]")
_CODEY = re.compile(r"(--?[a-z][a-z0-9-]*|reflee(?: [a-z-]+)*|[a-z]*\.[a-z_]+|[A-Z_]{2,}|https?://\S+|%[a-z]|\\[nt])")


def has_words(text: str) -> bool:
    """Whether a literal has words a person reads (not only markup, placeholders, punctuation or code)."""
    rest = _MARKUP.sub("", text)
    rest = _CODEY.sub("", rest)
    return bool(re.search(r"[A-Za-z]{2,}", rest))


def literal_text(node: ast.AST) -> str | None:
    """The text of a str literal or an f-string (placeholders as {}), or None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)  # type: ignore[misc]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = literal_text(node.left), literal_text(node.right)
        if left is not None or right is not None:
            return (left or "{}") + (right or "{}")
    return None


def is_logging(node: ast.Call) -> bool:
    """``log.info(...)``, ``ctx.log.warning(...)``: lines for the log, with %-style arguments, not the interface."""
    func = node.func
    if not isinstance(func, ast.Attribute):
        return False
    owner = func.value
    name = owner.id if isinstance(owner, ast.Name) else owner.attr if isinstance(owner, ast.Attribute) else ""
    return name in {"log", "logger", "_log", "LOG"}


def call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _literals(node: ast.AST) -> Iterator[tuple[ast.AST, str]]:
    """The worded literals in an argument (a literal itself, or a conditional / concatenation of them)."""
    if isinstance(node, ast.IfExp):
        yield from _literals(node.body)
        yield from _literals(node.orelse)
        return
    if isinstance(node, ast.BoolOp):
        for v in node.values:
            yield from _literals(v)
        return
    text = literal_text(node)
    if text is not None and has_words(text):
        yield node, text


def _wrapped(tree: ast.AST) -> set[int]:
    """ids of nodes that are inside _()/ngettext()/N_() calls."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and call_name(node) in WRAPPERS:
            for sub in ast.walk(node):
                inside.add(id(sub))
    return inside


def scan_source(source: str) -> Iterator[tuple[int, str, str]]:
    """(line, kind, text) of every worded user-facing literal not wrapped for translation."""
    tree = ast.parse(source)
    inside = _wrapped(tree)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or id(node) in inside or is_logging(node):
            continue
        name = call_name(node)
        found: list[tuple[str, ast.AST]] = []
        for kw in node.keywords:
            if kw.arg in KWARGS:
                found.append((f"{kw.arg}=", kw.value))
        if node.args:
            first = node.args[0]
            if name == "Check":  # a doctor check: Check(code, status, detail, fix)
                found.extend(("Check()", arg) for arg in node.args[2:4])
            elif name in {"raise_", "raise_notification"}:  # a notification: raise_(kind, title, body)
                found.extend((f"{name}()", arg) for arg in node.args[1:3])
            elif (
                (name.endswith("Error") and name not in BUILTIN_ERRORS)
                or name.startswith("LLM")  # LLMUnreachable, LLMModelMissing, …: shown as the feedback error
                or name in PRINTERS
                or name in {"new_typer", "add_column", "Text"}
            ):
                found.append((f"{name}()", first))
            elif name == "table" and isinstance(first, ast.List | ast.Tuple):
                for col in first.elts:
                    head = col.elts[0] if isinstance(col, ast.Tuple) and col.elts else col
                    found.append(("table header", head))
        for kind, value in found:
            for lit, text in _literals(value):
                if id(lit) not in inside:
                    yield lit.lineno, kind, text  # type: ignore[attr-defined]


def scan(package: Path = PACKAGE) -> list[str]:
    """Every unwrapped user-facing literal, as 'path:line: kind: text'."""
    found: list[str] = []
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package.parent)
        if any(part in SKIP_DIRS for part in rel.parts[1:-1]):
            continue
        for line, kind, text in scan_source(path.read_text(encoding="utf-8")):
            found.append(f"{rel}:{line}: {kind}: {text!r}")
    return found


def command_docstrings(package: Path = PACKAGE) -> dict[str, str]:
    """The docstrings Typer shows as help (functions decorated with ``.command(...)``/``.callback(...)`` without
    a ``help=``), with where each is: they are msgids too."""
    import inspect

    found: dict[str, str] = {}
    for path in sorted((package / "cli").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef):
                continue
            for dec in node.decorator_list:
                if (
                    isinstance(dec, ast.Call)
                    and call_name(dec) in {"command", "callback"}
                    and not any(kw.arg == "help" for kw in dec.keywords)
                ):
                    doc = ast.get_docstring(node, clean=False)
                    if doc:
                        rel = path.relative_to(package.parent)
                        found.setdefault(inspect.cleandoc(doc), f"{rel}:{node.lineno}")
    return found


if __name__ == "__main__":
    hits = scan()
    print("\n".join(hits))
    print(len(hits), "unwrapped;", len(command_docstrings()), "command docstrings")
