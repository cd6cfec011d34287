"""Playing a scripted Reply over the wire: timing, streaming, metrics and faults, shared by every generating endpoint.

A Dialect knows one endpoint's shapes (Ollama chat, Ollama generate, OpenAI chat completions); `play` knows
when to send what.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Protocol

from .gojson import go_dumps
from .reply import Reply, estimate_prompt_tokens
from .wire import Abort, Handler, mid_char_cut


@dataclass
class Plan:
    reply: Reply
    stream: bool
    pieces: list[str]
    thinking: list[str]
    done_reason: str
    prompt_eval_count: int
    eval_count: int
    started_ns: int
    load_ns: int = 0
    gen_start_ns: int = 0

    @property
    def content(self) -> str:
        return "".join(self.pieces)

    def metrics(self) -> dict[str, int]:
        """Ollama's Metrics, in nanoseconds; zero values dropped like Go's omitempty."""
        now = time.time_ns()
        values = {
            "total_duration": now - self.started_ns,
            "load_duration": self.load_ns,
            "prompt_eval_count": self.prompt_eval_count,
            "prompt_eval_duration": self.prompt_eval_count * 250_000,
            "eval_count": self.eval_count,
            "eval_duration": max(1, now - (self.gen_start_ns or now)),
        }
        return {k: v for k, v in values.items() if v}


def positive_int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def make_plan(
    reply: Reply, body: dict[str, Any], started_ns: int, *, stream: bool, think: bool, num_predict: Any, num_ctx: int
) -> Plan:
    """What to send. Like a real runner: num_predict cuts the answer ("length"), and a prompt longer than the
    context window is silently shortened to about half the window (visible only in prompt_eval_count)."""
    pieces = reply.pieces()
    thinking = reply.thinking_pieces() if think else []
    done_reason = reply.done_reason
    limit = positive_int(num_predict)
    if limit is not None and limit < len(pieces):
        pieces, done_reason = pieces[:limit], "length"
    prompt = reply.prompt_eval_count
    if prompt is None:
        prompt = estimate_prompt_tokens(body)
        prompt = prompt if prompt <= num_ctx else num_ctx // 2
    evals = reply.eval_count if reply.eval_count is not None else len(pieces) + len(thinking)
    return Plan(reply, stream, pieces, thinking, done_reason, prompt, evals, started_ns)


class Dialect(Protocol):
    stream_type: str  # Content-Type of a streamed answer
    json_type: str  # Content-Type of a whole answer
    error_type: str  # Content-Type of an error sent before the first byte of a stream

    def content_event(self, piece: str) -> bytes: ...
    def thinking_event(self, piece: str) -> bytes: ...
    def final_events(self, plan: Plan) -> list[bytes]: ...
    def error_event(self, message: str) -> bytes: ...
    def malformed_event(self) -> bytes: ...
    def whole(self, plan: Plan) -> dict[str, Any]: ...
    def error_body(self, status: int, message: str) -> Any: ...


def _fault_index(events: list[bytes], fault: str | None) -> int:
    """How many events go out intact before a mid-stream fault."""
    if not events:
        return 0
    half = max(1, len(events) // 2)
    if fault == "cut_in_char":
        order = list(range(half, len(events))) + list(range(half))
        for i in order:
            if mid_char_cut(events[i]) is not None:
                return i
        return min(half, len(events) - 1)
    return min(half, len(events))


def play(h: Handler, plan: Plan, dialect: Dialect) -> None:
    r, sleep = plan.reply, h.standin._sleep
    if r.fault == "hang":
        sleep(r.latency if r.latency > 0 else None)
        raise Abort
    if r.first_byte_delay > 0:
        sleep(r.first_byte_delay)
        plan.load_ns = int(r.first_byte_delay * 1e9)
    if r.fault == "http":
        h.send_json(r.status, dialect.error_body(r.status, r.error_message), dialect.error_type)
        return
    plan.gen_start_ns = time.time_ns()
    if not plan.stream:
        _play_whole(h, plan, dialect)
        return
    events = [dialect.thinking_event(p) for p in plan.thinking] + [dialect.content_event(p) for p in plan.pieces]
    step = r.latency / len(events) if events else 0.0
    at = _fault_index(events, r.fault)
    h.begin_stream(dialect.stream_type)
    for i in range(len(events) + 1):
        if i == at and r.fault:
            if r.fault == "cut":
                raise Abort
            if r.fault == "cut_in_char":
                data = events[i] if i < len(events) else dialect.final_events(plan)[0]
                h.write_partial_chunk(data, mid_char_cut(data) or len(data) // 2)
                raise Abort
            if r.fault == "malformed":
                h.write_chunk(dialect.malformed_event())
            if r.fault == "mid_stream_error":
                h.write_chunk(dialect.error_event(r.error_message))
                h.end_stream()
                return
        if i == len(events):
            break
        if step:
            sleep(step)
        h.write_chunk(events[i], r.split_utf8)
    if not events and r.latency > 0:
        sleep(r.latency)
    for event in dialect.final_events(plan):
        h.write_chunk(event)
    h.end_stream()


def _play_whole(h: Handler, plan: Plan, dialect: Dialect) -> None:
    r = plan.reply
    if r.latency > 0:
        h.standin._sleep(r.latency)
    if r.fault == "mid_stream_error":  # Go collects the stream; an error in it becomes a 500
        h.send_json(500, dialect.error_body(500, r.error_message), dialect.error_type)
        return
    text = go_dumps(dialect.whole(plan))
    data = text.encode()
    if r.fault == "malformed":  # whole characters: invalid JSON, valid UTF-8
        h.send_bytes(200, text[: max(1, len(text) // 2)].encode(), dialect.json_type)
    elif r.fault in ("cut", "cut_in_char"):
        cut = mid_char_cut(data) if r.fault == "cut_in_char" else None
        h.send_bytes(200, data[: cut or len(data) // 2], dialect.json_type, length=len(data))
        raise Abort
    else:
        h.send_bytes(200, data, dialect.json_type)
