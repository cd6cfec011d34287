"""Notifications (알림) as plain dataclasses."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from reflee.ids import natural_sid


@dataclass
class Notification:
    id: str
    kind: str
    """What raised it, e.g. 'budget.threshold', 'policy.deadline', 'feedback.failed'."""
    title: str
    body: str
    link_type: str | None
    """The kind of record it points at ('retro', 'policy', ...), if any."""
    link_id: str | None
    dedup_key: str | None
    """Raising a notification with a key that exists already does nothing."""
    created_at: str
    read_at: str | None = None
    short_id: str = ""

    @property
    def unread(self) -> bool:
        return self.read_at is None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["short_id"] = self.short_id or natural_sid(self.id)
        data["unread"] = self.unread
        return data
