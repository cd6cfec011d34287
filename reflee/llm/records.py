"""What reflee keeps about model calls, for front ends: the call log and the answer cache."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from reflee.llm.cache import ResponseCache
from reflee.llm.calllog import recent
from reflee.llm.models import CacheCleared, CacheStats, CallRecord

__all__ = ["CallLogService"]


@dataclass
class CallLogService:
    connection: Callable[[], sqlite3.Connection]
    """The session's connection (opened on first use: the cache alone needs no database)."""
    cache: Callable[[], ResponseCache]
    """Opens the answer cache (the session's, from cache.ttl_days)."""

    def recent(self, limit: int = 20) -> list[CallRecord]:
        """The newest ``limit`` model calls: model, purpose, messages, answer or error, tokens and timings."""
        return recent(self.connection(), limit)

    def cache_stats(self) -> CacheStats:
        """Entries, size, hits and misses of the answer cache (expired entries dropped first)."""
        cache = self.cache()
        try:
            return cache.stats()
        finally:
            cache.close()

    def cache_clear(self) -> CacheCleared:
        """Remove every cached answer."""
        cache = self.cache()
        try:
            return CacheCleared(cache.clear())
        finally:
            cache.close()
