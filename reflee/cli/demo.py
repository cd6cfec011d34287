"""`reflee demo`: see reflee work in seconds, in a throwaway home."""

from __future__ import annotations

from typing import Annotated

import typer


def demo(
    ctx: typer.Context,
    keep: Annotated[bool, typer.Option("--keep/--no-keep", help="Keep the demo home to explore afterwards.")] = True,
) -> None:
    """Fill a throwaway home with sample 회고 and show reflee at work (no Ollama, no set-up)."""
    from reflee.demo import run_demo

    run_demo(keep=keep)
