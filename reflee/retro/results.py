"""What the retro service's search, export, import and statistics return (plain dataclasses).

Kept apart from reflee.retro.models so that writing and listing retrospects, the hot paths, do not pay for
defining them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from reflee.retro.models import Retro

Parts = list[tuple[str, bool]]
"""Text split into pieces, each flagged True when it is a match."""
MARK = "**"


def marked(parts: Parts, mark: str = MARK) -> str:
    return "".join(f"{mark}{text}{mark}" if hit else text for text, hit in parts)


@dataclass
class SearchHit:
    retro: Retro
    score: float
    """Higher is better: -bm25 for indexed terms, weighted occurrence count for short ones."""
    purpose_parts: Parts = field(default_factory=list)
    snippet_parts: Parts = field(default_factory=list)

    @property
    def snippet(self) -> str:
        return marked(self.snippet_parts)

    def to_json(self) -> dict[str, Any]:
        return {**self.retro.to_json(), "score": self.score, "snippet": self.snippet}


@dataclass
class SearchResult:
    """The hits of one search, best first, with what was asked (a front end says 'no match for …').

    ``hits`` is a list, or, from ``RetroService.search(stream=True)``, an iterator that reads the hits in
    batches as it is consumed (once): a front end writes each hit as it comes (``iter_json``)."""

    query: str
    limit: int
    hits: Iterable[SearchHit] = field(default_factory=list)

    def to_json(self) -> list[dict[str, Any]]:
        return [h.to_json() for h in self.hits]

    def iter_json(self) -> Iterator[dict[str, Any]]:
        return (h.to_json() for h in self.hits)


EXPORT_FORMATS = ("json", "jsonl", "md")


@dataclass
class ExportResult:
    count: int
    path: str | None = None
    """The file written, or None when the text went to a write callable."""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ImportResult:
    format: str
    """What the file was read as: reflee-json, reflee-jsonl or jrnl-json."""
    imported: int
    skipped_duplicates: int
    dry_run: bool = False
    name: str = ""
    """What the data was called in messages (a file name, 'stdin')."""
    unindexed: int = 0
    """Imported records not yet indexed for search (a large import leaves them to reflee.retro.backlog)."""

    @property
    def total(self) -> int:
        return self.imported + self.skipped_duplicates

    def to_json(self) -> dict[str, Any]:
        return {
            "imported": self.imported,
            "skipped_duplicates": self.skipped_duplicates,
            "total": self.total,
            "format": self.format,
            "dry_run": self.dry_run,
            "unindexed": self.unindexed,
        }


@dataclass
class BacklogResult:
    """What `reflee retro index` did: retrospects it indexed for search, and how many still wait."""

    indexed: int
    waiting: int

    def to_json(self) -> dict[str, Any]:
        return {"indexed": self.indexed, "waiting": self.waiting}


@dataclass
class WeekCount:
    week_start: str
    count: int

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class HeatDay:
    date: str
    count: int
    level: int
    """0 for no entry, else 1..LEVELS relative to the busiest day shown."""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class RetroStats:
    today: str
    week_start: str
    total_entries: int
    days_written: int
    current_streak: int
    longest_streak: int
    weeks: list[WeekCount] = field(default_factory=list)
    heatmap: list[list[HeatDay | None]] = field(default_factory=list)
    """Seven rows (from ``week_start``), one column per week, oldest first; None for days after today."""

    def to_json(self) -> dict[str, Any]:
        return {
            "today": self.today,
            "week_start": self.week_start,
            "total_entries": self.total_entries,
            "days_written": self.days_written,
            "current_streak": self.current_streak,
            "longest_streak": self.longest_streak,
            "weeks": [w.to_json() for w in self.weeks],
            "heatmap": [d.to_json() for col in zip(*self.heatmap, strict=True) for d in col if d is not None],
        }
