"""Notifications: raised by any module through one service, de-duplicated, listed and read."""

from __future__ import annotations

from reflee import db
from reflee.errors import ExitCode
from reflee.notify.service import NotifyService


def service(home) -> NotifyService:
    return NotifyService(db.connect(home / "reflee.db"))


def test_raise_dedup_list_and_read(cli, home):
    svc = service(home)
    first, created = svc.raise_(
        "budget.threshold", "식비 80%", "246,000 / 300,000원", dedup_key="budget:2026-11:식비:80"
    )
    assert created
    again, created = svc.raise_("budget.threshold", "식비 80%", dedup_key="budget:2026-11:식비:80")
    assert not created and again.id == first.id
    svc.raise_("policy.deadline", "청년월세지원 D-5", link_type="policy", link_id="20260908005400213380")
    items = cli("notify", "list", "--json").json
    assert [n["title"] for n in items] == ["청년월세지원 D-5", "식비 80%"]
    assert items[0]["link_type"] == "policy" and items[0]["unread"] is True
    shown = {n["id"]: n["short_id"] for n in items}
    r = cli("notify", "read", shown[first.id], "--json")
    assert r.code == 0 and r.json["read_at"] and r.json["unread"] is False
    assert [n["title"] for n in cli("notify", "list", "--unread", "--json").json] == ["청년월세지원 D-5"]
    assert cli("notify", "read", "--all", "--json").json == {"marked_read": 1}
    assert cli("notify", "list", "--unread", "--json").json == []
    r = cli("notify", "list", "--unread")
    assert r.code == 0 and "No unread" in r.err


def test_raise_inside_a_callers_transaction_rolls_back_with_it(home):
    svc = service(home)
    try:
        with db.transaction(svc.conn):
            svc.raise_("x.y", "inside")
            raise RuntimeError("caller failed")
    except RuntimeError:
        pass
    assert svc.list() == []


def test_read_needs_id_or_all(cli):
    assert cli("notify", "read").code == ExitCode.USAGE
    assert cli("notify", "read", "abcd").code == ExitCode.NOT_FOUND
