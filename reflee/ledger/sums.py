"""Aggregate SQL over live transactions: sums and counts by month, category and account, the currencies in a
range, and the expenses recurring charges are found in.

Every sum reads the partial covering index ``ledger_txn_totals`` (currency, txn_date, kind, category, account,
amount WHERE deleted_at IS NULL), so a month or a year of a million transactions is summed without touching the
table. Apart from reflee.ledger.store so that a report loads neither the transaction dataclass nor its
hydration (see reflee.cli.fastpaths).
"""

from __future__ import annotations

import sqlite3

LIVE = "deleted_at IS NULL"
"""The live rows (not deleted): every sum here reads only them, as the partial totals index holds only them."""


def grouped(
    conn: sqlite3.Connection, currency: str, first_day: str, last_day: str, by: str
) -> list[tuple[str, str, int, int]]:
    """(key, kind, sum, count) of live rows in a currency and date range, grouped by month, category or account."""
    if by == "month":
        return _monthly(conn, currency, first_day, last_day)
    key = {"category": "category", "account": "account"}[by]
    return conn.execute(
        f"SELECT {key} AS k, kind, sum(amount), count(*) FROM ledger_txn INDEXED BY ledger_txn_totals"
        f" WHERE currency = ? AND txn_date BETWEEN ? AND ? AND {LIVE} GROUP BY k, kind ORDER BY k",
        (currency, first_day, last_day),
    ).fetchall()


_RANGE_SUM = (
    "SELECT sum(amount), count(*) FROM ledger_txn INDEXED BY ledger_txn_totals"
    f" WHERE currency = ? AND txn_date BETWEEN ? AND ? AND kind = ? AND {LIVE}"
)


def _monthly(conn: sqlite3.Connection, currency: str, first_day: str, last_day: str) -> list[tuple[str, str, int, int]]:
    """Month by month: one index range per month and kind sums without a sort (faster than GROUP BY substr)."""
    out = []
    month = first_day[:7]
    while month <= last_day[:7]:
        lo, hi = max(first_day, f"{month}-01"), min(last_day, f"{month}-31")
        for kind in ("expense", "income"):
            total, count = conn.execute(_RANGE_SUM, (currency, lo, hi, kind)).fetchone()
            if count:
                out.append((month, kind, total, count))
        y, m = int(month[:4]), int(month[5:7])
        month = f"{y + m // 12:04d}-{m % 12 + 1:02d}"
    return out


def month_category(
    conn: sqlite3.Connection, currency: str, first_day: str, last_day: str, kind: str, category: str | None = None
) -> list[tuple[str, str, int]]:
    """(month, category, sum) for one kind; one category only when given."""
    sql = (
        "SELECT substr(txn_date, 1, 7) AS m, category, sum(amount) FROM ledger_txn INDEXED BY ledger_txn_totals"
        f" WHERE currency = ? AND txn_date BETWEEN ? AND ? AND kind = ? AND {LIVE}"
    )
    args: list[object] = [currency, first_day, last_day, kind]
    if category is not None:
        sql += " AND category = ?"
        args.append(category)
    return conn.execute(sql + " GROUP BY m, category", args).fetchall()


def currencies(conn: sqlite3.Connection, first_day: str, last_day: str) -> dict[str, int]:
    """{currency: live rows in the range}: distinct currencies by index seeks, then one range count each."""
    out: dict[str, int] = {}
    code = ""
    while True:
        code = conn.execute(
            f"SELECT min(currency) FROM ledger_txn INDEXED BY ledger_txn_totals WHERE currency > ? AND {LIVE}", (code,)
        ).fetchone()[0]
        if code is None:
            return out
        count = conn.execute(
            f"SELECT count(*) FROM ledger_txn INDEXED BY ledger_txn_totals WHERE currency = ?"
            f" AND txn_date BETWEEN ? AND ? AND {LIVE}",
            (code, first_day, last_day),
        ).fetchone()[0]
        if count:
            out[code] = count


def expenses_since(conn: sqlite3.Connection, currency: str, first_day: str) -> list[tuple[str, str, str, str, int]]:
    """(date, payee, memo, category, amount) of live expenses on or after a day, oldest first (recurring)."""
    return conn.execute(
        "SELECT txn_date, payee, memo, category, amount FROM ledger_txn"
        f" WHERE {LIVE} AND kind = 'expense' AND currency = ? AND txn_date >= ? ORDER BY txn_date",
        (currency, first_day),
    ).fetchall()
