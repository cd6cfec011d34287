"""Bank and card statements as the Korean banks and card companies ship them (tests/data/banks, written by its
make.py): CP949 / UTF-8 CSV and .xlsx, the rows above the header, footer and summary rows skipped and reported,
kind columns, 보낸분/받는분-style payees, card statements' purchases as expenses, dates without a year, and the
warnings when every row came out as one kind or every amount is negative."""

from __future__ import annotations

from pathlib import Path

import pytest

from reflee.errors import ExitCode

BANKS = Path(__file__).parent / "data" / "banks"

# file: (format, rows, income, expense, footer rows, (line, date, kind, amount, payee, memo) of one row)
EXPECTED = {
    "kb_checking.csv": (
        "csv",
        5,
        3_100_000,
        91_800,
        2,
        (7, "2026-11-03", "expense", 4500, "스타벅스 역삼점", "체크카드"),
    ),
    "shinhan_bank.xlsx": (
        "xlsx",
        4,
        3_000_000,
        271_500,
        1,
        (5, "2026-11-01", "expense", 4500, "", "체크카드 스타벅스 강남"),
    ),
    "woori.csv": ("csv", 3, 50_000, 103_000, 2, (5, "2026-11-07", "income", 50_000, "", "모바일 박영희 더치페이")),
    "hana.xlsx": ("xlsx", 4, 120_000, 191_000, 2, (7, "2026-11-25", "expense", 150_000, "관리비", "대체")),
    "kakaobank.xlsx": ("xlsx", 3, 200_000, 44_000, 0, (7, "2026-11-06", "income", 200_000, "", "엄마 용돈")),
    "toss.csv": ("csv", 4, 2_312, 14_500, 0, (7, "2026-11-09", "income", 2000, "", "메가커피")),
    "shinhan_card.xlsx": ("xlsx", 5, 15_000, 111_400, 2, (7, "2026-11-06", "income", 15_000, "쿠팡", "")),
    "samsung_card.csv": ("csv", 4, 24_500, 64_800, 1, (7, "2026-01-05", "expense", 12_300, "카카오T", "")),
    "hyundai_card.xlsx": ("xlsx", 3, 0, 152_100, 1, (3, "2026-11-03", "expense", 129_000, "현대백화점", "")),
}


def txns(cli) -> list[dict]:
    r = cli("ledger", "list", "--from", "2000-01", "--to", "2100-12", "--json")
    assert r.code == 0, r.err
    return r.json["transactions"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_statement_layout_imports_with_its_totals(cli, name: str) -> None:
    fmt, count, income, expense, footer, (line, day, kind, amount, payee, memo) = EXPECTED[name]
    r = cli("ledger", "import", str(BANKS / name), "--dry-run", "--json")
    assert r.code == 0, r.err
    assert r.json["format"] == fmt
    assert (r.json["rows"], r.json["added"], r.json["invalid"], r.json["footer_rows"]) == (count, count, 0, footer)
    assert r.json["warnings"] == []
    row = next(t for t in r.json["transactions"] if t["line"] == line)
    assert (row["date"], row["kind"], row["amount"], row["payee"], row["memo"]) == (day, kind, amount, payee, memo)
    r = cli("ledger", "import", str(BANKS / name), "--json")
    assert r.code == 0, r.err
    assert (r.json["added"], r.json["income"], r.json["expense"]) == (count, r.json["income"], r.json["expense"])
    got = txns(cli)
    assert len(got) == count
    assert sum(t["amount"] for t in got if t["kind"] == "income") == income
    assert sum(t["amount"] for t in got if t["kind"] == "expense") == expense
    again = cli("ledger", "import", str(BANKS / name), "--json")
    assert (again.code, again.json["added"], again.json["duplicates"]) == (0, 0, count)


def test_footer_rows_are_listed_and_reported_in_words(cli) -> None:
    r = cli("ledger", "import", str(BANKS / "kb_checking.csv"), "--json")
    assert r.code == 0, r.err
    assert r.json["encoding"] == "cp949"
    assert r.json["footer"] == [
        {"line": 12, "text": "합계 | 91,800 | 3,100,000"},
        {"line": 13, "text": "총 5건"},
    ]
    r = cli("ledger", "import", str(BANKS / "woori.csv"))
    assert r.code == 0, r.err
    assert "Skipped 2 footer or summary rows (first at line 7: 합계 | 103,000 | 50,000)." in r.err


def test_a_card_statement_takes_purchases_as_expenses_unless_told(cli) -> None:
    r = cli("ledger", "import", str(BANKS / "hyundai_card.xlsx"), "--dry-run", "--json")
    assert r.json["positive"] == "expense"
    r = cli("ledger", "import", str(BANKS / "hyundai_card.xlsx"), "--positive", "income", "--json")
    assert r.code == 0, r.err
    assert (r.json["income"], r.json["expense"]) == (3, 0)
    assert r.json["warnings"] == [{"code": "one_kind", "kind": "income", "rows": 3, "fix": "--positive expense"}]


def test_every_row_one_kind_suggests_the_kind_column(cli, tmp_path: Path) -> None:
    f = tmp_path / "bank.csv"
    f.write_text(
        "날짜,입출,금액,적요\n2026-11-01,출금,4500,커피\n2026-11-02,입금,3000000,급여\n2026-11-03,출금,12000,점심\n",
        encoding="utf-8",
    )
    r = cli("ledger", "import", str(f), "--json")
    assert r.code == 0, r.err
    assert r.json["warnings"] == [{"code": "one_kind", "kind": "income", "rows": 3, "fix": "--kind-col 입출"}]
    r = cli("ledger", "import", str(f))
    assert "all 3 rows came out as income; if that is wrong, try --kind-col 입출" in r.err


def test_every_amount_negative_is_a_warning_with_the_fix(cli, tmp_path: Path) -> None:
    f = tmp_path / "card.csv"
    f.write_text("date,amount,memo\n2026-11-01,-4500,coffee\n2026-11-02,-12000,lunch\n", encoding="utf-8")
    r = cli("ledger", "import", str(f), "--positive", "expense", "--json")
    assert r.code == 0, r.err
    assert r.json["warnings"] == [{"code": "all_negative", "kind": "income", "rows": 2, "fix": "--positive income"}]


def test_the_bank_issue_case_a_kind_column_is_detected(cli, tmp_path: Path) -> None:
    """A 구분 column of 출금 / 입금 beside a positive 금액: withdrawals are expenses, found without --kind-col."""
    f = tmp_path / "bank.csv"
    rows = ["거래일자,구분,금액,내용", "2026.11.01,출금,4500,체크카드", "2026.11.02,입금,3000000,급여"]
    rows += ["2026.11.03,출금,17000,넷플릭스", "합계,,3021500,"]
    f.write_bytes("\r\n".join(rows).encode("cp949"))
    r = cli("ledger", "import", str(f), "--json")
    assert r.code == 0, r.err
    assert (r.json["income"], r.json["expense"], r.json["footer_rows"], r.json["warnings"]) == (1, 2, 1, [])


def test_a_dateless_row_that_is_no_footer_is_still_an_invalid_row(cli, tmp_path: Path) -> None:
    f = tmp_path / "bank.csv"
    f.write_text("date,amount,memo\n2026-11-01,-4500,coffee\nyesterday,-100,tea\n", encoding="utf-8")
    r = cli("ledger", "import", str(f))
    assert r.code == ExitCode.DATA and "line 3: date ('date'): 'yesterday' is not a date" in r.err
    assert txns(cli) == []


def test_a_damaged_or_protected_spreadsheet_is_a_data_error(cli, tmp_path: Path) -> None:
    broken = tmp_path / "statement.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    r = cli("ledger", "import", str(broken))
    assert r.code == ExitCode.DATA and "statement.xlsx: not a spreadsheet reflee can read" in r.err
    assert txns(cli) == []
