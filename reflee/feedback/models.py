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
    quality: list[dict[str, Any]] = field(default_factory=list)
    """The quality flags the answer still has (reflee.feedback.quality.Flag as JSON): shown with it."""

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


KIND = "feedback"
"""The job kind of feedback work in the durable queue (reflee.jobs)."""


@dataclass
class Outcome:
    """What became of one feedback job."""

    job_id: str
    retro_id: str | None
    state: str
    """done | skipped | queued (will retry) | failed | released | lost"""
    error: str | None = None
    hint: str | None = None
    feedback: Feedback | None = None
    unreachable: bool = False
    job_short_id: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "job_id": self.job_id,
            "job_short_id": self.job_short_id or self.job_id[17:24],
            "state": self.state,
            "error": self.error,
            "feedback": self.feedback.to_json() if self.feedback else None,
        }


@dataclass
class RunSummary:
    """What one run of the queue did."""

    done: int = 0
    skipped: int = 0
    retried: int = 0
    failed: int = 0
    unreachable: str | None = None
    errors: list[str] = field(default_factory=list)

    def add(self, o: Outcome) -> None:
        if o.state == "done":
            self.done += 1
        elif o.state == "skipped":
            self.skipped += 1
        elif o.state == "queued":
            self.retried += 1
        elif o.state == "failed":
            self.failed += 1
        if o.error and o.state in ("queued", "failed"):
            self.errors.append(o.error)
        if o.unreachable:
            self.unreachable = o.error

    def to_json(self) -> dict[str, object]:
        return {
            "done": self.done,
            "skipped": self.skipped,
            "retried": self.retried,
            "failed": self.failed,
            "unreachable": self.unreachable,
        }
