"""What a report reads from the other domains: callables of their services, wired in reflee.services."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass
class Sources:
    """What the report reads, as callables of other domains' services (wired in reflee.services)."""

    retros: Callable[[date, date], list[Any]]
    """RetroService.list(since=, until=): live retrospects with short IDs."""
    day_counts: Callable[[date, date], dict[str, int]]
    """RetroService.day_counts(since, until): live retrospects per entry date."""
    streak: Callable[[date], int]
    """RetroService.streak(until): the current streak as of a day."""
    feedback: Callable[[list[str]], dict[str, Any]]
    """FeedbackService.latest(retro_ids): the newest feedback of each retrospect that has one."""
    money: Callable[[str, str], Any]
    """The ledger ReportService.report(start=, end=) by category, in ledger.currency."""
    recurring: Callable[[], list[Any]]
    budget: Callable[[str], Any]
    """BudgetService.show(month)."""
    matches: Callable[[], list[Any]]
    """PolicyService.match().results: policies that fit the profile now."""
    favorites: Callable[[], list[Any]]
    """PolicyService.fav_list().items."""
    remind_days: int = 7
    policy_changes: Callable[[date, date], list[Any]] = lambda start, end: []
    """The policy collector's change log for the days start..end (CollectorService.changes)."""
