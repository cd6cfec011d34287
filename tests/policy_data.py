"""The real policy data (../shared/data/policies, beside the repository) and a database holding it.

Importing 2,421 real records takes about a second, so it is done once per test session into a template
database, which each test that needs it copies into its own temporary home.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "policies"
YOUTH = DATA / "youthcenter_snapshot.json"
GOV_LIST = DATA / "gov24_serviceList_snapshot.json"
GOV_COND = DATA / "gov24_supportConditions_snapshot.json"
REAL_FILES = (YOUTH, GOV_LIST, GOV_COND)
YOUTH_TOTAL = 1324
GOV24_TOTAL = 1097
ON = "2026-07-15"
"""Matches are judged on this day: just after the snapshots were taken (2026-07-10/12)."""

needs_real_data = pytest.mark.skipif(
    not all(p.exists() for p in REAL_FILES),
    reason=f"the real policy data is not at {DATA} (shared/ must sit beside the repository, as in CI)",
)


_built: dict[str, tuple[Path, dict]] = {}
"""The template database, built once per session however many test modules use the fixture."""


@pytest.fixture(scope="session")
def real_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """A database with both real sources imported, and the import report (as JSON)."""
    if not all(p.exists() for p in REAL_FILES):
        pytest.skip(f"the real policy data is not at {DATA} (shared/ must sit beside the repository)")
    if "db" not in _built:
        from reflee import services

        home = tmp_path_factory.mktemp("policy-template")
        ctx = services.open(str(home))
        report = ctx.policy.import_files([(str(p), p.read_bytes()) for p in REAL_FILES])
        ctx.close()
        _built["db"] = (home / "reflee.db", report.to_json())
    return _built["db"]


@pytest.fixture
def with_real_policies(real_db: tuple[Path, dict], home: Path) -> dict:
    """This test's home starts with the real policies imported; returns the import report."""
    home.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(real_db[0])
    dst = sqlite3.connect(home / "reflee.db")
    with dst:
        src.backup(dst)
    src.close()
    dst.close()
    return real_db[1]
