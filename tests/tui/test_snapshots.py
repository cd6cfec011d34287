"""SVG snapshots of every screen at 80x24 and 120x40, with a frozen clock and fixed seeded data.

Update them after a deliberate change of the look with `pytest tests/tui/test_snapshots.py --snapshot-update`,
and look at the SVGs before committing."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_helpers import seed_fixed, settle

from reflee import services

SIZES = [(80, 24), (120, 40)]
SCREENS = ["dashboard", "retros", "ledger", "policies", "notifications", "reports", "help", "editor"]


def keys_for(screen: str) -> list[str]:
    return {
        "dashboard": [],
        "retros": ["r"],
        "ledger": ["l"],
        "policies": ["p"],
        "notifications": ["n"],
        "reports": ["o"],
        "help": ["question_mark"],
        "editor": ["r", "a"],
    }[screen]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", SCREENS)
def test_screen_snapshot(screen: str, size: tuple[int, int], home: Path, snap_compare) -> None:
    from tui_helpers import TODAY

    from reflee.tui.app import RefleeApp

    seed_fixed(home)
    s = services.open(home)
    app = RefleeApp(s.paths, s.settings, today=TODAY)

    async def drive(pilot) -> None:
        await settle(pilot)
        for key in keys_for(screen):
            await pilot.press(key)
            await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=drive)
