"""Two homes on one account: a record changed on the server since this home last pushed it is never overwritten
silently; it is reported with both versions, and --prefer local | server decides."""

from __future__ import annotations

import shutil
from pathlib import Path

from reflee.errors import ExitCode
from tests.sync_helpers import EMAIL, login, no_real_keyring, outbox, register, server

__all__ = ["no_real_keyring", "server"]


def test_profile_changed_on_two_homes(cli, server, tmp_path: Path):
    a, b = tmp_path / "laptop", tmp_path / "desktop"
    register(cli, server, home=a)
    login(cli, server, home=b)
    cli("--home", str(a), "profile", "set", "birth_date", "2001-02-03")
    assert cli("--home", str(a), "sync", "push").code == 0
    cli("--home", str(b), "profile", "set", "birth_date", "1999-09-09")

    r = cli("--home", str(b), "sync", "push")
    assert r.code == ExitCode.CONFLICT
    assert "profile me: conflict: changed on the server since the last push" in r.err
    assert '"birth_date": "1999-09-09"' in r.err and '"birth_date": "2001-02-03"' in r.err  # both versions
    [issue] = cli("--home", str(b), "sync", "push", "--json").json["issues"]
    assert issue["local"]["fields"]["birth_date"] == "1999-09-09"
    assert issue["server"]["data"]["fields"]["birth_date"] == "2001-02-03"
    me = server.user_id(EMAIL)
    assert server.records.live(me, "profile")["me"]["fields"]["birth_date"] == "2001-02-03"  # not overwritten
    assert outbox(b) == {"profile": 1}

    r = cli("--home", str(b), "sync", "push", "--prefer", "local", "--json")
    assert r.code == 0 and r.json["resolved"] == {"local": 1}
    assert server.records.live(me, "profile")["me"]["fields"]["birth_date"] == "1999-09-09"

    cli("--home", str(a), "profile", "set", "region", "서울 관악구")
    r = cli("--home", str(a), "sync", "push", "--prefer", "server", "--json")
    assert r.code == 0 and r.json["resolved"] == {"server": 1}
    assert outbox(a) == {}
    assert "region" not in server.records.live(me, "profile")["me"]["fields"]
    assert cli("--home", str(a), "profile", "show", "--json").code == 0  # the local record is untouched


def test_the_same_transaction_edited_on_a_restored_copy(cli, server, tmp_path: Path):
    """A second machine restored from a backup has the same records; both edit one transaction."""
    a, b = tmp_path / "laptop", tmp_path / "desktop"
    register(cli, server, home=a)
    t = cli("--home", str(a), "ledger", "add", "12000", "--category", "food", "--json").json["id"]
    keep = cli("--home", str(a), "ledger", "add", "5000", "--category", "cafe", "--json").json["id"]
    assert cli("--home", str(a), "sync", "push").code == 0
    b.mkdir()
    shutil.copy(a / "reflee.db", b / "reflee.db")
    login(cli, server, home=b)
    cli("--home", str(a), "ledger", "edit", t, "--amount", "13000")
    assert cli("--home", str(a), "sync", "push").code == 0
    cli("--home", str(b), "ledger", "edit", t, "--amount", "15000")
    cli("--home", str(b), "ledger", "rm", keep)
    r = cli("--home", str(b), "sync", "push", "--json")
    assert r.code == ExitCode.CONFLICT
    assert (r.json["sent"], r.json["conflicts"]) == (1, 1)  # the delete went; the edit is a conflict
    [issue] = r.json["issues"]
    assert issue["record_id"] == t and issue["local"]["amount"] == 15000 and issue["server"]["data"]["amount"] == 13000
    me = server.user_id(EMAIL)
    assert server.records.live(me, "transaction")[t]["amount"] == 13000
    assert keep in server.records.tombstones(me, "transaction")
    assert cli("--home", str(b), "sync", "log", "--json").json[0]["issues"][0]["code"] == "conflict"
