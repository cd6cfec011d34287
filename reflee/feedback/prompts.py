"""Prompt templates for feedback, in Korean and English, chosen by the entry's language.

Each built-in template (reflee.feedback.templates) has a version that goes into the cache key and is stored
with every feedback. Users may override a template by putting ``feedback.ko.md`` or ``feedback.en.md`` in the
``prompts`` folder of their config directory; its version is then ``user-<hash of the text>``. A template has a
system part and a user part separated by a line ``---``; the user part may use {date}, {purpose},
{content} and {tags}.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reflee.feedback.templates import DEFAULT, TEXTS, schema_for

BUILTIN_VERSION = DEFAULT
"""The template new feedback uses unless a user template replaces it."""

REPAIR = {
    "ko": "방금 답변은 요구한 형식이 아닙니다: {problem}. 설명 없이 요구한 키를 가진 JSON 객체 하나로만 다시 답하세요.",
    "en": "Your answer did not fit the required format: {problem}. Reply again with only the JSON object "
    "with the required keys, and nothing else.",
}

QUALITY_REPAIR = {
    "ko": {
        "intro": "방금 답변에 고칠 점이 있습니다:",
        "language": "- 한국어로만 답하세요.",
        "sections": "- 비어 있는 섹션이 있습니다: {fields}. 회고 내용에 근거해 채우세요.",
        "distinct": "- 같은 항목이 되풀이됩니다: {items}. 항목마다 다른 내용을 쓰세요.",
        "keep_vs_recs": "- 계속할 점이 행동 교정 제안과 같습니다: {items}. 계속할 점에는 이미 하고 있는 습관을, "
        "제안에는 새로 해 볼 행동을 쓰세요.",
        "no_echo": "- 질문의 형식이나 지시문을 옮겨 적었습니다: {items}. 회고 내용을 당신의 말로 요약하세요.",
        "outro": "고친 답을 같은 키를 가진 JSON 객체 하나로만 다시 주세요.",
    },
    "en": {
        "intro": "Your answer needs fixing:",
        "language": "- Answer in English only.",
        "sections": "- These sections are empty: {fields}. Fill them from what the retrospect says.",
        "distinct": "- Items are repeated: {items}. Make every item different.",
        "keep_vs_recs": "- keep_doing repeats the recommendations: {items}. keep_doing is a habit they already have; "
        "recommendations are new actions.",
        "no_echo": "- You copied the question's labels or instructions: {items}. Summarise the retrospect in your own "
        "words.",
        "outro": "Reply again with only the corrected JSON object with the same keys.",
    },
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


HANGUL_TOKENS_PER_CHAR = 1.15
OTHER_CHARS_PER_TOKEN = 3.6


def estimate_tokens(text: str, scale: float = 1.0) -> int:
    """Tokens for ``text`` when the server cannot count them: about 1.15 per Hangul syllable (Qwen2.5, Llama 3
    and Gemma tokenizers spend 0.6-1.2) and one per 3.6 other characters, times ``scale`` (measured from the
    server's own prompt counts, see reflee.feedback.fit). Errs a little high, never far."""
    hangul = len(_HANGUL.findall(text))
    return int((hangul * HANGUL_TOKENS_PER_CHAR + (len(text) - hangul) / OTHER_CHARS_PER_TOKEN) * scale) + 1


@dataclass(frozen=True)
class Template:
    language: str
    system: str
    user: str
    version: str

    @property
    def name(self) -> str:
        """The built-in template's name ('feedback-v2'), or 'user' for a user's own."""
        return self.version.rsplit("-", 1)[0] if self.version.startswith("feedback-") else "user"

    @property
    def schema(self) -> dict[str, Any]:
        return schema_for(self.name, self.language)


@dataclass(frozen=True)
class TemplateChoice:
    """Which template to use: a built-in one by name, or a file; None everywhere means the usual choice
    (the user's template in the prompts folder if there is one, else the default built-in)."""

    name: str | None = None
    path: Path | None = None

    @property
    def label(self) -> str:
        return str(self.path) if self.path else (self.name or "default")


def resolve_name(spec: str) -> str:
    """'v1', 'feedback-v1' -> 'feedback-v1'; None when it is no built-in name."""
    name = spec if spec.startswith("feedback-") else f"feedback-{spec}"
    return name if name in TEXTS else ""


def load_template(language: str, prompts_dir: Path | None, choice: TemplateChoice | None = None) -> Template:
    name = (choice.name if choice else None) or BUILTIN_VERSION
    builtin = TEXTS[name][language if language in ("ko", "en") else "en"]
    text, version = builtin, f"{name}-{language}"
    custom = None
    if choice is not None and choice.path is not None:
        custom = choice.path
    elif prompts_dir is not None and (choice is None or choice.name is None):
        custom = prompts_dir / f"feedback.{language}.md"
    if custom is not None and custom.is_file():
        text = custom.read_text(encoding="utf-8")
        version = "user-" + hashlib.sha256(text.encode()).hexdigest()[:12]
    system, sep, user = text.partition("\n---\n")
    if not sep:
        system, user = text, builtin.partition("\n---\n")[2]
    return Template(language, system.strip(), user.strip(), version)


_EXAMPLE = re.compile(r"\n?\[example\]\n.*?\n\[/example\]\n?", re.S)


def system_text(template: Template, *, with_example: bool = True) -> str:
    """The system prompt, with its worked example (markers removed) or without it."""
    if with_example:
        return template.system.replace("[example]\n", "").replace("\n[/example]", "")
    return _EXAMPLE.sub("", template.system).strip()


def render_user(template: Template, *, date: str, purpose: str, content: str, tags: list[str]) -> str:
    empty = "(없음)" if template.language == "ko" else "(none)"
    return (
        template.user.replace("{date}", date)
        .replace("{purpose}", purpose or empty)
        .replace("{tags}", ", ".join(tags) or empty)
        .replace("{content}", content)
    )
