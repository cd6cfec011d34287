"""Export transactions as CSV (re-importable), JSON, or an hledger journal.

The journal writes every amount as plain digits with the ISO code after it (``4500 KRW``,
``12.50 USD``) and declares each commodity's precision with a ``commodity`` directive, so
``hledger -f FILE bal`` reads exactly the numbers reflee stores. Expenses post to
``expenses:<category>``, income to ``income:<category>``, and the other side to ``assets:<account>``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import TextIO

from reflee.ledger import fields
from reflee.ledger.amounts import CURRENCIES, format_plain
from reflee.ledger.models import INCOME, Txn
from reflee.sanitize import csv_row

FORMATS = ("csv", "json", "hledger")
CSV_HEADER = ["date", "kind", "amount", "currency", "category", "account", "payee", "memo", "tags", "id"]


def write_csv(txns: Iterable[Txn], out: TextIO) -> int:
    """Text cells a spreadsheet would run as formulas (``=HYPERLINK(…)``, ``+cmd``) start with an apostrophe
    (reflee.sanitize.csv_cell); `ledger import` of the file takes it off again."""
    w = csv.writer(out, lineterminator="\n")
    w.writerow(CSV_HEADER)
    n = 0
    for t in txns:
        w.writerow(
            csv_row(
                [
                    t.date,
                    t.kind,
                    format_plain(t.amount, t.currency),
                    t.currency,
                    t.category,
                    t.account,
                    t.payee,
                    t.memo,
                    " ".join(t.tags),
                    t.id,
                ]
            )
        )
        n += 1
    return n


def write_json(txns: Iterable[Txn], out: TextIO) -> int:
    out.write("[")
    n = 0
    for t in txns:
        data = t.to_json()
        data.pop("short_id")  # short IDs are for typing at a screen; files carry the full ID
        out.write(("\n  " if n == 0 else ",\n  ") + json.dumps(data, ensure_ascii=False))
        n += 1
    out.write("\n]\n" if n else "]\n")
    return n


def _description(t: Txn) -> str:
    text = " | ".join(x for x in (t.payee, t.memo) if x) if t.payee else t.memo
    text = text.replace(";", ",")
    if text[:1] in ("*", "!", "("):
        text = "() " + text  # an empty code, so hledger does not read a status mark or a code
    return text


def hledger_account(kind: str, category: str, account: str) -> tuple[str, str]:
    top = "income" if kind == INCOME else "expenses"
    return f"{top}:{fields.show_category(category)}", f"assets:{fields.show_account(account)}"


def write_hledger(txns: Iterable[Txn], out: TextIO, currencies: Iterable[str]) -> int:
    out.write("; exported by reflee (ledger export --format hledger)\n")
    for code in sorted(set(currencies)):
        places = CURRENCIES.get(code, 2)
        out.write(f"commodity 1000.{'0' * places} {code}\n")
    n = 0
    write = out.write
    for t in txns:
        side, other = hledger_account(t.kind, t.category, t.account)
        amount = format_plain(t.amount, t.currency)
        comment = ", ".join([f"id:{t.id}", *(f"{tag}:" for tag in t.tags)])
        head = f"{t.date} {_description(t)}".rstrip()
        if t.kind == INCOME:
            body = f"    {other}  {amount} {t.currency}\n    {side}\n"
        else:
            body = f"    {side}  {amount} {t.currency}\n    {other}\n"
        write(f"\n{head}  ; {comment}\n{body}")
        n += 1
    return n
