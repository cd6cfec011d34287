"""The profile as plain dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FIELD_LABELS: dict[str, str] = {
    # every profile field, in display order -> its Korean label (reflee.profile.fields builds on this)
    "birth_date": "생년월일",
    "gender": "성별",
    "region": "거주지역",
    "household_size": "가구원 수",
    "children": "자녀 수",
    "income_annual": "본인 연소득",
    "income_monthly_household": "가구 월소득",
    "employment": "취업상태",
    "education": "학력",
    "major": "전공계열",
    "marital": "혼인상태",
    "housing": "주거형태",
    "traits": "특성",
}


@dataclass
class ProfileValue:
    field: str
    label: str
    value: Any
    """None when neither entered nor inferred."""
    display: str
    source: str | None = None
    """'entered' (the user typed it; always wins), 'inferred' (estimated, e.g. from the ledger; see
    ``inferred_from``), 'derived' (worked out exactly from other entered fields, e.g. a 1-person household's
    monthly income from the yearly one), or None."""
    inferred_from: str | None = None
    updated_at: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "value": self.value,
            "display": self.display,
            "source": self.source,
            "inferred_from": self.inferred_from,
            "updated_at": self.updated_at,
        }


@dataclass
class Profile:
    """The effective profile on a day: entered values, inferred ones where nothing was entered."""

    fields: dict[str, ProfileValue]
    on: str
    """The day it describes (ages are worked out for it), YYYY-MM-DD."""
    age: int | None = None
    median_income: Any = None
    """reflee.refdata.median_income.MedianShare when household income and size are known."""
    notes: list[str] = field(default_factory=list)

    def get(self, name: str) -> Any:
        return self.fields[name].value

    @property
    def is_empty(self) -> bool:
        return all(v.value is None for v in self.fields.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "on": self.on,
            "fields": {name: v.to_json() for name, v in self.fields.items()},
            "age": self.age,
            "median_income": self.median_income.to_json() if self.median_income else None,
            "notes": self.notes,
        }


@dataclass
class ProfileChange:
    """What a write returns: the profile afterwards and the fields the write was about."""

    profile: Profile
    fields: list[str]
    """Canonical names of the fields set or cleared, in the order given."""
    changed: bool = True
    """False when an unset found nothing to clear."""

    def to_json(self) -> dict[str, Any]:
        return self.profile.to_json()
