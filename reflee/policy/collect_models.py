"""What the collector hands back: one run per source, the whole fetch, the change list and the run log."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reflee.errors import RefleeError
from reflee.policy.changes import Change
from reflee.policy.models import ImportProblem

MAX_LISTED_CHANGES = 200
"""A fetch's JSON lists at most this many changes per source (`policy changes` lists them all)."""


@dataclass
class SourceRun:
    source: str
    mode: str
    """full (every record read, removals found) | incremental (changed since a day) | file"""
    since: str | None = None
    status: str = "running"
    """running | ok | failed | interrupted | dry_run"""
    id: str = ""
    started_at: str = ""
    finished_at: str | None = None
    duration_ms: int = 0
    pages: int = 0
    read: int = 0
    new: int = 0
    changed: int = 0
    """Records whose stored content changed (views and counts included)."""
    unchanged: int = 0
    removed: int = 0
    reported: int = 0
    """Entries written to the change log (new, removed, and each changed field that matters)."""
    unreadable: int = 0
    error_code: str | None = None
    error: str | None = None
    changes: list[Change] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    download_ms: int = 0
    read_ms: int = 0
    """Fetching, checking and parsing every page (download_ms of it fetching)."""
    write_ms: int = 0
    """Comparing with what is stored, writing, and computing the change log."""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id or None,
            "source": self.source,
            "mode": self.mode,
            "since": self.since,
            "status": self.status,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "duration_ms": self.duration_ms,
            "pages": self.pages,
            "records": {
                "read": self.read,
                "new": self.new,
                "changed": self.changed,
                "unchanged": self.unchanged,
                "removed": self.removed,
                "reported": self.reported,
                "unreadable": self.unreadable,
            },
            "error": {"code": self.error_code, "message": self.error} if self.error_code else None,
            "timings_ms": {"download": self.download_ms, "read": self.read_ms, "write": self.write_ms},
            "changes": [c.to_json() for c in self.changes[:MAX_LISTED_CHANGES]],
            "problems": [p.to_json() for p in self.problems],
        }

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> SourceRun:
        return cls(
            source=row["source"],
            mode=row["mode"],
            since=row["since"],
            status=row["status"],
            id=row["id"],
            started_at=row["started_at"],
            finished_at=row["finished_at"],
            duration_ms=row["duration_ms"] or 0,
            pages=row["pages"],
            read=row["records_read"],
            new=row["new"],
            changed=row["changed"],
            unchanged=row["unchanged"],
            removed=row["removed"],
            reported=row["reported"],
            unreadable=row["unreadable"],
            error_code=row["error_code"],
            error=row["error"],
        )


@dataclass
class FetchResult:
    runs: list[SourceRun]
    dry_run: bool = False
    skipped: list[str] = field(default_factory=list)
    """Sources left out because no key is set for them (only with source 'all')."""
    notifications: int = 0
    """Notifications raised: new matching policies, favourites whose deadline changed or that were removed."""
    error: RefleeError | None = None
    """The first source's failure (the others were still read); the front end exits with its code."""

    def to_json(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "runs": [r.to_json() for r in self.runs],
            "skipped": self.skipped,
            "notifications": self.notifications,
        }


@dataclass
class ChangeList:
    items: list[Change]
    since: str | None = None

    def to_json(self) -> list[dict[str, Any]]:
        return [c.to_json() for c in self.items]


@dataclass
class CollectLog:
    items: list[SourceRun]

    def to_json(self) -> list[dict[str, Any]]:
        out = []
        for r in self.items:
            data = r.to_json()
            del data["changes"], data["problems"], data["timings_ms"]
            out.append(data)
        return out
