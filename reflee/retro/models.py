"""Retrospect (회고) records as plain dataclasses."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from reflee.ids import natural_sid


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
        return {  # by hand, not asdict(): this runs once per hit when printing every match of a common word
            "id": self.id,
            "short_id": self.short_id or natural_sid(self.id),
            "entry_date": self.entry_date,
            "purpose": self.purpose,
            "content": self.content,
            "tags": list(self.tags),
            "version": self.version,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "deleted_at": self.deleted_at,
        }


@dataclass
class CheckedRetro(Retro):
    """A retrospect read from an import file, with its content's UTF-8 from the checks (``utf8``): a large import
    hashes and stores those bytes instead of encoding the text again."""

    utf8: bytes = field(default=b"", repr=False, compare=False)


@dataclass
class TagCount:
    tag: str
    count: int

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class RetroStream:
    """Retrospects read in batches as they are consumed (once): ``retro list`` writes each as it comes."""

    def __init__(self, items: Iterator[Retro]) -> None:
        self._items = items

    def __iter__(self) -> Iterator[Retro]:
        return self._items

    def iter_json(self) -> Iterator[dict[str, Any]]:
        return (r.to_json() for r in self._items)
