"""기준 중위소득 (standard median income, monthly, KRW) by year and household size.

Published by 보건복지부 each summer for the next year. A household's monthly income as a share of this
is how most programmes state income limits ("기준 중위소득 150% 이하").
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TABLE: dict[int, tuple[int, ...]] = {
    # year: (1인, 2인, 3인, 4인, 5인, 6인)
    2025: (2_392_013, 3_932_658, 5_025_353, 6_097_773, 7_108_192, 8_064_805),
    2026: (2_564_238, 4_199_292, 5_359_036, 6_494_738, 7_556_719, 8_555_952),
}


@dataclass(frozen=True)
class MedianShare:
    percent: Decimal
    """Household monthly income / 기준 중위소득 × 100, one decimal."""
    year: int
    """The year of the table used (the nearest one when the asked year is not published here)."""
    household_size: int
    median_krw: int
    estimated_size: bool = False
    """True above 6 people: the table is extended by the 5→6 step per extra person."""

    def to_json(self) -> dict[str, object]:
        return {
            "percent": str(self.percent),
            "year": self.year,
            "household_size": self.household_size,
            "median_krw": self.median_krw,
            "estimated": self.estimated_size,
        }


def table_year(year: int) -> int:
    years = sorted(TABLE)
    older = [y for y in years if y <= year]
    return older[-1] if older else years[0]


def median(year: int, household_size: int) -> tuple[int, bool]:
    """(monthly 기준 중위소득 in KRW, whether it was extended beyond the published sizes)."""
    if household_size < 1:
        raise ValueError("household size must be at least 1")
    row = TABLE[table_year(year)]
    if household_size <= len(row):
        return row[household_size - 1], False
    step = row[-1] - row[-2]
    return row[-1] + step * (household_size - len(row)), True


def share(monthly_income_krw: int, household_size: int, year: int) -> MedianShare:
    value, estimated = median(year, household_size)
    pct = (Decimal(monthly_income_krw) * 100 / Decimal(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return MedianShare(pct, table_year(year), household_size, value, estimated)
