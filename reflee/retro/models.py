"""Retrospect (회고) records as plain dataclasses."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Retro:
    id: str
    entry_date: str
    """The day the retrospect is about: a local calendar date, YYYY-MM-DD."""
    purpose: str
    """Why: the goal or intention behind what happened (목적)."""
    content: str
    """What happened (내용)."""
    tags: list[str] = field(default_factory=list)
    version: int = 1
    """Goes up by one each time purpose or content changes."""
    created_at: str = ""
    updated_at: str = ""
    deleted_at: str | None = None
    short_id: str = ""

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("short_id")
        return {"id": self.id, "short_id": self.short_id or self.id[:8], **{k: v for k, v in data.items() if k != "id"}}


@dataclass
class TagCount:
    tag: str
    count: int

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
