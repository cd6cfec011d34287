"""Shared bits for feedback tests: a valid answer and a home pointed at the stand-in server."""

from __future__ import annotations

import json

GOOD = {
    "summary": "주간 회고를 처음 써 보며 계획의 절반만 지켰다는 것을 알게 되었다.",
    "strengths": ["회고를 시작했다", "문제를 스스로 발견했다"],
    "weaknesses": ["계획이 너무 많았다"],
    "keep_doing": ["매주 회고 쓰기"],
    "recommendations": ["아침 30분을 계획 점검에 쓰기"],
}
GOOD_EN = {
    "summary": "Ran three times this week and felt stronger.",
    "strengths": ["consistent training"],
    "weaknesses": ["skipped stretching"],
    "keep_doing": ["morning runs"],
    "recommendations": ["stretch for ten minutes after each run"],
}


def good(data: dict | None = None) -> str:
    return json.dumps(data or GOOD, ensure_ascii=False)


def point_at(cli, url: str, model: str = "llama3.2", **extra: str) -> None:
    """Configure the temp home for the stand-in through the CLI, as a user would."""
    for key, value in {"llm.host": url, "llm.model": model, "feedback.backoff_seconds": "0.05", **extra}.items():
        r = cli("config", "set", key, value)
        assert r.code == 0, r.err


def chat_requests(standin) -> list:
    return [r for r in standin.requests if r.path == "/api/chat"]
