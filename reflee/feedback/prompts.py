"""Prompt templates for feedback, in Korean and English, chosen by the entry's language.

Each built-in template has a version that goes into the cache key and is stored with every feedback.
Users may override a template by putting ``feedback.ko.md`` or ``feedback.en.md`` in the ``prompts``
folder of their config directory; its version is then ``user-<hash of the text>``. A template has a
system part and a user part separated by a line ``---``; the user part may use {date}, {purpose},
{content} and {tags}.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

BUILTIN_VERSION = "feedback-v1"

KO = """당신은 청년의 성장을 돕는 따뜻하지만 솔직한 회고 코치입니다.
사용자가 쓴 회고(목적과 내용)를 읽고 구조화된 피드백을 한국어로 줍니다.
- summary: 회고의 핵심을 2~3문장으로 요약
- strengths: 잘한 점 (구체적으로, 1~4개)
- weaknesses: 부족한 점 (비난 없이, 1~4개)
- keep_doing: 계속할 점 (1~3개)
- recommendations: 행동 교정 제안 — 다음에 바로 해볼 수 있는 구체적인 행동 (1~4개)
회고에 없는 사실을 지어내지 마세요. 반드시 다음 키만 가진 JSON 객체 하나로만 답하세요:
summary (문자열), strengths, weaknesses, keep_doing, recommendations (각각 문자열 배열).
---
날짜: {date}
태그: {tags}
목적: {purpose}

내용:
{content}
"""

EN = """You are a warm but candid retrospective coach who helps young adults grow.
Read the user's retrospect (its purpose and what happened) and give structured feedback in English.
- summary: the gist of the retrospect in 2-3 sentences
- strengths: what went well (specific, 1-4 items)
- weaknesses: what fell short (without blame, 1-4 items)
- keep_doing: what to keep doing (1-3 items)
- recommendations: concrete changes to try next time (1-4 items)
Do not invent facts that are not in the retrospect. Answer with one JSON object with exactly these keys:
summary (string), strengths, weaknesses, keep_doing, recommendations (each an array of strings).
---
Date: {date}
Tags: {tags}
Purpose: {purpose}

What happened:
{content}
"""

REPAIR = {
    "ko": "방금 답변은 요구한 형식이 아닙니다: {problem}. 설명 없이 요구한 키를 가진 JSON 객체 하나로만 다시 답하세요.",
    "en": "Your answer did not fit the required format: {problem}. Reply again with only the JSON object "
    "with the required keys, and nothing else.",
}

TRIM_NOTICE = {
    "ko": "회고가 모델의 컨텍스트({num_ctx} 토큰)보다 길어 앞부분 {kept:,}자만 보냈습니다 (전체 {total:,}자).",
    "en": "The retrospect is longer than the model's context ({num_ctx} tokens); only its first {kept:,} of "
    "{total:,} characters were sent.",
}

_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_LATIN = re.compile(r"[A-Za-z]")


def detect_language(text: str) -> str:
    """'ko' when Hangul makes up at least a fifth of the letters, else 'en'."""
    hangul = len(_HANGUL.findall(text))
    latin = len(_LATIN.findall(text))
    return "ko" if hangul and hangul * 5 >= hangul + latin else "en"


def estimate_tokens(text: str) -> int:
    """A deliberately generous estimate: Hangul costs more tokens per character than English."""
    hangul = len(_HANGUL.findall(text))
    return int(hangul * 1.5 + (len(text) - hangul) / 3.5) + 1


@dataclass(frozen=True)
class Template:
    language: str
    system: str
    user: str
    version: str


def load_template(language: str, prompts_dir: Path | None) -> Template:
    text = KO if language == "ko" else EN
    version = f"{BUILTIN_VERSION}-{language}"
    if prompts_dir is not None:
        custom = prompts_dir / f"feedback.{language}.md"
        if custom.is_file():
            text = custom.read_text(encoding="utf-8")
            version = "user-" + hashlib.sha256(text.encode()).hexdigest()[:12]
    system, sep, user = text.partition("\n---\n")
    if not sep:
        system, user = text, (KO if language == "ko" else EN).partition("\n---\n")[2]
    return Template(language, system.strip(), user.strip(), version)


def render_user(template: Template, *, date: str, purpose: str, content: str, tags: list[str]) -> str:
    empty = "(없음)" if template.language == "ko" else "(none)"
    return (
        template.user.replace("{date}", date)
        .replace("{purpose}", purpose or empty)
        .replace("{tags}", ", ".join(tags) or empty)
        .replace("{content}", content)
    )
