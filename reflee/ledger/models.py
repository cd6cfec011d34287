"""Ledger records and results as plain dataclasses, and how amounts and names read to people.

Amounts are integer minor units with an ISO currency code. Front ends import this module (and the services)
only: everything a view needs to show a result (format_money, show_category, ...) lives here; the parsers and
stores keep their old names importable for the domain itself.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from reflee.errors import DataError
from reflee.i18n import _
from reflee.ids import natural_sid

CURRENCIES: dict[str, int] = {
    # ISO 4217 code -> number of minor-unit digits
    "KRW": 0,
    "JPY": 0,
    "VND": 0,
    "USD": 2,
    "EUR": 2,
    "GBP": 2,
    "CNY": 2,
    "HKD": 2,
    "TWD": 2,
    "SGD": 2,
    "AUD": 2,
    "CAD": 2,
    "NZD": 2,
    "CHF": 2,
    "THB": 2,
    "PHP": 2,
    "INR": 2,
    "IDR": 2,
    "MYR": 2,
    "SEK": 2,
    "NOK": 2,
    "DKK": 2,
    "KWD": 3,
    "BHD": 3,
}


def format_plain(minor: int, currency: str) -> str:
    """Decimal text without grouping: 1250 USD -> '12.50'; 12000 KRW -> '12000'. Exact (integer maths)."""
    places = CURRENCIES.get(currency, 2)
    sign = "-" if minor < 0 else ""
    whole, frac = divmod(abs(minor), 10**places)
    return f"{sign}{whole}.{frac:0{places}d}" if places else f"{sign}{whole}"


_DISPLAY_PREFIX = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}


def format_money(minor: int, currency: str, *, signed: bool = False) -> str:
    """For people: 12,000원, $12.50, €3.00, 1,200.00 CHF."""
    places = CURRENCIES.get(currency, 2)
    whole, frac = divmod(abs(minor), 10**places)
    number = f"{whole:,}" + (f".{frac:0{places}d}" if places else "")
    sign = "-" if minor < 0 else ("+" if signed and minor > 0 else "")
    if currency == "KRW":
        return f"{sign}{number}원"
    if currency in _DISPLAY_PREFIX:
        return f"{sign}{_DISPLAY_PREFIX[currency]}{number}"
    return f"{sign}{number} {currency}"


UNCATEGORIZED = "미분류"
"""How an empty category is shown and exported; typing it (or 'uncategorized') means no category."""
NO_ACCOUNT = "미지정"


def show_category(name: str) -> str:
    return name or UNCATEGORIZED


def show_account(name: str) -> str:
    return name or NO_ACCOUNT


INCOME = "income"
EXPENSE = "expense"
KINDS = (INCOME, EXPENSE)


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


def percent(part: int, whole: int) -> float | None:
    """part/whole in percent with one decimal, from integer maths (a ratio, not money)."""
    if whole <= 0:
        return None
    return round(part * 1000 / whole) / 10


@dataclass
class BudgetLine:
    category: str
    """A category name, or 'total' for the overall line."""
    currency: str
    base: int
    """The budget set for this month (carried forward from ``since``)."""
    carried_in: int
    """Unspent budget rolled over from earlier months (0 without roll-over)."""
    spent: int
    rollover: bool = False
    since: str | None = None
    """The month the budget in effect was set for."""
    explicit: bool = True
    """For the total line: False when it is the sum of the category budgets."""

    @property
    def budget(self) -> int:
        return self.base + self.carried_in

    @property
    def remaining(self) -> int:
        return self.budget - self.spent

    @property
    def used_pct(self) -> float | None:
        return percent(self.spent, self.budget)

    @property
    def over(self) -> bool:
        return self.spent > self.budget

    def to_json(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "currency": self.currency,
            "budget": self.budget,
            "base": self.base,
            "carried_in": self.carried_in,
            "rollover": self.rollover,
            "since": self.since,
            "spent": self.spent,
            "remaining": self.remaining,
            "used_pct": self.used_pct,
            "over": self.over,
            "explicit": self.explicit,
        }


@dataclass
class BudgetReport:
    month: str
    currency: str
    lines: list[BudgetLine]
    total: BudgetLine | None
    unbudgeted: list[tuple[str, int]]
    """(category, spent) of spending in categories without a budget."""

    def to_json(self) -> dict[str, Any]:
        return {
            "month": self.month,
            "currency": self.currency,
            "categories": [line.to_json() for line in self.lines],
            "total": self.total.to_json() if self.total else None,
            "unbudgeted": [{"category": c, "spent": s} for c, s in self.unbudgeted],
        }


@dataclass
class Line:
    key: str
    income: int = 0
    expense: int = 0
    count: int = 0

    @property
    def net(self) -> int:
        return self.income - self.expense

    @property
    def savings_rate(self) -> float | None:
        """Net as a percentage of income (one decimal); None without income."""
        return percent(self.net, self.income)

    def to_json(self, key_name: str) -> dict[str, Any]:
        return {
            key_name: self.key,
            "income": self.income,
            "expense": self.expense,
            "net": self.net,
            "savings_rate": self.savings_rate,
            "count": self.count,
        }


@dataclass
class CategoryLine:
    category: str
    kind: str
    amount: int
    count: int
    share_pct: float | None
    """Share of all income or all expense (by kind) in the period."""

    def to_json(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "kind": self.kind,
            "amount": self.amount,
            "count": self.count,
            "share_pct": self.share_pct,
        }


@dataclass
class Report:
    first_day: str
    last_day: str
    currency: str
    by: str
    totals: Line
    rows: list[Any]
    trend: list[Line]
    other_currencies: dict[str, int] = field(default_factory=dict)
    """Transactions in the period in other currencies (not in these totals): code -> count."""

    def to_json(self) -> dict[str, Any]:
        if self.by == "category":
            rows = [r.to_json() for r in self.rows]
        else:
            rows = [r.to_json(self.by) for r in self.rows]
        total = self.totals.to_json("period")
        total.pop("period")
        return {
            "from": self.first_day,
            "to": self.last_day,
            "currency": self.currency,
            **total,
            "by": self.by,
            "rows": rows,
            "trend": [t.to_json("month") for t in self.trend],
            "other_currencies": self.other_currencies,
        }


@dataclass
class Recurring:
    name: str
    """The payee (or the memo when there is no payee) as last written."""
    category: str
    amount: int
    """The typical (median) charge, in minor units."""
    currency: str
    months: int
    """How many different months it was charged in."""
    count: int
    first_date: str
    last_date: str
    next_date: str
    """When the next charge is expected: a month after the last one."""
    active: bool
    """Charged within the last 45 days."""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class BudgetSet:
    """What ``BudgetService.set_budget`` did: the budget line for the month it starts in, and the titles of
    the notifications raised (lowering a budget below what was spent crosses 80 % / 100 % at once)."""

    line: BudgetLine
    alerts: list[str] = field(default_factory=list)
    new_category: bool = False
    """No transaction or budget had used this category before."""

    def to_json(self) -> dict[str, Any]:
        return {**self.line.to_json(), "alerts": self.alerts, "new_category": self.new_category}


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
