"""Ledger records and results as plain dataclasses, and how amounts and names read to people.

Amounts are integer minor units with an ISO currency code. Front ends import this module (and the services)
only: everything a view needs to show a result (format_money, show_category, the report's and budget's
results, ...) is importable from here. The constants and display helpers live in reflee.ledger.money and the
report's and budget's results in reflee.ledger.report_models, which a report loads without this module.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from reflee.errors import DataError
from reflee.i18n import _
from reflee.ids import natural_sid
from reflee.ledger.budget_models import BudgetLine, BudgetReport, BudgetSet  # noqa: F401  (importable here, as before)
from reflee.ledger.money import (  # noqa: F401  (importable here, as before)
    CURRENCIES,
    EXPENSE,
    INCOME,
    KINDS,
    NO_ACCOUNT,
    UNCATEGORIZED,
    format_money,
    format_plain,
    show_account,
    show_category,
)
from reflee.ledger.recurring import Recurring  # noqa: F401  (importable here, as before)
from reflee.ledger.report_models import (  # noqa: F401  (importable here, as before)
    CategoryLine,
    Line,
    Report,
    percent,
)


@dataclass
class Txn:
    id: str
    date: str
    """The local calendar day of the transaction, YYYY-MM-DD."""
    kind: str
    """'income' (수입) or 'expense' (지출)."""
    amount: int
    """Always positive, in minor units of ``currency`` (KRW: won; USD: cents)."""
    currency: str = "KRW"
    category: str = ""
    """Empty means uncategorized (미분류)."""
    account: str = ""
    payee: str = ""
    memo: str = ""
    tags: list[str] = field(default_factory=list)
    import_id: str | None = None
    import_key: str | None = None
    created_at: str = ""
    updated_at: str = ""
    deleted_at: str | None = None
    short_id: str = ""

    @property
    def signed(self) -> int:
        return self.amount if self.kind == INCOME else -self.amount

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("short_id")
        data.pop("import_key")
        return {
            "id": self.id,
            "short_id": self.short_id or natural_sid(self.id),
            **{k: v for k, v in data.items() if k != "id"},
            "amount_decimal": format_plain(self.amount, self.currency),
        }


@dataclass
class Totals:
    currency: str
    income: int = 0
    expense: int = 0
    count: int = 0

    @property
    def net(self) -> int:
        return self.income - self.expense

    def to_json(self) -> dict[str, Any]:
        return {
            "currency": self.currency,
            "income": self.income,
            "expense": self.expense,
            "net": self.net,
            "count": self.count,
        }


@dataclass
class TxnList:
    first_day: str | None
    last_day: str | None
    transactions: list[Txn]
    totals: list[Totals]

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.first_day,
            "to": self.last_day,
            "transactions": [t.to_json() for t in self.transactions],
            "totals": [t.to_json() for t in self.totals],
        }


@dataclass
class Suggestion:
    category: str
    """The suggested category."""
    from_id: str
    """The earlier transaction it came from."""
    matched: str
    """The memo or payee text of that earlier transaction."""
    score: float
    """Similarity in 0..1 (a ratio, not money)."""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class AddResult:
    txn: Txn
    suggestion: Suggestion | None = None
    alerts: list[str] = field(default_factory=list)
    """Budget notifications raised by this change (their titles)."""

    def to_json(self) -> dict[str, Any]:
        return {
            **self.txn.to_json(),
            "suggested_category": self.suggestion.to_json() if self.suggestion else None,
            "alerts": self.alerts,
        }


@dataclass
class CategoryCount:
    category: str
    kind: str
    count: int
    total: int
    currency: str
    last_date: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class RenameResult:
    old: str
    new: str
    transactions: int
    budgets_moved: int
    budgets_dropped: int
    rules: int
    merged: bool
    """True when NEW already existed (the two categories are now one)."""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Row:
    line: int
    date: str
    kind: str
    amount: int
    currency: str
    category: str
    account: str
    payee: str
    memo: str
    tags: list[str]
    key: str
    id: str | None = None
    status: str = "new"
    """new, duplicate (already imported) or invalid."""

    def to_json(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "date": self.date,
            "kind": self.kind,
            "amount": self.amount,
            "currency": self.currency,
            "amount_decimal": format_plain(self.amount, self.currency),
            "category": self.category,
            "account": self.account,
            "payee": self.payee,
            "memo": self.memo,
            "tags": self.tags,
            "status": self.status,
        }


@dataclass
class RowError:
    line: int
    field: str
    message: str
    hint: str | None = None
    """What would fix it, when the file is fine and an option is missing (a date format)."""

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "field": self.field, "message": self.message, "hint": self.hint}

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" + (f"; {self.hint}" if self.hint else "")


SHOWN_ERRORS = 5
"""How many invalid rows an import's error names."""


@dataclass
class ImportResult:
    file: str
    encoding: str
    profile: str | None
    dry_run: bool
    rows: int
    added: int = 0
    duplicates: int = 0
    invalid: int = 0
    errors: list[RowError] = field(default_factory=list)
    import_id: str | None = None
    saved_profile: str | None = None
    alerts: list[str] = field(default_factory=list)
    preview: list[Row] = field(default_factory=list)
    """Every parsed row with its status (dry runs only)."""
    skip_invalid: bool = False
    format: str = "csv"
    """csv, xlsx or xls (the file's first bytes decide, not its name)."""
    positive: str = INCOME
    """What a positive number in one amount column was taken as (expense for a card statement's 이용금액)."""
    income: int = 0
    expense: int = 0
    """Valid rows that came out as income / expense."""
    footer_rows: int = 0
    """Summary and note rows below the transactions (합계, 총 n건, ※ …) that were skipped."""
    footer: list[tuple[int, str]] = field(default_factory=list)
    """(line, text) of the first footer rows."""
    warnings: list[Any] = field(default_factory=list)
    """statement.Warning: every row one kind, or every amount negative, with the likely fix."""

    def to_json(self) -> dict[str, Any]:
        data = {
            "file": self.file,
            "encoding": self.encoding,
            "profile": self.profile,
            "dry_run": self.dry_run,
            "rows": self.rows,
            "added": self.added,
            "duplicates": self.duplicates,
            "invalid": self.invalid,
            "errors": [e.to_json() for e in self.errors],
            "import_id": self.import_id,
            "saved_profile": self.saved_profile,
            "alerts": self.alerts,
            "format": self.format,
            "positive": self.positive,
            "income": self.income,
            "expense": self.expense,
            "footer_rows": self.footer_rows,
            "footer": [{"line": line, "text": text} for line, text in self.footer],
            "warnings": [w.to_json() for w in self.warnings],
        }
        if self.dry_run:
            data["transactions"] = [r.to_json() for r in self.preview]
        return data

    @property
    def failed(self) -> bool:
        """Invalid rows stop the import (unless they were to be skipped): a dry run reports what a real
        import would do."""
        return bool(self.errors) and not self.skip_invalid

    def failure(self) -> DataError:
        """The error for invalid rows; for a dry run, what a real import would say."""
        shown = "; ".join(str(e) for e in self.errors[:SHOWN_ERRORS])
        count = max(self.invalid, len(self.errors))
        more = _("; … and {count} more").format(count=count - SHOWN_ERRORS) if count > SHOWN_ERRORS else ""
        outcome = _("a real import would import nothing") if self.dry_run else _("nothing was imported")
        return DataError(
            _("{file}: {len} of {rows} rows are invalid, {outcome}: {shown}{more}").format(
                file=self.file, len=count, rows=self.rows, outcome=outcome, shown=shown, more=more
            ),
            hint=_("fix them, or pass --skip-invalid to import the rest"),
        )


@dataclass
class Profile:
    name: str
    mapping: dict[str, Any]
    """Column mapping and options: date, date_format, amount, debit, credit, memo, payee, ..."""
    rules: list[tuple[str, str]] = field(default_factory=list)
    """(regular expression, category), tried in order on the memo and payee."""
    id: str = ""
    created_at: str = ""
    updated_at: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "mapping": self.mapping,
            "rules": [{"pattern": p, "category": c} for p, c in self.rules],
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }


@dataclass
class ImportSpec:
    """How to read a CSV file: the column mapping (a header name or a 1-based number per field) and the file's
    options. What a saved import profile stores; ``LedgerService.import_csv`` takes one."""

    date: str | None = None
    date_format: str | None = None
    """strptime format such as %m/%d/%Y; without it common forms are recognised."""
    amount: str | None = None
    """One signed amount column (see ``positive``)."""
    debit: str | None = None
    """Money out (출금): an expense."""
    credit: str | None = None
    """Money in (입금): income."""
    kind: str | None = None
    memo: str | None = None
    payee: str | None = None
    account: str | None = None
    category: str | None = None
    currency: str | None = None
    tags: str | None = None
    default_account: str | None = None
    """The account for every row when no account column is mapped (e.g. 신한카드)."""
    default_currency: str | None = None
    positive: str | None = None
    """What a positive number in the amount column is: 'income' (bank accounts, the default) or 'expense'
    (card statements)."""
    encoding: str | None = None
    delimiter: str | None = None
    skip: int | None = None
    """Lines above the header to ignore (otherwise the header is found automatically)."""
    no_header: bool | None = None

    def merged(self, override: ImportSpec) -> ImportSpec:
        """This spec with every value ``override`` sets replacing it."""
        values = asdict(self)
        values.update({k: v for k, v in asdict(override).items() if v is not None})
        return ImportSpec(**values)

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ImportSpec:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass
class ExportResult:
    count: int
    """How many transactions were written."""
    format: str
    path: str | None = None
    """The file written (atomically), or None for a stream."""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class DeletedProfile:
    name: str

    def to_json(self) -> dict[str, Any]:
        return {"deleted": self.name}
