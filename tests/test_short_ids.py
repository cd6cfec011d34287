"""Short IDs: at most 8 characters, unique in their table, fixed once given, accepted by every command.

Rows made in one millisecond or one import share the first digits of their time-ordered IDs; the short ID
comes from the random tail instead (migration m013), and a row whose natural short ID is taken gets another
one, once, from the trigger.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reflee import bulkdb, db, ids
from reflee.errors import ExitCode
from reflee.migrations import apply_pending
from reflee.migrations.m013_short_ids import SHORT_ID_TABLES


def write_csv(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def all_txns(cli) -> list[dict]:
    r = cli("ledger", "list", "--from", "2000-01", "--to", "2100-12", "--json")
    assert r.code == 0, r.err
    return r.json["transactions"]


def same_ms_pair() -> tuple[str, str]:
    """Two IDs of one millisecond whose random tails start alike: the second cannot have its natural short ID."""
    a = ids.new_id(now_ms=1_780_000_000_000)
    b = ids.new_id(now_ms=1_780_000_000_000)
    b = b[: ids.SID_START] + a[ids.SID_START : ids.SID_START + ids.SHORT_LEN] + b[ids.SID_START + ids.SHORT_LEN :]
    assert a[:12] == b[:12] and a != b and ids.natural_sid(a) == ids.natural_sid(b)
    return (a, b) if a < b else (b, a)


def test_two_rows_of_one_millisecond_get_distinct_short_ids_that_work_everywhere(cli, tmp_path: Path) -> None:
    a, b = same_ms_pair()
    lines = ["date,amount,memo,id", f"2026-03-01,-5000,첫째,{a}", f"2026-03-01,-6000,둘째,{b}"]
    f = write_csv(tmp_path / "two.csv", lines)
    assert cli("ledger", "import", str(f)).code == 0
    rows = {t["memo"]: t for t in all_txns(cli)}
    first, second = rows["첫째"]["short_id"], rows["둘째"]["short_id"]
    assert first == ids.natural_sid(a)  # the first keeps its natural short ID
    assert second != first and len(second) <= 8 and second.isalnum()

    # show, edit, delete by short ID
    assert cli("ledger", "show", second, "--json").json["id"] == b
    assert cli("ledger", "show", first.upper(), "--json").json["id"] == a  # typed in capitals too
    r = cli("ledger", "edit", second, "--memo", "고침", "--json")
    assert r.code == 0, r.err
    assert cli("ledger", "show", second, "--json").json["memo"] == "고침"
    assert cli("ledger", "rm", first).code == 0
    assert cli("ledger", "show", first).code == 0  # still there, deleted: show says so
    assert cli("ledger", "restore", first).code == 0
    assert [t["short_id"] for t in sorted(all_txns(cli), key=lambda t: t["id"])] == [first, second]


def test_ten_thousand_imported_at_once_keep_distinct_short_ids_after_a_thousand_more(cli, tmp_path: Path) -> None:
    lines = ["date,amount,memo"] + [f"2026-01-{1 + i % 28:02d},-{1000 + i},row {i}" for i in range(10_000)]
    r = cli("ledger", "import", str(write_csv(tmp_path / "big.csv", lines)), "--json")
    assert r.code == 0 and r.json["added"] == 10_000, r.err
    before = {t["id"]: t["short_id"] for t in all_txns(cli)}
    assert len(before) == 10_000
    assert len(set(before.values())) == 10_000
    assert all(1 <= len(s) <= 8 for s in before.values())

    more = ["date,amount,memo"] + [f"2026-02-{1 + i % 28:02d},-{50 + i},more {i}" for i in range(1000)]
    assert cli("ledger", "import", str(write_csv(tmp_path / "more.csv", more))).code == 0
    after = {t["id"]: t["short_id"] for t in all_txns(cli)}
    assert len(after) == 11_000 and len(set(after.values())) == 11_000
    assert {k: after[k] for k in before} == before  # nothing already shown changed

    by_memo = {t["memo"]: t for t in all_txns(cli)}
    for n in (0, 4321, 9999):
        t = by_memo[f"row {n}"]
        assert cli("ledger", "show", t["short_id"], "--json").json["id"] == t["id"]
    target = by_memo["row 77"]["short_id"]
    assert cli("ledger", "edit", target, "--category", "식비").code == 0
    assert cli("ledger", "show", target, "--json").json["category"] == "식비"
    assert cli("ledger", "rm", target).code == 0
    assert all(t["short_id"] != target for t in all_txns(cli))


def test_retro_short_ids_are_printed_on_save_and_keep_working(cli) -> None:
    saved = []
    for n in range(30):  # many in the same second: the old prefixes shared their first digits
        r = cli("retro", "add", f"회고 {n}", "--no-feedback", "--json")
        assert r.code == 0, r.err
        saved.append(r.json)
    first = saved[0]["short_id"]
    assert len(first) == 7 and len({s["short_id"] for s in saved}) == 30
    assert cli("retro", "show", first, "--json").json["content"] == "회고 0"
    listed = cli("retro", "list", "--json").json
    rows = listed if isinstance(listed, list) else listed.get("retros", listed.get("items", []))
    assert {r["short_id"] for r in rows} == {s["short_id"] for s in saved}
    assert cli("retro", "edit", first, "--text", "고친 회고").code == 0
    assert cli("retro", "rm", first, "--yes").code == 0
    assert cli("retro", "restore", first).code == 0


def test_prefix_of_a_full_id_still_works_and_an_ambiguous_one_lists_short_ids(cli, tmp_path: Path) -> None:
    a, b = same_ms_pair()
    f = write_csv(tmp_path / "two.csv", ["date,amount,memo,id", f"2026-03-01,-5000,x,{a}", f"2026-03-01,-6000,y,{b}"])
    assert cli("ledger", "import", str(f)).code == 0
    shorts = sorted(t["short_id"] for t in all_txns(cli))
    assert cli("ledger", "show", a[:20], "--json").json["id"] == a  # a long enough prefix of the full ID
    r = cli("ledger", "show", a[:12])  # the shared millisecond: two rows
    assert r.code == ExitCode.AMBIGUOUS
    assert len(r.err.strip().splitlines()) == 1
    assert all(s in r.err for s in shorts), r.err
    assert cli("ledger", "show", "abcdef12345").code == ExitCode.NOT_FOUND
    assert cli("ledger", "show", "숫자아님").code == ExitCode.USAGE


def test_every_table_people_name_has_a_unique_short_id(tmp_path: Path) -> None:
    conn = db.connect(tmp_path / "x.db")
    for table in SHORT_ID_TABLES:
        cols = {r[1] for r in conn.execute(f"PRAGMA table_xinfo({table})")}
        assert {"sid", "sid_fix"} <= cols, table
        trig = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?", (f"{table}_sid_ai",))
        assert trig.fetchone(), table


def test_a_long_run_of_collisions_moves_to_other_windows(tmp_path: Path) -> None:
    conn = db.connect(tmp_path / "x.db")
    base = ids.new_id()
    made = []
    with db.transaction(conn):
        for _ in range(25):  # more than the 7- and 8-digit windows of one tail
            x = ids.new_id()
            x = x[: ids.SID_START] + base[ids.SID_START :]
            x = x[:13] + f"{len(made):03x}" + x[16:]  # distinct IDs (counter digits), one random tail
            made.append(x)
            conn.execute(
                "INSERT INTO notification (id, kind, title, created_at, updated_at) VALUES (?, 'k', 't', 'n', 'n')",
                (x,),
            )
    sids = [r[0] for r in conn.execute("SELECT sid FROM notification ORDER BY id")]
    assert len(set(sids)) == 25 and all(7 <= len(s) <= 8 for s in sids)
    assert sids[0] == ids.natural_sid(made[0])
    assert db.resolve_id(conn, "notification", sids[-1], "notification") == made[-1]


def test_upgrade_gives_existing_rows_distinct_short_ids_the_oldest_keeping_its_own(tmp_path: Path) -> None:
    old = sqlite3.connect(tmp_path / "old.db", isolation_level=None)
    apply_pending(old, stop_before="m013_short_ids")
    a, b = same_ms_pair()
    c = ids.new_id()
    for ident in (b, a, c):  # insertion order is not age: the smaller ID keeps its short ID
        old.execute(
            "INSERT INTO retro (id, entry_date, purpose, content, content_hash, created_at, updated_at)"
            " VALUES (?, '2026-01-01', '', ?, ?, 't', 't')",
            (ident, ident, ident),
        )
    old.close()
    conn = db.connect(tmp_path / "old.db")
    got = dict(conn.execute("SELECT id, sid FROM retro").fetchall())
    assert got[a] == ids.natural_sid(a) and got[c] == ids.natural_sid(c)
    assert got[b] not in (got[a], got[c]) and len(got[b]) <= 8
    assert db.resolve_id(conn, "retro", got[b], "retrospect") == b


def _clashing_ids(count: int, tails: list[str]) -> list[str]:
    """``count`` distinct IDs whose short IDs (random tails) come from the few ``tails``."""
    made = []
    for n in range(count):
        x = ids.new_id()
        made.append(x[:13] + f"{n:03x}" + x[16 : ids.SID_START] + tails[n % len(tails)])
    return made


def _insert_notifications(conn: sqlite3.Connection, idents: list[str]) -> None:
    conn.executemany(
        "INSERT INTO notification (id, kind, title, created_at, updated_at) VALUES (?, 'k', 't', 'n', 'n')",
        [(x,) for x in idents],
    )


def test_short_ids_fixed_after_a_bulk_insert_are_those_the_trigger_gives(tmp_path: Path) -> None:
    """fix_added, after rows were inserted with the short-ID trigger set aside, gives every row the short ID
    the trigger would have, whether it reads the new rows one by one or finds shared short IDs in the short-ID
    index (``many``), and whether the new rows are few next to the old or many."""
    from reflee.migrations import m013_short_ids

    tails = [ids.new_id()[ids.SID_START :] for _ in range(3)]
    for old_count, new_count in ((40, 5), (5, 40)):
        idents = _clashing_ids(old_count + new_count, tails)
        by_trigger = db.connect(tmp_path / f"t{old_count}.db")
        with db.transaction(by_trigger):
            _insert_notifications(by_trigger, idents)
        expected = by_trigger.execute("SELECT id, sid FROM notification ORDER BY rowid").fetchall()
        for many in (False, True):
            in_bulk = db.connect(tmp_path / f"b{old_count}-{many}.db")
            with db.transaction(in_bulk):
                _insert_notifications(in_bulk, idents[:old_count])
            with db.transaction(in_bulk):
                after = in_bulk.execute("SELECT max(rowid) FROM notification").fetchone()[0]
                trigger = bulkdb.set_aside(in_bulk, ("notification_sid_ai",))
                _insert_notifications(in_bulk, idents[old_count:])
                moved = m013_short_ids.fix_added(in_bulk, "notification", after, many=many)
                bulkdb.put_back(in_bulk, trigger)
            got = in_bulk.execute("SELECT id, sid FROM notification ORDER BY rowid").fetchall()
            assert [tuple(r) for r in got] == [tuple(r) for r in expected]
            assert moved == new_count  # every new row's natural short ID was taken
            assert len({r[1] for r in got}) == old_count + new_count
