"""Sync and account results as plain dataclasses (their ``to_json()`` is the --json contract in docs/cli.md)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# What people name in `--only` and `sync.include`, the API kind it travels as, in dependency order: the
# profile first (the server matches policies against it), then the ledger and the budgets over it,
# favourites (they point at the server's policy catalogue), then the private kinds.
GROUPS: dict[str, str] = {
    "profile": "profile",
    "ledger": "transaction",
    "budgets": "budget",
    "favorites": "favorite",
    "retros": "retrospect",
    "chat": "chat_session",
}
KIND_GROUP = {kind: group for group, kind in GROUPS.items()}
PRIVATE = ("retros", "chat")
"""Groups that never leave the machine unless sync.include names them."""
INCLUDABLE = ("retros", "feedback", "chat")


@dataclass
class Issue:
    """A record a push did not send: a conflict (with both versions) or one the server rejected."""

    kind: str
    record_id: str
    code: str
    """conflict | rejected"""
    message: str
    field: str | None = None
    local: dict[str, Any] | None = None
    server: dict[str, Any] | None = None

    @property
    def group(self) -> str:
        return KIND_GROUP.get(self.kind, self.kind)

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "group": self.group}


@dataclass
class PushResult:
    server: str
    account: str
    dry_run: bool = False
    sent: int = 0
    skipped: int = 0
    """Nothing to send: deleted before it was ever pushed, or its policy is gone."""
    conflicts: int = 0
    failed: int = 0
    resolved: dict[str, int] = field(default_factory=dict)
    """Conflicts settled by --prefer: {"local": n, "server": n}."""
    pending: dict[str, int] = field(default_factory=dict)
    """Per group: changes this push was to send (a dry run sends none)."""
    held_back: dict[str, int] = field(default_factory=dict)
    """Per private group: changes that stay on this machine (sync.include does not name it)."""
    issues: list[Issue] = field(default_factory=list)
    push_id: str | None = None
    seconds: float = 0.0

    @property
    def complete(self) -> bool:
        return not (self.conflicts or self.failed)

    def to_json(self) -> dict[str, Any]:
        return {
            "server": self.server,
            "account": self.account,
            "dry_run": self.dry_run,
            "sent": self.sent,
            "skipped": self.skipped,
            "conflicts": self.conflicts,
            "failed": self.failed,
            "resolved": self.resolved,
            "pending": self.pending,
            "held_back": self.held_back,
            "issues": [i.to_json() for i in self.issues],
            "push_id": self.push_id,
            "seconds": round(self.seconds, 3),
        }


@dataclass
class PushLogEntry:
    id: str
    server: str
    account: str
    started_at: str
    finished_at: str | None
    status: str
    """running (or killed) | ok | partial | failed"""
    sent: int
    skipped: int
    conflicts: int
    failed: int
    error: str | None
    issues: list[Issue] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["issues"] = [i.to_json() for i in self.issues]
        return data


@dataclass
class SyncStatus:
    server: str
    account: str | None
    """The e-mail logged in on this machine, or None."""
    token_store: str | None
    """keyring | file | None"""
    include: list[str]
    pending: dict[str, int]
    """Per group, changes waiting to be pushed (private ones included)."""
    leaves: list[str]
    """The groups a push sends (the rest stay here)."""
    held_back: list[str]
    last_push: PushLogEntry | None
    auto: bool

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["last_push"] = self.last_push.to_json() if self.last_push else None
        return data


@dataclass
class Account:
    server: str
    email: str
    user_id: str
    token_store: str
    """keyring | file"""
    access_expires_at: str | None = None
    logged_in: bool = True

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class LoggedOut:
    server: str
    email: str | None
    revoked: bool
    """The server confirmed the refresh token is revoked (False when it could not be reached)."""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
