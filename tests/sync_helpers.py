"""Shared pieces of the sync tests: a running stand-in that fails the test on any request that breaks the
OpenAPI file, a keyring that is never the user's, and logging a home in."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends import fail

from tests.sync_standin import SyncStandin

PASSWORD = "correct horse battery"
EMAIL = "me@example.com"


@pytest.fixture(autouse=True)
def no_real_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Never the user's keyring: no backend (so the 0600 file is used) unless a test picks the memory one."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(fail.Keyring())


@pytest.fixture
def server() -> Iterator[SyncStandin]:
    with SyncStandin() as standin:
        yield standin
    assert not standin.violations, "requests that break docs/sync-api.openapi.json:\n" + "\n".join(standin.violations)
    assert not standin.server_errors, "the stand-in failed:\n" + "\n".join(standin.server_errors)


def register(cli: Any, server: SyncStandin, email: str = EMAIL, *, home: Path | None = None) -> None:
    args = ("--home", str(home)) if home else ()
    r = cli(
        *args, "auth", "register", "--server", server.url, "--email", email, "--password-stdin", input=PASSWORD + "\n"
    )
    assert r.code == 0, r.err


def login(cli: Any, server: SyncStandin, email: str = EMAIL, *, home: Path | None = None) -> None:
    args = ("--home", str(home)) if home else ()
    r = cli(*args, "auth", "login", "--server", server.url, "--email", email, "--password-stdin", input=PASSWORD + "\n")
    assert r.code == 0, r.err


def db(home: Path) -> sqlite3.Connection:
    return sqlite3.connect(home / "reflee.db")


def mark_pushed(conn: sqlite3.Connection) -> None:
    """The mark a first push leaves (its account in sync_meta): from then on a bulk import writes the outbox rows
    of its records as it imports them, where before the first push it leaves them to be seeded by that push."""
    conn.execute("INSERT INTO sync_meta (key, value) VALUES ('account', 'http://127.0.0.1:9|me@example.com')")
    conn.commit()


def outbox(home: Path) -> dict[str, int]:
    with db(home) as conn:
        return dict(conn.execute("SELECT kind, count(*) FROM sync_outbox GROUP BY kind").fetchall())


def local_transactions(home: Path) -> tuple[dict[str, dict[str, Any]], set[str]]:
    """(live transactions as the API shape, IDs of deleted ones) straight from the database file."""
    live: dict[str, dict[str, Any]] = {}
    deleted: set[str] = set()
    with db(home) as conn:
        for r in conn.execute(
            "SELECT id, txn_date, kind, amount, currency, category, account, payee, memo, tags, created_at,"
            " updated_at, deleted_at FROM ledger_txn"
        ):
            if r[12]:
                deleted.add(r[0])
                continue
            live[r[0]] = {
                "id": r[0], "txn_date": r[1], "kind": r[2], "amount": r[3], "currency": r[4], "category": r[5],
                "account": r[6], "payee": r[7], "memo": r[8], "tags": r[9].split() if r[9] else [],
                "created_at": r[10], "updated_at": r[11],
            }  # fmt: skip
    return live, deleted


def tokens_file(home: Path) -> dict[str, Any]:
    return json.loads((home / "sync-login.json").read_text())
