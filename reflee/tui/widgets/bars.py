"""Text bars that keep their shape without colour (NO_COLOR) and at 80 columns."""

from __future__ import annotations

from rich.text import Text

FULL = "█"
EMPTY = "░"


def bar(ratio: float, width: int) -> Text:
    """A bar ``width`` cells wide filled to ``ratio`` (over 1 shows full, in red)."""
    width = max(1, width)
    filled = min(width, round(max(0.0, ratio) * width))
    style = "red" if ratio > 1 else "yellow" if ratio >= 0.8 else "green"
    out = Text(FULL * filled, style=style)
    out.append(EMPTY * (width - filled), style="grey42")
    return out


def won(minor: int, currency: str) -> str:
    """Money as people read it here (12,000원, $12.50)."""
    from reflee.ledger.models import format_money

    return format_money(minor, currency)
