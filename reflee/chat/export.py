"""A conversation as Markdown (``chat export --format md``): the questions, the answers with their citations
as footnotes, and each answer's sources."""

from __future__ import annotations

import re

from reflee.chat.models import Conversation
from reflee.chat.prompt import KEY

_MARK = re.compile(r"\[(" + KEY.pattern + r")\]")


def footnoted(text: str, order: list[str]) -> str:
    """``[r:0195a3b2]`` -> ``[^1]``, numbered in ``order`` (keys appended as first seen)."""

    def number(m: re.Match[str]) -> str:
        key = m.group(1)
        if key not in order:
            order.append(key)
        return f"[^{order.index(key) + 1}]"

    return _MARK.sub(number, text)


def markdown(conv: Conversation) -> str:
    s = conv.session
    out = [
        f"# {s.title or s.short_id}",
        "",
        f"- session: `{s.id}`",
        f"- model: {s.model}",
        f"- started: {s.created_at}",
        "",
    ]
    for m in conv.messages:
        if m.role == "user":
            out += [f"## {m.content.splitlines()[0][:80] if m.content else ''}", "", m.content, ""]
            continue
        order: list[str] = []
        body = footnoted(m.content, order)
        if m.status != "complete":
            body += f"\n\n*({m.status}{': ' + m.error if m.error else ''})*"
        out += [body, ""]
        by_key = {src.key: src for src in m.sources}
        for i, key in enumerate(order, start=1):
            src = by_key.get(key)
            label = f"{src.kind} {src.date} {src.title}".strip() if src else ""
            out.append(f"[^{i}]: `{key}` {label}".rstrip())
        if order:
            out.append("")
    return "\n".join(out).rstrip() + "\n"
