"""Moved to reflee.cli.views.feedback; these names stay importable from here."""

from __future__ import annotations

from reflee.cli.views.feedback import LiveTokens, partial_summary, render

__all__ = ["LiveTokens", "partial_summary", "render"]
