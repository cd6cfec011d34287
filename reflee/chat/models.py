"""Chat sessions, their messages, and what asking returns (plain dataclasses with ``to_json``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from reflee.ids import natural_sid


@dataclass
class Source:
    """A record given to the model for an answer."""

    key: str
    """The citation key the answer uses: r:<retro>, t:<transaction>, p:<policy>, m:YYYY-MM, b:YYYY-MM, u:profile."""
    kind: str
    ref: str
    title: str
    date: str = ""
    cited: bool = False
    """Whether the answer cites it."""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Source:
        return cls(
            **{k: data.get(k, "") for k in ("key", "kind", "ref", "title", "date")}, cited=bool(data.get("cited"))
        )


@dataclass
class ChatMessage:
    id: str
    session_id: str
    role: str
    """user | assistant"""
    content: str
    status: str = "complete"
    """complete | interrupted (stopped by the user; what came is kept) | failed (the model failed mid-answer)"""
    intent: str | None = None
    model: str | None = None
    sources: list[Source] = field(default_factory=list)
    dropped_citations: list[str] = field(default_factory=list)
    error: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    first_token_ms: float | None = None
    total_ms: float | None = None
    created_at: str = ""
    updated_at: str = ""
    deleted_at: str | None = None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["sources"] = [s.to_json() for s in self.sources]
        data.pop("deleted_at")
        return data


@dataclass
class ChatSession:
    id: str
    title: str
    model: str
    title_source: str = "auto"
    system_prompt: str = ""
    summary: str = ""
    summary_upto: str | None = None
    created_at: str = ""
    updated_at: str = ""
    deleted_at: str | None = None
    short_id: str = ""
    messages: int = 0
    """How many messages it holds."""

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        return {
            "id": self.id,
            "short_id": self.short_id or natural_sid(self.id),
            **{k: v for k, v in data.items() if k not in ("id", "short_id")},
        }


@dataclass
class SessionList:
    sessions: list[ChatSession]

    def to_json(self) -> list[dict[str, Any]]:
        return [s.to_json() for s in self.sessions]


@dataclass
class Conversation:
    """One session with every message, oldest first (``chat show``)."""

    session: ChatSession
    messages: list[ChatMessage]

    def to_json(self) -> dict[str, Any]:
        return {**self.session.to_json(), "messages": [m.to_json() for m in self.messages]}


@dataclass
class Answer:
    """What one question produced: the saved question and answer, the route taken, and notes for people."""

    session: ChatSession
    question: ChatMessage
    answer: ChatMessage
    route: dict[str, Any]
    new_session: bool = False
    notices: list[str] = field(default_factory=list)
    """Things worth a line (semantic search unavailable, older turns dropped); not in JSON (codes are)."""
    codes: list[str] = field(default_factory=list)
    """The same as ``notices``, as stable codes: semantic_unavailable, history_dropped, records_trimmed …"""
    context: dict[str, Any] = field(default_factory=dict)
    """How the prompt was fitted: tokens, history sent and dropped, records sent and left out."""

    @property
    def sources(self) -> list[Source]:
        return self.answer.sources

    def to_json(self) -> dict[str, Any]:
        return {
            "session_id": self.session.id,
            "session_short_id": self.session.short_id,
            "new_session": self.new_session,
            "question": self.question.content,
            "answer": self.answer.content,
            "status": self.answer.status,
            "message_id": self.answer.id,
            "model": self.answer.model,
            "route": self.route,
            "sources": [s.to_json() for s in self.answer.sources],
            "dropped_citations": self.answer.dropped_citations,
            "error": self.answer.error,
            "notes": self.codes,
            "context": self.context,
            "prompt_tokens": self.answer.prompt_tokens,
            "completion_tokens": self.answer.completion_tokens,
            "first_token_ms": self.answer.first_token_ms,
            "total_ms": self.answer.total_ms,
        }


@dataclass
class MessageHit:
    session: ChatSession
    message: ChatMessage
    snippet: str

    def to_json(self) -> dict[str, Any]:
        return {
            "session_id": self.session.id,
            "session_title": self.session.title,
            "message": self.message.to_json(),
            "snippet": self.snippet,
        }


@dataclass
class MessageSearch:
    query: str
    hits: list[MessageHit]

    def to_json(self) -> list[dict[str, Any]]:
        return [h.to_json() for h in self.hits]


@dataclass
class ChatExport:
    session_id: str
    format: str
    text: str
    path: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"session_id": self.session_id, "format": self.format, "path": self.path}
