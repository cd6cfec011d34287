"""The weekly report lists what the policy collector changed in the period: in policies that fit or are
favourites, each change with old → new, and how many policies the sources added and withdrew."""

from __future__ import annotations

import pytest
from policy_api_standin import GOV24_KEY, YOUTH_KEY, PolicyApiStandin, second_snapshot
from policy_data import needs_real_data

pytestmark = needs_real_data


@pytest.fixture
def api():
    with PolicyApiStandin.real() as standin:
        yield standin
    assert not standin.errors, standin.errors


def test_the_weekly_report_lists_a_favourites_changed_deadline(cli, api) -> None:
    for key, value in {
        "policy.youth_api_key": YOUTH_KEY,
        "policy.gov24_api_key": GOV24_KEY,
        "policy.youth_url": api.youth_url,
        "policy.gov24_url": api.gov24_url,
        "policy.fetch_backoff_seconds": "0",
        "report.narrative": "false",
    }.items():
        assert cli("config", "set", key, value).code == 0
    assert cli("policy", "fetch", "--full").code == 0
    later = second_snapshot(api.snapshot)
    moved = next(sid for (src, sid), fields in later.expected["changed"].items() if "deadline" in fields)
    policy_id = next(
        p["id"] for p in cli("policy", "list", "--json", "--source", "youth").json if p["source_id"] == moved
    )
    assert cli("policy", "fav", "add", policy_id).code == 0
    api.load(later)
    assert cli("policy", "fetch", "--full").code == 0

    report = cli("report", "weekly", "--period", "this week", "--format", "json", "--json")
    assert report.code == 0, report.err
    policy = report.json["report"]["policy"]
    changed = [c for c in policy["changes"] if c["id"] == policy_id]
    assert changed and changed[0]["kind"] == "changed" and changed[0]["field"] == "deadline"
    assert changed[0]["new"] == "2026-12-31"
    removed = len(later.expected["removed"])
    assert policy["removed_policies"] == removed and policy["new_policies"] >= len(later.expected["new"])
    shown = cli("report", "weekly", "--period", "this week", "--format", "md")
    assert "Changed in your policies" in shown.out and "2026-12-31" in shown.out
