"""OllamaStandin: the server object tests script (models, replies, faults, slots) and the routing table."""

from __future__ import annotations

import contextlib
import itertools
import selectors
import socket
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable
from datetime import timezone
from http.server import ThreadingHTTPServer
from typing import Any

from .gojson import KST, rfc3339nano
from .models import ModelSpec, normalize_name
from .reply import RecordedRequest, Reply
from .routes import route
from .sched import Scheduler
from .wire import Abort, Handler

DEFAULT_REPLY = Reply(content="Hello! How can I help you today?")
FOREVER_NS = 2**63 - 1


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, standin: OllamaStandin) -> None:
        self.standin = standin
        super().__init__(("127.0.0.1", 0), Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], OSError):  # resets, broken pipes, sockets closed by stop()
            return
        self.standin._server_error(traceback.format_exc())


class OllamaStandin:
    """A real HTTP/1.1 server on 127.0.0.1 speaking Ollama's REST API and its OpenAI-compatible /v1 API."""

    def __init__(
        self,
        models: Iterable[str] = ("llama3.2:latest",),
        *,
        version: str = "0.12.0",
        parallel: int = 1,
        max_queue: int = 512,
    ) -> None:
        self.version = version
        self.parallel = parallel  # OLLAMA_NUM_PARALLEL: requests generating at once
        self.max_queue = max_queue  # OLLAMA_MAX_QUEUE: requests waiting before 503
        self.openai_flavor = "ollama"  # or "lmstudio"
        self.require_api_key: str | None = None
        self.default_num_ctx = 4096  # the window when a request sends no options.num_ctx (capped by the model's)
        self.pull_latency = 0.0  # seconds a successful pull takes, spread over its status lines
        self.embed_latency = 0.0  # seconds each /api/embed call takes before answering
        self.embed_dims = 256  # length of /api/embed vectors when the request asks for no "dimensions"
        self.tz: timezone = KST  # the zone of created_at / modified_at, like the server's local time
        self.llamacpp = False  # serve llama-server's /props and /tokenize (see standin.llamacpp)
        self.slot_ctx: int | None = None  # llama-server's per-slot context: longer prompts are refused with 400
        self.tokenize_calls = 0
        self.server_errors: list[str] = []  # tracebacks from inside the stand-in (a failing test's clue)
        self._lock = threading.Lock()
        self._models: dict[str, ModelSpec] = {}
        self._pullable: dict[str, ModelSpec] = {}
        self._loaded: dict[str, tuple[ModelSpec, int]] = {}
        self._replies: deque[Reply] = deque()
        self._responder: Callable[[Any], Reply] | None = None
        self._requests: list[RecordedRequest] = []
        self._numbers = itertools.count(1)
        self._stopping = threading.Event()
        self._scheduler = Scheduler(lambda: (self.parallel, self.max_queue), self._stopping)
        self._conns: dict[socket.socket, threading.Thread] = {}
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._wake: tuple[socket.socket, socket.socket] | None = None
        for name in [models] if isinstance(models, str) else models:
            self.add_model(name)

    # --- lifecycle ----------------------------------------------------------------------------------------
    def start(self) -> OllamaStandin:
        if self._httpd is not None:
            raise RuntimeError("the stand-in is already running")
        self._stopping.clear()
        self._httpd = _HTTPServer(self)
        self._wake = socket.socketpair()
        self._thread = threading.Thread(target=self._serve, name=f"ollama-standin:{self.port}", daemon=True)
        self._thread.start()
        return self

    def _serve(self) -> None:
        assert self._httpd is not None and self._wake is not None
        with selectors.DefaultSelector() as sel:
            sel.register(self._httpd.socket, selectors.EVENT_READ)
            sel.register(self._wake[0], selectors.EVENT_READ)
            while not self._stopping.is_set():
                for key, _ in sel.select():
                    if key.fileobj is self._wake[0]:
                        return
                    self._httpd._handle_request_noblock()

    def stop(self) -> None:
        """Stop accepting, wake every sleeping or queued request and close every open connection."""
        if self._httpd is None or self._wake is None or self._thread is None:
            return
        with self._lock:
            self._stopping.set()
            conns = list(self._conns.items())
        self._scheduler.wake()
        self._wake[1].send(b"x")
        self._thread.join(2)
        self._httpd.server_close()
        for conn, _ in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        deadline = time.monotonic() + 2
        for _, thread in conns:
            thread.join(max(0.0, deadline - time.monotonic()))
        for sock in self._wake:
            sock.close()
        self._httpd = self._thread = self._wake = None

    def __enter__(self) -> OllamaStandin:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("the stand-in is not running; call start() or use it as a context manager")
        return self._httpd.server_address[1]

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @staticmethod
    def dead_url() -> str:
        """A URL on 127.0.0.1 where nothing listens (a port just bound and released)."""
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        return f"http://127.0.0.1:{port}"

    # --- scripting ----------------------------------------------------------------------------------------
    def add_model(
        self,
        name: str,
        *,
        context_length: int = 8192,
        capabilities: Iterable[str] = ("completion",),
        family: str | None = None,
        **details: Any,
    ) -> ModelSpec:
        """Make a model present. details: parameter_size, quantization_level, size, template, parameters."""
        spec = self._spec(name, context_length, capabilities, family, details)
        with self._lock:
            self._models[spec.name] = spec
        return spec

    def add_pullable(
        self,
        name: str,
        *,
        context_length: int = 8192,
        capabilities: Iterable[str] = ("completion",),
        family: str | None = None,
        **details: Any,
    ) -> ModelSpec:
        """A model the registry has: absent until POST /api/pull succeeds for it."""
        spec = self._spec(name, context_length, capabilities, family, details)
        with self._lock:
            self._pullable[spec.name] = spec
        return spec

    @staticmethod
    def _spec(name: str, ctx: int, caps: Iterable[str], family: str | None, details: dict[str, Any]) -> ModelSpec:
        return ModelSpec(name, context_length=ctx, capabilities=tuple(caps), family=family or "", **details)

    def remove_model(self, name: str) -> None:
        with self._lock:
            self._models.pop(normalize_name(name), None)
            self._loaded.pop(normalize_name(name), None)

    def enqueue(self, *replies: Reply) -> None:
        """Answer the next generating calls (chat, generate, /v1/chat/completions) with these, in order."""
        for reply in replies:
            if not isinstance(reply, Reply):
                raise TypeError(f"enqueue takes Reply objects, not {type(reply).__name__}")
        with self._lock:
            self._replies.extend(replies)

    def set_responder(self, responder: Callable[[Any], Reply] | None) -> None:
        """responder(request_json) -> Reply, used when the queue is empty; None restores the fixed default.

        request_json is the decoded body: Ollama's for /api/chat and /api/generate, OpenAI's for /v1.
        """
        self._responder = responder

    @property
    def pending_replies(self) -> int:
        with self._lock:
            return len(self._replies)

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def requests_to(self, path: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path.split("?", 1)[0] == path]

    # --- used by the handlers -----------------------------------------------------------------------------
    def _route(self, h: Handler, path: str, raw: bytes) -> None:
        route(h, path, raw)

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    def _server_error(self, text: str) -> None:
        with self._lock:
            self.server_errors.append(text)

    def _track(self, conn: socket.socket, add: bool) -> None:
        with self._lock:
            if not add:
                self._conns.pop(conn, None)
                return
            self._conns[conn] = threading.current_thread()
            stopping = self._stopping.is_set()
        if stopping:
            conn.shutdown(socket.SHUT_RDWR)

    def _sleep(self, seconds: float | None) -> None:
        """Sleep, or raise Abort as soon as the server stops (None: until it stops)."""
        if self._stopping.wait(seconds):
            raise Abort

    def _next_reply(self, body: Any) -> Reply:
        with self._lock:
            if self._replies:
                return self._replies.popleft()
            responder = self._responder
        reply = responder(body) if responder else DEFAULT_REPLY
        if not isinstance(reply, Reply):
            raise TypeError(f"the responder returned {type(reply).__name__}, not Reply")
        return reply

    def _find(self, name: str) -> ModelSpec | None:
        with self._lock:
            return self._models.get(normalize_name(name))

    def _pullable_spec(self, name: str) -> ModelSpec | None:
        key = normalize_name(name)
        with self._lock:
            return self._models.get(key) or self._pullable.get(key)

    def _install(self, spec: ModelSpec) -> None:
        spec.modified_ns = time.time_ns()
        with self._lock:
            self._models[spec.name] = spec

    def _models_snapshot(self) -> list[ModelSpec]:
        with self._lock:
            return list(self._models.values())

    def _set_loaded(self, spec: ModelSpec, keep_alive: float | None) -> None:
        seconds = 300.0 if keep_alive is None else keep_alive
        expires = FOREVER_NS if seconds == float("inf") else time.time_ns() + int(seconds * 1e9)
        with self._lock:
            self._loaded[spec.name] = (spec, expires)

    def _unload(self, spec: ModelSpec) -> None:
        with self._lock:
            self._loaded.pop(spec.name, None)

    def _loaded_snapshot(self) -> list[tuple[ModelSpec, int]]:
        now = time.time_ns()
        with self._lock:
            return [(s, e) for s, e in self._loaded.values() if e > now]

    def _now(self) -> str:
        return rfc3339nano(tz=self.tz)

    def _next_number(self) -> int:
        with self._lock:
            return next(self._numbers)
