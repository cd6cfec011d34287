"""The embeddings index for front ends and for chat: status, rebuild, run the queue, similar entries, and
semantic or hybrid (full-text + semantic, fused by reciprocal rank) search over retrospects.

Vectors come from the embedding model (chat.embed_model) on the model server, computed by embedding jobs on
the durable queue (queued by the retro service's outbox hook whenever an entry's text is saved). They are
searched with sqlite-vec when this Python's SQLite can load it, and by reflee's own search over the stored
blobs otherwise (reflee.index.vectors); either way the answer is the same.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from reflee import db, ids, jobs
from reflee.errors import NotFoundError, UsageError
from reflee.i18n import _
from reflee.index import store, vectors
from reflee.index.models import EmbedRun, IndexStatus, Neighbour, NeighbourList
from reflee.index.runner import KIND, EmbedRunner, enqueue, text_of

if TYPE_CHECKING:
    from array import array

    from reflee.cancel import CancelToken
    from reflee.llm.client import LLMClient
    from reflee.retro.service import RetroService

__all__ = ["KIND", "IndexService", "enqueue", "rrf"]

RRF_K = 60
"""The constant of reciprocal-rank fusion: score = sum over lists of 1 / (RRF_K + rank)."""
Progress = Callable[[int, int | None], None]


def rrf(*ranked: list[str], k: int = RRF_K) -> list[tuple[str, float]]:
    """Fuse ranked lists of IDs (best first) by reciprocal rank; ties keep first-seen order."""
    scores: dict[str, float] = {}
    for ranking in ranked:
        for rank, key in enumerate(ranking, start=1):
            scores[key] = scores.get(key, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda kv: -kv[1])


def vector_backend(conn: sqlite3.Connection) -> tuple[str, str | None]:
    """('sqlite-vec', None) when the extension loads into this connection, else ('python', why not)."""
    if not hasattr(conn, "enable_load_extension"):
        return "python", _("this Python's SQLite cannot load extensions, so sqlite-vec is not used")
    try:
        import sqlite_vec  # optional: pip install sqlite-vec
    except ImportError:
        return "python", _("sqlite-vec is not installed (pip install sqlite-vec)")
    try:
        conn.enable_load_extension(True)
        sqlite_vec.load(conn)
        conn.enable_load_extension(False)
    except (sqlite3.Error, AttributeError) as exc:
        return "python", _("sqlite-vec did not load: {error}").format(error=exc)
    return "sqlite-vec", None


@dataclass
class _Signs:
    generation: int
    ids: list[str]
    bits: list[int]


@dataclass
class IndexService:
    conn: sqlite3.Connection
    model: str
    """The embedding model (chat.embed_model); empty turns semantic search off."""
    llm: Callable[[], LLMClient]
    retro: Callable[[], RetroService]
    lease_seconds: float = 120
    backoff_seconds: float = 2.0
    max_attempts: int = 5
    _signs: _Signs | None = field(default=None, repr=False)
    _backend: tuple[str, str | None] | None = field(default=None, repr=False)

    # -- state ----------------------------------------------------------------------------------
    @property
    def backend(self) -> tuple[str, str | None]:
        if self._backend is None:
            self._backend = vector_backend(self.conn)
        return self._backend

    def status(self) -> IndexStatus:
        c = store.counts(self.conn, self.model)
        backend, note = self.backend
        return IndexStatus(
            self.model, backend, note, c["retros"], c["current"], c["stale"], c["missing"], c["dims"],
            jobs.counts(self.conn, KIND),
        )  # fmt: skip

    def notice(self) -> str | None:
        """Why sqlite-vec is not used, the first time this home is told (then never again)."""
        note = self.backend[1]
        if note is None or store.meta(self.conn, "backend_notice") == note:
            return None
        with db.transaction(self.conn):
            store.set_meta(self.conn, "backend_notice", note)
        return note

    def _require_model(self) -> None:
        if not self.model:
            raise UsageError(_("semantic search is off: chat.embed_model is empty"), field="chat.embed_model")

    # -- building -------------------------------------------------------------------------------
    def runner(self) -> EmbedRunner:
        return EmbedRunner(self.conn, self.llm, self.model, self.lease_seconds, backoff_seconds=self.backoff_seconds)

    def run(
        self, *, progress: Progress | None = None, cancel: CancelToken | None = None, watch: bool = False
    ) -> EmbedRun:
        """Compute the queued embeddings. The model server being away or the model missing ends the run with
        that error (the jobs stay queued); cancelling gives the held jobs back and raises CancelledError."""
        self._require_model()
        return self.runner().run(progress=progress, cancel=cancel, watch=watch)

    def rebuild(
        self, *, everything: bool = False, progress: Progress | None = None, cancel: CancelToken | None = None
    ) -> EmbedRun:
        """Queue an embedding for every live retrospect without a current one (every one with
        ``everything``), then compute them."""
        self._require_model()
        again = ids.new_id() if everything else ""
        out = EmbedRun()
        with db.transaction(self.conn):
            for retro_id, version in store.needing(self.conn, self.model, everything=everything):
                if enqueue(self.conn, retro_id, version, self.model, max_attempts=self.max_attempts, again=again):
                    out.enqueued += 1
        return self.runner().run(progress=progress, cancel=cancel, summary=out)

    # -- searching ------------------------------------------------------------------------------
    def embed_query(self, text: str, cancel: CancelToken | None = None) -> array:
        """The query's vector (errors from the model server propagate: the caller decides to go on without)."""
        self._require_model()
        return vectors.normalize(self.llm().embed([text], model=self.model, cancel=cancel)[0])

    def _sign_cache(self) -> _Signs:
        gen = store.generation(self.conn)
        if self._signs is None or self._signs.generation != gen:
            keys, blobs = store.all_signs(self.conn, self.model)
            self._signs = _Signs(gen, keys, [vectors.signs_from_blob(b) for b in blobs])
        return self._signs

    def nearest(
        self,
        vec: array,
        limit: int = 10,
        *,
        since: str | None = None,
        until: str | None = None,
        exclude: str | None = None,
    ) -> list[tuple[str, float]]:
        """(retro ID, cosine) of the ``limit`` live retrospects nearest to ``vec``, best first."""
        if limit < 1:
            raise UsageError(_("must be at least 1"), field="limit")
        if self.backend[0] == "sqlite-vec":  # pragma: no cover - this Python cannot load extensions
            return self._nearest_sqlite_vec(vec, limit, since, until, exclude)
        if (since or until) and store.count_in_range(self.conn, since, until) <= vectors.EXACT_LIMIT:
            rows = store.live_vectors(self.conn, self.model, since=since, until=until)
        else:
            signs = self._sign_cache()
            want = vectors.candidate_count(len(signs.ids), limit + 1)
            if want >= len(signs.ids):
                rows = store.live_vectors(self.conn, self.model, since=since, until=until)
            elif since or until:
                picked = vectors.hamming_candidates(vectors.sign_bits(vec), signs.bits, want)
                rows = store.live_vectors(
                    self.conn, self.model, [signs.ids[i] for i in picked], since=since, until=until
                )
            else:  # by primary key, then the few deleted ones among the best left out
                picked = vectors.hamming_candidates(vectors.sign_bits(vec), signs.bits, want)
                rows = store.vectors_of(self.conn, self.model, [signs.ids[i] for i in picked])
        query = vec.tolist()
        scored = [
            (retro_id, vectors.cosine(query, vectors.from_blob(blob).tolist()))
            for retro_id, blob in rows
            if retro_id != exclude
        ]
        scored.sort(key=lambda item: -item[1])
        best = scored[: limit * 2]
        gone = store.deleted_among(self.conn, [rid for rid, _ in best])
        return [(rid, score) for rid, score in best if score > 0 and rid not in gone][:limit]  # away is not near

    def _nearest_sqlite_vec(  # pragma: no cover - needs a Python that loads extensions
        self, vec: array, limit: int, since: str | None, until: str | None, exclude: str | None
    ) -> list[tuple[str, float]]:
        sql = (
            "SELECT e.retro_id, 1 - vec_distance_cosine(e.vector, ?) AS score FROM embedding e"
            " JOIN retro r ON r.id = e.retro_id WHERE e.model = ? AND r.deleted_at IS NULL AND e.retro_id != ?"
        )
        params: list[Any] = [vectors.to_blob(vec), self.model, exclude or ""]
        if since:
            sql += " AND r.entry_date >= ?"
            params.append(since)
        if until:
            sql += " AND r.entry_date <= ?"
            params.append(until)
        rows = self.conn.execute(sql + " ORDER BY score DESC LIMIT ?", [*params, limit])
        return [(r[0], float(r[1])) for r in rows]

    def keywords(
        self, words: list[str], limit: int = 20, *, since: str | None = None, until: str | None = None
    ) -> list[tuple[str, float]]:
        """Live retrospects with a word starting with any of ``words`` (Korean stems find the words their
        particles attach to), best first: the full-text half of hybrid retrieval."""
        if limit < 1:
            raise UsageError(_("must be at least 1"), field="limit")
        self.retro().index_backlog()  # a large import's records, before they can be missed
        return store.keyword_hits(self.conn, [w for w in words if w.strip()], limit, since=since, until=until)

    def similar(self, ref: str, limit: int = 10, cancel: CancelToken | None = None) -> NeighbourList:
        """Live retrospects most like ``ref`` in meaning. A retrospect not embedded yet is embedded now."""
        self._require_model()
        retro = self.retro().get(ref)
        blob = store.vector_of(self.conn, retro.id, self.model)
        if blob is None or store.counts(self.conn, self.model)["dims"] == 0:
            vec = self.embed_query(text_of(retro.purpose, retro.content), cancel)
            with db.transaction(self.conn):
                if store.live_version(self.conn, retro.id) == retro.version:
                    store.upsert(
                        self.conn, retro.id, self.model, retro.version, len(vec), vectors.to_blob(vec),
                        vectors.signs_blob(vec),
                    )  # fmt: skip
        else:
            vec = vectors.from_blob(blob)
        found = self.nearest(vec, limit, exclude=retro.id)
        hits = self._hits([(rid, score, None, rank) for rank, (rid, score) in enumerate(found, start=1)])
        return NeighbourList(
            retro.purpose or retro.content[:40], retro.id, "semantic", hits, self.notice(), self.backend[0]
        )

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        since: date | None = None,
        until: date | None = None,
        tags: list[str] | None = None,
        cancel: CancelToken | None = None,
    ) -> NeighbourList:
        """Hybrid search: full-text hits (the whole query, and each of its words) and the semantic nearest
        neighbours, fused by reciprocal rank. Without embeddings (model missing, server away) it says so
        once in ``notice`` and returns the full-text hits."""
        if limit < 1:
            raise UsageError(_("must be at least 1"), field="limit")
        words = [w for w in query.split() if w]
        if not words:
            raise UsageError(_("empty search; give one or more words"), field="query")
        retro = self.retro()
        lists = [[h.retro.id for h in retro.search(query, limit=limit * 2, since=since, until=until, tags=tags).hits]]
        if len(words) > 1:  # any of the words, too
            iso = (since.isoformat() if since else None, until.isoformat() if until else None)
            lists.append([rid for rid, _s in self.keywords(words, limit * 2, since=iso[0], until=iso[1])])
        fts_rank = {rid: i for i, rid in enumerate(lists[0], start=1)}
        notice: str | None = None
        semantic: list[tuple[str, float]] = []
        from reflee.llm.errors import LLMError

        if not self.model:
            notice = _("semantic search is off (chat.embed_model is empty); full-text results only")
        else:
            try:
                vec = self.embed_query(query, cancel)
                semantic = self.nearest(
                    vec,
                    limit * 2,
                    since=since.isoformat() if since else None,
                    until=until.isoformat() if until else None,
                )
            except LLMError as exc:
                notice = _("semantic search unavailable ({error}); full-text results only").format(error=exc.message)
        if tags and semantic:  # the vectors know no tags: keep the neighbours that carry every one asked for
            from reflee.retro.service import normalize_tags

            wanted = set(normalize_tags(tags))
            semantic = [(rid, s) for rid, s in semantic if wanted <= set(retro.get(rid).tags)]
        sem_rank = {rid: i for i, (rid, _s) in enumerate(semantic, start=1)}
        fused = rrf(*lists, [rid for rid, _s in semantic])[:limit]
        hits = self._hits([(rid, score, fts_rank.get(rid), sem_rank.get(rid)) for rid, score in fused])
        mode = "hybrid" if semantic or (self.model and notice is None) else "fulltext"
        return NeighbourList(query, None, mode, hits, notice or self.notice(), self.backend[0])

    def _hits(self, found: list[tuple[str, float, int | None, int | None]]) -> list[Neighbour]:
        retro = self.retro()
        out = []
        for rid, score, fts, sem in found:
            try:
                r = retro.get(rid)
            except NotFoundError:  # deleted between the search and now
                continue
            out.append(Neighbour(r, score, fts, sem, " ".join(r.content.split())[:80]))
        return out
