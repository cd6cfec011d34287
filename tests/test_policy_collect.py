"""The policy collector against a real HTTP stand-in of both APIs serving the real records: paging, keys,
faults, a later snapshot's change log, incremental reads, dry runs, notifications and files."""

from __future__ import annotations

import pytest
from policy_api_standin import GOV24_KEY, YOUTH_KEY, PolicyApiStandin, second_snapshot
from policy_data import GOV24_TOTAL, YOUTH_TOTAL, needs_real_data

pytestmark = needs_real_data


@pytest.fixture
def api():
    with PolicyApiStandin.real() as standin:
        yield standin
    assert not standin.errors, standin.errors


@pytest.fixture
def configured(cli, api):
    """Keys and URLs set the way a user sets them; retries without waiting, a short timeout."""
    for key, value in {
        "policy.youth_api_key": YOUTH_KEY,
        "policy.gov24_api_key": GOV24_KEY,
        "policy.youth_url": api.youth_url,
        "policy.gov24_url": api.gov24_url,
        "policy.fetch_backoff_seconds": "0",
        "policy.fetch_timeout": "1.5",
        "policy.fetch_retries": "3",
    }.items():
        assert cli("config", "set", key, value).code == 0
    return api


def changes_of(cli, *args: str) -> dict[str, set]:
    got: dict[str, set] = {"new": set(), "removed": set(), "restored": set()}
    fields: dict[tuple[str, str], set[str]] = {}
    for c in cli("policy", "changes", "--json", *args).json:
        if c["kind"] == "changed":
            fields.setdefault((c["source"], c["source_id"]), set()).add(c["field"])
        else:
            got[c["kind"]].add((c["source"], c["source_id"]))
    return {**got, "changed": fields}


def test_without_a_key_fetch_refuses_and_says_where_to_get_one(cli) -> None:
    r = cli("policy", "fetch")
    assert r.code == 2
    assert "policy.youth_api_key" in r.err and "policy.gov24_api_key" in r.err
    assert "https://www.data.go.kr/data/15113968/openapi.do" in r.err and "--from-file" in r.err
    assert len(r.err.strip().splitlines()) == 1
    assert cli("config", "set", "ui.language", "ko").code == 0
    r = cli("policy", "fetch", "--source", "gov24")
    assert r.code == 2 and "API 키" in r.err and "policy.youth_api_key" not in r.err
    assert cli("policy", "fetch-log", "--json").json == []


def test_keys_are_never_printed(cli) -> None:
    assert cli("config", "set", "policy.gov24_api_key", "abcdefgh12345678SECRET").code == 0
    shown = cli("config", "set", "policy.youth_api_key", "youth-secret-0001")
    assert "youth-secret" not in shown.err + shown.out
    for args in (("config", "show"), ("config", "show", "--json"), ("config", "get", "policy.gov24_api_key")):
        r = cli(*args)
        assert "abcdefgh" not in r.out and "youth-secret" not in r.out
    assert cli("config", "get", "policy.gov24_api_key").out.strip() == "••••"
    assert cli("config", "show", "--json").json["policy.youth_api_key"] == "••••"


def test_env_keys_are_used_when_config_has_none(cli, api, monkeypatch) -> None:
    monkeypatch.setenv("REFLEE_YOUTH_API_KEY", YOUTH_KEY)
    assert cli("config", "set", "policy.youth_url", api.youth_url).code == 0
    r = cli("policy", "fetch", "--json")
    assert r.code == 0, r.err
    assert r.json["skipped"] == ["gov24"] and r.json["runs"][0]["records"]["new"] == YOUTH_TOTAL


def test_a_first_fetch_reads_every_page_of_both_apis(cli, configured) -> None:
    r = cli("policy", "fetch", "--json")
    assert r.code == 0, r.err
    runs = {run["source"]: run for run in r.json["runs"]}
    assert runs["youth"]["records"] == {
        "read": YOUTH_TOTAL, "new": YOUTH_TOTAL, "changed": 0, "unchanged": 0, "removed": 0,
        "reported": YOUTH_TOTAL, "unreadable": 0,
    }  # fmt: skip
    assert runs["youth"]["pages"] == 14 and runs["youth"]["mode"] == "full"
    assert runs["gov24"]["records"]["new"] == GOV24_TOTAL and runs["gov24"]["pages"] == 4
    assert r.json["notifications"] == 0  # a first fetch finds every policy new: no "new match" flood
    pages = sorted(int(s.params["pageNum"]) for s in configured.served("getPlcy"))
    assert pages == list(range(1, 15))
    gov = configured.served("serviceList")[0]
    assert gov.headers["authorization"] == f"Infuser {GOV24_KEY}" and "serviceKey" not in gov.params
    assert len(cli("policy", "list", "--json").json) == YOUTH_TOTAL + GOV24_TOTAL
    log = cli("policy", "fetch-log", "--json").json
    assert [(x["source"], x["status"], x["records"]["read"]) for x in log] == [
        ("gov24", "ok", GOV24_TOTAL), ("youth", "ok", YOUTH_TOTAL),
    ]  # fmt: skip
    shown = cli("policy", "fetch-log")
    assert "youth" in shown.out and "gov24" in shown.out and "ok" in shown.out
    again = cli("policy", "fetch", "--full", "--json").json
    assert [run["records"]["unchanged"] for run in again["runs"]] == [YOUTH_TOTAL, GOV24_TOTAL]
    assert [run["records"]["reported"] for run in again["runs"]] == [0, 0]


def test_the_change_log_lists_exactly_what_a_later_snapshot_changed(cli, configured) -> None:
    assert cli("policy", "fetch").code == 0
    first_run = cli("policy", "changes", "--json").json
    later = second_snapshot(configured.snapshot)
    configured.load(later)
    r = cli("policy", "fetch", "--full", "--json")
    assert r.code == 0, r.err
    youth = r.json["runs"][0]["records"]
    assert youth["new"] == 1 and youth["removed"] == 2 and youth["changed"] == YOUTH_TOTAL - 2  # views moved
    assert youth["reported"] == 1 + 2 + 4  # … but only what matters is reported
    newer = cli("policy", "changes", "--json").json[: -len(first_run)]
    got = changes_of(cli)
    assert {k for k in got["new"] if k in later.expected["new"]} == later.expected["new"]
    assert {(c["source"], c["source_id"]) for c in newer if c["kind"] == "new"} == later.expected["new"]
    assert got["removed"] == later.expected["removed"]
    assert got["changed"] == later.expected["changed"]
    deadline = next(c for c in newer if c["field"] == "deadline" and c["source"] == "youth")
    assert deadline["new"] == "2026-12-31" and deadline["old"] < "2026-12-31"
    text = cli("policy", "changes").out
    assert "deadline" in text and "→" in text and "removed" in text
    removed = next(iter(later.expected["removed"]))
    assert removed[1] not in {p["source_id"] for p in cli("policy", "list", "--json").json}


def test_bad_keys_are_refused_the_way_each_api_refuses_them(cli, configured) -> None:
    configured.youth_key = "another-key"
    r = cli("policy", "fetch", "--source", "youth")
    assert r.code == 2 and "온통청년 refused the API key: 401" in r.err
    assert len(configured.served("getPlcy")) == 1  # a rejected key is not retried
    configured.gov24_key = "another-key"
    r = cli("policy", "fetch", "--source", "gov24", "--json")
    assert r.code == 2 and "공공서비스 refused the API key: HTTP 401 -401" in r.err
    assert r.json["runs"][0]["status"] == "failed"
    assert cli("policy", "list", "--json").json == []
    log = cli("policy", "fetch-log", "--json").json
    assert [(x["source"], x["status"], x["error"]["code"]) for x in log] == [
        ("gov24", "failed", "usage"), ("youth", "failed", "usage"),
    ]  # fmt: skip


def test_transient_faults_are_retried_and_the_result_is_whole(cli, configured) -> None:
    configured.fail("getPlcy", "status", status=429, page=1)
    configured.fail("getPlcy", "status", status=500, page=3, times=2)
    configured.fail("getPlcy", "cut", page=7)
    configured.fail("serviceList", "timeout", page=2, seconds=3)
    configured.fail("supportConditions", "status", status=503, page=1)
    configured.fail("supportConditions", "cut", page=2)
    r = cli("policy", "fetch", "--json")
    assert r.code == 0, r.err
    assert [run["records"]["new"] for run in r.json["runs"]] == [YOUTH_TOTAL, GOV24_TOTAL]
    answered = [s.answered for s in configured.served()]
    assert sorted(a for a in answered if a != "ok") == sorted(
        ["status 429", "status 500", "status 500", "cut", "timeout", "status 503", "cut"]
    )


def test_a_source_that_keeps_failing_changes_nothing_and_the_other_is_still_written(cli, configured) -> None:
    assert cli("policy", "fetch").code == 0
    before = cli("policy", "list", "--json").out
    configured.load(second_snapshot(configured.snapshot))
    configured.fail("getPlcy", "status", status=500, page=5, times=10)
    r = cli("policy", "fetch", "--full", "--json")
    assert r.code == 6
    assert "getPlcy page 5 failed after 4 tries: HTTP 500" in r.err
    youth, gov = r.json["runs"]
    assert youth["status"] == "failed" and youth["records"]["new"] == 0
    assert gov["status"] == "ok" and gov["records"]["new"] == 1
    assert not [c for c in cli("policy", "changes", "--json", "--source", "youth").json if c["kind"] != "new"]
    assert before != cli("policy", "list", "--json").out  # gov24 moved on …
    youth_now = [p for p in cli("policy", "list", "--json", "--source", "youth").json]
    assert len(youth_now) == YOUTH_TOTAL  # … youth did not
    log = cli("policy", "fetch-log", "--json", "--source", "youth").json
    assert log[0]["status"] == "failed" and "HTTP 500" in log[0]["error"]["message"]


def test_a_listing_that_shrinks_while_read_is_refused(cli, configured) -> None:
    original = configured.answer

    def shifting(endpoint, params, headers):  # page 2 onwards: one record fewer, as if deleted mid-read
        status, extra, doc = original(endpoint, params, headers)
        if endpoint == "getPlcy" and params.get("pageNum") == "2":
            doc["result"]["youthPolicyList"] = doc["result"]["youthPolicyList"][1:]
        return status, extra, doc

    configured.answer = shifting
    r = cli("policy", "fetch", "--source", "youth")
    assert r.code == 5 and "nothing was written" in r.err
    assert cli("policy", "list", "--json").json == []


def test_a_dry_run_shows_changes_and_writes_nothing(cli, configured) -> None:
    r = cli("policy", "fetch", "--dry-run", "--json")
    assert r.code == 0 and r.json["dry_run"] and r.json["runs"][0]["records"]["new"] == YOUTH_TOTAL
    assert cli("policy", "list", "--json").json == []
    assert cli("policy", "fetch-log", "--json").json == []
    assert "dry run" in cli("policy", "fetch", "--dry-run", "--source", "youth").err


def test_gov24_is_read_incrementally_after_a_full_read(cli, configured) -> None:
    assert cli("policy", "fetch").code == 0
    later = second_snapshot(configured.snapshot)
    configured.load(later)
    configured.requests.clear()
    r = cli("policy", "fetch", "--source", "gov24", "--json")
    assert r.code == 0, r.err
    run = r.json["runs"][0]
    assert run["mode"] == "incremental" and run["since"] is not None
    listed = configured.served("serviceList")
    assert all("cond[수정일시::GTE]" in s.params for s in listed)
    assert {s.params.get("cond[서비스ID::EQ]") for s in configured.served("supportConditions")} == {
        sid for _, sid in later.expected["changed"] if _ == "gov24"
    } | {"SI0000999999"}
    assert run["records"]["read"] == 3 and run["records"]["removed"] == 0  # an incremental read removes nothing
    got = changes_of(cli, "--source", "gov24")
    assert {k for k in got["changed"]} == {k for k in later.expected["changed"] if k[0] == "gov24"}
    full = cli("policy", "fetch", "--source", "gov24", "--full", "--json").json["runs"][0]
    assert full["mode"] == "full" and full["records"]["removed"] == 3


def test_fetch_raises_notifications_for_favourites_and_new_matches(cli, configured) -> None:
    assert cli("policy", "fetch").code == 0
    later = second_snapshot(configured.snapshot)
    deadline_gov = next(
        sid for (src, sid), f in later.expected["changed"].items() if src == "gov24" and "deadline" in f
    )
    gone = sorted(sid for src, sid in later.expected["removed"] if src == "youth")[0]
    assert cli("policy", "fav", "add", deadline_gov).code == 0
    assert cli("policy", "fav", "add", gone).code == 0
    configured.load(later)
    r = cli("policy", "fetch", "--full", "--json")
    assert r.code == 0 and r.json["notifications"] == 3
    notes = cli("notify", "list", "--json").json
    kinds = sorted(n["kind"] for n in notes)
    assert kinds == ["policy.deadline_changed", "policy.new_match", "policy.removed"]
    new_match = next(n for n in notes if n["kind"] == "policy.new_match")
    assert "새로 올라온 청년정책" in new_match["title"]
    assert cli("policy", "fetch", "--full", "--json").json["notifications"] == 0  # once only


def test_from_file_keeps_working_offline(cli) -> None:
    from policy_data import GOV_COND, GOV_LIST, YOUTH

    r = cli(
        "policy",
        "fetch",
        "--from-file",
        str(YOUTH),
        "--from-file",
        str(GOV_LIST),
        "--from-file",
        str(GOV_COND),
        "--json",
    )
    assert r.code == 0, r.err
    assert sorted((run["source"], run["mode"], run["records"]["new"]) for run in r.json["runs"]) == [
        ("gov24", "file", GOV24_TOTAL), ("youth", "file", YOUTH_TOTAL),
    ]  # fmt: skip
    again = cli("policy", "fetch", "--from-file", str(YOUTH), "--json").json["runs"][0]
    assert again["records"]["unchanged"] == YOUTH_TOTAL and again["records"]["removed"] == 0
    r = cli("policy", "fetch", "--from-file", "/nonexistent.json")
    assert r.code == 3 and "--from-file" in r.err


def test_bad_options_name_the_flag(cli) -> None:
    r = cli("policy", "fetch", "--source", "both")
    assert r.code == 2 and "--source" in r.err
    r = cli("policy", "fetch", "--since", "2999-01-01")
    assert r.code == 2 and "--since" in r.err
    r = cli("policy", "changes", "--source", "x")
    assert r.code == 2 and "--source" in r.err
    assert "No changes recorded yet" in cli("policy", "changes").err
    assert "No fetch has run yet" in cli("policy", "fetch-log").err
