"""What the database service hands to front ends."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class DbPath:
    path: str
    exists: bool

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Migration:
    name: str
    applied: bool

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class DbStatus:
    path: str
    size_bytes: int
    schema_version: int
    page_size: int
    """Bytes per page: 16,384 in a database reflee made since 16 KiB pages, 4,096 in an older one."""
    migrations: list[Migration] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    tables: dict[str, int] = field(default_factory=dict)
    """Rows per table (reflee's own tables: no FTS shadow tables, no migrations record)."""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class DbCheck:
    problems: list[str] = field(default_factory=list)
    """One line per problem SQLite's integrity, foreign-key and full-text index checks found."""

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "problems": self.problems}


@dataclass
class Backup:
    path: str
    """The copy, as an absolute path."""
    size_bytes: int
    given: str = ""
    """The path as it was asked for (what a person typed)."""

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "size_bytes": self.size_bytes}
