"""Fixtures for the TUI tests: a seeded home and an app on it with a frozen clock."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from tui_helpers import TODAY, seed

from reflee import services


@pytest.fixture
def seeded(home: Path) -> Path:
    seed(home)
    return home


@pytest.fixture
def make_app(home: Path):
    from reflee.tui.app import RefleeApp

    def make(today: date = TODAY) -> RefleeApp:
        s = services.open(home)
        return RefleeApp(s.paths, s.settings, today=today)

    return make
