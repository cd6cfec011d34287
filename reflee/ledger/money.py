"""Currencies and how amounts, kinds, categories and accounts read to people: constants and plain functions.

No dataclasses and no other reflee module beyond errors and i18n, so that every ledger module can import it for
next to nothing; the scripted `ledger report --json` (reflee.cli.fastpaths) starts faster for it. Front ends
reach all of it through reflee.ledger.models, as before.
"""

from __future__ import annotations

from reflee.errors import UsageError
from reflee.i18n import _

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


def check_currency(code: str, field: str = "currency") -> str:
    """The ISO code reflee knows for ``code`` (any case, spaces around it), or a UsageError naming ``field``."""
    norm = code.strip().upper()
    if norm not in CURRENCIES:
        raise UsageError(
            _("{code!r} is not a currency reflee knows ({join})").format(code=code, join=", ".join(sorted(CURRENCIES))),
            field=field,
        )
    return norm
