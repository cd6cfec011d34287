"""Reading and showing amounts of Korean won the way people write them: 3,600만원, 2억 3천만, 36000000."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from reflee.errors import UsageError
from reflee.i18n import _

MAX_KRW = 1_000_000_000_000
"""1조원: anything above is a typo."""
_UNITS = {"억": 100_000_000, "천만": 10_000_000, "백만": 1_000_000, "만": 10_000, "천": 1_000, "": 1}
_TOKEN = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(억|천만|백만|만|천)?")


def parse_krw(text: str, field: str) -> int:
    """Whole won from '3,600만원', '3600만', '2억 3천만원', '1.5억', '36,000,000', '0'. Raises UsageError."""
    raw = text
    s = text.strip().replace("₩", "").replace("KRW", "").replace("krw", "")
    s = re.sub(r"\s*원$", "", s).strip()
    if not s:
        raise UsageError(_("{field}: empty amount (e.g. 3600만원 or 36000000)").format(field=field))
    if s.startswith("-"):
        raise UsageError(_("{field}: {raw!r} is negative; income is 0 or more").format(field=field, raw=raw))
    pos, total = 0, Decimal(0)
    last_unit = None
    while pos < len(s):
        m = _TOKEN.match(s, pos)
        if not m:
            raise UsageError(
                _("{field}: cannot read {raw!r} as an amount of won (e.g. 3600만원, 2억 3천만, 36000000)").format(
                    field=field, raw=raw
                )
            )
        number, unit = m[1], m[2] or ""
        if "," in number and not re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", number):
            raise UsageError(_("{field}: {raw!r} has misplaced thousands separators").format(field=field, raw=raw))
        if last_unit is not None and _UNITS[unit] >= _UNITS[last_unit]:
            raise UsageError(
                _("{field}: cannot read {raw!r} (units must go from large to small, e.g. 2억 3천만)").format(
                    field=field, raw=raw
                )
            )
        try:
            total += Decimal(number.replace(",", "")) * _UNITS[unit]
        except InvalidOperation:
            raise UsageError(
                _("{field}: cannot read {raw!r} as an amount of won").format(field=field, raw=raw)
            ) from None
        last_unit = unit
        pos = m.end()
        while pos < len(s) and s[pos] == " ":
            pos += 1
    if total != total.to_integral_value():
        raise UsageError(_("{field}: {raw!r} is not a whole number of won").format(field=field, raw=raw))
    if total > MAX_KRW:
        raise UsageError(_("{field}: {raw!r} is more than 1조원; check the amount").format(field=field, raw=raw))
    return int(total)


def format_krw(amount: int) -> str:
    """'3,600만원' for round amounts, '36,012,345원' otherwise, '0원'."""
    if amount and amount % 10_000 == 0:
        eok, man = divmod(amount // 10_000, 10_000)
        if eok:
            return f"{eok:,}억" + (f" {man:,}만원" if man else "원")
        return f"{man:,}만원"
    return f"{amount:,}원"
