"""What `cron run`, `cron show`, `cron install` and `cron status` return, as plain data."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class StepResult:
    name: str
    status: str
    """ok (did something) | idle (nothing was due) | off (turned off in settings) | problem"""
    did: list[str] = field(default_factory=list)
    """Codes of what it did, e.g. 'report:weekly:2026-W47', 'notify:retro.reminder', 'feedback:done:3'."""
    message: str | None = None
    """For a problem: the one line shown on stderr. Otherwise a note (e.g. the model was away)."""
    exit_code: int = 0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class CronRun:
    id: str
    started_at: str
    finished_at: str
    local_time: str
    steps: list[StepResult]
    notes: list[str] = field(default_factory=list)
    """Things worth knowing that are not problems (the clock moved back)."""

    @property
    def problems(self) -> list[StepResult]:
        return [s for s in self.steps if s.status == "problem"]

    @property
    def exit_code(self) -> int:
        return next((s.exit_code for s in self.problems), 0)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "local_time": self.local_time,
            "status": "problems" if self.problems else "ok",
            "exit_code": self.exit_code,
            "notes": self.notes,
            "steps": [s.to_json() for s in self.steps],
        }


@dataclass
class Schedule:
    """How the runner is scheduled: the crontab line and the equivalent systemd user units."""

    interval_minutes: int
    command: list[str]
    crontab_line: str
    marker: str
    service_name: str
    service_unit: str
    timer_unit: str
    unit_dir: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class InstallResult:
    method: str
    """crontab | systemd"""
    action: str
    """installed | updated | unchanged | removed | absent"""
    schedule: Schedule
    detail: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "action": self.action,
            "detail": self.detail,
            "schedule": self.schedule.to_json(),
        }


@dataclass
class CronStatus:
    runs: list[dict[str, Any]]
    installed: dict[str, bool]
    running: bool
    log_file: str
    lock_file: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
