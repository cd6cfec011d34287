"""Validation and normalisation of the text fields of a transaction.

Category and account names become hledger account names on export, so they may not contain ':'
(hledger's sub-account separator) or ';' (a comment), and runs of whitespace become one space
(two spaces end an account name in a journal).
"""

from __future__ import annotations

import re
import unicodedata

from reflee.errors import UsageError
from reflee.i18n import _
from reflee.ledger.money import EXPENSE, INCOME, NO_ACCOUNT, UNCATEGORIZED
from reflee.ledger.money import show_account as show_account  # moved to money; importable here too
from reflee.ledger.money import show_category as show_category

MAX_NAME = 50
MAX_PAYEE = 200
MAX_MEMO = 1000
MAX_TAG = 50
TOTAL = "*"
"""The category under which the overall monthly budget is stored."""
TOTAL_NAMES = ("*", "total", "전체")
_WS = re.compile(r"\s+")
_NAME_BAD = re.compile(r"[:;\x00-\x1f\x7f]")
_TAG_BAD = re.compile(r"[\s,:;]")
_DROP = re.compile(r"[\d\W_]+", re.UNICODE)
_KIND_WORDS = {
    "income": INCOME,
    "수입": INCOME,
    "입금": INCOME,
    "credit": INCOME,
    "deposit": INCOME,
    "in": INCOME,
    "+": INCOME,
    "expense": EXPENSE,
    "지출": EXPENSE,
    "출금": EXPENSE,
    "debit": EXPENSE,
    "withdrawal": EXPENSE,
    "out": EXPENSE,
    "-": EXPENSE,
}


def clean_text(text: str | None) -> str:
    return _WS.sub(" ", unicodedata.normalize("NFC", text or "")).strip()


def _name(raw: str | None, field: str, empty_words: tuple[str, ...]) -> str:
    name = clean_text(raw)
    if name.lower() in empty_words:
        return ""
    if m := _NAME_BAD.search(name):
        bad = {":": "':'", ";": "';'"}.get(m[0], "a control character")
        hint = " (use '/' for sub-categories, e.g. 식비/카페)" if m[0] == ":" else ""
        raise UsageError(
            _("{raw!r} contains {bad}, which is not allowed{hint}").format(raw=raw, bad=bad, hint=hint), field=field
        )
    if len(name) > MAX_NAME:
        raise UsageError(
            _("{value!r}… is longer than {max_name} characters").format(value=(raw or "")[:20], max_name=MAX_NAME),
            field=field,
        )
    return name


def category(raw: str | None, field: str = "category") -> str:
    name = _name(raw, field, (UNCATEGORIZED, "uncategorized", "none"))
    if name.lower() in TOTAL_NAMES:
        raise UsageError(
            _("{raw!r} is reserved for the overall budget; pick another category name").format(raw=raw), field=field
        )
    return name


def budget_category(raw: str, field: str = "category") -> str:
    """A category, or '*' for the overall budget ('total', '전체', '*')."""
    if clean_text(raw).lower() in TOTAL_NAMES:
        return TOTAL
    name = category(raw, field)
    if not name:
        raise UsageError(_("budgets need a category (or 'total' for the overall budget)"), field=field)
    return name


def account(raw: str | None, field: str = "account") -> str:
    return _name(raw, field, (NO_ACCOUNT, "none"))


def payee(raw: str | None, field: str = "payee") -> str:
    text = clean_text(raw)
    if len(text) > MAX_PAYEE:
        raise UsageError(_("longer than {max_payee} characters").format(max_payee=MAX_PAYEE), field=field)
    return text


def memo(raw: str | None, field: str = "memo") -> str:
    text = clean_text(raw)
    if len(text) > MAX_MEMO:
        raise UsageError(_("longer than {max_memo} characters").format(max_memo=MAX_MEMO), field=field)
    return text


def tag(raw: str, field: str = "tag") -> str:
    name = unicodedata.normalize("NFC", raw.strip()).lstrip("#@").lower()
    if not name:
        raise UsageError(_("empty tag {raw!r}").format(raw=raw), field=field)
    if _TAG_BAD.search(name):
        raise UsageError(
            _("{raw!r} contains a space, ',', ':' or ';'; use one word per tag").format(raw=raw), field=field
        )
    if len(name) > MAX_TAG:
        raise UsageError(
            _("{raw!r}… is longer than {max_tag} characters").format(raw=raw[:20], max_tag=MAX_TAG),
            field=field,
        )
    return name


def tags(raw: list[str] | None, field: str = "tags") -> list[str]:
    seen: dict[str, None] = {}
    for item in raw or []:
        for part in item.replace(",", " ").split():
            seen[tag(part, field)] = None
    return sorted(seen)


def kind_word(raw: str) -> str | None:
    """'income' / 'expense' from the words banks and people use (수입, 입금, 지출, 출금, ...), else None."""
    return _KIND_WORDS.get(clean_text(raw).lower())


def normalize(text: str) -> str:
    """Payee or memo text for matching one charge with another (suggest, recurring): NFKC, lower case,
    digits, punctuation and underscores dropped, runs of spaces made one."""
    return " ".join(_DROP.sub(" ", unicodedata.normalize("NFKC", text).lower()).split())
