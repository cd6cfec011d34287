"""Every fault of the sync server: one clear line, the documented exit code, and the outbox intact."""

from __future__ import annotations

import socket
from pathlib import Path

from reflee.errors import ExitCode
from tests.sync_helpers import EMAIL, PASSWORD, local_transactions, no_real_keyring, outbox, register, server

__all__ = ["no_real_keyring", "server"]


def last_line(r) -> str:
    return r.err.strip().splitlines()[-1]


def setup(cli, server, n: int = 3) -> list[str]:
    register(cli, server)
    return [cli("ledger", "add", str(1000 + i), "--category", "food", "--json").json["id"] for i in range(n)]


def live(server) -> dict:
    return server.records.live(server.user_id(EMAIL), "transaction")


def test_server_down(cli, server, home: Path):
    setup(cli, server)
    server.stop()
    r = cli("sync", "push")
    assert r.code == 6
    assert last_line(r).startswith(f"error: cannot reach the sync server at {server.url}: ")
    assert outbox(home) == {"transaction": 3}
    assert cli("sync", "log", "--json").json[0]["status"] == "failed"


def test_dns_failure(cli):
    r = cli("auth", "login", "--server", "https://sync.invalid", "--email", EMAIL, "--password-stdin", input=PASSWORD)
    assert r.code == 6
    assert last_line(r) == "error: cannot resolve sync.invalid: check sync.server and the network"


def test_tls_error(cli, server):
    """https:// to a server that does not speak TLS (the same path as a bad certificate): refused, never
    retried without verification."""
    url = server.url.replace("http://", "https://")
    r = cli("auth", "login", "--server", url, "--email", EMAIL, "--password-stdin", input=PASSWORD)
    assert r.code == 6
    assert last_line(r).startswith("error: the TLS handshake with 127.0.0.1 failed: ")
    assert "sync.ca_bundle" in last_line(r)


def test_403(cli, server, home: Path):
    setup(cli, server)
    server.forbidden = True
    r = cli("sync", "push")
    assert r.code == ExitCode.AUTH and "refused this account access (403)" in last_line(r)
    assert outbox(home) == {"transaction": 3}


def test_404_not_a_sync_server(cli, server, home: Path):
    setup(cli, server)
    server.fault("batch", "status", status=404, code="not_found")
    r = cli("sync", "push")
    assert r.code == 6 and last_line(r) == (
        f"error: {server.url} does not offer /api/v1/sync/batch (404): is it a reflee sync server?"
    )
    assert outbox(home) == {"transaction": 3}


def test_413_splits_the_batch(cli, server, home: Path):
    setup(cli, server, 10)
    cli("config", "set", "sync.batch_size", "10")
    server.max_batch = 3
    r = cli("sync", "push", "--json")
    assert r.code == 0 and r.json["sent"] == 10
    assert 413 in server.calls("batch") and live(server) == local_transactions(home)[0]
    assert outbox(home) == {}


def test_422_one_record_rejected_the_rest_pushed(cli, server, home: Path):
    ids = setup(cli, server, 4)
    server.records.reject[ids[1]] = ("amount", "is over the account's limit")
    r = cli("sync", "push")
    assert r.code == ExitCode.CONFLICT
    assert f"ledger {ids[1][:12]}: rejected: amount: is over the account's limit" in r.err
    assert set(live(server)) == set(ids) - {ids[1]}
    assert outbox(home) == {"transaction": 1}  # stays, to be fixed and sent again
    j = cli("sync", "log", "--json").json[0]
    assert j["status"] == "partial" and j["issues"][0]["field"] == "amount"
    del server.records.reject[ids[1]]
    assert cli("sync", "push").code == 0 and set(live(server)) == set(ids)


def test_429_and_503_wait_for_retry_after(cli, server, home: Path):
    setup(cli, server)
    server.fault("batch", "status", status=503, code="unavailable", retry_after=1)
    server.fault("batch", "status", status=429, code="rate_limited", retry_after=1)
    r = cli("sync", "push", "--json")
    assert r.code == 0 and r.json["sent"] == 3
    assert server.calls("batch") == [503, 429, 200]


def test_503_longer_than_max_wait_gives_up(cli, server, home: Path):
    setup(cli, server)
    cli("config", "set", "sync.max_wait", "1")
    server.fault("batch", "status", status=503, code="unavailable", retry_after=30)
    r = cli("sync", "push")
    assert r.code == 6
    assert "the sync server is busy (HTTP 503) and asks to wait 30 s more" in last_line(r)
    assert outbox(home) == {"transaction": 3}


def test_a_cut_answer_is_retried_and_nothing_is_applied_twice(cli, server, home: Path):
    setup(cli, server)
    server.fault("batch", "cut")
    r = cli("sync", "push", "--json")
    assert r.code == 0, r.err
    assert r.json["sent"] == 3 and outbox(home) == {}
    assert [rec.writes for rec in server.records.of(server.user_id(EMAIL)).values()] == [1, 1, 1]  # replayed


def test_an_answer_cut_every_time(cli, server, home: Path):
    setup(cli, server)
    server.fault("batch", "cut", times=3)
    r = cli("sync", "push")
    assert r.code == 6 and last_line(r).startswith("error: the answer from 127.0.0.1 was cut off: ")
    assert outbox(home) == {"transaction": 3}  # applied on the server, not yet acknowledged here
    assert cli("sync", "push", "--json").json["sent"] == 3  # replayed: the same change IDs
    assert outbox(home) == {}


def test_a_dropped_connection(cli, server, home: Path):
    setup(cli, server)
    server.fault("batch", "drop", times=3)
    r = cli("sync", "push")
    assert r.code == 6 and "cut off" in last_line(r)
    assert outbox(home) == {"transaction": 3}


def test_slow_server_times_out(cli, server, home: Path):
    setup(cli, server)
    cli("config", "set", "sync.timeout", "0.3")
    server.fault("batch", "hang", seconds=1.5, times=3)
    r = cli("sync", "push")
    assert r.code == 6
    assert last_line(r) == (
        "error: the sync server at 127.0.0.1 did not answer within 0.3 s (try again later, or raise sync.timeout)"
    )
    assert outbox(home) == {"transaction": 3}


def test_server_that_is_not_listening_at_login(cli):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    r = cli(
        "auth", "login", "--server", f"http://127.0.0.1:{port}", "--email", EMAIL, "--password-stdin", input=PASSWORD
    )
    assert r.code == 6 and "cannot reach the sync server" in last_line(r)
