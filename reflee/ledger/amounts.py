"""Money as people type it, read into integer minor units. No float ever touches an amount.

``parse_amount`` reads ``12000``, ``12,000``, ``12,000원``, ``₩12,000``, ``3만원``, ``3.5만``,
``1억 2천만원``, ``삼만 오천원``, ``$12.50``, ``12.50 USD``, ``USD 12.50``, ``-4,500`` and ``(4,500)``
(accounting negative). Arithmetic is done with ``decimal.Decimal`` and the result must be a whole
number of the currency's minor unit (KRW has none, USD has cents).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, Inexact, InvalidOperation, Overflow, localcontext

from reflee.errors import UsageError
from reflee.i18n import _
from reflee.ledger.money import CURRENCIES, format_money
from reflee.ledger.money import check_currency as check_currency  # importable here too, as before
from reflee.ledger.money import format_plain as format_plain

MAX_MINOR = 10**12
"""The largest amount one transaction or budget may hold, in minor units (1조 원; $10 billion)."""

_SYMBOLS = {"₩": "KRW", "$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
_WORDS = {"원": "KRW", "달러": "USD", "불": "USD", "엔": "JPY", "유로": "EUR", "위안": "CNY"}
_BIG = {"만": 10**4, "억": 10**8, "조": 10**12}
_SMALL = {"십": 10, "백": 100, "천": 1000}
_HANGUL_DIGITS = {"일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8, "구": 9}
_PLAIN = re.compile(r"^(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?$")
_FAST = re.compile(r"-?(?:[0-9]{1,15}|[0-9]{1,3}(?:,[0-9]{3}){1,4})\Z")
"""A plain whole number in the digits 0-9 (``\\d`` would take ١٢٣ or ４, which ``read_amount`` refuses or reads)."""
_NUMBER_TOKEN = re.compile(r"\d[\d,]*(?:\.\d+)?|\.\d+|[일이삼사오육칠팔구]|[십백천만억조]")
_CODE_PREFIX = re.compile(r"^([A-Za-z]{3})\s*(?=[-+(\d.₩$€£¥])")
_CODE_SUFFIX = re.compile(r"(?<=[\d만억조천백십원)\s])\s*([A-Za-z]{3})$")
_EXAMPLES = "e.g. 12000, 12,000원, 3만원, 3.5만, 1억 2천만원, $12.50, 12.50 USD"


@dataclass(frozen=True)
class Money:
    minor: int
    """Signed amount in the currency's minor unit (KRW: won; USD: cents)."""
    currency: str


def exponent(currency: str) -> int:
    return CURRENCIES[currency]


WHOLE_UNITS = frozenset(code for code, digits in CURRENCIES.items() if digits == 0)
"""Currencies without minor units (KRW, JPY, …): a plain whole number is their amount in minor units."""
NO_AMOUNT = frozenset({"", "0", "-", "0.00", "0.0"})
"""A money-out or money-in cell (출금/입금) with nothing in it: the row's amount is in the other column."""
plain_number = _FAST.match
"""Whether a cell is a plain whole number ('12000', '-12,000'), the common case (then int() of it without the
commas is its value; see ``fast_int``)."""


def fast_int(text: str) -> int | None:
    """The common case of a plain whole number ('12000', '-12,000') within MAX_MINOR, or None (then
    ``read_amount`` reads it, and refuses it if it is too large)."""
    if _FAST.match(text):
        n = int(text.replace(",", ""))
        return n if -MAX_MINOR <= n <= MAX_MINOR else None
    return None


def _foreign_digit(text: str) -> str | None:
    """The first digit that is not 0-9 (full-width ０-９ are fine: NFKC makes them 0-9): ①, ², ٣, ๓, ४."""
    for ch in text:
        if ch.isdigit() or ch.isnumeric():
            if "0" <= ch <= "9" or "\uff10" <= ch <= "\uff19":
                continue
            return ch
    return None


def parse_amount(text: str, default_currency: str = "KRW", *, field: str = "AMOUNT") -> Money:
    """``read_amount`` for a caller that shows the error on its own: its message starts with ``field``, a
    label (``AMOUNT: 'abc' is not a number``)."""
    try:
        return read_amount(text, default_currency, field=field)
    except UsageError as exc:
        raise UsageError(exc.describe()) from None


def read_amount(text: str, default_currency: str = "KRW", *, field: str = "amount") -> Money:
    """Read an amount as people write it. Raises UsageError with ``field`` and one clear reason."""
    raw = text
    if len(text) > 200:
        raise UsageError(_("{raw!r}… is too long to be an amount").format(raw=raw[:20]), field=field)
    if (digit := _foreign_digit(text)) is not None:
        raise UsageError(
            _("{amount} has the character {char}; write amounts with the digits 0-9").format(
                amount=repr(raw), char=repr(digit)
            ),
            field=field,
        )
    s = unicodedata.normalize("NFKC", text).strip()
    if not s:
        raise UsageError(_("empty amount ({examples})").format(examples=_EXAMPLES), field=field)
    if len(s) > 60:
        raise UsageError(_("{raw!r}… is too long to be an amount").format(raw=raw[:20]), field=field)
    negative = False
    accounting = False
    if s.startswith("(") and s.endswith(")"):
        negative, accounting, s = True, True, s[1:-1].strip()
    currency: str | None = None

    def set_currency(code: str) -> None:
        nonlocal currency
        code = code.upper()
        if code not in CURRENCIES:
            raise UsageError(
                _("{code!r} in {raw!r} is not a currency reflee knows").format(code=code, raw=raw), field=field
            )
        if currency is not None and currency != code:
            raise UsageError(
                _("{raw!r} names two currencies ({currency} and {code})").format(raw=raw, currency=currency, code=code),
                field=field,
            )
        currency = code

    signs = 0
    if s[:1] in "-+":
        negative ^= s[0] == "-"
        s, signs = s[1:].strip(), 1
    if m := _CODE_PREFIX.match(s):
        set_currency(m[1])
        s = s[m.end() :].strip()
    for sym in sorted(_SYMBOLS, key=len, reverse=True):
        if s.startswith(sym):
            set_currency(_SYMBOLS[sym])
            s = s[len(sym) :].strip()
            break
    if s[:1] in "-+":
        negative ^= s[0] == "-"
        s, signs = s[1:].strip(), signs + 1
    if signs > 1 or s[:1] in "-+" or (accounting and signs):  # (-4,500): brackets already say negative
        raise UsageError(_("{raw!r} has more than one sign").format(raw=raw), field=field)
    if m := _CODE_SUFFIX.search(s):
        set_currency(m[1])
        s = s[: m.start()].strip()
    for word, code in _WORDS.items():
        if s.endswith(word):
            set_currency(code)
            s = s[: -len(word)].strip()
            break
    if not s:
        raise UsageError(_("{raw!r} has no number ({examples})").format(raw=raw, examples=_EXAMPLES), field=field)
    currency = currency or default_currency
    places = CURRENCIES[currency]
    with localcontext() as exact:  # enough digits that nothing is rounded: 12.50000…01 USD is refused, not 12.50
        exact.prec = 200
        exact.traps[Inexact] = True
        try:
            value = _parse_number(s, raw, field, places)
            scaled = value.scaleb(places)
        except (Inexact, Overflow):
            raise UsageError(
                _("{raw!r} is not a number ({examples})").format(raw=raw, examples=_EXAMPLES), field=field
            ) from None
    if scaled != scaled.to_integral_value():
        unit = "whole units" if places == 0 else f"{places} decimal places"
        raise UsageError(
            _("{raw!r} has more precision than {currency} allows ({unit})").format(
                raw=raw, currency=currency, unit=unit
            ),
            field=field,
        )
    minor = int(scaled)
    if minor > MAX_MINOR:
        raise UsageError(
            _("{raw!r} is too large (the limit is {format_money})").format(
                raw=raw, format_money=format_money(MAX_MINOR, currency)
            ),
            field=field,
        )
    return Money(-minor if negative else minor, currency)


def _parse_number(s: str, raw: str, field: str, places: int) -> Decimal:
    if re.search(r"[\d.,]\s+[\d.,]", s):
        raise UsageError(_("{raw!r} has a space inside a number").format(raw=raw), field=field)
    compact = s.replace(" ", "")
    if compact.count(".") > 1 or re.search(r"\.\d*[.,]", compact):
        raise UsageError(
            _("{raw!r} is not a number (group thousands with commas: 1,234,567)").format(raw=raw), field=field
        )
    if _PLAIN.match(compact):
        if places < 3 and "," not in compact and re.fullmatch(r"[1-9]\d{0,2}\.\d{3}", compact):
            raise UsageError(
                _(
                    "{raw!r} is ambiguous (a decimal point or a thousands separator?); write {replace} for thousands"
                ).format(raw=raw, replace=compact.replace(".", ",")),
                field=field,
            )
        return _decimal(compact, raw, field)
    if re.search(r"\d,\d", compact) and not re.search(r"[만억조천백십]", compact):
        raise UsageError(
            _("{raw!r} is ambiguous: commas must group digits by three (12,000)").format(raw=raw), field=field
        )
    tokens = _NUMBER_TOKEN.findall(compact)
    if not tokens or "".join(tokens) != compact:
        raise UsageError(_("{raw!r} is not a number ({examples})").format(raw=raw, examples=_EXAMPLES), field=field)
    return _korean(tokens, raw, field)


def _decimal(text: str, raw: str, field: str) -> Decimal:
    if text.count(",") and not re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\.\d+", text):
        raise UsageError(
            _("{raw!r} is ambiguous: commas must group digits by three (12,000)").format(raw=raw), field=field
        )
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise UsageError(
            _("{raw!r} is not a number ({examples})").format(raw=raw, examples=_EXAMPLES), field=field
        ) from None


def _korean(tokens: list[str], raw: str, field: str) -> Decimal:
    """Korean place-value units: 1억 2천만 = 1×10⁸ + (2×10³)×10⁴; 3.5만 = 35,000."""
    total = Decimal(0)
    group = Decimal(0)  # the part below the next 만/억/조
    pending: Decimal | None = None  # a number waiting for its unit
    last_big = 10**17
    last_small = 10**5
    for tok in tokens:
        if tok in _BIG:
            unit = _BIG[tok]
            if unit >= last_big:
                raise UsageError(
                    _("{raw!r}: {tok} is out of order (write larger units first: 1억 2천만)").format(raw=raw, tok=tok),
                    field=field,
                )
            part = group + (pending if pending is not None else 0)
            if part == 0:
                part = Decimal(1)
            total += part * unit
            group, pending, last_big, last_small = Decimal(0), None, unit, 10**5
        elif tok in _SMALL:
            unit = _SMALL[tok]
            if unit >= last_small:
                raise UsageError(
                    _("{raw!r}: {tok} is out of order (write larger units first: 2천5백)").format(raw=raw, tok=tok),
                    field=field,
                )
            group += (pending if pending is not None else Decimal(1)) * unit
            pending, last_small = None, unit
        else:
            if pending is not None:
                raise UsageError(_("{raw!r} has two numbers in a row").format(raw=raw), field=field)
            pending = Decimal(_HANGUL_DIGITS[tok]) if tok in _HANGUL_DIGITS else _decimal(tok, raw, field)
    return total + group + (pending if pending is not None else 0)
