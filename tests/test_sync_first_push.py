"""Before the first push, a bulk import writes no outbox rows (reflee.migrations.m011_sync.outbox_added): the first
push seeds the outbox with every record instead. What a user sees must not change: `sync status` and a dry run
count the imported records as waiting, the first push sends every one of them, and an import after it reaches
the outbox as it is made."""

from __future__ import annotations

import json
from pathlib import Path

from reflee.ledger import bulk
from reflee.retro import importer
from tests.sync_helpers import local_transactions, no_real_keyring, outbox, register, server

__all__ = ["no_real_keyring", "server"]


def _csv(path: Path, first: int, n: int) -> Path:
    lines = (f"2026-0{1 + i % 9}-{1 + i % 28:02d},가게 {i},-{1000 + i}" for i in range(first, first + n))
    path.write_text("날짜,적요,금액\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_bulk_import_before_the_first_push_is_counted_and_sent_by_it(cli, server, home: Path, tmp_path: Path):
    cli("config", "set", "feedback.mode", "off")
    rows, retros = bulk.MIN_ROWS, importer.DEFER_MIN
    assert cli("ledger", "add", "4500", "-m", "커피").code == 0  # by hand: the trigger writes its outbox row
    r = cli("ledger", "import", str(_csv(tmp_path / "a.csv", 0, rows)), "--json")
    assert (r.code, r.json["added"]) == (0, rows), r.err
    jsonl = tmp_path / "r.jsonl"
    jsonl.write_text(
        "\n".join(
            json.dumps({"entry_date": "2026-01-01", "content": f"회고 {i}"}, ensure_ascii=False) for i in range(retros)
        ),
        encoding="utf-8",
    )
    r = cli("retro", "import", str(jsonl), "--json")
    assert (r.code, r.json["imported"]) == (0, retros), r.err
    waiting = outbox(home)  # the imports left theirs to the first push (a short ID they moved is an update: in it)
    assert waiting["transaction"] == 1 and waiting.get("retrospect", 0) < 10

    register(cli, server)
    status = cli("sync", "status", "--json").json
    assert status["pending"]["ledger"] == rows + 1 and status["pending"]["retros"] == retros
    dry = cli("sync", "push", "--dry-run", "--json").json
    assert dry["pending"]["ledger"] == rows + 1 and dry["held_back"]["retros"] == retros

    r = cli("sync", "push", "--json")
    assert r.code == 0, r.err
    assert r.json["sent"] == rows + 1
    me = server.user_id("me@example.com")
    live = server.records.live(me, "transaction")
    assert len(live) == rows + 1 and live == local_transactions(home)[0]
    assert outbox(home) == {"retrospect": retros}  # private by default: seeded, and held back
    assert cli("sync", "status", "--json").json["pending"] == {**status["pending"], "ledger": 0}

    # pushed once: a bulk import writes its outbox rows itself, and the next push sends just those
    r = cli("ledger", "import", str(_csv(tmp_path / "b.csv", rows, rows)), "--json")
    assert (r.code, r.json["added"]) == (0, rows), r.err
    assert outbox(home) == {"retrospect": retros, "transaction": rows}
    r = cli("sync", "push", "--json")
    assert (r.code, r.json["sent"]) == (0, rows)
    assert len(server.records.live(me, "transaction")) == 2 * rows + 1
