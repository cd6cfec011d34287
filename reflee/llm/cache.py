"""Model answers kept on disk with a TTL (the original design's Redis TTL cache), via diskcache.

The key covers everything that could change the answer: provider, server, model, options, the prompt
template's version, the messages and the output schema. CACHE_VERSION moves when the entry shape does.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from reflee import private
from reflee.llm.models import CacheStats
from reflee.llm.types import ChatResult

__all__ = ["CACHE_VERSION", "CacheStats", "ResponseCache"]

CACHE_VERSION = 1


class ResponseCache:
    def __init__(self, directory: Path, ttl_days: int) -> None:
        self.directory = directory
        self.ttl_seconds = ttl_days * 86400
        self.ttl_days = ttl_days
        self._cache: Any = None

    @property
    def enabled(self) -> bool:
        return self.ttl_seconds > 0

    def _open(self) -> Any:
        if self._cache is None:
            import diskcache  # ~15 ms

            private.make_dir(self.directory)  # 0700, like every directory of reflee's
            self._cache = diskcache.Cache(str(self.directory), statistics=True)
            private.tighten_all(p for p in self.directory.iterdir() if p.is_file())  # its SQLite file: 0600
        return self._cache

    @staticmethod
    def key(**parts: Any) -> str:
        blob = json.dumps({"v": CACHE_VERSION, **parts}, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def get(self, key: str) -> ChatResult | None:
        if not self.enabled:
            return None
        data = self._open().get(key)
        if data is None:
            return None
        result = ChatResult(**data)
        result.cached = True
        return result

    def set(self, key: str, result: ChatResult) -> None:
        if self.enabled:
            data = asdict(result)
            data["cached"] = False
            self._open().set(key, data, expire=self.ttl_seconds)

    def stats(self) -> CacheStats:
        cache = self._open()
        cache.expire()
        hits, misses = cache.stats()
        return CacheStats(str(self.directory), len(cache), cache.volume(), hits, misses, self.ttl_days)

    def clear(self) -> int:
        cache = self._open()
        count = len(cache)
        cache.clear()
        cache.stats(reset=True)
        return count

    def close(self) -> None:
        if self._cache is not None:
            self._cache.close()
            self._cache = None
