"""HTTP/1.1 framing for the stand-in: request bodies, fixed-length and hand-written chunked responses, abrupt closes."""

from __future__ import annotations

import contextlib
import json
import socket
import time
import traceback
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .gojson import go_dumps
from .reply import RecordedRequest

if TYPE_CHECKING:
    from .server import OllamaStandin

JSON_UTF8 = "application/json; charset=utf-8"


class Abort(Exception):
    """Close the connection now, without finishing the response (faults, hangs, server stopping)."""


def mid_char_cut(data: bytes) -> int | None:
    """An index that splits data inside its first multi-byte UTF-8 character, or None if it has none."""
    for i, b in enumerate(data):
        if b >= 0xC0:
            return i + (2 if b >= 0xE0 else 1)
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # every write leaves at once, as Go's flushed writes do

    standin: OllamaStandin
    started_ns: int
    headers_sent: bool

    # --- connection bookkeeping -------------------------------------------------------------------------
    def setup(self) -> None:
        super().setup()
        self.standin = self.server.standin  # type: ignore[attr-defined]
        self.standin._track(self.connection, True)

    def finish(self) -> None:
        try:
            super().finish()
        except OSError:
            pass
        finally:
            self.standin._track(self.connection, False)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    # --- request ------------------------------------------------------------------------------------------
    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            parts = []
            while True:
                size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(parts)
                parts.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _dispatch(self) -> None:
        self.started_ns = time.time_ns()
        self.headers_sent = False
        raw = self._read_body()
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = None
        headers: dict[str, str] = {}
        for key, value in self.headers.items():
            key = key.lower()
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
        self.standin._record(RecordedRequest(self.command, self.path, headers, parsed, raw))
        try:
            self.standin._route(self, urlsplit(self.path).path, raw)
        except Abort:
            self.abort()
        except (ConnectionError, TimeoutError):
            self.close_connection = True  # the client went away (Ollama logs a 499)
        except Exception:
            self.standin._server_error(f"{self.command} {self.path}\n{traceback.format_exc()}")
            if self.headers_sent:
                self.abort()
            else:
                self.send_json(500, {"error": "stand-in internal error (see standin.server_errors)"})

    do_GET = do_POST = do_HEAD = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _dispatch

    # --- responses ----------------------------------------------------------------------------------------
    def _head(self, status: int, content_type: str, header: str, value: str) -> None:
        self.send_response_only(status)  # no Server header: Go's net/http sends none
        self.send_header("Content-Type", content_type)
        self.send_header("Date", self.date_time_string())
        self.send_header(header, value)
        self.end_headers()
        self.headers_sent = True

    def send_bytes(self, status: int, body: bytes, content_type: str, length: int | None = None) -> None:
        """A fixed-length response; `length` may promise more bytes than `body` (for cut responses)."""
        declared = len(body) if length is None else length
        self._head(status, content_type, "Content-Length", str(declared))
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_json(self, status: int, obj: Any, content_type: str = JSON_UTF8) -> None:
        self.send_bytes(status, go_dumps(obj).encode(), content_type)

    def send_text(self, status: int, text: str, content_type: str = "text/plain; charset=utf-8") -> None:
        self.send_bytes(status, text.encode(), content_type)

    def begin_stream(self, content_type: str) -> None:
        self._head(200, content_type, "Transfer-Encoding", "chunked")

    def write_chunk(self, data: bytes, split_utf8: bool = False) -> None:
        """One HTTP chunk. With split_utf8 it leaves in two TCP segments, the first ending mid-character."""
        frame = b"%x\r\n" % len(data) + data + b"\r\n"
        cut = mid_char_cut(data) if split_utf8 else None
        if cut is None:
            self.wfile.write(frame)
            return
        head = len(frame) - len(data) - 2 + cut
        self.wfile.write(frame[:head])
        time.sleep(0.003)
        self.wfile.write(frame[head:])

    def write_partial_chunk(self, data: bytes, upto: int) -> None:
        """A chunk header promising all of data, then only data[:upto] (the connection is cut next)."""
        self.wfile.write(b"%x\r\n" % len(data) + data[:upto])

    def end_stream(self) -> None:
        self.wfile.write(b"0\r\n\r\n")

    def abort(self) -> None:
        """Close the connection without completing the response: the client sees EOF mid-message."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_WR)
