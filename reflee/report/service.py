"""Growth reports: make a week's or a month's report once, keep it, show it again without remaking it.

A report is stored as a row (its data as JSON) plus three files in ``<data dir>/reports/``: Markdown, HTML
and JSON, each written to a temporary file and renamed into place, so a file that exists is whole. The row is
written last, in one transaction that checks nobody made the same report meanwhile: a report is only ever
taken from its row, so a run killed half-way leaves nothing that counts, and the next run makes it.

A report of a period that is not over yet ("so far") is made again each time it is asked for; a report of
a finished period is made once, unless ``force``.
"""

from __future__ import annotations

import builtins
import json
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reflee import db, ids
from reflee.cancel import CancelToken, check
from reflee.dates import local_today, utc_now
from reflee.errors import NotFoundError, UsageError
from reflee.i18n import _, current
from reflee.report import store
from reflee.report.models import Narrative, StoredReport
from reflee.report.periods import KINDS, Period, last_complete, parse
from reflee.report.sources import Sources

if TYPE_CHECKING:
    from reflee.report.models import Report

FORMATS = ("md", "html", "json")
Progress = Callable[[str], None]
"""Called with the name of each step as it starts: retro, money, policy, narrative, render."""


@dataclass
class ReportService:
    conn: sqlite3.Connection
    reports_dir: Path
    sources: Sources
    week_start: str = "monday"
    llm_client: Callable[[], Any] | None = None
    """Builds the LLMClient for the narrative (None: no narrative)."""
    narrative: bool = True
    """The setting report.narrative."""
    narrative_timeout: float = 120.0
    today: Callable[[], date] = field(default=local_today, repr=False)

    # -- making -----------------------------------------------------------------------------------
    def make(
        self,
        kind: str,
        period: str | None = None,
        *,
        fmt: str = "md",
        out: Path | None = None,
        force: bool = False,
        no_llm: bool = False,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> StoredReport:
        """The report of ``period`` (default: the last complete one), made now unless a finished period's
        report is stored already (``force`` remakes it). With ``out``, the ``fmt`` rendering is also written
        there. Errors name ``period``, ``fmt`` or ``out``."""
        if fmt not in FORMATS:
            raise UsageError(
                _("{value} is not one of {choices}").format(value=repr(fmt), choices=", ".join(FORMATS)), field="fmt"
            )
        today = self.today()
        p = parse(period, kind, today, self.week_start)
        if p.start > today:
            raise UsageError(_("{key} has not started yet").format(key=p.key), field="period")
        target = _check_out(out) if out is not None else None
        existing = store.by_period(self.conn, kind, p.key)
        if existing is not None and existing["complete"] and not force:
            found = self._stored(existing, fmt, with_content=True)
            if target is not None:
                _write_atomic(target, found.content or "")
                found.out = str(target)
            return found
        report, excerpts = self._collect(p, today, progress, cancel)
        report.narrative = self._narrative(report, excerpts, no_llm, progress, cancel)
        check(cancel)
        if progress:
            progress("render")
        texts = render_all(report)
        stem = f"{kind}-{p.key}"
        self.reports_dir.mkdir(parents=True, exist_ok=True)
        for stale in self.reports_dir.glob(f".{stem}.*.tmp"):  # left by a run that was killed while writing
            stale.unlink(missing_ok=True)
        for ext, text in texts.items():
            _write_atomic(self.reports_dir / f"{stem}.{ext}", text)
        ident = self._save(report, stem, force)
        row = store.get(self.conn, ident)
        assert row is not None
        made = self._stored(row, fmt, with_content=True)
        made.made = made.created_at == report.generated_at
        if target is not None:
            _write_atomic(target, made.content or "")
            made.out = str(target)
        return made

    def _collect(
        self, p: Period, today: date, progress: Progress | None, cancel: CancelToken | None
    ) -> tuple[Report, list[tuple[str, str, str]]]:
        from reflee.report.facts import money_facts, policy_facts, retro_facts, trend
        from reflee.report.models import Report

        src = self.sources
        if progress:
            progress("retro")
        retro, weeks, excerpts = retro_facts(src, p, today, self.week_start)
        check(cancel)
        if progress:
            progress("money")
        money = money_facts(src, p, today, self.week_start)
        points = trend(src, p, weeks, self.week_start)
        check(cancel)
        if progress:
            progress("policy")
        policy = policy_facts(src, store.matching_before(self.conn, p.kind, p.start.isoformat()), today, p)
        report = Report(
            kind=p.kind,
            period=p,
            today=today.isoformat(),
            week_start=self.week_start,
            language=current(),
            retro=retro,
            money=money,
            policy=policy,
            trend=points,
            narrative=Narrative("off"),
            generated_at=utc_now(),
        )
        return report, excerpts

    def _narrative(
        self,
        report: Report,
        excerpts: list[tuple[str, str, str]],
        no_llm: bool,
        progress: Progress | None,
        cancel: CancelToken | None,
    ) -> Narrative:
        if no_llm or not self.narrative or self.llm_client is None:
            return Narrative("off")
        if report.empty:
            return Narrative("off", error="nothing to write about")
        if progress:
            progress("narrative")
        from reflee.report import narrative

        def token() -> CancelToken:
            t = CancelToken()
            if cancel is not None:
                cancel.on_cancel(t.cancel)
            return t

        result = narrative.write(
            report, excerpts, self.llm_client(), timeout=self.narrative_timeout, cancel_factory=token
        )
        check(cancel)
        return result

    def _save(self, report: Report, stem: str, force: bool) -> str:
        values = {
            "id": ids.new_id(),
            "kind": report.kind,
            "period_key": report.period.key,
            "period_start": report.period.start.isoformat(),
            "period_end": report.period.end.isoformat(),
            "complete": int(report.complete),
            "language": report.language,
            "data": json.dumps(report.to_json(), ensure_ascii=False),
            "narrative_status": report.narrative.status,
            "file_stem": stem,
            "now": report.generated_at,
        }
        with db.transaction(self.conn):
            existing = store.by_period(self.conn, report.kind, report.period.key)
            if existing is not None and existing["complete"] and not force:
                return str(existing["id"])  # another run made it meanwhile: keep theirs
            return store.save(self.conn, values, existing["id"] if existing is not None else None)

    # -- reading ----------------------------------------------------------------------------------
    def list(self, kind: str | None = None, limit: int | None = None) -> builtins.list[StoredReport]:
        if kind is not None and kind not in KINDS:
            raise UsageError(
                _("{value} is not one of {choices}").format(value=repr(kind), choices=", ".join(KINDS)), field="kind"
            )
        if limit is not None and limit < 1:
            raise UsageError(_("must be at least 1"), field="limit")
        rows = store.select(self.conn, kind, limit)
        shorts = store.short_ids(self.conn, [r["id"] for r in rows])
        out = [self._stored(r, "md") for r in rows]
        for s in out:
            s.short_id = shorts[s.id]
        return out

    def resolve(self, ref: str) -> str:
        """A report ID (or prefix), or a period key: 2026-W47 (weekly) or 2026-11 (monthly)."""
        text = ref.strip()
        for kind in KINDS:
            try:
                p = parse(text, kind, self.today(), self.week_start)
            except UsageError:
                continue
            row = store.by_period(self.conn, kind, p.key)
            if row is not None:
                return str(row["id"])
        try:
            return store.resolve(self.conn, text)
        except (NotFoundError, UsageError):
            raise NotFoundError(_("no report {ref}").format(ref=repr(ref)), field="ident") from None

    def show(self, ref: str, fmt: str = "md") -> StoredReport:
        """A stored report with the text of ``fmt`` (read from its file, never remade)."""
        if fmt not in FORMATS:
            raise UsageError(
                _("{value} is not one of {choices}").format(value=repr(fmt), choices=", ".join(FORMATS)), field="fmt"
            )
        row = store.get(self.conn, self.resolve(ref))
        assert row is not None
        return self._stored(row, fmt, with_content=True)

    def path(self, ref: str, fmt: str = "html") -> StoredReport:
        """A stored report and the path of its ``fmt`` file (for `report open`); the file must exist."""
        return self.show(ref, fmt)

    def last_period(self, kind: str, on: date | None = None) -> Period:
        """The last complete week or month (what cron makes)."""
        return last_complete(kind, on or self.today(), self.week_start)

    def find(self, kind: str, key: str) -> StoredReport | None:
        """The stored report of a period, if there is one (without its text)."""
        row = store.by_period(self.conn, kind, key)
        return self._stored(row, "html") if row is not None else None

    def due(self, kind: str, on: date | None = None) -> Period | None:
        """The last complete period of ``kind`` when it has no finished report yet (what cron makes)."""
        p = last_complete(kind, on or self.today(), self.week_start)
        row = store.by_period(self.conn, kind, p.key)
        return None if row is not None and row["complete"] else p

    def _stored(self, row: sqlite3.Row, fmt: str, *, with_content: bool = False) -> StoredReport:
        files = {ext: str(self.reports_dir / f"{row['file_stem']}.{ext}") for ext in FORMATS}
        s = StoredReport(
            id=row["id"],
            short_id=store.short_ids(self.conn, [row["id"]])[row["id"]],
            kind=row["kind"],
            period_key=row["period_key"],
            period_start=row["period_start"],
            period_end=row["period_end"],
            complete=bool(row["complete"]),
            language=row["language"],
            narrative_status=row["narrative_status"],
            created_at=row["created_at"],
            files=files,
            fmt=fmt,
        )
        if with_content:
            s.data = store.data(self.conn, s.id)
            s.content = self._content(s, fmt)
        return s

    def _content(self, s: StoredReport, fmt: str) -> str:
        path = Path(s.files[fmt])
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            if fmt == "json" and s.data is not None:  # the row holds the data itself
                return json.dumps(s.data, ensure_ascii=False, indent=2) + "\n"
            raise NotFoundError(
                _("the file {path} is gone").format(path=path),
                hint=_("make it again: reflee report {kind} --period {key} --force").format(
                    kind=s.kind, key=s.period_key
                ),
            ) from None


def render_all(report: Report) -> dict[str, str]:
    from reflee.report import document, render_html, render_md

    doc = document.build(report)
    return {
        "md": render_md.render(doc),
        "html": render_html.render(doc, title=document.title(report), language=report.language),
        "json": json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n",
    }


def _check_out(out: Path) -> Path:
    target = out.expanduser()
    if target.is_dir():
        raise UsageError(_("{path} is a directory; give a file name").format(path=target), field="out")
    parent = target.parent
    if not parent.is_dir():
        raise NotFoundError(_("the directory {path} does not exist").format(path=parent), field="out")
    if not os.access(parent, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise UsageError(_("cannot write {path}: permission denied").format(path=target), field="out")
    return target


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        raise UsageError(
            _("cannot write {path}: {reason}").format(path=path, reason=exc.strerror or exc), field="out"
        ) from None
    finally:
        tmp.unlink(missing_ok=True)
