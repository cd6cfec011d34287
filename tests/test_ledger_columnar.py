"""Statement rows read a batch at a time by columns (reflee.ledger.columnar, through RowParser.parse_many) give
exactly what reading them one by one gives: the same rows, keys, occurrence numbers, errors naming the same
field, blank rows skipped, and the same sign counts, whatever the cells hold and however the batches fall."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reflee.ledger import columnar
from reflee.ledger.csvimport import RowParser, compile_rules
from reflee.ledger.csvspec import Columns
from reflee.ledger.models import EXPENSE, INCOME, ImportSpec

LAYOUT = ["date", "memo", "payee", "amount", "category", "account"]

dates = st.sampled_from(
    ["2024-01-05", "2024.01.05", "20240105", "2024년 1월 5일", "2024-02-30", "01/05", "", "  2024-03-01 ", "어제"]
)
amounts = st.one_of(
    st.integers(-(10**13), 10**13).map(str),
    st.integers(-(10**9), 10**9).map(lambda n: f"{n:,}"),
    st.sampled_from(["0", "-0", "", "1,2,3", "12,000원", "₩5,000", "12.50", " 7000 ", "１２０００", "1e3", "--5"]),
)
texts = st.one_of(
    st.sampled_from(["", "GS25", "스타벅스 강남점", "  카페  ", "=SUM(A1)", "'=1+1", "체크카드", "x" * 300]),
    st.text(max_size=12),
)


def _parser(index: dict[str, list[int]], *, rules: list[tuple[str, str]] | None = None) -> RowParser:
    cols = Columns(1, index, {name: name for name in index}, set())
    spec = ImportSpec()
    return RowParser(spec, cols, compile_rules(rules or []), "KRW", positive=INCOME, today=date(2026, 12, 2))


def _index(width: int = len(LAYOUT)) -> dict[str, list[int]]:
    return {name: [i] for i, name in enumerate(LAYOUT[:width])}


def _records(cells: list[list[str]]) -> list[tuple[int, list[str]]]:
    return [(line, row) for line, row in enumerate(cells, start=2)]


@st.composite
def statements(draw: st.DrawFn) -> list[list[str]]:
    rows = []
    for _ in range(draw(st.integers(0, 40))):
        kind = draw(st.sampled_from(["plain", "plain", "plain", "odd", "short", "blank"]))
        if kind == "blank":
            rows.append(["", " ", "", "", "", ""][: draw(st.integers(0, 6))])
            continue
        row = [
            draw(st.sampled_from(["2024-01-05", "2024-01-06", "2024-02-29"])) if kind == "plain" else draw(dates),
            draw(st.sampled_from(["체크카드", "카드승인", ""])) if kind == "plain" else draw(texts),
            draw(st.sampled_from(["GS25", "(주)리플리", "카카오T"])) if kind == "plain" else draw(texts),
            draw(st.sampled_from(["-4,500", "-4500", "3,229,370", "12000"])) if kind == "plain" else draw(amounts),
            draw(st.sampled_from(["식비", "", "교통"])) if kind == "plain" else draw(texts),
            draw(st.sampled_from(["신한카드", "", "토스뱅크"])) if kind == "plain" else draw(texts),
        ]
        rows.append(row[: draw(st.integers(1, 5))] if kind == "short" else row)
    return rows


@settings(max_examples=300, deadline=None)
@given(cells=statements(), size=st.sampled_from([1, 3, 7, 2000]))
def test_by_columns_is_row_by_row(cells: list[list[str]], size: int) -> None:
    _same_both_ways(_index(), cells, size)


def _same_both_ways(index: dict[str, list[int]], cells: list[list[str]], size: int) -> tuple[int, int]:
    """Reading ``cells`` in batches of ``size`` (by columns where they allow) gives what reading them one by one
    gives, with the same sign counts (returned)."""
    records = _records(cells)
    one, many = _parser(index), _parser(index)
    assert many.columnar
    expected = [one.parse(line, row) for line, row in records]
    got = []
    for start in range(0, len(records), size):
        got += many.parse_many(records[start : start + size])[0]
    assert got == expected
    assert (many.signed, many.negative) == (one.signed, one.negative)
    return many.signed, many.negative


DEBIT_CREDIT = ["date", "memo", "payee", "debit", "credit", "category", "account"]
"""A bank statement with money out and money in (출금/입금) instead of one signed amount."""
no_amount = st.sampled_from(["", "0", "-", "0.00", "0.0", " ", "-0"])


@st.composite
def debit_credit_statements(draw: st.DrawFn) -> list[list[str]]:
    rows = []
    for _ in range(draw(st.integers(0, 40))):
        kind = draw(st.sampled_from(["out", "in", "out", "in", "odd", "both", "neither", "short"]))
        amount = draw(st.sampled_from(["4,500", "4500", "3,229,370", "-12000", "12000"]))
        out, into = {
            "out": (amount, draw(no_amount)),
            "in": (draw(no_amount), amount),
            "both": (amount, amount),
            "neither": (draw(no_amount), draw(no_amount)),
        }.get(kind, (draw(st.one_of(amounts, no_amount)), draw(st.one_of(amounts, no_amount))))
        row = [
            draw(st.sampled_from(["2024-01-05", "2024-02-29"])) if kind != "odd" else draw(dates),
            draw(st.sampled_from(["체크카드", "이체", ""])) if kind != "odd" else draw(texts),
            draw(st.sampled_from(["GS25", "(주)리플리"])) if kind != "odd" else draw(texts),
            out,
            into,
            draw(st.sampled_from(["식비", "", "급여"])),
            draw(st.sampled_from(["신한은행", ""])) if kind != "odd" else draw(texts),
        ]
        rows.append(row[: draw(st.integers(1, 6))] if kind == "short" else row)
    return rows


@settings(max_examples=300, deadline=None)
@given(
    cells=debit_credit_statements(),
    size=st.sampled_from([1, 3, 7, 2000]),
    mapped=st.sampled_from([("debit", "credit"), ("debit",), ("credit",)]),
)
def test_money_out_and_in_by_columns_is_row_by_row(cells: list[list[str]], size: int, mapped: tuple[str, ...]) -> None:
    index = {name: [i] for i, name in enumerate(DEBIT_CREDIT) if name not in ("debit", "credit") or name in mapped}
    assert _same_both_ways(index, cells, size) == (0, 0)  # no row took its kind from a sign


def test_money_out_is_an_expense_and_money_in_income_read_by_columns() -> None:
    cells = [
        ["2024-01-05", "체크카드", "GS25", "4,500", "", "식비", "신한은행"],
        ["2024-01-25", "급여", "(주)리플리", "0", "3,229,370", "급여", "신한은행"],
        ["2024-01-26", "취소", "GS25", "-4,500", "-", "식비", "신한은행"],  # money out, negative: a refund
        ["2024-01-27", "정정", "(주)리플리", "", "-1000", "급여", "신한은행"],  # money in, negative
    ]
    index = {name: [i] for i, name in enumerate(DEBIT_CREDIT)}
    rows = columnar.read(_parser(index), _records(cells))
    assert rows is not None  # read by columns, not row by row
    assert [(r.kind, r.amount) for r in rows] == [
        (EXPENSE, 4500),
        (INCOME, 3229370),
        (INCOME, 4500),
        (EXPENSE, 1000),
    ]
    both = [*cells, ["2024-01-28", "", "", "1000", "2000", "", ""]]
    assert columnar.read(_parser(index), _records(both)) is None  # that row's error comes from the row-by-row read
    errors = [e for e in _parser(index).parse_many(_records(both))[0] if not hasattr(e, "key")]
    assert [(e.line, e.field) for e in errors] == [(6, "debit")]


def test_a_plain_batch_is_read_by_columns_and_repeats_get_their_occurrence() -> None:
    cells = [["2024-01-05", "체크카드", "GS25", "-4,500", "식비", ""]] * 3 + [["2024-01-06", "", "", "7000", "", "x"]]
    parser = _parser(_index())
    rows = columnar.read(parser, _records(cells))
    assert rows is not None  # the batch did not fall back to row by row
    assert [r.kind for r in rows] == [EXPENSE, EXPENSE, EXPENSE, INCOME]
    assert len({r.key for r in rows}) == 4  # three identical coffees stay three rows with their own keys
    one = _parser(_index())
    assert rows == [one.parse(line, row) for line, row in _records(cells)]


@pytest.mark.parametrize(
    ("index", "rules"),
    [
        ({**_index(), "kind": [6]}, None),
        ({**_index(), "tags": [6]}, None),
        ({"date": [0], "amount": [1], "memo": [2, 3]}, None),  # a field made of two columns
        (_index(), [("GS", "편의점")]),
    ],
    ids=["kind", "tags", "two-column memo", "rules"],
)
def test_other_layouts_are_read_row_by_row(index: dict[str, list[int]], rules: list[tuple[str, str]] | None) -> None:
    assert not _parser(index, rules=rules).columnar


def test_an_import_counts_the_same_with_batches_read_by_columns(cli, home, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The same statement three times: in the common layout and as money out and money in (출금/입금), both read
    by columns, and with an empty tags column (read row by row): the same rows, counts, kinds and keys, with a
    bad row, a blank line and a footer among them (those batches fall back to row by row)."""
    import sqlite3

    lines = [
        f"2025-{1 + i % 12:02d}-{1 + i % 28:02d},체크카드 {i % 7},가게 {i % 50},{'-' if i % 3 else ''}{1000 + i}"
        for i in range(6000)
    ]
    lines[2500] = "2025-13-45,깨진 날짜,가게,-1000"
    lines[4100] = ""
    body = "\n".join(lines) + "\n합계,,,123,456\n"
    plain = tmp_path / "plain.csv"
    plain.write_text("거래일자,적요,가맹점명,금액\n" + body, encoding="utf-8")
    tagged = tmp_path / "tagged.csv"
    tagged.write_text(
        "거래일자,적요,가맹점명,금액,태그\n"
        + "\n".join(f"{ln}," if ln else ln for ln in lines)
        + "\n합계,,,123,456,\n",
        encoding="utf-8",
    )
    split = tmp_path / "split.csv"

    def out_and_in(line: str) -> str:
        if not line:
            return line
        *head, amount = line.split(",")
        return ",".join([*head, amount[1:], ""] if amount.startswith("-") else [*head, "", amount])

    split.write_text(
        "거래일자,적요,가맹점명,출금액,입금액\n" + "\n".join(map(out_and_in, lines)) + "\n합계,,,123,456\n",
        encoding="utf-8",
    )
    results = []
    for name, path in (("plain", plain), ("tagged", tagged), ("split", split)):
        r = cli("--home", str(home / name), "ledger", "import", str(path), "--skip-invalid", "--json")
        assert r.code == 0, r.err
        with sqlite3.connect(home / name / "reflee.db") as conn:
            stored = conn.execute(
                "SELECT txn_date, kind, amount, payee, memo, import_key FROM ledger_txn ORDER BY import_key"
            ).fetchall()
        counts = {k: r.json[k] for k in ("rows", "added", "invalid", "income", "expense", "footer_rows")}
        results.append((counts, stored))
    assert results[0] == results[1] == results[2]
    assert results[0][0]["invalid"] == 1 and results[0][0]["added"] == 5998
