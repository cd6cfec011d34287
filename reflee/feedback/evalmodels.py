"""What `reflee feedback eval` returns: one evaluated entry, a run, two runs compared (plain dataclasses)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

CHECKS = ("schema", "language", "sections", "distinct", "keep_vs_recs", "grounded", "no_echo", "length")
"""Every check the eval scores, in the order its table shows them ('schema' is parse success)."""


@dataclass
class EvalItem:
    case_id: str
    language: str
    raw: dict[str, Any]
    guarded: dict[str, Any]
    judge: dict[str, int] | None = None
    answer: dict[str, Any] | None = None
    error: str | None = None
    calls: int = 0
    model_ms: float = 0.0
    wall_ms: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class EvalRun:
    id: str
    template: str
    template_versions: dict[str, str]
    provider: str
    model: str
    judge_model: str | None
    cases: int
    scores: dict[str, Any]
    model_ms: float
    wall_ms: float
    created_at: str
    items: list[EvalItem] = field(default_factory=list)
    short_id: str = ""

    @property
    def overhead_ms_per_case(self) -> float:
        """Time spent in reflee beyond the model's own calls, per entry."""
        return max(0.0, self.wall_ms - self.model_ms) / max(1, self.cases)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["items"] = [i.to_json() for i in self.items]
        data["overhead_ms_per_case"] = round(self.overhead_ms_per_case, 3)
        return data


@dataclass
class EvalComparison:
    a: EvalRun
    b: EvalRun

    def delta(self) -> dict[str, float]:
        """B minus A, per check (guarded) and for the overall score."""
        ga, gb = self.a.scores["guarded"], self.b.scores["guarded"]
        out = {k: round(gb[k] - ga[k], 4) for k in CHECKS}
        out["score"] = round(self.b.scores["score"]["guarded"] - self.a.scores["score"]["guarded"], 4)
        return out

    def to_json(self) -> dict[str, Any]:
        return {"a": self.a.to_json(), "b": self.b.to_json(), "delta": self.delta()}
