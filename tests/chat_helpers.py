"""Shared bits for chat and index tests: a home pointed at the stand-in with an embedding model, and helpers
to write entries and read what the model was sent."""

from __future__ import annotations

from datetime import date, timedelta

from tests.feedback_helpers import point_at

EMBED_MODEL = "bge-m3"


def ready(cli, standin, **extra: str) -> None:
    """The stand-in has the chat model and the embedding model; feedback stays out of the way."""
    standin.add_model(f"{EMBED_MODEL}:latest", capabilities=("embedding",))
    point_at(cli, standin.url, **{"feedback.mode": "off", "chat.embed_model": EMBED_MODEL, **extra})


def add_retro(cli, content: str, purpose: str = "", day: date | None = None, *tags: str) -> str:
    args = ["retro", "add", content, "--json"]
    if purpose:
        args += ["--purpose", purpose]
    if day:
        args += ["--date", day.isoformat()]
    for t in tags:
        args += ["--tag", t]
    r = cli(*args)
    assert r.code == 0, r.err
    return r.json["id"]


def short(cli, retro_id: str) -> str:
    """The retrospect's short ID now (it can grow as neighbours are added)."""
    return cli("retro", "show", retro_id, "--json").json["short_id"]


def chat_calls(standin) -> list[dict]:
    """The bodies of /api/chat requests, answers only (intent classification and summaries left out)."""

    def summary(body: dict) -> bool:
        first = body["messages"][0]["content"]
        return first.startswith(("다음 대화를 5문장 이내로 요약하세요", "Summarise this conversation"))

    return [r.json for r in standin.requests_to("/api/chat") if "format" not in r.json and not summary(r.json)]


def system_text(body: dict) -> str:
    return body["messages"][0]["content"]


def today() -> date:
    from reflee.dates import local_today

    return local_today()


def last_week_day(offset: int = 0) -> date:
    """A day in last week (Monday + offset)."""
    t = today()
    return t - timedelta(days=t.weekday() + 7 - offset)
