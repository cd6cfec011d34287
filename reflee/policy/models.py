"""Policies, their eligibility conditions and match results as plain dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reflee.i18n import N_, _
from reflee.ids import natural_sid

DIMENSIONS = {
    # dimension -> its label (English; Korean in the catalogue)
    "age": N_("age limit"),
    "region": N_("place of residence"),
    "income": N_("income limit"),
    "employment": N_("employment status"),
    "education": N_("education level"),
    "major": N_("field of study"),
    "marital": N_("marital status"),
    "gender": N_("gender limit"),
    "special": N_("special target"),
    "personal": N_("personal traits"),
    "household": N_("household traits"),
    "user_type": N_("applicant type"),
    "business": N_("business condition"),
    "conditions": N_("support conditions"),
    "target": N_("who may apply"),
    "selection": N_("selection criteria"),
    "qualification": N_("further requirements"),
    "exclusion": N_("who may not take part"),
}


def dimension_label(dimension: str) -> str:
    """A dimension's label in the interface language ('연령' in Korean)."""
    return _(DIMENSIONS[dimension]) if dimension in DIMENSIONS else dimension


OPS = ("range", "in", "text")
CONFIDENCE = ("coded", "org", "coarse", "text")
"""coded: a code or number from the source; org: worked out from the agency (region only);
coarse: a bracket flag known to be rough (공공서비스 소득 구간); text: written only as text."""


@dataclass
class Condition:
    dimension: str
    op: str
    origin: str
    """Where it came from: 'youth.jobCd', 'gov24.JA03', 'reflee' …"""
    min: int | None = None
    max: int | None = None
    unit: str | None = None
    """'year' (age), 'krw10k_per_year' (income in 만원 a year), 'median_percent' (기준 중위소득 %),
    'median_bracket' (공공서비스 소득 구간), 'outside' (region: anywhere but these), 'rule' (a text rule: see
    reflee.policy.textrules)."""
    values: tuple[str, ...] = ()
    text: str | None = None
    confidence: str = "coded"

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"dimension": self.dimension, "op": self.op}
        if self.op == "range":
            data.update(min=self.min, max=self.max, unit=self.unit)
        elif self.op == "in":
            data.update(values=list(self.values))
            if self.unit:
                data["unit"] = self.unit
        if self.text:
            data["text"] = self.text
        data.update(origin=self.origin, confidence=self.confidence)
        return data


@dataclass
class Window:
    start: str | None
    end: str | None

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end}


@dataclass
class Policy:
    source: str
    source_id: str
    title: str
    summary: str = ""
    benefit: str = ""
    target: str = ""
    """Who it is for, as written (지원대상, 선정기준, 추가신청자격)."""
    exclusions: str = ""
    """Who may not take part, as written (참여제한대상)."""
    keywords: list[str] = field(default_factory=list)
    category: str | None = None
    subcategories: list[str] = field(default_factory=list)
    benefit_types: list[str] = field(default_factory=list)
    user_types: list[str] = field(default_factory=list)
    org_name: str | None = None
    org_code: str | None = None
    org_level: str | None = None
    region_scope: str = "unknown"
    """national | sido | local | multi | unknown — how wide the area it is offered in is."""
    region_size: int | None = None
    """How many 시군구 the area covers (None when national or unknown)."""
    apply_kind: str = "unknown"
    """always | period | closed | unknown."""
    apply_windows: list[Window] = field(default_factory=list)
    apply_text: str = ""
    apply_method: str = ""
    apply_url: str | None = None
    detail_url: str | None = None
    contact: str = ""
    popularity: int | None = None
    registered_at: str | None = None
    source_updated_at: str | None = None
    conditions: list[Condition] = field(default_factory=list)
    id: str = ""
    short_id: str = ""
    created_at: str = ""
    updated_at: str = ""
    deleted_at: str | None = None

    @property
    def apply_start(self) -> str | None:
        starts = [w.start for w in self.apply_windows if w.start]
        return min(starts) if starts else None

    @property
    def apply_end(self) -> str | None:
        ends = [w.end for w in self.apply_windows if w.end]
        return max(ends) if ends else None

    def to_json(self, *, status: Any = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "short_id": self.short_id or natural_sid(self.id),
            "source": self.source,
            "source_id": self.source_id,
            "title": self.title,
            "category": self.category,
            "subcategories": self.subcategories,
            "summary": self.summary,
            "benefit": self.benefit,
            "target": self.target,
            "exclusions": self.exclusions,
            "keywords": self.keywords,
            "benefit_types": self.benefit_types,
            "user_types": self.user_types,
            "org": {"name": self.org_name, "code": self.org_code, "level": self.org_level},
            "region": {"scope": self.region_scope, "size": self.region_size},
            "apply": {
                "kind": self.apply_kind,
                "windows": [w.to_json() for w in self.apply_windows],
                "text": self.apply_text,
                "method": self.apply_method,
                "url": self.apply_url,
            },
            "detail_url": self.detail_url,
            "contact": self.contact,
            "popularity": self.popularity,
            "registered_at": self.registered_at,
            "source_updated_at": self.source_updated_at,
            "conditions": [c.to_json() for c in self.conditions],
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }
        if status is not None:
            data["status"] = status.to_json()
        return data


@dataclass
class ApplyStatus:
    """Where a policy's application stands on a given day."""

    state: str
    """open (accepting now, or always) | upcoming | closed | unknown."""
    deadline: str | None = None
    """The last day of the current or next window."""
    opens: str | None = None
    days_left: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"state": self.state, "deadline": self.deadline, "opens": self.opens, "days_left": self.days_left}


@dataclass
class ImportProblem:
    file: str
    record: str
    """The record's ID (plcyNo, 서비스ID, source_id) or its position when it has none."""
    message: str

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "record": self.record, "message": self.message}


@dataclass
class ImportReport:
    total: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[ImportProblem] = field(default_factory=list)
    """Records that could not be read; they were not imported."""
    warnings: list[ImportProblem] = field(default_factory=list)
    """Imported, but with something worth knowing (e.g. a region code this reflee does not know)."""
    by_source: dict[str, int] = field(default_factory=dict)

    @property
    def imported(self) -> int:
        return self.inserted + self.updated + self.unchanged

    def to_json(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "imported": self.imported,
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "reported": len(self.errors),
            "by_source": self.by_source,
            "errors": [e.to_json() for e in self.errors],
            "warnings": [w.to_json() for w in self.warnings],
        }
