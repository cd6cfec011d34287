"""SQL for transactions and their aggregates. Only the ledger package knows these tables.

Totals come from aggregate SQL over the partial covering index ``ledger_txn_totals``
(currency, txn_date, kind, category, account, amount WHERE deleted_at IS NULL), so a month or
a year of 100,000 transactions is summed without touching the table itself.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from reflee import db
from reflee.ledger.models import Txn
from reflee.ledger.sums import LIVE

TABLE = "ledger_txn"
COLUMNS = (
    "id, txn_date, kind, amount, currency, category, account, payee, memo, tags, import_id, import_key,"
    " created_at, updated_at, deleted_at"
)
SELECTED = COLUMNS + ", sid"  # the short ID (migration m013) is generated: read, never written
_INSERT = f"INSERT INTO ledger_txn ({COLUMNS}) VALUES ({', '.join('?' * 15)})"


def _txn(r: sqlite3.Row | tuple) -> Txn:
    return Txn(
        id=r[0],
        date=r[1],
        kind=r[2],
        amount=r[3],
        currency=r[4],
        category=r[5],
        account=r[6],
        payee=r[7],
        memo=r[8],
        tags=r[9].split() if r[9] else [],
        import_id=r[10],
        import_key=r[11],
        created_at=r[12],
        updated_at=r[13],
        deleted_at=r[14],
        short_id=r[15] if len(r) > 15 else "",
    )


def params(t: Txn) -> tuple:
    return (
        t.id,
        t.date,
        t.kind,
        t.amount,
        t.currency,
        t.category,
        t.account,
        t.payee,
        t.memo,
        " ".join(t.tags),
        t.import_id,
        t.import_key,
        t.created_at,
        t.updated_at,
        t.deleted_at,
    )


def hydrate(conn: sqlite3.Connection, rows: list) -> list[Txn]:
    out = [_txn(r) for r in rows]
    missing = [t.id for t in out if not t.short_id]
    if missing:
        shorts = db.short_ids(conn, TABLE, missing)
        for t in out:
            t.short_id = t.short_id or shorts[t.id]
    return out


def insert(conn: sqlite3.Connection, txn: Txn) -> None:
    conn.execute(_INSERT, params(txn))


def insert_many(conn: sqlite3.Connection, rows: Iterable[tuple]) -> None:
    conn.executemany(_INSERT, rows)


def update(conn: sqlite3.Connection, t: Txn) -> None:
    conn.execute(
        "UPDATE ledger_txn SET txn_date = ?, kind = ?, amount = ?, currency = ?, category = ?, account = ?,"
        " payee = ?, memo = ?, tags = ?, updated_at = ?, deleted_at = ? WHERE id = ?",
        (
            t.date,
            t.kind,
            t.amount,
            t.currency,
            t.category,
            t.account,
            t.payee,
            t.memo,
            " ".join(t.tags),
            t.updated_at,
            t.deleted_at,
            t.id,
        ),
    )


def get(conn: sqlite3.Connection, ident: str) -> Txn | None:
    row = conn.execute(f"SELECT {SELECTED} FROM ledger_txn WHERE id = ?", (ident,)).fetchone()
    return hydrate(conn, [row])[0] if row else None


def exists(conn: sqlite3.Connection, ident: str) -> bool:
    return conn.execute("SELECT 1 FROM ledger_txn WHERE id = ?", (ident,)).fetchone() is not None


@dataclass
class Filter:
    first_day: str | None = None
    last_day: str | None = None
    kind: str | None = None
    category: str | None = None
    account: str | None = None
    currency: str | None = None
    text: str | None = None
    tag: str | None = None
    deleted: bool = False

    def where(self) -> tuple[str, list[object]]:
        clauses = ["deleted_at IS NOT NULL" if self.deleted else LIVE]
        args: list[object] = []
        for column, value, op in (
            ("txn_date", self.first_day, ">="),
            ("txn_date", self.last_day, "<="),
            ("kind", self.kind, "="),
            ("category", self.category, "="),
            ("account", self.account, "="),
            ("currency", self.currency, "="),
        ):
            if value is not None:
                clauses.append(f"{column} {op} ?")
                args.append(value)
        if self.text:
            clauses.append("(instr(lower(memo), ?) > 0 OR instr(lower(payee), ?) > 0)")
            args += [self.text.lower()] * 2
        if self.tag:
            clauses.append("instr(' ' || tags || ' ', ?) > 0")
            args.append(f" {self.tag} ")
        return " AND ".join(clauses), args


def select(conn: sqlite3.Connection, f: Filter, *, limit: int | None = None) -> list[Txn]:
    where, args = f.where()
    sql = f"SELECT {SELECTED} FROM ledger_txn WHERE {where} ORDER BY txn_date DESC, created_at DESC, id DESC"
    if limit is not None:
        sql += " LIMIT ?"
        args.append(limit)
    return hydrate(conn, conn.execute(sql, args).fetchall())


def iter_rows(conn: sqlite3.Connection, f: Filter, batch: int = 5000) -> Iterator[Txn]:
    """Oldest first, streamed (for export)."""
    where, args = f.where()
    cur = conn.execute(f"SELECT {SELECTED} FROM ledger_txn WHERE {where} ORDER BY txn_date, created_at, id", args)
    while rows := cur.fetchmany(batch):
        yield from (_txn(r) for r in rows)


def totals(conn: sqlite3.Connection, f: Filter) -> list[tuple[str, str, int, int]]:
    """(currency, kind, sum, count) for the filter."""
    where, args = f.where()
    return conn.execute(
        f"SELECT currency, kind, sum(amount), count(*) FROM ledger_txn WHERE {where} GROUP BY currency, kind",
        args,
    ).fetchall()


def category_counts(conn: sqlite3.Connection, kind: str | None) -> list[tuple[str, str, str, int, int, str]]:
    sql = (
        "SELECT category, kind, currency, count(*), sum(amount), max(txn_date) FROM ledger_txn"
        f" WHERE {LIVE}" + (" AND kind = ?" if kind else "") + " GROUP BY category, kind, currency"
        " ORDER BY count(*) DESC, category"
    )
    return conn.execute(sql, (kind,) if kind else ()).fetchall()


def category_exists(conn: sqlite3.Connection, name: str) -> bool:
    return (
        conn.execute(f"SELECT 1 FROM ledger_txn WHERE category = ? AND {LIVE} LIMIT 1", (name,)).fetchone() is not None
    )


def rename_category(conn: sqlite3.Connection, old: str, new: str, now: str) -> int:
    return conn.execute(
        "UPDATE ledger_txn SET category = ?, updated_at = ? WHERE category = ?", (new, now, old)
    ).rowcount


def recent_labelled(conn: sqlite3.Connection, kind: str, limit: int) -> list[tuple[str, str, str, str, str]]:
    """(id, payee, memo, category, date) of the newest categorised live transactions of a kind."""
    return conn.execute(
        f"SELECT id, payee, memo, category, txn_date FROM ledger_txn WHERE {LIVE} AND kind = ? AND category != ''"
        " ORDER BY txn_date DESC, created_at DESC LIMIT ?",
        (kind, limit),
    ).fetchall()


def existing_keys(conn: sqlite3.Connection, keys: list[str]) -> set[str]:
    return db.present(conn, "ledger_txn", "import_key", keys)


def existing_ids(conn: sqlite3.Connection, idents: list[str]) -> set[str]:
    return db.present(conn, "ledger_txn", "id", idents)


def date_span(conn: sqlite3.Connection) -> tuple[str | None, str | None]:
    row = conn.execute(f"SELECT min(txn_date), max(txn_date) FROM ledger_txn WHERE {LIVE}").fetchone()
    return row[0], row[1]
