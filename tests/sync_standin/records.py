"""Per-user record storage with versions, idempotency keys and tombstones: the rules of docs/sync-api.md."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass
class Stored:
    kind: str
    id: str
    version: int
    change_id: str
    updated_at: str
    deleted_at: str | None
    data: dict[str, Any] | None
    writes: int = 1

    def record(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "id": self.id, "version": self.version, "change_id": self.change_id,
            "updated_at": self.updated_at, "deleted_at": self.deleted_at, "data": self.data,
        }  # fmt: skip


@dataclass
class Records:
    by_user: dict[str, dict[tuple[str, str], Stored]] = field(default_factory=dict)
    reject: dict[str, tuple[str, str]] = field(default_factory=dict)
    """record id -> (field, message): answered as a per-record 422 (a scripted rejection)."""
    lock: threading.Lock = field(default_factory=threading.Lock)
    applied: int = 0

    def of(self, user: str) -> dict[tuple[str, str], Stored]:
        return self.by_user.setdefault(user, {})

    def apply(self, user: str, change: dict[str, Any]) -> dict[str, Any]:
        """One change (as in a batch), answered as a batch result."""
        kind, rid, op = change["kind"], change["id"], change["op"]
        head = {"kind": kind, "id": rid}
        data = change.get("data")
        problem = self._invalid(rid, data) if op == "put" else None
        if problem:
            return {**head, "status": "rejected", "errors": [{"field": problem[0], "message": problem[1]}]}
        with self.lock:
            mine = self.of(user)
            rec = mine.get((kind, rid))
            if rec is not None and rec.change_id == change["change_id"]:
                return {**head, "status": "replayed", "version": rec.version}
            if rec is not None and change["base_version"] != rec.version:
                return {**head, "status": "conflict", "current": rec.record()}
            stamp = now()
            deleted = stamp if op == "delete" else None
            if rec is None:
                rec = mine[(kind, rid)] = Stored(kind, rid, 1, change["change_id"], stamp, deleted, data)
            else:
                rec.version += 1
                rec.writes += 1
                rec.change_id, rec.updated_at, rec.deleted_at, rec.data = change["change_id"], stamp, deleted, data
            self.applied += 1
            return {**head, "status": "applied", "version": rec.version}

    def _invalid(self, rid: str, data: dict[str, Any] | None) -> tuple[str, str] | None:
        if rid in self.reject:
            return self.reject[rid]
        if data and isinstance(data.get("amount"), int) and data["amount"] > 10**13:
            return ("amount", "is larger than the server accepts")
        return None

    def page(self, user: str, kind: str, cursor: str | None, limit: int, month: str | None) -> dict[str, Any]:
        with self.lock:
            items = sorted((r for (k, _i), r in self.of(user).items() if k == kind), key=lambda r: (r.updated_at, r.id))
        if month:
            items = [r for r in items if r.data is None or _month_of(r.data).startswith(month)]
        start = int(cursor or 0)
        chunk = items[start : start + limit]
        nxt = str(start + limit) if start + limit < len(items) else None
        return {"items": [r.record() for r in chunk], "next_cursor": nxt}

    def live(self, user: str, kind: str) -> dict[str, dict[str, Any]]:
        """The records the server holds (not tombstones), for tests to compare."""
        return {i: r.data for (k, i), r in self.of(user).items() if k == kind and r.deleted_at is None and r.data}

    def tombstones(self, user: str, kind: str) -> set[str]:
        return {i for (k, i), r in self.of(user).items() if k == kind and r.deleted_at is not None}


def _month_of(data: dict[str, Any]) -> str:
    return str(data.get("txn_date") or data.get("start_month") or data.get("entry_date") or "")
