"""What Korean bank and card statements put around and beside their rows: footer and summary rows (합계,
총 n건, 조회기간, notes), the statement's period above the header (the year of a date written 11/03), the
words of a kind column (출금/입금/지급, 승인/취소), and the warnings an import gives when its rows look wrong
(every row one kind, every amount negative) with the option that likely fixes it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from reflee.ledger import csvread, fields
from reflee.ledger.models import EXPENSE, INCOME

_FOOTER = re.compile(
    r"^(?:합계|총합계|총계|소계|누계|합|계|총\d+건|\d+건|총건수|건수|조회기간|조회일시|조회일자|기간|출력일시|출력일자|"
    r"인쇄일시|발행일|최종잔액|잔액합계|이용합계|결제예정금액|total|subtotal|sum|grandtotal)"
    r"(?:[:：].*)?$",
    re.IGNORECASE,
)
_NOTE = re.compile(r"^[※*■□▶◆•·]")
_DATE_SHAPE = re.compile(r"^\s*(?:\d{2,4}\s*[-./년]\s*)?\d{1,2}\s*[-./월]\s*\d{1,2}|^\s*\d{8}")
_FULL_DATE = re.compile(r"(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})")
_COMPACT_DATE = re.compile(r"(?<!\d)(20\d{2})(\d{2})(\d{2})(?!\d)")
_YEAR_IN_NAME = re.compile(r"(?<!\d)(20\d{2})(?!\d)")
CARD_AMOUNTS = {csvread.header_key(h) for h in ("이용금액", "승인금액", "결제금액", "이용하신금액", "매출금액")}
"""Amount headers of card statements: a positive number there is a purchase (an expense)."""
_CANCEL = ("취소", "환불", "반품")
_IN = ("입금", "맡기", "받은", "수입", "환급")
_OUT = ("출금", "지급", "인출", "찾으", "결제", "승인", "지출", "이체출", "보낸")
KEPT = 20
"""How many footer rows an import lists (all are counted)."""


def kind_of(word: str) -> str | None:
    """income / expense from a kind cell: fields.kind_word's words, then what banks and card companies write
    (지급, 인출, 승인 / 취소, 입금취소 …); None when it says neither."""
    exact = fields.kind_word(word)
    if exact is not None:
        return exact
    w = re.sub(r"[\s()\[\]]", "", word)
    if not w:
        return None
    cancelled = any(c in w for c in _CANCEL)
    base = w
    for c in _CANCEL:
        base = base.replace(c, "")
    kind = INCOME if any(x in base for x in _IN) else EXPENSE if any(x in base for x in _OUT) else None
    if cancelled:  # a cancelled card payment is money back; a cancelled deposit is money out
        return EXPENSE if kind == INCOME else INCOME
    return kind


def looks_like_date(text: str) -> bool:
    return bool(_DATE_SHAPE.match(text))


def is_footer(cells: list[str], date_cell: str, after_footer: bool) -> bool:
    """A summary or note row below the transactions: its date cell is no date and a cell says 합계, 총 n건,
    조회기간 … or starts like a note (※); below the first such row, every dateless row is one too."""
    if looks_like_date(date_cell):
        return False
    if after_footer:
        return True
    for cell in cells:
        text = cell.strip()
        if not text:
            continue
        key = re.sub(r"\s+", "", text)
        if _FOOTER.match(key) or _NOTE.match(text):
            return True
    return False


def footer_text(cells: list[str]) -> str:
    return " | ".join(c.strip() for c in cells if c.strip())[:120]


def period(preamble: list[list[str]], file_name: str) -> tuple[date, date] | None:
    """The first and last date written above the header (조회기간 2026.10.01 ~ 2026.11.21), else a year in
    the file's name; None when neither is there."""
    found: list[date] = []
    for cells in preamble:
        for cell in cells:
            for m in [*_FULL_DATE.finditer(cell), *_COMPACT_DATE.finditer(cell)]:
                try:
                    found.append(date(int(m[1]), int(m[2]), int(m[3])))
                except ValueError:
                    continue
    if found:
        return min(found), max(found)
    if named := _YEAR_IN_NAME.search(file_name):
        year = int(named[1])
        return date(year, 1, 1), date(year, 12, 31)
    return None


def year_for(month: int, day: int, span: tuple[date, date] | None, today: date) -> int:
    """The year of a date written without one: the one that puts it inside the statement's period, else the
    period's last year; without a period, this year unless that is in the future."""
    if span is not None:
        start, end = span
        for year in range(end.year, start.year - 1, -1):
            try:
                if start <= date(year, month, day) <= end:
                    return year
            except ValueError:
                continue
        return end.year
    try:
        return today.year if date(today.year, month, day) <= today else today.year - 1
    except ValueError:
        return today.year


@dataclass
class Watch:
    """Counts kept while rows are read, for the warnings at the end."""

    sample: int = 500
    income: int = 0
    expense: int = 0
    negative: int = 0
    signed: int = 0
    """Rows whose amount came from one signed column."""
    words: dict[int, list[int]] = field(default_factory=dict)
    """Per unmapped column: [income words, expense words] in the first ``sample`` rows."""
    seen: int = 0

    def look(self, cells: list[str], unmapped: list[int]) -> None:
        if self.seen >= self.sample:
            return
        self.seen += 1
        for i in unmapped:
            if i < len(cells) and (k := kind_of(cells[i])) is not None and len(cells[i]) <= 12:
                counts = self.words.setdefault(i, [0, 0])
                counts[0 if k == INCOME else 1] += 1


@dataclass
class RowsWarning:
    code: str
    """one_kind or all_negative."""
    kind: str
    rows: int
    fix: str
    """The option that likely fixes it, e.g. --kind-col 구분."""

    def to_json(self) -> dict[str, object]:
        return {"code": self.code, "kind": self.kind, "rows": self.rows, "fix": self.fix}


def warnings(watch: Watch, header: list[str], names: dict[str, str], positive: str) -> list[RowsWarning]:
    rows = watch.income + watch.expense
    if rows < 2 or (watch.income and watch.expense):
        return []
    kind = INCOME if watch.income else EXPENSE
    candidates = [(min(c), i) for i, c in watch.words.items() if c[0] and c[1] and sum(c) * 2 >= min(watch.seen, rows)]
    if candidates and header:
        column = header[max(candidates)[1]].strip()
        return [RowsWarning("one_kind", kind, rows, f"--kind-col {_quote(column)}")]
    other = EXPENSE if positive == INCOME else INCOME
    if watch.signed and watch.negative == watch.signed:
        return [RowsWarning("all_negative", kind, rows, f"--positive {other}")]
    if kind == INCOME:
        if "amount" in names:
            return [RowsWarning("one_kind", kind, rows, f"--positive {other}")]
        if "credit" in names and "debit" not in names:
            return [RowsWarning("one_kind", kind, rows, f"--debit-col {_quote(names['credit'])}")]
    return []


def _quote(text: str) -> str:
    return f"'{text}'" if re.search(r"[\s'\"]", text) else text
