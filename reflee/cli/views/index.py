"""How the embeddings index looks to people: its state, a run over the queue, and similar or hybrid hits."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflee import output
from reflee.i18n import _, ngettext

if TYPE_CHECKING:
    from reflee.index.models import EmbedRun, IndexStatus, NeighbourList


def status(s: IndexStatus) -> None:
    con = output.console()
    if not s.enabled:
        con.print(_("Semantic search is off (chat.embed_model is empty); chat uses full-text search only."))
        return
    con.print(_("Embedding model: {model}").format(model=output.escape(s.model)))
    con.print(
        _("Retrospects: {total} · embedded: {current} · out of date: {stale} · missing: {missing}").format(
            total=s.retros, current=s.current, stale=s.stale, missing=s.missing
        )
    )
    if s.dims:
        con.print(_("Dimensions: {dims}").format(dims=s.dims))
    j = s.jobs
    con.print(
        _("Queue: {queued} queued · {running} running · {done} done · {failed} failed").format(
            queued=j["queued"], running=j["running"], done=j["done"], failed=j["failed"]
        )
    )
    con.print(
        _("Search: {backend}").format(backend=s.backend)
        + (f" ({output.escape(s.backend_note)})" if s.backend_note else "")
    )
    if s.missing or s.stale:
        con.print("[dim]" + _("Bring it up to date with: reflee index rebuild") + "[/]")


def ran(r: EmbedRun) -> None:
    head = ngettext("Embedded {done} retrospect", "Embedded {done} retrospects", r.done).format(done=r.done)
    extra = []
    if r.enqueued:
        extra.append(_("{count} queued first").format(count=r.enqueued))
    if r.skipped:
        extra.append(_("{count} skipped (changed or deleted since)").format(count=r.skipped))
    if r.retried:
        extra.append(_("{count} will be retried").format(count=r.retried))
    if r.failed:
        extra.append(_("{count} failed").format(count=r.failed))
    if r.queued:
        extra.append(_("{count} still queued").format(count=r.queued))
    output.info("[green]" + head + "[/]" + (f" ({', '.join(extra)})" if extra else ""))


def neighbours(result: NeighbourList) -> None:
    if result.notice:
        output.info("[dim]" + output.escape(result.notice) + "[/]")
    if not result.hits:
        output.info(_("Nothing similar found."))
        return
    score_head = _("Similarity") if result.mode == "semantic" else _("Score")
    output.table(
        [
            _("ID"),
            _("Date"),
            score_head,
            (_("Purpose / content"), {"overflow": "ellipsis", "no_wrap": True, "ratio": 1}),
        ],
        (
            [
                h.retro.short_id,
                h.retro.entry_date,
                f"{h.score:.3f}",
                output.escape(output.first_line(h.retro.purpose or h.retro.content, 200)),
            ]
            for h in result.hits
        ),
    )
