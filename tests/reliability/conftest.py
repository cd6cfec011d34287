"""The reliability suite: `pytest tests/reliability` (the short form, as .ci/run runs it) or
`REFLEE_RELIABILITY=long pytest tests/reliability` (the long form). It prints a summary table at the end."""

from __future__ import annotations

import random

import pytest

from tests.reliability.harness import SEED, TALLY


@pytest.fixture
def rng(request: pytest.FixtureRequest) -> random.Random:
    return random.Random(f"{SEED}:{request.node.nodeid}")


@pytest.fixture
def tally():
    return TALLY


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if TALLY.rows:
        terminalreporter.section("reliability summary")
        terminalreporter.write_line(TALLY.table())
