"""Correctness oracle: thousands of random transactions, exported as an hledger journal, must give exactly
reflee's totals in `hledger bal` — per month, per category, per account, in every currency.

hledger comes from the system package manager (`apt-get install hledger`; .ci/run installs it). The test
skips, saying so, only when the `hledger` program cannot be found.
"""

from __future__ import annotations

import csv
import json
import random
import shutil
import subprocess
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from reflee.ledger import periods
from reflee.ledger.amounts import CURRENCIES

HLEDGER = shutil.which("hledger")
pytestmark = pytest.mark.skipif(
    HLEDGER is None, reason="hledger is not installed (apt-get install hledger); it is the oracle for ledger totals"
)
SEED = 20261121
N = 3000
FIRST_MONTH, MONTHS = "2025-09", 14
EXPENSE_CATEGORIES = [
    "식비",
    "카페 & 간식",
    "교통",
    "월세/관리비",
    "통신",
    "쇼핑 (온라인)",
    "의료",
    "문화생활",
    "Books",
    "여행✈",
    "",  # uncategorized (미분류)
]
INCOME_CATEGORIES = ["급여", "부수입", "용돈", "이자", ""]
ACCOUNTS = ["카드", "현금", "통장", "신한 체크카드", "Wallet", ""]
PAYEES = ["스타벅스", "*별표 가게", "(주)회사", "김밥천국; 강남", "Amazon", "!급한 곳", "", "GS25"]


def _amount(rng: random.Random, currency: str) -> str:
    if currency == "KRW":
        minor = rng.choice([rng.randint(1, 9_999), rng.randint(1_000, 300_000), rng.randint(100_000, 50_000_000)])
    else:
        minor = rng.randint(1, 500_000)
    places = CURRENCIES[currency]
    return str(Decimal(minor).scaleb(-places)) if places else str(minor)


def _generate(path: Path) -> None:
    rng = random.Random(SEED)
    months = periods.months(FIRST_MONTH, periods.add_months(FIRST_MONTH, MONTHS - 1))
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["date", "kind", "amount", "currency", "category", "account", "payee", "memo"])
        for i in range(N):
            month = rng.choice(months)
            day = rng.randint(1, int(periods.last_day(month)[-2:]))
            kind = "income" if rng.random() < 0.2 else "expense"
            currency = "KRW" if rng.random() < 0.85 else rng.choice(["USD", "JPY", "EUR"])
            category = rng.choice(INCOME_CATEGORIES if kind == "income" else EXPENSE_CATEGORIES)
            w.writerow(
                [
                    f"{month}-{day:02d}",
                    kind,
                    _amount(rng, currency),
                    currency,
                    category,
                    rng.choice(ACCOUNTS),
                    rng.choice(PAYEES),
                    f"메모 {i} " + rng.choice(["점심", "택시", "월급", "커피 두 잔", "(취소)", "a;b", ""]),
                ]
            )


def _hledger_balances(journal: Path) -> dict[tuple[str, str, str], int]:
    """{(month, account, currency): minor units} from `hledger bal -M --flat -O json`."""
    proc = subprocess.run(
        [HLEDGER, "-f", str(journal), "bal", "-M", "--flat", "--empty", "-O", "json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    months = [start[:7] for start, _end in data["prDates"]]
    out: dict[tuple[str, str, str], int] = defaultdict(int)
    for row in data["prRows"]:
        for month, amounts in zip(months, row["prrAmounts"], strict=True):
            for a in amounts:
                q = a["aquantity"]
                shift = CURRENCIES[a["acommodity"]] - q["decimalPlaces"]
                minor = q["decimalMantissa"] * 10**shift if shift >= 0 else None
                assert minor is not None and Decimal(q["decimalMantissa"]).scaleb(shift) == minor, a
                out[(month, row["prrName"], a["acommodity"])] += minor
    return out


def report(cli, *args: str) -> dict:
    r = cli("ledger", "report", *args, "--json")
    assert r.code == 0, r.err
    return r.json


def test_hledger_agrees_with_reflee_on_every_total(cli, tmp_path: Path) -> None:
    source = tmp_path / "random.csv"
    _generate(source)
    r = cli("ledger", "import", str(source), "--json")
    assert r.code == 0, r.err
    assert r.json["added"] == N
    # some edits and deletions, which the export must reflect
    listed = cli("ledger", "list", "--month", "2026-01", "--json").json["transactions"]
    assert len(listed) > 20
    for t in listed[:10]:
        assert cli("ledger", "rm", t["id"]).code == 0
    for t in listed[10:20]:
        assert cli("ledger", "edit", t["id"], "--amount", "1억 2천만원", "--category", "카페 & 간식").code == 0
    journal = tmp_path / "all.journal"
    assert cli("ledger", "export", "--format", "hledger", "-o", str(journal)).code == 0
    hl = _hledger_balances(journal)

    months = periods.months(FIRST_MONTH, periods.add_months(FIRST_MONTH, MONTHS - 1))
    span = ("--from", months[0], "--to", months[-1])
    compared = 0
    for currency in ("KRW", "USD", "JPY", "EUR"):

        def theirs(month: str | None, prefix: str, currency: str = currency) -> dict[str, int]:
            """hledger's balance per account under ``prefix``, income made positive."""
            sums: dict[str, int] = defaultdict(int)
            for (mo, acct, c), v in hl.items():
                if c == currency and acct.startswith(prefix) and (month is None or mo == month):
                    sums[acct] += -v if prefix == "income:" else v
            return {k: v for k, v in sums.items() if v}

        trend = report(cli, *span, "--by", "month", "--currency", currency)["trend"]
        assert [m["month"] for m in trend] == months
        for m in trend:
            got = (m["income"], m["expense"])
            assert got == (sum(theirs(m["month"], "income:").values()), sum(theirs(m["month"], "expenses:").values()))
            compared += 1
        for month in months:
            rows = report(cli, "--month", month, "--currency", currency)["rows"]
            ours = {("income:" if r["kind"] == "income" else "expenses:") + r["category"]: r["amount"] for r in rows}
            assert ours == theirs(month, "income:") | theirs(month, "expenses:"), (currency, month)
            compared += len(ours)
        for row in report(cli, *span, "--by", "account", "--currency", currency)["rows"]:
            assert row["net"] == theirs(None, "assets:").get(f"assets:{row['account']}", 0), (currency, row)
            compared += 1
    assert compared > 500
