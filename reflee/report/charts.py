"""Inline SVG charts for the HTML report: no script, no external file, colours from CSS (light and dark).

Every label is escaped; each chart has a <title> and an aria-label so it reads without the picture.
"""

from __future__ import annotations

from html import escape
from typing import Any

from reflee.ledger.models import format_money

WIDTH = 640
BAR = 22
GAP = 8
LABEL_W = 150


def _svg(name: str, title: str, height: int, body: list[str]) -> str:
    t = escape(title)
    return (
        f'<svg class="chart chart-{name}" role="img" aria-label="{t}" viewBox="0 0 {WIDTH} {height}" '
        f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet"><title>{t}</title>'
        + "".join(body)
        + "</svg>"
    )


def _label(text: str, limit: int = 18) -> str:
    return escape(text if len(text) <= limit else text[: limit - 1] + "…")


def hbars(name: str, title: str, items: list[tuple[str, float]], fmt: Any, *, mark: float | None = None) -> str:
    """Horizontal bars: one per (label, value); ``mark`` draws a reference line (100 % of a budget)."""
    items = items or [("–", 0)]
    top = max([v for _l, v in items] + [mark or 0, 1])
    span = WIDTH - LABEL_W - 110
    height = len(items) * (BAR + GAP) + GAP
    body = []
    for i, (label, value) in enumerate(items):
        y = GAP + i * (BAR + GAP)
        w = max(0.0, span * value / top)
        over = " over" if mark is not None and value > mark else ""
        body.append(
            f'<text class="label" x="{LABEL_W - 6}" y="{y + BAR * 0.7:.1f}" text-anchor="end">{_label(label)}</text>'
            f'<rect class="bar{over}" x="{LABEL_W}" y="{y}" width="{w:.1f}" height="{BAR}" rx="3"/>'
            f'<text class="value" x="{LABEL_W + w + 6:.1f}" y="{y + BAR * 0.7:.1f}">{escape(fmt(value))}</text>'
        )
    if mark is not None:
        x = LABEL_W + span * mark / top
        body.append(f'<line class="mark" x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height}"/>')
    return _svg(name, title, height, body)


def vbars(name: str, title: str, items: list[tuple[str, int]]) -> str:
    """Vertical bars with the first and last labels under them (entries per day)."""
    items = items or [("", 0)]
    height, base = 140, 110
    top = max([v for _l, v in items] + [1])
    step = WIDTH / len(items)
    body = [f'<line class="axis" x1="0" y1="{base}" x2="{WIDTH}" y2="{base}"/>']
    for i, (label, value) in enumerate(items):
        h = (base - 10) * value / top
        x = i * step + step * 0.15
        body.append(
            f'<rect class="bar" x="{x:.1f}" y="{base - h:.1f}" width="{step * 0.7:.1f}" height="{h:.1f}" rx="2">'
            f"<title>{escape(label)}: {value}</title></rect>"
        )
        if value:
            tx, ty = x + step * 0.35, base - h - 3
            body.append(f'<text class="value" x="{tx:.1f}" y="{ty:.1f}" text-anchor="middle">{value}</text>')
    body.append(f'<text class="label" x="0" y="{base + 20}">{escape(items[0][0])}</text>')
    body.append(f'<text class="label" x="{WIDTH}" y="{base + 20}" text-anchor="end">{escape(items[-1][0])}</text>')
    return _svg(name, title, height, body)


def trend(title: str, points: list[Any], currency: str) -> str:
    """Entries per week as bars and spending per week as a line, each on its own scale."""
    height, base = 180, 140
    n = max(len(points), 1)
    step = WIDTH / n
    top_e = max([p.entries for p in points] + [1])
    top_m = max([p.expense for p in points] + [1])
    body = [f'<line class="axis" x1="0" y1="{base}" x2="{WIDTH}" y2="{base}"/>']
    coords = []
    for i, p in enumerate(points):
        h = (base - 20) * p.entries / top_e
        x = i * step + step * 0.2
        body.append(
            f'<rect class="bar" x="{x:.1f}" y="{base - h:.1f}" width="{step * 0.6:.1f}" height="{h:.1f}" rx="2">'
            f"<title>{escape(p.start)}: {p.entries}</title></rect>"
        )
        coords.append(f"{i * step + step / 2:.1f},{base - (base - 20) * p.expense / top_m:.1f}")
    body.append(f'<polyline class="line" points="{" ".join(coords)}"/>')
    for c, p in zip(coords, points, strict=False):
        cx, cy = c.split(",")
        tip = escape(format_money(p.expense, currency))
        body.append(f'<circle class="dot" cx="{cx}" cy="{cy}" r="3"><title>{tip}</title></circle>')
    if points:
        body.append(f'<text class="label" x="0" y="{base + 20}">{escape(points[0].start)}</text>')
        body.append(
            f'<text class="label" x="{WIDTH}" y="{base + 20}" text-anchor="end">{escape(points[-1].start)}</text>'
        )
    return _svg("trend", title, height, body)
