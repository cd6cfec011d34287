"""Matching every policy against the profile, ranking, and storing the results for reuse.

Results are stored under a key made of the effective profile, the policies' state, the day and the rules'
version; while the key holds, a match reads them back instead of computing them again.

The stored document: ``{"verdicts": [verdict, …], "rows": [[policy_id, eligibility, apply_state, deadline,
opens, days_left, unknown_count, failed_count, [verdict index, …]], …]}``, rows in rank order. Alike
conditions share one verdict.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from reflee import db
from reflee.cancel import CancelToken, check
from reflee.dates import local_today, utc_now
from reflee.i18n import current as current_language
from reflee.policy import cache, match_store, store
from reflee.policy.facts import Facts
from reflee.policy.match import describe, eligibility, judge
from reflee.policy.models import ApplyStatus, Window, dimension_label
from reflee.policy.periods import status as apply_status
from reflee.policy.results import MatchResult, sort_key

Progress = Callable[[int, int | None], None]
"""(policies judged, policies in all) while a match is computed."""
CHECK_EVERY = 256
"""Rows between two looks at the cancel token (and two progress calls) while computing."""

RULES_VERSION = 3
"""Bump when matching rules change, so stored results are recomputed."""
HELPFUL_FIELDS = (
    "birth_date",
    "region",
    "employment",
    "household_size",
    "income_monthly_household",
    "income_annual",
    "children",
    "education",
    "gender",
    "marital",
    "housing",
    "traits",
)
"""The order missing fields are suggested in."""


@dataclass
class MatchRun:
    on: str
    results: list[MatchResult]
    counts: dict[str, int]
    missing_fields: list[str] = field(default_factory=list)
    """Profile fields that are not set and would settle conditions now marked unknown (traits: when some
    trait a condition asks about has not been said)."""
    cached: bool = False
    showing_all: bool = False
    """Whether ineligible and closed policies were asked for (how the results are to be read; not in JSON)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "on": self.on,
            "cached": self.cached,
            "counts": self.counts,
            "missing_profile_fields": self.missing_fields,
            "results": [r.to_json() for r in self.results],
        }


@dataclass
class MatchService:
    conn: sqlite3.Connection
    profile_of: Callable[[date], Any]
    """The effective profile on a day (reflee.profile's ProfileService.get)."""
    today: Callable[[], date] = field(default=local_today)

    def run(
        self,
        on: date | None = None,
        *,
        include_ineligible: bool = False,
        include_closed: bool = False,
        limit: int | None = None,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> MatchRun:
        """The ranked results on ``on``; computed (and stored for reuse) only when the stored ones are stale.
        ``cancel`` is checked while computing; a cancelled match stores nothing."""
        on = on or self.today()
        profile, stored, cached = self._fresh(on, progress, cancel)
        rows = stored["rows"]
        counts = _counts(rows)
        chosen = []
        for rank, row in enumerate(rows, start=1):
            if (include_ineligible or row[1] != "ineligible") and (include_closed or row[2] != "closed"):
                chosen.append((rank, row))
                if limit and len(chosen) >= limit:
                    break
        results = self._results(chosen, stored["verdicts"])
        asked = {a for v in stored["verdicts"] if v["status"] == "unknown" for a in v.get("asks", ())}
        missing = [name for name in HELPFUL_FIELDS if name in asked and _unset(profile, name)]
        return MatchRun(on.isoformat(), results, counts, missing, cached, include_ineligible and include_closed)

    def for_policy(self, policy_id: str, on: date | None = None) -> MatchResult | None:
        """How one policy matches the profile (from the stored results, recomputed first if stale)."""
        _, stored, _ = self._fresh(on or self.today())
        for rank, row in enumerate(stored["rows"], start=1):
            if row[0] == policy_id:
                return self._results([(rank, row)], stored["verdicts"])[0]
        return None

    def _results(self, chosen: list[tuple[int, list[Any]]], verdicts: list[dict[str, str]]) -> list[MatchResult]:
        if not chosen:
            return []
        pids = [row[0] for _, row in chosen]
        briefs = match_store.briefs(self.conn, pids)
        favourites = match_store.favorite_ids(self.conn)
        out = []
        for rank, (pid, elig, state, deadline, opens, days_left, _, _, vids) in chosen:
            brief = briefs.get(pid)
            if brief is None:
                continue
            out.append(
                MatchResult(
                    brief,
                    elig,
                    ApplyStatus(state, deadline, opens, days_left),
                    [verdicts[i] for i in vids],
                    rank,
                    pid in favourites,
                )
            )
        return out

    def _fresh(
        self, on: date, progress: Progress | None = None, cancel: CancelToken | None = None
    ) -> tuple[Any, dict[str, Any], bool]:
        """(profile, stored results, whether they were already there): recomputed when the profile, the
        policies or the day changed."""
        profile = self.profile_of(on)
        key = self._key(profile, on)
        if cache.key(self.conn) == key:
            stored = cache.load(self.conn)
            if stored is not None:
                return profile, stored, True
        stored = self.compute(Facts.from_profile(profile), on, progress, cancel)
        check(cancel)
        with db.transaction(self.conn):
            cache.save(self.conn, key, stored, utc_now())
        return profile, stored, False

    def _key(self, profile: Any, on: date) -> str:
        data = {
            "v": RULES_VERSION,
            "lang": current_language(),
            "on": on.isoformat(),
            "profile": {name: (v.value, v.source) for name, v in profile.fields.items()},
            "policies": store.fingerprint(self.conn),
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()

    def compute(
        self, facts: Facts, on: date, progress: Progress | None = None, cancel: CancelToken | None = None
    ) -> dict[str, Any]:
        """Every policy's verdicts, ranked. Each distinct condition is evaluated once. Reads only."""
        verdicts: list[dict[str, str]] = []
        index: dict[str, tuple[int, str]] = {}
        memo: dict[Any, Any] = {}
        for n, (sig, *content) in enumerate(match_store.distinct_conditions(self.conn)):
            if n % CHECK_EVERY == 0:
                check(cancel)
            cond = store.condition_from_row(content)
            out = judge(cond, facts, memo)
            index[str(sig)] = (len(verdicts), out.status)
            verdict: dict[str, Any] = {
                "dimension": cond.dimension,
                "label": dimension_label(cond.dimension),
                "status": out.status,
                "reason": out.reason,
                "origin": cond.origin,
            }
            if out.status == "text":  # the line to read; a code list's own words when the record has no text
                verdict["line"] = out.line or f"{verdict['label']}: {describe(cond)}"
            if out.asks:
                verdict["asks"] = list(out.asks)
            verdicts.append(verdict)
        periods: dict[tuple[str, str], ApplyStatus] = {}
        sets: dict[str | None, tuple[str, int, int, list[int]]] = {}
        judged: tuple[str, int, int, list[int]] | None
        ranked = []
        rows = match_store.match_rows(self.conn)
        for n, (pid, kind, windows, size, popularity, title, sigs) in enumerate(rows):
            if n % CHECK_EVERY == 0:
                check(cancel)
                if progress:
                    progress(n, len(rows))
            st = periods.get((kind, windows))
            if st is None:
                parsed = [Window(w["start"], w["end"]) for w in json.loads(windows)] if kind == "period" else []
                st = periods[(kind, windows)] = apply_status(kind, parsed, on)
            judged = sets.get(sigs)
            if judged is None:  # policies often share a set of conditions: judge each set once
                mine = [index[s] for s in sigs.split(",")] if sigs else []
                statuses = [s for _, s in mine]
                judged = sets[sigs] = (
                    eligibility(statuses),
                    statuses.count("unknown"),
                    statuses.count("not_met"),
                    [i for i, _ in mine],
                )
            elig, unknown, failed, vids = judged
            row = [pid, elig, st.state, st.deadline, st.opens, st.days_left, unknown, failed, vids]
            ranked.append((sort_key(elig, unknown, st, size, popularity, title), row))
        ranked.sort(key=lambda item: item[0])
        if progress:
            progress(len(rows), len(rows))
        return {"verdicts": verdicts, "rows": [row for _, row in ranked]}


def _unset(profile: Any, name: str) -> bool:
    if name not in profile.fields:
        return False
    value = profile.get(name)
    if name == "traits":
        return not value or "*" not in value
    return value is None


def _counts(rows: list[list[Any]]) -> dict[str, int]:
    counts = {"eligible": 0, "eligible_text": 0, "maybe": 0, "ineligible": 0, "closed": 0, "total": len(rows)}
    for row in rows:
        counts["closed" if row[2] == "closed" else row[1]] += 1
    return counts
