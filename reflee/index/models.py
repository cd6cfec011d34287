"""What the embeddings index returns (plain dataclasses with ``to_json``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from reflee.retro.models import Retro


@dataclass
class IndexStatus:
    model: str
    """The embedding model (chat.embed_model); empty when semantic search is off."""
    backend: str
    """How vectors are searched: 'sqlite-vec' or 'python' (reflee's own search over the stored blobs)."""
    backend_note: str | None
    """Why sqlite-vec is not used, when it is not."""
    retros: int
    current: int
    stale: int
    missing: int
    dims: int
    jobs: dict[str, int]

    @property
    def enabled(self) -> bool:
        return bool(self.model)

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "enabled": self.enabled}


@dataclass
class EmbedRun:
    """What one pass over the embedding queue did."""

    done: int = 0
    skipped: int = 0
    """Jobs for a retrospect deleted or changed again since it was queued (a newer job covers it)."""
    failed: int = 0
    retried: int = 0
    queued: int = 0
    """Jobs still waiting when the run ended (a retry not yet due)."""
    enqueued: int = 0
    """Jobs added first (rebuild)."""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Neighbour:
    retro: Retro
    score: float
    """Cosine similarity (semantic), or the fused reciprocal-rank score (hybrid)."""
    fts_rank: int | None = None
    semantic_rank: int | None = None
    snippet: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            **self.retro.to_json(),
            "score": round(self.score, 6),
            "fts_rank": self.fts_rank,
            "semantic_rank": self.semantic_rank,
            "snippet": self.snippet,
        }


@dataclass
class NeighbourList:
    """Retrospects like one retrospect (``similar``) or matching a query (hybrid ``search``), best first."""

    query: str
    of: str | None = None
    """The retrospect ``similar`` was asked about (its ID)."""
    mode: str = "semantic"
    """'semantic', 'hybrid', or 'fulltext' when no embeddings could be used."""
    hits: list[Neighbour] = field(default_factory=list)
    notice: str | None = None
    """A one-time note for people (why semantic search is limited); not in JSON."""
    backend: str = "python"

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "of": self.of,
            "mode": self.mode,
            "backend": self.backend,
            "hits": [h.to_json() for h in self.hits],
        }
