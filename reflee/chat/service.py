"""Chat use cases for front ends (the CLI's `chat` and `ask`, and the TUI's chat screen): sessions, and asking
a question grounded in the user's own records, streamed, cancellable, with the sources cited."""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from reflee import db, ids
from reflee.chat import context, prompt, store
from reflee.chat.intent import INTENT_SCHEMA, Route, intent_prompt, parse_intent, route_by_rules
from reflee.chat.models import (
    Answer,
    ChatExport,
    ChatMessage,
    ChatSession,
    Conversation,
    MessageHit,
    MessageSearch,
    SessionList,
    Source,
)
from reflee.chat.retrieval import Grounding, retrieve
from reflee.dates import local_today, utc_now
from reflee.errors import CancelledError, NotFoundError, UsageError
from reflee.i18n import _
from reflee.ids import natural_sid

if TYPE_CHECKING:
    from reflee.cancel import CancelToken
    from reflee.llm.client import LLMClient
    from reflee.llm.errors import LLMError

log = logging.getLogger("reflee.chat")
NOUN = "chat session"
MAX_TITLE = 48
EXPORT_FORMATS = ("md", "json")

__all__ = ["EXPORT_FORMATS", "ChatService", "Grounding", "Prepared"]


@dataclass
class Prepared:
    """Everything decided before the model is asked: the route, the records and the messages sent."""

    session: ChatSession | None
    question: str
    route: Route
    records: list[prompt.Record]
    fitted: context.Fitted
    messages: list[dict[str, str]]
    lang: str
    codes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _title_from(question: str) -> str:
    line = " ".join(question.split())
    return line if len(line) <= MAX_TITLE else line[: MAX_TITLE - 1].rstrip() + "…"


@dataclass
class ChatService:
    conn: sqlite3.Connection
    llm: Callable[[str], LLMClient]
    """A model client for a model name (the session wires the call log in)."""
    grounding: Grounding
    default_model: str
    num_ctx: int = 8192
    max_records: int = 8
    summarize: bool = True
    week_start: str = "monday"
    today: Callable[[], date] = field(default=local_today, repr=False)

    # -- sessions -------------------------------------------------------------------------------
    def new_session(self, *, model: str | None = None, system_prompt: str = "", title: str = "") -> ChatSession:
        now = utc_now()
        s = ChatSession(
            ids.new_id(), title.strip(), model or self.default_model, "user" if title.strip() else "auto",
            system_prompt, created_at=now, updated_at=now,
        )  # fmt: skip
        with db.transaction(self.conn):
            store.insert_session(self.conn, s)
        return self.get(s.id)

    def resolve(self, ref: str) -> str:
        return db.resolve_id(self.conn, store.SESSIONS, ref, NOUN)

    def get(self, ref: str) -> ChatSession:
        try:
            found = store.get_session(self.conn, self.resolve(ref))
        except NotFoundError as exc:
            raise NotFoundError(exc.message, field="session", hint=_("see 'reflee chat list'")) from None
        if found is None or found.deleted_at is not None:
            raise NotFoundError(_("no chat session with ID {ref!r}").format(ref=ref), field="session")
        return found

    def last(self) -> ChatSession | None:
        """The session used most recently (``chat -c``)."""
        found = store.last_session(self.conn)
        return self.get(found) if found else None

    def list(self, limit: int | None = None) -> SessionList:
        if limit is not None and limit < 1:
            raise UsageError(_("must be at least 1"), field="limit")
        return SessionList(store.list_sessions(self.conn, limit))

    def show(self, ref: str) -> Conversation:
        s = self.get(ref)
        return Conversation(s, store.messages(self.conn, s.id))

    def rename(self, ref: str, title: str) -> ChatSession:
        clean = " ".join(title.split())
        if not clean:
            raise UsageError(_("a title cannot be empty"), field="title")
        with db.transaction(self.conn):
            s = self.get(ref)
            s.title, s.title_source, s.updated_at = clean[:200], "user", utc_now()
            store.update_session(self.conn, s)
        return self.get(s.id)

    def set_model(self, ref: str, model: str) -> ChatSession:
        name = model.strip()
        if not name:
            raise UsageError(_("give a model name"), field="model")
        with db.transaction(self.conn):
            s = self.get(ref)
            s.model, s.updated_at = name, utc_now()
            store.update_session(self.conn, s)
        return self.get(s.id)

    def remove(self, ref: str) -> ChatSession:
        """Soft delete: the session and its messages stay in the file with a tombstone."""
        with db.transaction(self.conn):
            s = self.get(ref)
            s.deleted_at = s.updated_at = utc_now()
            store.update_session(self.conn, s)
        s.short_id = s.short_id or natural_sid(s.id)
        return s

    def search(self, query: str, *, limit: int = 20) -> MessageSearch:
        words = [w for w in query.split() if w]
        if not words:
            raise UsageError(_("empty search; give one or more words"), field="query")
        if limit < 1:
            raise UsageError(_("must be at least 1"), field="limit")
        sessions: dict[str, ChatSession] = {}
        hits = []
        for m in store.search(self.conn, words, limit):
            if m.session_id not in sessions:
                sessions[m.session_id] = self.get(m.session_id)
            hits.append(MessageHit(sessions[m.session_id], m, _snippet(m.content, words[0])))
        return MessageSearch(query, hits)

    def export(self, ref: str, fmt: str = "md") -> ChatExport:
        if fmt not in EXPORT_FORMATS:
            raise UsageError(_("{fmt!r} is not one of md, json").format(fmt=fmt), field="fmt")
        conv = self.show(ref)
        if fmt == "json":
            import json

            text = json.dumps(conv.to_json(), ensure_ascii=False, indent=2) + "\n"
        else:
            from reflee.chat.export import markdown

            text = markdown(conv)
        return ChatExport(conv.session.id, fmt, text)

    def export_to_file(self, ref: str, fmt: str, output: Path) -> ChatExport:
        result = self.export(ref, fmt)
        target = output.expanduser()
        tmp = target.with_name(f".{target.name}.tmp")
        try:
            tmp.write_text(result.text, encoding="utf-8")
            tmp.replace(target)
        except FileNotFoundError:
            raise NotFoundError(
                _("the directory {path} does not exist").format(path=target.parent), field="output"
            ) from None
        except OSError as exc:
            raise UsageError(
                _("cannot write {path}: {error}").format(path=target, error=exc.strerror), field="output"
            ) from None
        finally:
            tmp.unlink(missing_ok=True)
        result.path = str(target)
        return result

    # -- asking ---------------------------------------------------------------------------------
    def route(self, question: str, model: str | None = None) -> Route:
        """Rules for the obvious questions; the model's structured output for the rest; 'general' if it fails."""
        found = route_by_rules(question, self.today(), self.week_start)
        if found is not None:
            return found
        from reflee.llm.errors import LLMError

        try:
            result = self.llm(model or self.default_model).chat(
                intent_prompt(question), schema=INTENT_SCHEMA, purpose="chat.intent",
                accept=lambda r: parse_intent(r.content) is not None,
            )  # fmt: skip
        except LLMError as exc:
            log.info("intent fallback failed: %s", exc.message)
            return Route("general", via="default")
        intent = parse_intent(result.content)
        return Route(intent or "general", via="model" if intent else "default")

    def prepare(
        self,
        question: str,
        session: ChatSession | None = None,
        cancel: CancelToken | None = None,
        *,
        model: str | None = None,
    ) -> Prepared:
        """Route, retrieve and fit: the messages the model will be sent for ``question`` in ``session``."""
        q = question.strip()
        if not q:
            raise UsageError(_("the question is empty"), field="question")
        model = model or (session.model if session else self.default_model)
        route = self.route(q, model)
        got = retrieve(self.grounding, route, q, today=self.today(), limit=self.max_records, cancel=cancel)
        lang = prompt.language_of(q)
        system = prompt.system_prompt(lang, self.today().isoformat(), session.system_prompt if session else "")
        history = [m for m in store.messages(self.conn, session.id) if m.content] if session else []
        fitted = context.fit(
            num_ctx=self.num_ctx, system=system, question=q, records=got.records, history=history,
            summary=session.summary if session else "", summary_upto=session.summary_upto if session else None,
        )  # fmt: skip
        msgs = prompt.messages(system, lang, fitted.records, fitted.history, fitted.summary, q)
        codes, notes = list(got.codes), list(got.notes)
        if fitted.dropped:
            codes.append("history_summarised" if fitted.summary else "history_dropped")
        if fitted.trimmed_records:
            codes.append("records_trimmed")
        return Prepared(session, q, route, fitted.records, fitted, msgs, lang, codes, notes)

    def ask(
        self,
        question: str,
        *,
        session: str | None = None,
        model: str | None = None,
        on_token: Callable[[str], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> Answer:
        """Answer ``question`` in ``session`` (a new session when None), streaming the answer's text to
        ``on_token`` (citations to records that were not retrieved are left out, as they come).

        The question is saved before the model is asked. Cancelling ``cancel`` stops the answer: what came is
        kept, marked ``interrupted``, and returned. A model failure saves what came marked ``failed`` and
        raises the error (an LLMError: unreachable, model missing, cut mid-answer)."""
        current = self.get(session) if session else None
        if current is not None and model and model != current.model:
            current = self.set_model(current.id, model)
        prep = self.prepare(question, current, cancel, model=model)
        now = utc_now()
        new = current is None
        if current is None:
            current = ChatSession(
                ids.new_id(), _title_from(prep.question), model or self.default_model, created_at=now, updated_at=now
            )
        asked = ChatMessage(
            ids.new_id(), current.id, "user", prep.question, intent=prep.route.intent, created_at=now, updated_at=now
        )
        with db.transaction(self.conn):
            if new:
                store.insert_session(self.conn, current)
            store.insert_message(self.conn, asked)
        reply, failure = self._stream(current, prep, on_token, cancel)
        with db.transaction(self.conn):
            store.insert_message(self.conn, reply)
            current.updated_at = reply.updated_at
            if current.title_source == "auto" and not current.title:
                current.title = _title_from(prep.question)
            store.update_session(self.conn, current)
        if failure is not None:
            raise failure
        if prep.fitted.dropped and self.summarize and reply.status == "complete":
            self._summarise(current, prep)
        notes = list(prep.notes)
        return Answer(self.get(current.id), asked, reply, prep.route.to_json(), new, notes, prep.codes, {
            "tokens": prep.fitted.tokens,
            "num_ctx": self.num_ctx,
            "history_sent": len(prep.fitted.history),
            "history_dropped": len(prep.fitted.dropped),
            "summary_sent": bool(prep.fitted.summary),
            "records_sent": len(prep.fitted.records),
            "records_left_out": prep.fitted.trimmed_records,
        })  # fmt: skip

    def _stream(
        self,
        current: ChatSession,
        prep: Prepared,
        on_token: Callable[[str], None] | None,
        cancel: CancelToken | None,
    ) -> tuple[ChatMessage, LLMError | None]:
        """The answer as a message to save (never raises for the model's faults: returns them beside it)."""
        from reflee.llm.errors import LLMError

        valid = {r.key for r in prep.records}
        filt = prompt.CitationFilter(valid, on_token)
        started = time.perf_counter()
        first: list[float] = []

        def token(piece: str) -> None:
            if not first:
                first.append((time.perf_counter() - started) * 1000)
            filt.feed(piece)

        status, error, result, failure = "complete", None, None, None
        try:
            result = self.llm(current.model).chat(prep.messages, on_token=token, purpose="chat", use_cache=False,
                                                  cancel=cancel)  # fmt: skip
        except (CancelledError, KeyboardInterrupt):
            status = "interrupted"
        except LLMError as exc:
            status, error, failure = "failed", exc.message, exc
        content = filt.finish()
        now = utc_now()
        msg = ChatMessage(
            ids.new_id(), current.id, "assistant", content, status, prep.route.intent,
            result.model if result else current.model,
            [Source(r.key, r.kind, r.ref, r.title, r.date, r.key in filt.used) for r in prep.records],
            filt.dropped, error, result.prompt_tokens if result else None, result.completion_tokens if result else None,
            first[0] if first else None, (time.perf_counter() - started) * 1000, now, now,
        )  # fmt: skip
        return msg, failure

    def _summarise(self, current: ChatSession, prep: Prepared) -> None:
        """Fold the turns that no longer fit into the session's stored summary (best effort)."""
        from reflee.llm.errors import LLMError

        upto = prep.fitted.dropped[-1].id
        if current.summary_upto and current.summary_upto >= upto:
            return
        turns = [m for m in prep.fitted.dropped if not current.summary_upto or m.id > current.summary_upto]
        try:
            result = self.llm(current.model).chat(
                prompt.summary_prompt(prep.lang, current.summary, turns), purpose="chat.summary", use_cache=False
            )
        except LLMError as exc:
            log.info("could not summarise the older turns: %s", exc.message)
            return
        with db.transaction(self.conn):
            s = self.get(current.id)
            s.summary, s.summary_upto = result.content.strip(), upto
            store.update_session(self.conn, s)


def _snippet(text: str, word: str, width: int = 80) -> str:
    flat = " ".join(text.split())
    at = flat.lower().find(word.lower())
    start = max(0, at - width // 3) if at > 0 else 0
    piece = flat[start : start + width]
    return ("…" if start > 0 else "") + piece + ("…" if start + width < len(flat) else "")
