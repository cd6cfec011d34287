"""Turning CSV records into transactions: dates, amounts (one signed column or 출금/입금), memo,
payee, account, category (a column, else the first matching rule), and the de-duplication key.

The key is a hash of account, date, kind, amount, currency, payee and memo plus the row's occurrence
number among identical rows of the same file, so re-importing a file, or a statement that overlaps
an earlier one, finds the same keys, while two identical coffees on one day stay two transactions.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from hashlib import sha256
from operator import itemgetter
from typing import Any, cast

from reflee.errors import UsageError
from reflee.i18n import _
from reflee.ledger import columnar, fields, statement
from reflee.ledger.amounts import (
    MAX_MINOR,
    NO_AMOUNT,
    WHOLE_UNITS,
    check_currency,
    fast_int,
    plain_number,
    read_amount,
)
from reflee.ledger.csvspec import Columns
from reflee.ledger.models import EXPENSE, INCOME, ImportSpec, Row, RowError
from reflee.ledger.occurrence import Occurrences
from reflee.sanitize import csv_uncell

_DATE = re.compile(r"^(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})\s*일?\.?(?:[\sT].*)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:\d{4}|\d{6})?$")
_SHORT_YEAR = re.compile(r"^(\d{2})[-./](\d{1,2})[-./](\d{1,2})(?:\s.*)?$")
_NO_YEAR = re.compile(r"^(\d{1,2})\s*[-./월]\s*(\d{1,2})\s*일?(?:\s.*)?$")
CACHE_MAX = 4096
"""Distinct raw values remembered per field; a full cache starts over, so memory stays flat."""
_REMEMBERED = ("payee", "memo", "account", "category", "amount", "debit", "credit", "rules", "tags")
"""The fields whose values are remembered (RowParser._once)."""
_ID = re.compile(r"^[0-9a-f]{32}$")
_PICKED = (
    "date",
    "amount",
    "debit",
    "credit",
    "kind",
    "currency",
    "payee",
    "memo",
    "account",
    "category",
    "tags",
    "id",
)
"""The fields a row is read into, in this order (RowParser._parse)."""


def _text(limit: int) -> Callable[[str, str], str]:
    def clean(raw: str, name: str) -> str:
        text = fields.clean_text(csv_uncell(raw))
        if len(text) > limit:
            raise UsageError(_("longer than {limit} characters").format(limit=limit), field=name)
        return text

    return clean


def _unformula(check: Callable[[str, str], str]) -> Callable[[str, str], str]:
    """``check`` of a cell as reflee's CSV export wrote it (a formula-like name has an apostrophe in front)."""
    return lambda raw, name: check(csv_uncell(raw), name)


class _Bad(Exception):
    def __init__(self, field: str, message: str, hint: str | None = None) -> None:
        self.field, self.message, self.hint = field, message, hint


def compile_rules(rules: list[tuple[str, str]], field: str = "rules") -> list[tuple[re.Pattern[str], str]]:
    out = []
    for pattern, category in rules:
        try:
            compiled = re.compile(pattern, re.IGNORECASE)
        except re.error as exc:
            raise UsageError(
                _("{pattern!r} is not a valid regular expression ({exc})").format(pattern=pattern, exc=exc), field=field
            ) from None
        try:
            name = fields.category(category, field)
        except UsageError as exc:
            raise UsageError(
                _("the category of {pattern!r}: {message}").format(pattern=pattern, message=exc.message), field=field
            ) from None
        out.append((compiled, name))
    return out


def parse_rule(text: str, field: str = "rules") -> tuple[str, str]:
    """'REGEX=CATEGORY' (the last '=' splits, so the pattern may contain '=')."""
    pattern, sep, category = text.rpartition("=")
    if not sep or not pattern.strip() or not category.strip():
        raise UsageError(
            _("{text!r} should look like 'REGEX=CATEGORY', e.g. '스타벅스|커피=카페'").format(text=text), field=field
        )
    return pattern.strip(), category.strip()


class RowParser:
    Invalid = _Bad
    """What a field's reader raises for an invalid value (the row's error)."""

    def __init__(
        self,
        spec: ImportSpec,
        cols: Columns,
        rules: list[tuple[re.Pattern[str], str]],
        default_currency: str,
        *,
        positive: str = INCOME,
        span: tuple[date, date] | None = None,
        today: date | None = None,
        expected: int | None = None,
    ) -> None:
        self.spec, self.cols, self.rules = spec, cols, rules
        self.currency = check_currency(spec.default_currency or default_currency)
        self.account = fields.account(spec.default_account or "", "account")
        self.positive = spec.positive or positive
        if self.positive not in (INCOME, EXPENSE):
            raise UsageError(
                _("{positive!r} is not income or expense").format(positive=self.positive), field="positive"
            )
        self.span, self.today = span, today or date.today()
        """The statement's period (the year of dates written 11/03) and today (when there is no period)."""
        self.dates: dict[str, str] = {}
        self.seen = Occurrences.for_rows(expected)
        """How many times each row's identity has come (``expected``: about how many rows the file has)."""
        self.signed = self.negative = 0
        """Rows whose kind came from the sign of one amount column, and how many of those were negative."""
        self.mixed = False
        """Whether a row read so far had tags or a currency other than the statement's (until then, every row
        has the statement's currency and no tags: ``shared_currency``)."""
        self._get = {name: self._getter(idx) for name, idx in cols.index.items()}
        self._caches: dict[str, dict[Any, Any]] = {name: {} for name in _REMEMBERED}
        """Results per field and raw value: statements repeat payees, accounts, categories and amounts a lot. Only
        valid values are remembered (an invalid one fails its row, and is read again if it comes again)."""
        self._clean_payee, self._clean_memo = _text(fields.MAX_PAYEE), _text(fields.MAX_MEMO)
        g = self._get.get
        self._date_of = self._get["date"]  # a mapping always has a date column (csvspec.resolve)
        self._currency_of, self._payee_of, self._memo_of = (
            g("currency"),
            g("payee"),
            g("memo"),
        )
        self._account_of, self._category_of, self._tags_of, self._id_of = (
            g("account"),
            g("category"),
            g("tags"),
            g("id"),
        )
        index = cols.index
        self.single = all(len(idx) == 1 for idx in index.values())
        """Every field is one column: a row's cells are picked by one itemgetter (the common case, and fast)."""
        self.width = 1 + max(i for idx in index.values() for i in idx)
        # a field not mapped picks the date column: its value is never read (the _*_of getter is None)
        self._pick = itemgetter(*(index[name][0] if name in index else index["date"][0] for name in _PICKED))
        caches = self._caches
        self._payees, self._memos = caches["payee"], caches["memo"]
        self._accounts, self._categories = caches["account"], caches["category"]
        self._account_check = _unformula(fields.account)
        self._one_amount = "amount" in index
        """One signed amount column (else money out and money in, 출금/입금)."""
        self._kind_column = "kind" in index
        self.opposite = EXPENSE if self.positive == INCOME else INCOME
        self._category_check = _unformula(fields.category)
        self.texts = {
            "payee": (self._payees, self._clean_payee),
            "memo": (self._memos, self._clean_memo),
            "account": (self._accounts, self._account_check),
            "category": (self._categories, self._category_check),
        }
        """Each text field's cache and check (for ``columnar``)."""
        self.columnar = columnar.applies(self)
        """Whether batches of this statement may be read column by column (``parse_many``)."""

    @staticmethod
    def _getter(idx: list[int]) -> Callable[[list[str]], str]:
        if len(idx) == 1:
            i = idx[0]
            return lambda cells: cells[i].strip() if i < len(cells) else ""
        return lambda cells: " ".join(c for c in (cells[i].strip() if i < len(cells) else "" for i in idx) if c)

    @property
    def shared_currency(self) -> str | None:
        """The currency every row read so far has, with no tags (then a batch of them can be written with both
        given once), or None."""
        return None if self.mixed else self.currency

    def label(self, name: str) -> str:
        return f"{name} ({self.cols.names.get(name, '?')!r})"

    def parse_many(self, records: list[tuple[int, list[str]]]) -> tuple[list[Row | RowError | None], bool]:
        """``parse`` of each record (line, cells), in order, and whether the batch was read by columns (then all
        are Rows, none with an ID): a batch in the common layout by columns when its cells are plain
        (``reflee.ledger.columnar``, the same result), else row by row."""
        if self.columnar and records and (rows := columnar.read(self, records)) is not None:
            return cast(list[Row | RowError | None], rows), True  # a list of Rows is one of those (not mutated)
        parse = self.parse
        return [parse(line, cells) for line, cells in records], False

    def parse(self, line: int, cells: list[str]) -> Row | RowError | None:
        """A Row, a RowError naming the field, or None for a blank record."""
        try:
            if self.single and len(cells) >= self.width:
                picked = self._pick(list(map(str.strip, cells)))
                if not picked[0] and not "".join(cells).strip():  # a row with a date is not blank
                    return None
                return self._parse(line, picked)
            if not any(cells) or not "".join(cells).strip():
                return None
            return self._parse(line, tuple(self._get[name](cells) if name in self._get else "" for name in _PICKED))
        except _Bad as bad:
            return RowError(line, bad.field, f"{self.label(bad.field)}: {bad.message}", bad.hint)

    def _parse(self, line: int, values: tuple[str, ...]) -> Row:
        """The row from its fields' stripped cells, in _PICKED's order ("" for a field not mapped)."""
        (
            date_text,
            _amount,
            _debit,
            _credit,
            _kind,
            code,
            raw_payee,
            raw_memo,
            raw_account,
            raw_category,
            raw_tags,
            raw_id,
        ) = values
        day = self.dates.get(date_text) or self.date_of(date_text)
        currency = self.currency
        if code and self._currency_of:
            try:
                currency = check_currency(code, "currency")
            except UsageError:
                raise _Bad("currency", f"{code!r} is not a currency reflee knows") from None
        kind, amount, currency = self._amount(values, currency)
        if kind is None:
            raise _Bad("amount", "no amount in this row")
        payee = memo = category = ""
        if self._payee_of:
            found = self._payees.get(raw_payee)
            payee = found if found is not None else self.remember("payee", self._clean_payee, raw_payee, self._payees)
        if self._memo_of:
            found = self._memos.get(raw_memo)
            memo = found if found is not None else self.remember("memo", self._clean_memo, raw_memo, self._memos)
        account = self.account
        if raw_account and self._account_of:
            found = self._accounts.get(raw_account)
            account = (
                found
                if found is not None
                else self.remember("account", self._account_check, raw_account, self._accounts)
            )
        if raw_category and self._category_of:
            found = self._categories.get(raw_category)
            category = (
                found
                if found is not None
                else self.remember("category", self._category_check, raw_category, self._categories)
            )
        elif self.rules:
            category = self._once("rules", self._rule, (memo, payee))
        tags = self._once("tags", lambda v, f: fields.tags([v], f), raw_tags) if self._tags_of else []
        if tags or currency != self.currency:
            self.mixed = True
        ident = None
        if self._id_of and _ID.match(raw_id := raw_id.lower()):
            ident = raw_id  # a reflee export: keep the transaction's identity
        # the row's identity and its occurrence number among identical rows of the file, written for the first
        # occurrence (the common case): that text's hash counts them
        text = f"{account}\x1f{day}\x1f{kind}\x1f{amount}\x1f{currency}\x1f{payee}\x1f{memo}\x1f1"
        n = self.seen.count(hash(text))  # 1 unless an identical row came earlier in the file
        if n > 1:
            text = f"{text[:-1]}{n}"
        key = sha256(text.encode()).hexdigest()[:32]
        return Row(line, day, kind, amount, currency, category, account, payee, memo, tags, key, ident)

    def _once(self, name: str, fn: Callable[[Any, str], Any], raw: Any) -> Any:
        """``fn(raw, name)``, remembered per distinct raw value; a UsageError becomes this row's error."""
        cache = self._caches[name]
        found = cache.get(raw)
        return found if found is not None else self.remember(name, fn, raw, cache)

    @staticmethod
    def remember(name: str, fn: Callable[[Any, str], Any], raw: Any, cache: dict[Any, Any]) -> Any:
        """``fn(raw, name)``, remembered in ``cache`` (``fn`` never gives None); a UsageError becomes this row's
        error."""
        try:
            value = fn(raw, name)
        except UsageError as exc:
            raise _Bad(name, exc.message) from None
        if len(cache) >= CACHE_MAX:  # a full cache starts over: memory stays flat
            cache.clear()
        cache[raw] = value
        return value

    def _rule(self, texts: tuple[str, str], _name: str) -> str:
        memo, payee = texts
        for pattern, cat in self.rules:
            if pattern.search(memo) or (payee and pattern.search(payee)):
                return cat
        return ""

    def date_of(self, text: str) -> str:
        cached = self.dates.get(text)
        if cached is not None:
            return cached
        if not text:
            raise _Bad("date", "empty")
        try:
            if self.spec.date_format:
                value = datetime.strptime(text, self.spec.date_format).date()
            elif m := _DATE.match(text) or _COMPACT.match(text):
                value = date(int(m[1]), int(m[2]), int(m[3]))
            elif m := _SHORT_YEAR.match(text):
                value = date(2000 + int(m[1]), int(m[2]), int(m[3]))
            elif m := _NO_YEAR.match(text):
                month, day = int(m[1]), int(m[2])
                value = date(statement.year_for(month, day, self.span, self.today), month, day)
            else:
                raise _Bad(
                    "date",
                    f"{text!r} is not a date reflee recognises (YYYY-MM-DD, YYYY.MM.DD, YYYYMMDD, 2024년 1월 5일)",
                    "give --date-format, e.g. '%m/%d/%Y'",
                )
        except ValueError:
            fmt = f" in the date format {self.spec.date_format!r}" if self.spec.date_format else ""
            raise _Bad("date", f"{text!r} is not a real calendar date{fmt}") from None
        iso = value.isoformat()
        if len(self.dates) >= CACHE_MAX:
            self.dates.clear()
        self.dates[text] = iso
        return iso

    def _money(self, text: str, currency: str, name: str) -> tuple[int, str]:
        """(signed minor units, currency) of an amount cell (a plain whole number read at once, as in _amount)."""
        if currency in WHOLE_UNITS and (n := fast_int(text)) is not None:
            return n, currency
        return self._once(name, self._read_money, (text, currency))

    @staticmethod
    def _read_money(cell: tuple[str, str], name: str) -> tuple[int, str]:
        """An amount that is not a plain whole number in a currency without minor units (those are read first,
        in place)."""
        text, currency = cell
        m = read_amount(text, currency, field=name)
        return m.minor, m.currency

    def _amount(self, values: tuple[str, ...], currency: str) -> tuple[str | None, int, str]:
        """(kind, positive minor units, currency) of a row (its stripped cells, in _PICKED's order)."""
        get = self._get
        if self._one_amount:
            text = values[1]
            # a plain whole number in a currency without minor units (most amounts, and most are distinct: not
            # worth remembering), ``fast_int`` written out on the hot path; anything else is read, and
            # remembered, by _read_money
            if (
                currency in WHOLE_UNITS
                and plain_number(text)
                and -MAX_MINOR <= (minor := int(text.replace(",", ""))) <= MAX_MINOR
            ):
                cur = currency
            else:
                minor, cur = self._once("amount", self._read_money, (text, currency))
            if minor == 0:
                raise _Bad("amount", "zero")
            if self._kind_column and (word := values[4]):
                kind = statement.kind_of(word)
                if kind is None:
                    if "kind" not in self.cols.auto:
                        raise _Bad("kind", f"{word!r} is not income/expense (수입/지출, 입금/출금)")
                else:
                    return kind, abs(minor), cur
            self.signed += 1
            if minor > 0:
                return self.positive, minor, cur
            self.negative += 1
            return self.opposite, -minor, cur
        out = values[2] if "debit" in get else ""
        into = values[3] if "credit" in get else ""
        out_m, out_cur = (0, currency) if out in NO_AMOUNT else self._money(out, currency, "debit")
        in_m, in_cur = (0, currency) if into in NO_AMOUNT else self._money(into, currency, "credit")
        if out_m and in_m:
            raise _Bad("debit", f"both money out ({out}) and money in ({into}) in one row")
        if out_m:
            return (EXPENSE if out_m > 0 else INCOME), abs(out_m), out_cur
        if in_m:
            return (INCOME if in_m > 0 else EXPENSE), abs(in_m), in_cur
        return None, 0, currency
