"""Queueing embedding jobs (the retro service's outbox calls this inside the transaction that saves an entry)."""

from __future__ import annotations

import sqlite3

from reflee import jobs

KIND = "embed"


def enqueue(
    conn: sqlite3.Connection, retro_id: str, version: int, model: str, *, max_attempts: int = 5, again: str = ""
) -> str | None:
    """Queue an embedding of one version of a retrospect by ``model``, inside the caller's transaction; once
    per version and model, unless ``again`` (a fresh token) asks for another."""
    return jobs.enqueue(
        conn,
        KIND,
        {"retro_id": retro_id, "version": version},
        dedup_key=f"embed:{model}:{retro_id}:v{version}" + (f":{again}" if again else ""),
        max_attempts=max_attempts,
    )
