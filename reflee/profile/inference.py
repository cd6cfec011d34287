"""Income worked out from the ledger when the user has not entered any.

The ledger is another domain: it is reached only through a callable its service provides
(``ReportService.income_by_month``), handed in by the composition root.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from reflee.errors import RefleeError
from reflee.profile.money import format_krw

IncomeByMonth = Callable[..., dict[str, int]]
"""(first_month 'YYYY-MM', last_month 'YYYY-MM', currency='KRW') -> {'YYYY-MM': minor units}."""
MONTHS = 3


@dataclass(frozen=True)
class InferredIncome:
    monthly_krw: int
    """Average monthly ledger income over the months that had any."""
    first_month: str
    last_month: str
    months_with_income: int

    @property
    def source(self) -> str:
        return (
            f"가계부 {self.first_month}~{self.last_month} 수입 평균 월 {format_krw(self.monthly_krw)}"
            f" (수입이 있는 {self.months_with_income}개월 기준)"
        )


def last_full_months(today: date, n: int = MONTHS) -> tuple[str, str]:
    """The n calendar months before the current one: on 2026-11-21 -> ('2026-08', '2026-10')."""
    index = today.year * 12 + today.month - 1  # the current month, 0-based
    first, last = index - n, index - 1
    return f"{first // 12:04d}-{first % 12 + 1:02d}", f"{last // 12:04d}-{last % 12 + 1:02d}"


def infer(income_by_month: IncomeByMonth | None, today: date) -> InferredIncome | None:
    """None when there is no ledger, it has no income in those months, or it cannot answer."""
    if income_by_month is None:
        return None
    first, last = last_full_months(today)
    try:
        by_month = income_by_month(first, last, "KRW")
    except RefleeError:
        return None
    amounts = [int(v) for k, v in (by_month or {}).items() if first <= k <= last and int(v) > 0]
    if not amounts:
        return None
    return InferredIncome(sum(amounts) // len(amounts), first, last, len(amounts))
