"""What the model is sent: instructions in the question's language, the retrieved records each with its ID,
the history, the question; and what comes back: citations like ``[r:0195a3b2]`` checked against the records
that were sent (a citation to anything else is dropped, while streaming too, and logged)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

log = logging.getLogger("reflee.chat")

CITATION = re.compile(r"\[((?:[a-z]:[0-9A-Za-z][0-9A-Za-z_.\-]*)(?:\s*[,;]\s*[a-z]:[0-9A-Za-z][0-9A-Za-z_.\-]*)*)\]")
KEY = re.compile(r"[a-z]:[0-9A-Za-z][0-9A-Za-z_.\-]*")
HANGUL = re.compile(r"[\uac00-\ud7a3]")
MAX_MARKER = 80
"""Longer bracketed text is not a citation: the stream filter lets it through."""


def language_of(text: str) -> str:
    return "ko" if HANGUL.search(text) else "en"


@dataclass(frozen=True)
class Record:
    """One retrieved record as the model sees it."""

    key: str
    """The citation key: r:<retro short ID>, t:<transaction>, p:<policy>, m:YYYY-MM (month totals),
    b:YYYY-MM (budgets), u:profile."""
    kind: str
    """retro | txn | money | budget | policy | profile"""
    ref: str
    """The record's full ID (or the month, or 'profile')."""
    title: str
    date: str
    text: str
    score: float = 0.0

    def render(self) -> str:
        head = " · ".join(x for x in (self.date, self.kind, self.title) if x)
        return f"[{self.key}] {head}\n{self.text}".rstrip()

    def trimmed(self, chars: int) -> Record:
        if len(self.text) <= chars:
            return self
        return replace(self, text=self.text[:chars].rstrip() + " …")


INSTRUCTIONS = {
    "ko": (
        "당신은 reflee의 도우미입니다. 사용자의 회고, 가계부, 프로필과 청년정책 기록을 바탕으로 한국어로 답합니다.\n"
        "규칙:\n"
        "- 아래 [기록]에 있는 내용만 사실로 사용하세요. 없는 내용은 모른다고 말하세요.\n"
        "- 기록을 근거로 한 문장 끝에는 그 기록의 ID를 [r:0195a3b2] 처럼 대괄호로 붙이세요.\n"
        "- 목록에 없는 ID는 쓰지 마세요.\n"
        "- 금액과 합계는 기록에 계산된 값을 그대로 쓰고, 직접 계산하지 마세요.\n"
        "- 짧고 구체적으로, 필요하면 마크다운 목록을 쓰세요."
    ),
    "en": (
        "You are reflee's assistant. Answer in English from the user's own retrospects, ledger, profile and "
        "policy records.\n"
        "Rules:\n"
        "- Use only what the [Records] below say as facts; if they do not say, say you do not know.\n"
        "- End each sentence that relies on a record with that record's ID in brackets, like [r:0195a3b2]. "
        "Never cite an ID that is not in the list.\n"
        "- Use the amounts and totals exactly as computed in the records; do not do your own arithmetic.\n"
        "- Be brief and concrete; use Markdown lists when they help."
    ),
}
RECORDS_HEAD = {"ko": "[기록]", "en": "[Records]"}
NO_RECORDS = {"ko": "(관련 기록 없음)", "en": "(no matching records)"}
TODAY = {"ko": "오늘 날짜: {today}", "en": "Today: {today}"}
SUMMARY_HEAD = {"ko": "앞선 대화 요약:", "en": "Summary of the earlier conversation:"}


def system_prompt(lang: str, today: str, custom: str = "") -> str:
    """The instructions without the records (their size is fixed; records are fitted separately)."""
    base = custom.strip() or INSTRUCTIONS[lang]
    return f"{base}\n{TODAY[lang].format(today=today)}"


def with_records(system: str, lang: str, records: list[Record]) -> str:
    body = "\n\n".join(r.render() for r in records) if records else NO_RECORDS[lang]
    return f"{system}\n\n{RECORDS_HEAD[lang]}\n{body}"


def messages(
    system: str, lang: str, records: list[Record], history: list[Any], summary: str, question: str
) -> list[dict[str, str]]:
    out = [{"role": "system", "content": with_records(system, lang, records)}]
    if summary:
        out.append({"role": "system", "content": f"{SUMMARY_HEAD[lang]}\n{summary}"})
    out.extend({"role": m.role, "content": m.content} for m in history)
    out.append({"role": "user", "content": question})
    return out


def summary_prompt(lang: str, previous: str, turns: list[Any]) -> list[dict[str, str]]:
    text = "\n".join(f"{m.role}: {m.content}" for m in turns)
    ask = (
        "다음 대화를 5문장 이내로 요약하세요. 기록 ID([r:…])는 그대로 두세요."
        if lang == "ko"
        else "Summarise this conversation in at most five sentences. Keep record IDs ([r:…]) as they are."
    )
    body = (f"{previous}\n\n" if previous else "") + text
    return [{"role": "system", "content": ask}, {"role": "user", "content": body}]


class CitationFilter:
    """Passes streamed text through, holding back a bracket until it is known to be a citation (kept when it
    names a record that was sent, dropped and logged when not) or plain text."""

    def __init__(self, valid: set[str], emit: Callable[[str], None] | None = None) -> None:
        self.valid = valid
        self.emit = emit
        self.out: list[str] = []
        self.held = ""
        self.used: list[str] = []
        self.dropped: list[str] = []

    def _send(self, text: str) -> None:
        if text:
            self.out.append(text)
            if self.emit is not None:
                self.emit(text)

    def feed(self, piece: str) -> None:
        text = self.held + piece
        self.held = ""
        while text:
            start = text.find("[")
            if start == -1:
                self._send(text)
                return
            self._send(text[:start])
            text = text[start:]
            end = text.find("]")
            if end == -1:
                if len(text) > MAX_MARKER or "\n" in text:
                    self._send(text[0])
                    text = text[1:]
                    continue
                self.held = text  # wait for the rest of the marker
                return
            self._send(self._marker(text[: end + 1]))
            text = text[end + 1 :]

    def _marker(self, bracketed: str) -> str:
        m = CITATION.fullmatch(bracketed)
        if m is None:
            return bracketed
        kept = []
        for key in KEY.findall(m.group(1)):
            if key in self.valid:
                kept.append(f"[{key}]")
                if key not in self.used:
                    self.used.append(key)
            else:
                self.dropped.append(key)
                log.warning("dropped a citation to a record that was not retrieved: %s", key)
        return "".join(kept)

    def finish(self) -> str:
        if self.held:
            held, self.held = self.held, ""
            self._send(held)
        return "".join(self.out)
