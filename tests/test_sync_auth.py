"""reflee auth: register, log in, silent refresh with rotation, log out; where the login is kept; which servers
a password may go to."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import keyring

from reflee.errors import ExitCode
from tests.sync_helpers import EMAIL, PASSWORD, login, no_real_keyring, outbox, register, server, tokens_file
from tests.sync_standin.memkeyring import MemoryKeyring

__all__ = ["no_real_keyring", "server"]


def test_register_status_logout(cli, server, home: Path):
    register(cli, server)
    r = cli("auth", "status", "--json")
    assert r.code == 0
    assert r.json["email"] == EMAIL and r.json["server"] == server.url and r.json["token_store"] == "file"
    assert cli("config", "get", "sync.server").out.strip() == server.url  # --server is remembered
    f = home / "sync-login.json"
    assert stat.S_IMODE(os.stat(f).st_mode) == 0o600
    everything = b"".join(p.read_bytes() for p in home.rglob("*") if p.is_file())
    assert PASSWORD.encode() not in everything  # never stored, anywhere
    refresh = next(iter(tokens_file(home).values()))["refresh_token"]

    r = cli("auth", "logout")
    assert r.code == 0 and "revoked" in r.err
    assert not f.exists()
    assert server.accounts.rotate(refresh) is None  # revoked on the server too
    r = cli("auth", "status")
    assert r.code == ExitCode.AUTH and "Not logged in" in r.err
    r = cli("sync", "push")
    assert r.code == ExitCode.AUTH and "not logged in" in r.err


def test_login_wrong_password_and_existing_account(cli, server):
    register(cli, server)
    r = cli("auth", "login", "--email", EMAIL, "--password-stdin", input="wrong password!\n")
    assert r.code == ExitCode.AUTH and "wrong e-mail or password" in r.err
    r = cli("auth", "register", "--email", EMAIL, "--password-stdin", input=PASSWORD + "\n")
    assert r.code == 2 and "--email: an account with this e-mail exists" in r.err
    login(cli, server)


def test_password_is_never_read_from_a_pipe_unasked(cli, server):
    r = cli("auth", "login", "--server", server.url, "--email", EMAIL)
    assert r.code == 2 and "--password-stdin" in r.err
    r = cli("auth", "register", "--server", server.url, "--email", EMAIL, "--password-stdin", input="short\n")
    assert r.code == 2 and "--password: must be at least 8 characters" in r.err
    assert server.log == []  # nothing was sent


def test_plain_http_only_to_this_machine(cli):
    for url in ("http://sync.example.com", "http://10.0.0.5:8080", "ftp://127.0.0.1/"):
        r = cli("auth", "login", "--server", url, "--email", EMAIL, "--password-stdin", input=PASSWORD + "\n")
        assert r.code == 2, url
        assert r.err.startswith("error: --server: ")
    r = cli("auth", "login", "--server", "http://sync.example.com", "--email", EMAIL, "--password-stdin", input="x")
    assert "https://" in r.err


def test_the_keyring_is_used_when_one_works(cli, server, home: Path):
    MemoryKeyring.store.clear()
    keyring.set_keyring(MemoryKeyring())
    register(cli, server)
    assert not (home / "sync-login.json").exists()
    assert len(MemoryKeyring.store) == 1
    assert cli("auth", "status", "--json").json["token_store"] == "keyring"
    cli("auth", "logout")
    assert MemoryKeyring.store == {}


def test_expired_access_token_is_refreshed_silently_and_rotated(cli, server, home: Path):
    register(cli, server)
    cli("ledger", "add", "12000", "--category", "food")
    before = next(iter(tokens_file(home).values()))
    server.accounts.expire_access_tokens()
    r = cli("sync", "push", "--json")
    assert r.code == 0, r.err
    assert r.json["sent"] == 1
    after = next(iter(tokens_file(home).values()))
    assert after["refresh_token"] != before["refresh_token"] and after["access_token"] != before["access_token"]
    assert server.accounts.refreshes == 1
    assert server.accounts.rotate(before["refresh_token"]) is None  # the old one no longer works


def test_refresh_that_fails_asks_to_log_in_and_loses_nothing(cli, server, home: Path):
    register(cli, server)
    cli("ledger", "add", "12000", "--category", "food")
    server.accounts.expire_access_tokens()
    server.accounts.revoke_all_refresh_tokens()
    r = cli("sync", "push")
    assert r.code == ExitCode.AUTH
    assert r.err.strip().splitlines()[-1] == (
        "error: the login has expired and could not be renewed; nothing was lost (log in again: reflee auth login)"
    )
    assert outbox(home) == {"transaction": 1}
    login(cli, server)
    assert cli("sync", "push").code == 0
    assert outbox(home) == {}
