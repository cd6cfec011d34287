"""`reflee ledger import`: encodings, column mapping, rules and profiles, dry runs, invalid rows with line
numbers, idempotent re-import of the same or overlapping statements, and one transaction."""

from __future__ import annotations

import os
import pty
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from reflee.errors import ExitCode
from tests.ledger_helpers import refuse_memo

SHINHAN = [
    "신한은행 거래내역조회",
    "계좌번호,110-123-456789",
    "조회기간,2026.10.01 ~ 2026.11.21",
    "",
    "거래일자,거래시간,적요,출금(원),입금(원),내용,잔액(원),거래점",
    '2026.11.01,09:12:00,체크카드,"4,500",0,스타벅스 강남,"1,000,000",',
    '2026.11.01,12:30:00,체크카드,"4,500",0,스타벅스 강남,"995,500",',
    '2026.11.05,10:00:00,급여,0,"3,000,000",(주)회사,"3,995,500",',
    '2026.11.10,10:00:00,자동이체,"17,000",0,넷플릭스,"3,978,500",',
]


def write(path: Path, lines: list[str], encoding: str = "utf-8", newline: str = "\r\n") -> Path:
    path.write_bytes(newline.join(lines).encode(encoding) + newline.encode())
    return path


def txns(cli) -> list[dict]:
    r = cli("ledger", "list", "--from", "2000-01", "--to", "2100-12", "--json")
    assert r.code == 0, r.err
    return r.json["transactions"]


def table_count(cli, table: str) -> int:
    return cli("db", "status", "--json").json["tables"].get(table, 0)


def run(cli, *args: str):
    return cli("ledger", "import", *args)


@pytest.mark.parametrize("encoding", ["cp949", "euc-kr", "utf-8", "utf-8-sig"])
def test_korean_bank_statement_in_every_encoding_is_detected(cli, tmp_path: Path, encoding: str) -> None:
    f = write(tmp_path / "shinhan.csv", SHINHAN, encoding)
    r = run(cli, str(f), "--json")
    assert r.code == 0, r.err
    assert r.json["encoding"] == ("cp949" if encoding in ("cp949", "euc-kr") else encoding)
    assert (r.json["rows"], r.json["added"], r.json["duplicates"], r.json["invalid"]) == (4, 4, 0, 0)
    got = sorted((t["date"], t["kind"], t["amount"], t["memo"]) for t in txns(cli))
    assert got == [
        ("2026-11-01", "expense", 4500, "체크카드 스타벅스 강남"),
        ("2026-11-01", "expense", 4500, "체크카드 스타벅스 강남"),
        ("2026-11-05", "income", 3_000_000, "급여 (주)회사"),
        ("2026-11-10", "expense", 17_000, "자동이체 넷플릭스"),
    ]


def test_given_encoding_is_used_and_a_wrong_one_names_the_line(cli, tmp_path: Path) -> None:
    f = write(tmp_path / "s.csv", SHINHAN, "cp949")
    r = run(cli, str(f), "--encoding", "utf-8")
    assert r.code == ExitCode.DATA
    assert "s.csv line 1: not valid utf-8" in r.err and "--encoding cp949" in r.err
    assert txns(cli) == []
    assert run(cli, str(f), "--encoding", "EUC-KR").code == 0
    assert run(cli, str(f), "--encoding", "latin-1").code == ExitCode.USAGE


def test_binary_empty_and_missing_files(cli, tmp_path: Path) -> None:
    binary = tmp_path / "x.csv"
    binary.write_bytes(bytes(range(256)) * 10)
    r = run(cli, str(binary))
    assert r.code == ExitCode.DATA and "binary" in r.err
    (tmp_path / "empty.csv").write_bytes(b"")
    r = run(cli, str(tmp_path / "empty.csv"))
    assert r.code == ExitCode.DATA and "empty" in r.err
    r = run(cli, str(tmp_path / "nope.csv"))
    assert r.code == ExitCode.NOT_FOUND
    assert run(cli, str(tmp_path)).code == ExitCode.USAGE
    assert txns(cli) == []


def test_missing_columns_are_named(cli, tmp_path: Path) -> None:
    f = write(tmp_path / "a.csv", ["when,what", "2026-01-01,coffee"])
    r = run(cli, str(f))
    assert r.code == ExitCode.DATA
    assert "no header row with a date column and an amount" in r.err and "when, what" in r.err
    r = run(cli, str(write(tmp_path / "b.csv", ["date,amount", "2026-01-01,5"])), "--memo-col", "설명")
    assert r.code == ExitCode.DATA and "'설명'" in r.err


def test_invalid_rows_are_reported_by_line_and_nothing_is_imported(cli, tmp_path: Path) -> None:
    f = write(
        tmp_path / "bad.csv",
        [
            "date,amount,memo",
            "2026-01-01,-4500,라떼",
            "2026-02-30,-1000,없는 날",
            "2026-01-03,abc,이상한 금액",
            "2026-01-04,,빈 금액",
            "2026-01-05,-12.000,애매한 금액",
            '"2026-01-06","-9,000","여러 줄',
            '메모"',
            "2026-01-07,-100,마지막",
        ],
    )
    r = run(cli, str(f))
    assert r.code == ExitCode.DATA
    assert "4 of 7 rows are invalid, nothing was imported" in r.err
    assert "line 3: date ('date'): '2026-02-30' is not a real calendar date" in r.err
    assert "line 4: amount ('amount'): 'abc' is not a number" in r.err
    assert "line 5: amount ('amount'): empty amount" in r.err
    assert "line 6: amount ('amount'): '-12.000' is ambiguous" in r.err
    assert r.err.count("\n") == 1
    assert txns(cli) == [] and table_count(cli, "ledger_import") == 0
    r = run(cli, str(f), "--skip-invalid", "--json")
    assert r.code == 0, r.err
    assert (r.json["added"], r.json["invalid"]) == (3, 4)
    assert [e["line"] for e in r.json["errors"]] == [3, 4, 5, 6]
    assert [e["field"] for e in r.json["errors"]] == ["date", "amount", "amount", "amount"]
    memos = sorted(t["memo"] for t in txns(cli))
    assert memos == ["라떼", "마지막", "여러 줄 메모"]
    assert table_count(cli, "ledger_import") == 1


def test_dry_run_shows_the_parsed_rows_and_changes_nothing(cli, tmp_path: Path) -> None:
    f = write(tmp_path / "s.csv", SHINHAN, "cp949")
    r = run(cli, str(f), "--dry-run", "--rule", "스타벅스=카페")
    assert r.code == 0, r.err
    assert "스타벅스" in r.out and "카페" in r.out and "-4,500원" in r.out and "new" in r.out
    assert "4 would be added" in r.err and "Nothing was changed" in r.err
    assert txns(cli) == []
    assert run(cli, str(f)).code == 0
    r = run(cli, str(f), "--dry-run", "--json")
    assert r.code == 0
    assert [t["status"] for t in r.json["transactions"]] == ["duplicate"] * 4
    assert (r.json["added"], r.json["duplicates"], r.json["dry_run"]) == (0, 4, True)


def test_reimport_and_overlapping_statements_add_nothing_twice(cli, tmp_path: Path) -> None:
    header = ["date,amount,memo"]
    january = [f"2026-01-{d:02d},-{1000 + d},day {d}" for d in range(1, 32)]
    coffee = ["2026-01-20,-4500,coffee", "2026-01-20,-4500,coffee"]  # two real, identical coffees
    first = write(tmp_path / "jan.csv", header + january[:25] + coffee)
    r = run(cli, str(first), "--json")
    assert r.json["added"] == 27
    assert run(cli, str(first), "--json").json["added"] == 0
    # the next statement overlaps from the 15th, the coffees included, and adds a third coffee on the 31st
    second = write(tmp_path / "jan2.csv", header + january[14:] + coffee + ["2026-01-31,-4500,coffee"])
    r = run(cli, str(second), "--json")
    assert r.code == 0, r.err
    assert (r.json["added"], r.json["duplicates"]) == (7, 13)
    all_rows = txns(cli)
    assert len(all_rows) == 34
    assert sum(1 for t in all_rows if t["memo"] == "coffee") == 3
    assert sum(t["amount"] for t in all_rows) == sum(1000 + d for d in range(1, 32)) + 3 * 4500


def test_rules_and_saved_profiles(cli, tmp_path: Path) -> None:
    card = write(
        tmp_path / "card.csv",
        [
            "이용일,가맹점명,이용금액,비고",
            "2026/03/02,스타벅스 역삼,5100,",
            "2026/03/03,GS25 강남,2300,",
            "2026/03/04,쿠팡,-15000,취소",
        ],
    )
    r = run(
        cli,
        str(card),
        "--positive",
        "expense",
        "--account",
        "신한카드",
        "--rule",
        "스타벅스|커피=카페",
        "--rule",
        "(?i)gs25|cu |세븐=편의점",
        "--save-profile",
        "신한카드",
        "--json",
    )
    assert r.code == 0, r.err
    assert r.json["saved_profile"] == "신한카드"
    got = {t["payee"]: (t["kind"], t["amount"], t["category"], t["account"]) for t in txns(cli)}
    assert got == {
        "스타벅스 역삼": ("expense", 5100, "카페", "신한카드"),
        "GS25 강남": ("expense", 2300, "편의점", "신한카드"),
        "쿠팡": ("income", 15000, "", "신한카드"),
    }
    profiles = cli("ledger", "profiles", "list", "--json").json
    assert profiles[0]["name"] == "신한카드"
    assert profiles[0]["mapping"] == {"default_account": "신한카드", "positive": "expense"}
    assert [x["category"] for x in profiles[0]["rules"]] == ["카페", "편의점"]
    april = write(tmp_path / "apr.csv", ["이용일,가맹점명,이용금액,비고", "2026/04/02,커피빈,6000,"])
    r = run(cli, str(april), "--profile", "신한카드", "--json")
    assert r.code == 0 and r.json["profile"] == "신한카드"
    new = next(t for t in txns(cli) if t["date"] == "2026-04-02")
    assert (new["category"], new["account"], new["kind"]) == ("카페", "신한카드", "expense")
    assert "신한카드" in cli("ledger", "profiles", "list").out
    assert cli("ledger", "categories", "rename", "카페", "커피").code == 0
    assert cli("ledger", "profiles", "list", "--json").json[0]["rules"][0]["category"] == "커피"
    assert run(cli, str(april), "--profile", "없는프로필").code == ExitCode.NOT_FOUND
    assert run(cli, str(april), "--rule", "([=x").code == ExitCode.USAGE
    assert run(cli, str(april), "--rule", "norule").code == ExitCode.USAGE
    assert cli("ledger", "profiles", "rm", "신한카드").code == 0
    assert cli("ledger", "profiles", "list", "--json").json == []
    assert cli("ledger", "profiles", "rm", "신한카드").code == ExitCode.NOT_FOUND


def test_explicit_columns_without_header_other_formats(cli, tmp_path: Path) -> None:
    f = write(tmp_path / "n.csv", ["03/15/2026;12.50;Books;USD", "03/16/2026;-3.25;Refund;USD"], newline="\n")
    r = run(cli, str(f), "--no-header", "--date-col", "1", "--amount-col", "2", "--memo-col", "3")
    assert r.code == ExitCode.DATA and "--date-format" in r.err
    r = run(
        cli,
        str(f),
        "--no-header",
        "--date-col",
        "1",
        "--date-format",
        "%m/%d/%Y",
        "--amount-col",
        "2",
        "--memo-col",
        "3",
        "--currency-col",
        "4",
        "--delimiter",
        ";",
        "--positive",
        "expense",
        "--json",
    )
    assert r.code == 0, r.err
    got = sorted((t["date"], t["kind"], t["amount"], t["currency"]) for t in txns(cli))
    assert got == [("2026-03-15", "expense", 1250, "USD"), ("2026-03-16", "income", 325, "USD")]


def test_kind_and_category_columns(cli, tmp_path: Path) -> None:
    f = write(
        tmp_path / "k.csv",
        [
            "날짜,구분,금액,분류,메모",
            "2026-05-01,수입,3000000,급여,월급",
            "2026-05-02,지출,12000,식비,점심",
            "2026-05-03,기타,1,x,y",
        ],
    )
    r = run(cli, str(f), "--kind-col", "구분", "--json")
    assert r.code == ExitCode.DATA and "line 4: kind ('구분'): '기타' is not income/expense" in r.err
    r = run(cli, str(f), "--kind-col", "구분", "--skip-invalid", "--json")
    assert r.code == 0
    assert sorted((t["kind"], t["category"], t["amount"]) for t in txns(cli)) == [
        ("expense", "식비", 12000),
        ("income", "급여", 3_000_000),
    ]


def test_export_csv_round_trips_into_another_home(cli, tmp_path: Path) -> None:
    for args in (
        ("4500", "-c", "카페", "-p", "스타벅스", "-m", 'say "hi", ok', "-t", "a", "-t", "b", "--date", "2026-01-02"),
        ("$12.50", "-c", "도서", "--date", "2026-01-03"),
        ("3000000", "--income", "-c", "급여", "-a", "통장", "--date", "2026-01-25"),
    ):
        assert cli("ledger", "add", *args).code == 0
    out = tmp_path / "export.csv"
    r = cli("ledger", "export", "--format", "csv", "-o", str(out))
    assert r.code == 0 and "Exported 3 transactions" in r.err
    other = tmp_path / "other-home"
    r = cli("--home", str(other), "ledger", "import", str(out), "--json")
    assert r.code == 0, r.err
    assert r.json["added"] == 3
    theirs = cli("--home", str(other), "ledger", "list", "--from", "2026-01", "--to", "2026-01", "--json").json
    ours = cli("ledger", "list", "--from", "2026-01", "--to", "2026-01", "--json").json
    keys = ("id", "date", "kind", "amount", "currency", "category", "account", "payee", "memo", "tags")
    assert [{k: t[k] for k in keys} for t in theirs["transactions"]] == [
        {k: t[k] for k in keys} for t in ours["transactions"]
    ]
    assert cli("--home", str(other), "ledger", "import", str(out), "--json").json["added"] == 0


def test_json_export_and_bad_format(cli) -> None:
    assert cli("ledger", "add", "4500", "-c", "카페", "--date", "2026-01-02").code == 0
    r = cli("ledger", "export", "--json")
    assert r.code == 0
    assert [t["amount"] for t in r.json] == [4500] and "short_id" not in r.json[0]
    assert cli("ledger", "export", "--format", "xml").code == ExitCode.USAGE


def _big_csv(path: Path, n: int) -> Path:
    lines = ["date,amount,memo"] + [f"2025-{1 + i % 12:02d}-{1 + i % 28:02d},-{1000 + i},row {i}" for i in range(n)]
    return write(path, lines, newline="\n")


def test_progress_bar_only_on_a_terminal(home: Path, tmp_path: Path) -> None:
    f = _big_csv(tmp_path / "big.csv", 6000)
    env = {**os.environ, "REFLEE_HOME": str(home), "COLUMNS": "100", "TERM": "xterm"}
    env.pop("NO_COLOR", None)
    plain = subprocess.run(
        [sys.executable, "-m", "reflee", "ledger", "import", str(f), "--dry-run", "--json"],
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert plain.returncode == 0, plain.stderr
    assert b"Importing" not in plain.stderr
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "reflee", "ledger", "import", str(f), "--json"],
        stdout=subprocess.PIPE,
        stderr=slave,
        env=env,
    )
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    out, _ = proc.communicate(timeout=120)
    os.close(master)
    assert proc.returncode == 0
    assert b"Importing big.csv" in seen
    assert out.decode().lstrip().startswith("{")  # stdout still holds only JSON


def test_the_import_is_one_transaction(cli, home: Path, tmp_path: Path) -> None:
    """A row the database refuses halfway through (here: a trigger standing in for a full disk or a crash)
    leaves no transaction, no import record and no saved profile behind."""
    assert cli("ledger", "list").code == 0  # creates the database
    conn = sqlite3.connect(home / "reflee.db")
    refuse_memo(conn)
    lines = ["date,amount,memo"] + [f"2026-02-{1 + i % 28:02d},-{100 + i},row {i}" for i in range(3000)]
    lines[2700] = "2026-02-03,-999,boom"
    f = write(tmp_path / "big.csv", lines, newline="\n")
    r = run(cli, str(f), "--save-profile", "p", "--rule", "row=기타")
    assert r.code == ExitCode.STORAGE, r.err
    assert "refused by the test" in r.err
    assert txns(cli) == []
    assert table_count(cli, "ledger_import") == 0
    assert cli("ledger", "profiles", "list", "--json").json == []
    conn.execute("DROP TRIGGER refuse_boom")
    conn.commit()
    conn.close()
    assert run(cli, str(f), "--json").json["added"] == 3000


def test_an_id_twice_in_one_file_is_an_invalid_row(cli, tmp_path: Path) -> None:
    ident = "01a2006add7872dd80c1ddbfdabf2c99"
    f = write(tmp_path / "ids.csv", ["date,amount,memo,id", f"2026-01-01,-5,a,{ident}", f"2026-01-02,-6,b,{ident}"])
    r = run(cli, str(f))
    assert r.code == ExitCode.DATA and f"line 3: id: {ident} is also on line 2" in r.err
    assert txns(cli) == []


def test_short_padded_and_blank_rows_read_like_full_ones(cli, tmp_path: Path) -> None:
    """A row with fewer cells than the header, cells padded with spaces, and blank rows: the same transactions
    as the tidy rows (short rows are read field by field, full ones all at once)."""
    f = write(
        tmp_path / "ragged.csv",
        [
            "date,amount,memo,payee,account",
            "2026-01-01,-4500,커피",
            "  2026-01-02 ,  -4500 ,  커피 , 스타벅스 , 신한카드 ",
            " , , , , ",
            "",
            "2026-01-03,12000,환불,스타벅스",
        ],
    )
    r = cli("ledger", "import", str(f), "--json")
    assert r.code == 0, r.err
    assert (r.json["rows"], r.json["added"], r.json["invalid"]) == (3, 3, 0)
    got = sorted((t["date"], t["kind"], t["amount"], t["memo"], t["payee"], t["account"]) for t in txns(cli))
    assert got == [
        ("2026-01-01", "expense", 4500, "커피", "", ""),
        ("2026-01-02", "expense", 4500, "커피", "스타벅스", "신한카드"),
        ("2026-01-03", "income", 12000, "환불", "스타벅스", ""),
    ]


def test_amounts_in_other_scripts_digits_are_refused_as_ledger_add_refuses_them(cli, tmp_path: Path) -> None:
    """A plain-looking number in Arabic-Indic digits is no shortcut past the amount checks: the row is refused,
    as `ledger add` refuses it; full-width digits read as the number they are, as everywhere."""
    lines = ["date,amount,memo", "2026-01-01,-١٢٣,아랍 숫자", "2026-01-02,-４５００,전각 숫자"]
    f = write(tmp_path / "digits.csv", lines)
    r = run(cli, str(f), "--skip-invalid", "--json")
    assert r.code == 0, r.err
    assert (r.json["added"], r.json["invalid"]) == (1, 1)
    assert r.json["errors"][0]["line"] == 2
    assert "has the character '١'; write amounts with the digits 0-9" in r.json["errors"][0]["message"]
    assert [t["amount"] for t in txns(cli)] == [4500]
