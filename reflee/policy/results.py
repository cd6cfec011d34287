"""Match results: one per policy, with the verdict on each condition, and how they are ranked; and one policy
shown in full with its own result."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reflee.ids import natural_sid
from reflee.policy.models import ApplyStatus, Policy

ELIGIBILITY_ORDER = {"eligible": 0, "eligible_text": 1, "maybe": 2, "ineligible": 3}
"""해당 (every restriction coded and met), 해당(글 확인) (the coded ones met, a line of the record's text decides),
확인 필요 (the profile cannot tell yet), 해당 없음."""
NO_DEADLINE = "9999-12-31"
NATIONAL_SIZE = 1_000_000
"""Ranks a nationwide policy after every local one ("more local first")."""


@dataclass
class PolicyBrief:
    """What a match result shows about its policy."""

    id: str
    source: str
    source_id: str
    title: str
    category: str | None
    org_name: str | None
    region_scope: str
    apply_text: str
    detail_url: str | None
    apply_url: str | None
    exclusions: str
    short_id: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "short_id": self.short_id or natural_sid(self.id),
            "source": self.source,
            "source_id": self.source_id,
            "title": self.title,
            "category": self.category,
            "org_name": self.org_name,
            "region_scope": self.region_scope,
            "apply_text": self.apply_text,
            "detail_url": self.detail_url,
            "apply_url": self.apply_url,
        }


@dataclass
class MatchResult:
    policy: PolicyBrief
    eligibility: str
    """eligible | eligible_text | maybe | ineligible"""
    apply: ApplyStatus
    conditions: list[dict[str, Any]] = field(default_factory=list)
    """Each condition's verdict: dimension, label, status (met | not_met | unknown | text), reason, origin;
    ``line`` (the deciding line of the record's text) when the status is text; ``asks`` (profile fields that
    would settle it) when unknown."""
    rank: int = 0
    favorite: bool = False

    @property
    def unknown_count(self) -> int:
        return sum(1 for c in self.conditions if c["status"] == "unknown")

    @property
    def deciding_lines(self) -> list[str]:
        """The lines of the record's text that decide, for 해당(글 확인)."""
        return [c["line"] for c in self.conditions if c["status"] == "text" and c.get("line")]

    @property
    def failed_count(self) -> int:
        return sum(1 for c in self.conditions if c["status"] == "not_met")

    def to_json(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "policy": self.policy.to_json(),
            "eligibility": self.eligibility,
            "apply": self.apply.to_json(),
            "unknown_count": self.unknown_count,
            "failed_count": self.failed_count,
            "deciding_lines": self.deciding_lines,
            "conditions": self.conditions,
            "exclusions": self.policy.exclusions or None,
            "favorite": self.favorite,
        }


@dataclass
class PolicyDetail:
    """One policy in full (PolicyService.show): where its application stands and how it matches you."""

    policy: Policy
    apply: ApplyStatus
    match: MatchResult | None
    """None when the policy is not among the stored results (e.g. deleted)."""
    conditions: list[tuple[str, str]] = field(default_factory=list)
    """Each eligibility condition in words, without the user: (dimension label, '만 19~34세')."""

    def to_json(self) -> dict[str, Any]:
        data = self.policy.to_json(status=self.apply)
        data["match"] = self.match.to_json() if self.match else None
        return data


def sort_key(
    eligibility: str, unknown: int, apply: ApplyStatus, region_size: int | None, popularity: int | None, title: str
) -> tuple[Any, ...]:
    """Eligible before maybe before ineligible; then fewer unknowns, nearer deadline (closed last), more local,
    more viewed, title."""
    deadline = apply.deadline if apply.state in ("open", "upcoming") and apply.deadline else NO_DEADLINE
    return (
        ELIGIBILITY_ORDER[eligibility],
        apply.state == "closed",
        unknown,
        deadline,
        region_size if region_size else NATIONAL_SIZE,
        -(popularity or 0),
        title,
    )
