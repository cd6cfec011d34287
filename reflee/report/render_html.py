"""The report as one self-contained HTML file: inline CSS and SVG, no script, readable on a phone, light and
dark (prefers-color-scheme). Every piece of text is escaped."""

from __future__ import annotations

from html import escape

from reflee.i18n import _
from reflee.ledger.models import format_money
from reflee.report import charts
from reflee.report.document import Block, Bullets, Chart, Code, Heading, Line, Para, Strong, Table

CSS = """
:root{color-scheme:light dark;--fg:#1d2129;--muted:#5f6b7a;--bg:#fbfbfc;--card:#fff;--line:#e3e6ea;
--accent:#2f6fdf;--accent2:#e0812b;--over:#d64545;--ok:#2e9d5b}
@media (prefers-color-scheme:dark){:root{--fg:#e6e8eb;--muted:#9aa4b1;--bg:#15171a;--card:#1e2125;
--line:#33373d;--accent:#6ea1ff;--accent2:#f2a25c;--over:#ff7b7b;--ok:#5fd08c}}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);
font:16px/1.55 system-ui,-apple-system,"Segoe UI","Apple SD Gothic Neo","Noto Sans KR",sans-serif}
main{max-width:760px;margin:0 auto;padding:16px}h1{font-size:1.5em;line-height:1.3}
h2{margin-top:1.8em;border-bottom:1px solid var(--line);padding-bottom:.2em}h3{margin-top:1.4em}
.muted{color:var(--muted)}code{font:0.9em ui-monospace,SFMono-Regular,Menlo,monospace;
background:var(--line);padding:0 .3em;border-radius:3px}
.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;margin:.6em 0}
th,td{padding:.3em .5em;border-bottom:1px solid var(--line);text-align:left;white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}ul{padding-left:1.3em}
li.done::marker{content:"✔ ";color:var(--ok)}li.todo::marker{content:"○ ";color:var(--muted)}
svg.chart{width:100%;height:auto;margin:.5em 0}svg .bar{fill:var(--accent)}svg .bar.over{fill:var(--over)}
svg .label,svg .value{fill:var(--muted);font-size:12px}svg .axis{stroke:var(--line)}
svg .mark{stroke:var(--over);stroke-dasharray:4 3}svg .line{fill:none;stroke:var(--accent2);stroke-width:2}
svg .dot{fill:var(--accent2)}
"""


def _inline(line: Line) -> str:
    out = []
    for piece in line:
        if isinstance(piece, Code):
            out.append(f"<code>{escape(piece.text)}</code>")
        elif isinstance(piece, Strong):
            out.append(f"<strong>{escape(piece.text)}</strong>")
        else:
            out.append(escape(piece))
    return "".join(out)


def _table(t: Table) -> str:
    numeric = t.numeric or [False] * len(t.headers)

    def cell(tag: str, text: str, i: int) -> str:
        cls = ' class="num"' if i < len(numeric) and numeric[i] else ""
        return f"<{tag}{cls}>{escape(text)}</{tag}>"

    head = "".join(cell("th", h, i) for i, h in enumerate(t.headers))
    rows = "".join("<tr>" + "".join(cell("td", c, i) for i, c in enumerate(r)) + "</tr>" for r in t.rows)
    return f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>'


def _chart(c: Chart) -> str:
    if c.name == "spending":
        return charts.hbars("spending", c.title, c.data, lambda v: format_money(int(v), c.unit))
    if c.name == "budget":
        return charts.hbars("budget", c.title, c.data, lambda v: f"{v:g}%", mark=100.0)
    if c.name == "per_day":
        return charts.vbars("per_day", c.title, c.data)
    return charts.trend(c.title, c.data, c.unit)


def render(doc: list[Block], *, title: str, language: str) -> str:
    body: list[str] = []
    for block in doc:
        if isinstance(block, Heading):
            body.append(f"<h{block.level}>{escape(block.text)}</h{block.level}>")
        elif isinstance(block, Para):
            cls = ' class="muted"' if block.muted else ""
            body.append(f"<p{cls}>{_inline(block.line)}</p>")
        elif isinstance(block, Bullets):
            items = []
            for i, item in enumerate(block.items):
                cls = "" if block.checks is None else (' class="done"' if block.checks[i] else ' class="todo"')
                items.append(f"<li{cls}>{_inline(item)}</li>")
            body.append("<ul>" + "".join(items) + "</ul>")
        elif isinstance(block, Table):
            body.append(_table(block))
        elif isinstance(block, Chart):
            body.append(f'<figure aria-label="{escape(block.title)}">{_chart(block)}</figure>')
    footer = escape(_("Made by reflee from your own data, on your own machine."))
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light dark">\n'
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + f'\n<p class="muted">{footer}</p>\n</main>\n</body>\n</html>\n'
    )
