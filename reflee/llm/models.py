"""What the LLM services hand to front ends: plain dataclasses with ``to_json()``."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from reflee.llm.types import ModelInfo

__all__ = [
    "CacheCleared",
    "CacheStats",
    "CallRecord",
    "Check",
    "DoctorReport",
    "ListedModel",
    "ModelInfo",
    "ModelList",
    "PullResult",
]


@dataclass
class CallRecord:
    """One model call as the call log keeps it."""

    id: str
    provider: str
    model: str
    purpose: str
    messages: list[dict[str, str]]
    options: dict[str, Any]
    schema: dict[str, Any] | None
    response: str | None
    done_reason: str | None
    error: str | None
    prompt_tokens: int | None
    completion_tokens: int | None
    total_ms: float | None
    load_ms: float | None
    wall_ms: float
    created_at: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class CacheStats:
    path: str
    entries: int
    size_bytes: int
    hits: int
    misses: int
    ttl_days: int

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class CacheCleared:
    removed: int

    def to_json(self) -> dict[str, Any]:
        return {"removed": self.removed}


@dataclass
class ListedModel:
    info: ModelInfo
    configured: bool
    """True for the model llm.model names."""

    def to_json(self) -> dict[str, Any]:
        return {**self.info.to_json(), "configured": self.configured}


@dataclass
class ModelList:
    """The server's models, and the name of the configured one (which may be missing from the list)."""

    configured: str
    models: list[ListedModel] = field(default_factory=list)

    @property
    def has_configured(self) -> bool:
        return any(m.configured for m in self.models)

    def to_json(self) -> list[dict[str, Any]]:
        return [m.to_json() for m in self.models]


@dataclass
class PullResult:
    model: str
    status: str
    """The server's last status line ('success' when all went well)."""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Check:
    name: str
    status: str
    """ok | warn | fail"""
    detail: str
    fix: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class DoctorReport:
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No check failed (warnings are fine)."""
        return not any(c.status == "fail" for c in self.checks)

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "checks": [c.to_json() for c in self.checks]}
