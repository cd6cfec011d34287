"""Structured feedback on a retrospect: the fields of the original ``feedbacks`` table."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

FIELDS = ("summary", "strengths", "weaknesses", "keep_doing", "recommendations")
LABELS = {
    "ko": {
        "summary": "요약",
        "strengths": "잘한 점",
        "weaknesses": "부족한 점",
        "keep_doing": "계속할 점",
        "recommendations": "행동 교정 제안",
    },
    "en": {
        "summary": "Summary",
        "strengths": "Strengths",
        "weaknesses": "Weaknesses",
        "keep_doing": "Keep doing",
        "recommendations": "Recommended changes",
    },
}


@dataclass
class Feedback:
    id: str
    retro_id: str
    retro_version: int
    language: str
    provider: str
    model: str
    template_version: str
    summary: str
    strengths: list[str] = field(default_factory=list)
    weaknesses: list[str] = field(default_factory=list)
    keep_doing: list[str] = field(default_factory=list)
    recommendations: list[str] = field(default_factory=list)
    notice: str | None = None
    """Set when something about the answer deserves a note (e.g. the entry was trimmed to fit)."""
    job_id: str | None = None
    created_at: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class QueueStatus:
    counts: dict[str, int]
    failed: list[dict[str, Any]]
    running: list[dict[str, Any]]
    next_retry_at: str | None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
