"""`ledger import` of a file as large as the ledger or larger loads in bulk (reflee/ledger/bulk.py): the
random-keyed indexes and the insert triggers are dropped and made again inside the import's transaction.
What a user relies on must not change: afterwards the schema is exactly what it was, rows imported before are
still recognised as duplicates, every row has its own short ID (an older row keeps its own), every new row
reaches the sync outbox, and a failed import leaves the schema and the rows as they were. A smaller import
sets aside the insert triggers only, and the same must hold for it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reflee.errors import ExitCode
from reflee.ledger import bulk
from tests.ledger_helpers import refuse_memo
from tests.sync_helpers import mark_pushed

ROWS = 50_000  # an import loaded in bulk as it is streamed, into a ledger of a few rows
SMALL = 300  # row by row with the indexes in place, the triggers set aside


def _line(i: int) -> str:
    return f"2025-{1 + i % 12:02d}-{1 + i % 28:02d},체크카드 {i},가게 {i % 500},-{1000 + i % 9000},식비,"


def _csv(path: Path, lines: list[str]) -> Path:
    path.write_text("거래일자,적요,가맹점명,금액,분류,id\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def _db(home: Path) -> sqlite3.Connection:
    return sqlite3.connect(home / "reflee.db")


def _schema(home: Path) -> list[tuple[str, str, str]]:
    with _db(home) as conn:
        return conn.execute(
            "SELECT type, name, sql FROM sqlite_schema WHERE tbl_name IN ('ledger_txn', 'sync_outbox') ORDER BY name"
        ).fetchall()


def _one(home: Path, sql: str) -> object:
    with _db(home) as conn:
        return conn.execute(sql).fetchone()[0]


@pytest.mark.parametrize(
    ("rows", "coffees"),
    [
        (ROWS, (4_999, 5_000, 19_999, 20_001, 40_000)),  # streamed in batches of 20,000
        (bulk.MIN_ROWS, (400, 1_999, 2_000, 3_000, 4_999)),  # the smallest in bulk: read whole first
    ],
)
def test_a_bulk_import_keeps_the_schema_dedupes_against_earlier_rows_and_reaches_the_outbox(
    cli, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: int, coffees: tuple[int, ...]
) -> None:
    suspended: list[int] = []
    real_suspend = bulk.suspend

    def suspend(conn: sqlite3.Connection, after: int, *, indexes: bool = True) -> bulk.Suspended:
        if indexes:
            suspended.append(after)  # the bulk path was taken (then it runs as it is)
        return real_suspend(conn, after, indexes=indexes)

    monkeypatch.setattr(bulk, "suspend", suspend)
    assert cli("ledger", "add", "4500", "-m", "커피").code == 0  # a row without an import key
    with _db(home) as conn:
        mark_pushed(conn)  # the outbox rows are written as the rows are imported (before a first push: seeded by it)
    earlier = [_line(i) for i in range(300)]
    first = cli("ledger", "import", str(_csv(tmp_path / "first.csv", earlier)), "--json")
    assert (first.code, first.json["added"]) == (0, 300)
    schema = _schema(home)
    with _db(home) as conn:
        sids_before = dict(conn.execute("SELECT id, sid FROM ledger_txn").fetchall())
    # the 300 rows again (the same lines, so the same keys), then new ones: only the new ones are added
    lines = [*earlier, *(_line(i) for i in range(300, rows))]
    for at in coffees:  # one coffee five times, across the batches' edges
        lines[at] = "2025-03-03,같은 커피,카페,-4500,카페,"
    big = _csv(tmp_path / "big.csv", lines)
    assert suspended == []  # 300 rows into a ledger of one: row by row
    r = cli("ledger", "import", str(big), "--json")
    assert r.code == 0, r.err
    assert len(suspended) == 1
    assert (r.json["rows"], r.json["added"], r.json["duplicates"]) == (rows, rows - 300, 300)
    assert _schema(home) == schema  # every index and trigger is back, with the same definition
    assert _one(home, "PRAGMA integrity_check") == "ok"
    with _db(home) as conn:  # the rows were written with foreign keys unchecked: every one refers to its import
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("SELECT count(DISTINCT import_id) FROM ledger_txn").fetchone()[0] == 2
    assert _one(home, "SELECT count(*) FROM ledger_txn") == rows + 1
    assert _one(home, "SELECT count(DISTINCT sid) FROM ledger_txn") == rows + 1
    with _db(home) as conn:
        assert {i: s for i, s in conn.execute("SELECT id, sid FROM ledger_txn") if i in sids_before} == sids_before
        plan = " ".join(
            str(row[-1])
            for row in conn.execute("EXPLAIN QUERY PLAN SELECT import_key FROM ledger_txn WHERE import_key IN ('a')")
        )
    assert "ledger_txn_import_key" in plan
    assert _one(home, "SELECT count(*) FROM sync_outbox WHERE kind = 'transaction'") == rows + 1
    assert _one(home, "SELECT count(*) FROM ledger_txn WHERE memo = '같은 커피'") == 5
    again = cli("ledger", "import", str(big), "--json")
    assert (again.code, again.json["added"], again.json["duplicates"]) == (0, 0, rows)
    assert cli("ledger", "add", "5500", "-m", "점심").code == 0  # the outbox trigger is back for single adds
    assert _one(home, "SELECT count(*) FROM sync_outbox WHERE kind = 'transaction'") == rows + 2


@pytest.mark.parametrize("rows", [ROWS, SMALL])
def test_an_import_gives_a_new_row_another_short_id_when_an_older_row_has_it(
    cli, home: Path, tmp_path: Path, rows: int
) -> None:
    assert cli("ledger", "add", "4500", "-m", "커피").code == 0
    old_id, old_sid = _db(home).execute("SELECT id, sid FROM ledger_txn").fetchone()
    clashing = "0" * 25 + old_id[25:]  # another ID (a reflee export's row keeps its own) with the same short ID
    lines = [_line(i) for i in range(rows)]
    lines[rows // 2] += clashing
    schema = _schema(home)
    r = cli("ledger", "import", str(_csv(tmp_path / "big.csv", lines)), "--json")
    assert (r.code, r.json["added"]) == (0, rows), r.err
    assert _schema(home) == schema  # the triggers are back
    with _db(home) as conn:
        assert conn.execute("SELECT sid FROM ledger_txn WHERE id = ?", (old_id,)).fetchone()[0] == old_sid
        new_sid = conn.execute("SELECT sid FROM ledger_txn WHERE id = ?", (clashing,)).fetchone()[0]
        assert conn.execute("SELECT count(DISTINCT sid), count(*) FROM ledger_txn").fetchone() == (rows + 1, rows + 1)
    assert new_sid != old_sid and len(new_sid) >= 7
    shown = cli("ledger", "show", new_sid, "--json")
    assert (shown.code, shown.json["id"]) == (0, clashing)
    assert cli("ledger", "add", "5500", "-m", "점심").code == 0  # single adds still get their outbox row
    assert _one(home, "SELECT count(*) FROM sync_outbox WHERE kind = 'transaction'") >= 1


@pytest.mark.parametrize("rows", [ROWS, SMALL])
def test_a_failed_import_leaves_the_schema_and_the_rows_as_they_were(
    cli, home: Path, tmp_path: Path, rows: int
) -> None:
    assert cli("ledger", "add", "4500", "-m", "커피").code == 0
    with _db(home) as conn:
        refuse_memo(conn)
    schema = _schema(home)
    lines = [_line(i) for i in range(rows)]
    lines[-10] = lines[-10].replace(f"체크카드 {rows - 10}", "boom")  # in the last batch
    r = cli("ledger", "import", str(_csv(tmp_path / "boom.csv", lines)))
    assert r.code == ExitCode.STORAGE and "refused by the test" in r.err
    assert _schema(home) == schema
    assert _one(home, "SELECT count(*) FROM ledger_txn") == 1
    lines[-10] = "2025-02-30,날짜가 없는 날,가게,-100,식비,"
    bad = cli("ledger", "import", str(_csv(tmp_path / "bad.csv", lines)))
    assert bad.code == ExitCode.DATA and f"line {rows - 8}: date" in bad.err
    assert _schema(home) == schema
    assert _one(home, "SELECT count(*) FROM ledger_txn") == 1
    assert _one(home, "PRAGMA integrity_check") == "ok"


def test_rows_of_another_currency_or_with_tags_deep_in_a_large_statement_keep_them(
    cli, home: Path, tmp_path: Path
) -> None:
    """A streamed statement whose rows share the statement's currency and have no tags writes those once per
    batch; rows further down with their own currency (a column, or a symbol in the amount) or tags still get
    theirs, in the batch where they come and after it."""
    rows = 25_000  # two batches of 20,000
    special = {
        1_500: ("-12.50", "USD", ""),
        20_500: ("-$3.25", "", ""),
        21_000: ("-7000", "KRW", "여행 제주"),
        24_999: ("-1500", "JPY", ""),
    }
    lines = []
    for i in range(rows):
        amount, currency, tags = special.get(i, (f"-{1000 + i % 9000}", "KRW" if i % 2 else "", ""))
        lines.append(f"2025-{1 + i % 12:02d}-{1 + i % 28:02d},체크카드 {i},가게 {i % 500},{amount},{currency},{tags}")
    path = tmp_path / "mixed.csv"
    path.write_text("거래일자,적요,가맹점명,금액,통화,태그\n" + "\n".join(lines) + "\n", encoding="utf-8")
    r = cli("ledger", "import", str(path), "--json")
    assert r.code == 0, r.err
    assert r.json["added"] == rows
    with _db(home) as conn:
        odd = conn.execute(
            "SELECT memo, amount, currency, tags FROM ledger_txn WHERE currency <> 'KRW' OR tags <> '' ORDER BY memo"
        ).fetchall()
    assert odd == [
        ("체크카드 1500", 1250, "USD", ""),
        ("체크카드 20500", 325, "USD", ""),
        ("체크카드 21000", 7000, "KRW", "여행 제주"),
        ("체크카드 24999", 1500, "JPY", ""),
    ]
