"""The contract: docs/sync-api.openapi.json is well-formed, every request reflee sends conforms to it (the
stand-in checks each one; see tests/sync_helpers.server), and the stand-in would notice one that does not."""

from __future__ import annotations

import json

import httpx
from jsonschema import Draft202012Validator

from tests.sync_helpers import EMAIL, PASSWORD, no_real_keyring, register, server
from tests.sync_standin import SyncStandin, spec

__all__ = ["no_real_keyring", "server"]


def test_the_openapi_file_is_well_formed():
    doc = spec.spec()
    assert doc["openapi"].startswith("3.1")
    for schema in doc["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)
    refs = {m for m in json.dumps(doc).split('"') if m.startswith("#/components/schemas/")}
    assert {r.split("/")[3] for r in refs} <= set(doc["components"]["schemas"])
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method != "parameters":
                assert op["responses"], f"{method} {path}"


def test_every_request_reflee_sends_conforms(cli, server, home):
    cli("config", "set", "feedback.mode", "off")
    cli("config", "set", "sync.include", "retros,feedback")
    register(cli, server)
    cli("ledger", "add", "12000", "--category", "food", "--tag", "점심")
    t = cli("ledger", "add", "5000", "--json").json["id"]
    cli("budget", "set", "", "1000000")
    cli("budget", "set", "food", "300000", "--rollover")
    cli("profile", "set", "birth_date", "2001-02-03")
    cli("retro", "add", "회고", "--tag", "a")
    assert cli("sync", "push").code == 0
    cli("ledger", "rm", t)
    server.accounts.expire_access_tokens()
    assert cli("sync", "push").code == 0
    cli("auth", "logout")
    cli("auth", "login", "--email", EMAIL, "--password-stdin", input=PASSWORD)
    seen = {name for name, _status in server.log}
    assert {"register", "login", "refresh", "logout", "batch"} <= seen
    # the fixture fails the test if any of these broke the OpenAPI file


def test_the_stand_in_notices_a_request_that_breaks_the_contract():
    with SyncStandin() as s:
        tokens = httpx.post(f"{s.url}/api/v1/auth/register", json={"email": EMAIL, "password": PASSWORD}).json()
        bad = {"changes": [{"kind": "transaction", "id": "x", "op": "put", "base_version": 0, "change_id": "nope"}]}
        r = httpx.post(
            f"{s.url}/api/v1/sync/batch", json=bad, headers={"Authorization": f"Bearer {tokens['access_token']}"}
        )
        assert r.status_code == 422 and r.json()["error"]["code"] == "invalid"
        assert s.violations and all(v.startswith("POST /api/v1/sync/batch") for v in s.violations)
        r = httpx.post(f"{s.url}/api/v1/sync/batch", json={"changes": []})
        assert "no bearer token" in " ".join(s.violations)


def test_per_record_endpoints_follow_the_same_rules():
    with SyncStandin() as s:
        tokens = httpx.post(f"{s.url}/api/v1/auth/register", json={"email": EMAIL, "password": PASSWORD}).json()
        auth = {"Authorization": f"Bearer {tokens['access_token']}"}
        rid = "01a22e5552b07000800000000000abcd"
        body = {
            "id": rid, "txn_date": "2026-11-02", "kind": "expense", "amount": 1200, "currency": "KRW",
            "category": "food", "account": "", "payee": "", "memo": "", "tags": [],
            "created_at": "2026-11-02T01:02:03.000000Z", "updated_at": "2026-11-02T01:02:03.000000Z",
        }  # fmt: skip
        url = f"{s.url}/api/v1/transactions/{rid}"
        key = "ab" * 16
        first = httpx.put(url, json=body, headers={**auth, "If-Match": "*", "Idempotency-Key": key})
        again = httpx.put(url, json=body, headers={**auth, "If-Match": "*", "Idempotency-Key": key})
        assert first.status_code == again.status_code == 200 and again.json()["version"] == 1  # replayed
        stale = httpx.put(url, json=body, headers={**auth, "If-Match": "*", "Idempotency-Key": "cd" * 16})
        assert stale.status_code == 409 and stale.json()["current"]["version"] == 1
        gone = httpx.delete(url, headers={**auth, "If-Match": '"1"', "Idempotency-Key": "ef" * 16})
        assert gone.status_code == 200 and gone.json()["deleted_at"] and gone.json()["data"] is None
        page = httpx.get(f"{s.url}/api/v1/transactions", params={"month": "2026-11", "limit": 1}, headers=auth)
        assert page.status_code == 200 and page.json()["items"][0]["version"] == 2
        assert not s.violations and not s.server_errors
