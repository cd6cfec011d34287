"""The column mapping of a CSV import (what a saved rules profile stores) and header auto-detection."""

from __future__ import annotations

from dataclasses import dataclass

from reflee.errors import DataError, UsageError
from reflee.i18n import _
from reflee.ledger import csvread
from reflee.ledger.models import ImportSpec

COLUMN_FIELDS = (
    "date",
    "amount",
    "debit",
    "credit",
    "kind",
    "memo",
    "payee",
    "account",
    "category",
    "currency",
    "tags",
)
"""Fields mapped to a column: a header name, or a 1-based column number. memo and payee may name several
columns separated by commas; their texts are joined with a space."""

ALIASES: dict[str, tuple[str, ...]] = {
    "date": (
        "date",
        "거래일자",
        "거래일시",
        "거래일",
        "거래날짜",
        "일자",
        "날짜",
        "이용일자",
        "이용일시",
        "이용일",
        "승인일자",
        "승인일시",
        "승인일",
        "매출일자",
        "사용일자",
        "사용일시",
        "사용일",
        "일시",
        "transactiondate",
        "posteddate",
        "postingdate",
    ),
    "amount": (
        "amount",
        "금액",
        "거래금액",
        "이용금액",
        "승인금액",
        "결제금액",
        "이용하신금액",
        "매출금액",
        "사용금액",
    ),
    "debit": (
        "debit",
        "출금",
        "출금액",
        "출금금액",
        "찾으신금액",
        "지급",
        "지급액",
        "지급금액",
        "withdrawal",
        "withdrawals",
        "moneyout",
    ),
    "credit": ("credit", "입금", "입금액", "입금금액", "맡기신금액", "받은금액", "deposit", "deposits", "moneyin"),
    "kind": (
        "kind",
        "수입/지출",
        "입출금구분",
        "수입지출",
        "입출구분",
        "입/출금",
        "입출금",
        "구분",
        "거래구분",
        "거래유형",
        "거래종류",
        "승인구분",
        "매출구분",
        "취소여부",
        "취소상태",
        "상태",
        "type",
    ),
    "memo": (
        "memo",
        "적요",
        "내용",
        "거래내용",
        "메모",
        "송금메모",
        "거래메모",
        "비고",
        "기재내용",
        "기록사항",
        "거래기록사항",
        "통장표시",
        "통장메모",
        "거래특이사항",
        "이용내역",
        "description",
        "note",
        "notes",
    ),
    "payee": (
        "payee",
        "가맹점",
        "가맹점명",
        "이용가맹점",
        "이용가맹점명",
        "이용하신곳",
        "사용처",
        "거래처",
        "거래처명",
        "상호",
        "보낸분/받는분",
        "받는분/보낸분",
        "보낸사람/받는사람",
        "의뢰인/수취인",
        "받는분",
        "보낸분",
        "상대방",
        "거래상대",
        "수취인",
        "예금주",
        "merchant",
    ),
    "account": ("account", "계좌", "계좌명", "카드", "카드명"),
    "category": ("category", "분류", "카테고리"),
    "currency": ("currency", "통화"),
    "tags": ("tags", "태그"),
    "id": ("id",),
}
"""Header names recognised without a flag. 'id' is reflee's own export: re-importing keeps the IDs."""
ALIAS_KEYS = {name: tuple(csvread.header_key(a) for a in names) for name, names in ALIASES.items()}


@dataclass
class Columns:
    """Column indexes resolved against the header (or the numbers given)."""

    header_line: int
    """Line number of the header (0 without a header)."""
    index: dict[str, list[int]]
    names: dict[str, str]
    """A label per field for messages: the header text or '#3'."""
    auto: set[str]
    """Fields found by auto-detection rather than named."""


def _find(header: list[str], ref: str, name: str) -> int | None:
    ref = ref.strip()
    if ref.isdigit():
        idx = int(ref) - 1
        if idx < 0 or (header and idx >= len(header)):
            return None
        return idx
    key = csvread.header_key(ref)
    for i, cell in enumerate(header):
        if csvread.header_key(cell) == key:
            return i
    return None


def resolve(spec: ImportSpec, header: list[str] | None, header_line: int) -> Columns | None:
    """Map each field to column indexes; None when ``header`` lacks a named column or any amount column."""
    cells = header or []
    index: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    auto: set[str] = set()
    for name in COLUMN_FIELDS:
        ref = getattr(spec, name)
        if ref is None:
            continue
        refs = [r for r in ref.split(",") if r.strip()] if name in ("memo", "payee") else [ref]
        found = []
        for r in refs:
            idx = _find(cells, r, name)
            if idx is None:
                return None
            found.append(idx)
        index[name] = found
        names[name] = ", ".join(cells[i] if header and i < len(cells) else f"#{i + 1}" for i in found)
    if header:
        keys = [csvread.header_key(c) for c in cells]
        taken = {i for v in index.values() for i in v}
        explicit_amount = spec.amount or spec.debit or spec.credit
        for name, aliases in ALIAS_KEYS.items():
            if name in index or (explicit_amount and name in ("amount", "debit", "credit")):
                continue
            hits = [i for i, k in enumerate(keys) if k in aliases and i not in taken]
            if not hits:
                continue
            if name != "memo":  # the best-ranked alias wins; every memo-like column (적요, 내용) is joined
                hits = [min(hits, key=lambda i: aliases.index(keys[i]))]
            index[name], names[name] = hits, ", ".join(cells[i] for i in hits)
            taken.update(hits)
            auto.add(name)
        if "amount" in auto and ("debit" in index or "credit" in index):
            del index["amount"]  # a statement with 출금/입금 columns: they are the amounts
    if "date" not in index or not ({"amount", "debit", "credit"} & index.keys()):
        return None
    return Columns(header_line, index, names, auto)


def locate(spec: ImportSpec, records: list[tuple[int, list[str]]], name: str) -> tuple[Columns, int]:
    """The header row and column mapping, and the position in ``records`` of the first data row."""
    skip = spec.skip or 0
    if spec.no_header:
        if not spec.date or not (spec.amount or spec.debit or spec.credit):
            raise UsageError(
                _("needs the date column and the amount (or debit/credit) columns given as numbers"), field="no_header"
            )
        cols = resolve(spec, None, 0)
        if cols is None:
            raise UsageError(_("give columns as numbers (1 is the first column)"), field="no_header")
        return cols, skip
    candidates = records[skip : skip + csvread.HEADER_SCAN] if spec.skip is None else records[skip : skip + 1]
    for pos, (line, cells) in enumerate(candidates, start=skip):
        if not any(c.strip() for c in cells):
            continue
        cols = resolve(spec, cells, line)
        if cols is not None:
            return cols, pos + 1
    first = next((cells for _line, cells in records[skip:] if any(c.strip() for c in cells)), [])
    named = [f"{getattr(spec, f)!r}" for f in COLUMN_FIELDS if getattr(spec, f)]
    wanted = f"columns {', '.join(named)}" if named else "a date column and an amount (or 출금/입금) column"
    seen = ", ".join(c.strip() for c in first[:12] if c.strip())
    raise DataError(
        _("{name}: no header row with {wanted} in the first {header_scan} lines (first row: {value})").format(
            name=name, wanted=wanted, header_scan=csvread.HEADER_SCAN, value=seen or "empty"
        ),
        hint=_("name the columns with --date-col and --amount-col"),
    )
