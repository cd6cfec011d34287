"""The report as Markdown: reads well in a terminal (`report show` renders it with Rich) and on a Git forge.

Every piece of text is escaped, so what the user wrote never turns into Markdown, HTML or links.
"""

from __future__ import annotations

import re

from reflee.report.document import Block, Bullets, Chart, Code, Heading, Line, Para, Strong, Table

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~])")
_LEADING = re.compile(r"^(\s*)([-+#>=]|\d+[.)])")


def escape(text: str) -> str:
    """Plain text made safe inside Markdown: special characters backslash-escaped, no line breaks."""
    text = re.sub(r"\s*[\r\n]+\s*", " ", text)
    return _SPECIAL.sub(r"\\\1", text).replace("&", "&amp;")


def _block_start(text: str) -> str:
    """A line that would start a list, heading, quote or rule made plain."""
    return _LEADING.sub(lambda m: m[1] + "\\" + m[2], text, count=1)


def _inline(line: Line) -> str:
    out = []
    for piece in line:
        if isinstance(piece, Code):
            out.append("`" + piece.text.replace("`", "") + "`")
        elif isinstance(piece, Strong):
            out.append("**" + escape(piece.text) + "**")
        else:
            out.append(escape(piece))
    return _block_start("".join(out))


def _table(t: Table) -> list[str]:
    numeric = t.numeric or [False] * len(t.headers)
    rows = ["| " + " | ".join(escape(h) or " " for h in t.headers) + " |"]
    rows.append("|" + "|".join("---:" if n else "---" for n in numeric) + "|")
    rows += ["| " + " | ".join(escape(c) for c in row) + " |" for row in t.rows]
    return rows


def render(doc: list[Block]) -> str:
    out: list[str] = []
    for block in doc:
        if isinstance(block, Heading):
            out += ["#" * block.level + " " + escape(block.text), ""]
        elif isinstance(block, Para):
            text = _inline(block.line)
            out += [f"_{text}_" if block.muted else text, ""]
        elif isinstance(block, Bullets):
            for i, item in enumerate(block.items):
                box = ("[x] " if block.checks[i] else "[ ] ") if block.checks is not None else ""
                out.append("- " + box + _inline(item))
            out.append("")
        elif isinstance(block, Table):
            out += [*_table(block), ""]
        elif isinstance(block, Chart):
            continue  # the tables beside each chart carry its figures
    return "\n".join(out).rstrip() + "\n"
