"""reflee sync push: every kind reaches the server as the local data says, private kinds only when included,
dry runs send nothing, and the server's state equals the local data record by record."""

from __future__ import annotations

import json
from pathlib import Path

from reflee import services
from tests.sync_helpers import local_transactions, no_real_keyring, outbox, register, server

__all__ = ["no_real_keyring", "server"]


def user(server):
    return server.user_id("me@example.com")


def test_push_every_kind(cli, server, home: Path):
    cli("config", "set", "feedback.mode", "off")
    register(cli, server)
    a = cli("ledger", "add", "12000", "--category", "food", "--memo", "점심", "--json").json["id"]
    b = cli("ledger", "add", "3000000", "--income", "--category", "급여", "--json").json["id"]
    c = cli("ledger", "add", "4500", "--category", "cafe", "--json").json["id"]
    assert cli("ledger", "edit", b, "--memo", "11월 급여").code == 0
    assert cli("budget", "set", "food", "300000").code == 0
    assert cli("profile", "set", "region", "서울 관악구").code == 0
    assert cli("profile", "set", "birth_date", "2001-02-03").code == 0
    doc = {"format": "reflee.policies", "version": 1, "policies": [
        {"source": "manual", "source_id": "rent", "title": "청년 월세 지원", "apply": {"kind": "always"}}
    ]}  # fmt: skip
    assert cli("policy", "import", "-", input=json.dumps(doc, ensure_ascii=False)).code == 0
    pid = "manual:rent"
    assert cli("policy", "fav", "add", pid, "--note", "신청하기").code == 0
    r_id = cli("retro", "add", "오늘은 발표를 했다", "--purpose", "주간 회고", "--tag", "work", "--json").json["id"]

    st = cli("sync", "status", "--json").json
    assert st["leaves"] == ["profile", "ledger", "budgets", "favorites"]
    assert st["held_back"] == ["retros", "chat"] and st["pending"]["retros"] == 1

    r = cli("sync", "push", "--json")
    assert r.code == 0, r.err
    assert r.json["sent"] == 3 + 1 + 1 + 1 and r.json["held_back"] == {"retros": 1, "chat": 0}
    me = user(server)
    assert server.records.live(me, "transaction") == local_transactions(home)[0]
    assert server.records.live(me, "transaction")[a]["memo"] == "점심"
    [budget] = server.records.live(me, "budget").values()
    assert (budget["category"], budget["amount"]) == ("food", 300000)
    profile = server.records.live(me, "profile")["me"]["fields"]
    assert profile["birth_date"] == "2001-02-03" and "region" in profile
    [(key, fav)] = server.records.live(me, "favorite").items()
    assert fav["note"] == "신청하기" and key == fav["policy_key"] == "manual:rent"
    assert server.records.live(me, "retrospect") == {}  # private by default
    assert outbox(home) == {"retrospect": 1}

    # edits and deletes travel; the retrospect goes once sync.include says so, with its feedback list
    cli("ledger", "edit", a, "--amount", "13000")
    cli("ledger", "rm", c)
    cli("policy", "fav", "rm", pid)
    cli("config", "set", "sync.include", "retros,feedback")
    r = cli("sync", "push", "--json")
    assert r.code == 0, r.err
    assert r.json["sent"] == 4
    live, deleted = local_transactions(home)
    assert server.records.live(me, "transaction") == live and live[a]["amount"] == 13000
    assert server.records.tombstones(me, "transaction") == deleted == {c}
    assert server.records.tombstones(me, "favorite") == {key}
    retro = server.records.live(me, "retrospect")[r_id]
    assert retro["content"] == "오늘은 발표를 했다" and retro["tags"] == ["work"] and retro["feedbacks"] == []
    assert outbox(home) == {}

    # nothing new: nothing sent
    r = cli("sync", "push", "--json")
    assert (r.code, r.json["sent"]) == (0, 0)
    assert [e["status"] for e in cli("sync", "log", "--json").json] == ["ok", "ok", "ok"]


def test_dry_run_sends_nothing_and_only_limits_the_push(cli, server, home: Path):
    register(cli, server)
    cli("ledger", "add", "12000", "--category", "food")
    cli("profile", "set", "birth_date", "2001-02-03")
    before = len(server.log)
    r = cli("sync", "push", "--dry-run", "--json")
    assert r.code == 0
    assert r.json["dry_run"] and r.json["pending"]["ledger"] == 1 and r.json["pending"]["profile"] == 1
    assert len(server.log) == before and outbox(home) == {"transaction": 1, "profile": 1}
    r = cli("sync", "push", "--only", "ledger", "--json")
    assert r.code == 0 and r.json["sent"] == 1
    assert outbox(home) == {"profile": 1}
    r = cli("sync", "push", "--only", "ledger,money")
    assert r.code == 2 and "--only: 'money' is not one of" in r.err


def test_created_and_deleted_before_any_push_is_not_sent(cli, server, home: Path):
    register(cli, server)
    t = cli("ledger", "add", "12000", "--json").json["id"]
    cli("ledger", "rm", t)
    r = cli("sync", "push", "--json")
    assert (r.json["sent"], r.json["skipped"]) == (0, 1)
    assert server.calls("batch") == [] and outbox(home) == {}


def test_private_kinds_need_retros_for_feedback(cli, server):
    register(cli, server)
    cli("config", "set", "sync.include", "feedback")
    r = cli("sync", "push")
    assert r.code == 2 and "sync.include: feedback travels with its retrospect" in r.err


def test_data_from_before_sync_existed_is_pushed(cli, server, home: Path):
    """A database made before m011_sync: the migration seeds the outbox with every record."""
    import sqlite3

    from reflee.migrations import apply_pending

    home.mkdir(parents=True)
    conn = sqlite3.connect(home / "reflee.db", isolation_level=None)
    apply_pending(conn, stop_before="m011_sync")
    conn.execute(
        "INSERT INTO ledger_txn (id, txn_date, kind, amount, currency, created_at, updated_at) VALUES"
        " ('0190f0a0000070008000000000000001', '2026-01-02', 'expense', 5000, 'KRW',"
        " '2026-01-02T00:00:00.000000Z', '2026-01-02T00:00:00.000000Z')"
    )
    conn.close()
    register(cli, server)
    assert cli("sync", "status", "--json").json["pending"]["ledger"] == 1
    assert cli("sync", "push").code == 0
    assert list(server.records.live(user(server), "transaction")) == ["0190f0a0000070008000000000000001"]


def test_a_change_made_during_a_push_is_not_lost(cli, server, home: Path):
    for i in range(30):
        cli("ledger", "add", str(1000 + i), "--category", "food")
    register(cli, server)
    cli("config", "set", "sync.batch_size", "5")
    with services.open(home) as s:
        first = s.ledger.list().transactions[-1].id

        seen = []

        def progress(done: int, total: int | None) -> None:
            if not seen:  # a local edit while the push runs: it must go with the next push, not be lost
                with services.open(home) as other:
                    other.ledger.edit(first, memo="edited during the push")
            seen.append(done)

        result = s.sync.push(progress=progress)
        assert result is not None and result.sent in (30, 31)  # the edit goes now if its record was sent already
    assert cli("sync", "push").code == 0
    assert outbox(home) == {}
    assert server.records.live(user(server), "transaction")[first]["memo"] == "edited during the push"


def test_cron_step_pushes_only_when_sync_auto_is_on(cli, server, home: Path):
    register(cli, server)
    cli("ledger", "add", "12000")
    with services.open(home) as s:
        assert s.sync.push(auto=True) is None
    cli("config", "set", "sync.auto", "true")
    with services.open(home) as s:
        result = s.sync.push(auto=True)
        assert result is not None and result.sent == 1
