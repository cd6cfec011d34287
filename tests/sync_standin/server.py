"""The sync stand-in: a real HTTP/1.1 server on 127.0.0.1 that implements docs/sync-api.openapi.json.

JWT (HS256) access tokens with refresh rotation, per-user storage, a fixed number of server slots, latency,
and scripted faults. Every request is checked against the OpenAPI file (``violations``), and so is every
answer it gives (``server_errors``): a test fails when either is not empty.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import traceback
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from . import spec
from .accounts import Accounts
from .records import Records

COLLECTIONS = {"transactions": "transaction", "budgets": "budget", "retrospects": "retrospect"}


@dataclass
class Fault:
    """What the next matching request gets instead of its answer.

    op: batch | register | login | refresh | logout | * ; kind:
      status  an error answer (status, code, Retry-After when given)
      cut     the real answer's headers and half its body, then the connection closes
      hang    nothing for ``seconds``, then the real answer
      drop    the connection closes without an answer
    """

    op: str
    kind: str
    status: int = 500
    code: str = "internal"
    retry_after: int | None = None
    seconds: float = 0.0
    times: int = 1


class SyncStandin:
    def __init__(self, *, latency: float = 0.0, slots: int = 16, validate: bool = True, access_ttl: int = 900):
        self.latency = latency
        self.slots = slots
        self.validate = validate
        self.accounts = Accounts(access_ttl=access_ttl)
        self.records = Records()
        self.faults: list[Fault] = []
        self.max_batch: int | None = None
        self.forbidden = False
        self.violations: list[str] = []
        self.server_errors: list[str] = []
        self.log: list[tuple[str, int]] = []
        self._slot = threading.BoundedSemaphore(slots)
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None

    # -- lifecycle -------------------------------------------------------------------------------------
    def start(self) -> SyncStandin:
        standin = self

        class Handler(_Handler):
            owner = standin

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()

    def __enter__(self) -> SyncStandin:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._httpd is not None
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    # -- scripting -------------------------------------------------------------------------------------
    def fault(self, op: str, kind: str, **kw: Any) -> None:
        with self._lock:
            self.faults.append(Fault(op, kind, **kw))

    def take_fault(self, op: str) -> Fault | None:
        with self._lock:
            for f in self.faults:
                if f.op in (op, "*"):
                    f.times -= 1
                    if f.times <= 0:
                        self.faults.remove(f)
                    return f
        return None

    def user_id(self, email: str) -> str:
        return self.accounts.users[email.lower()].id

    def calls(self, op: str) -> list[int]:
        return [status for name, status in self.log if name == op]


class _Handler(BaseHTTPRequestHandler):
    owner: SyncStandin
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # as real servers do

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    def _handle(self) -> None:
        o = self.owner
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        if len(raw) < length:  # the client went away mid-request (killed): nothing to answer
            self.close_connection = True
            return
        found = spec.find(self.command, parts.path)
        op_name = parts.path.rsplit("/", 1)[-1] if found else "?"
        fault = o.take_fault(op_name) if found else None
        with o._slot:
            if o.latency:
                time.sleep(o.latency)
            if fault is not None and fault.kind == "status":  # refused before anything is applied
                body = _err(fault.code, f"scripted {fault.status}")
                status = fault.status
                headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
            else:
                try:
                    status, body, headers = self._answer(found, parts, raw, op_name)
                except Exception:
                    o.server_errors.append(traceback.format_exc())
                    status, body, headers = 500, _err("internal", "stand-in failure"), {}
                if found and o.validate and status != 500:
                    o.server_errors.extend(spec.check_response(found[0], status, body))
        o.log.append((op_name, status))
        if fault is not None and fault.kind == "hang":
            time.sleep(fault.seconds)
        elif fault is not None and fault.kind == "drop":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        if body is not None:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if fault is not None and fault.kind == "cut":
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.wfile.write(data)

    def _answer(self, found: Any, parts: Any, raw: bytes, op_name: str) -> tuple[int, Any, dict[str, str]]:
        o = self.owner
        if found is None:
            return 404, _err("not_found", f"no route {self.command} {parts.path}"), {}
        op, params = found
        headers = {k.lower(): v for k, v in self.headers.items()}
        query = dict(parse_qsl(parts.query))
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            o.violations.append(f"{op.name}: body is not JSON")
            return 422, _err("bad_request", "body is not JSON"), {}
        if o.validate:
            problems = spec.check_request(op, headers, query, body, bool(raw))
            if problems:
                o.violations.extend(f"{op.name}: {p}" for p in problems)
                return 422, _err("invalid", problems[0]), {}
        if op.template.startswith("/api/v1/auth/"):
            return self._auth(op_name, body)
        user, code = o.accounts.check(headers.get("authorization", ""))
        if user is None:
            return 401, _err(code, "log in again" if code == "unauthorized" else "access token expired"), {}
        if o.forbidden:
            return 403, _err("forbidden", "this account is suspended"), {}
        if op_name == "batch":
            changes = body["changes"]
            if o.max_batch is not None and len(changes) > o.max_batch:
                return 413, _err("too_large", f"at most {o.max_batch} changes per batch"), {}
            return 200, {"results": [o.records.apply(user, c) for c in changes]}, {}
        return self._record(op, params, headers, query, body, user)

    def _auth(self, op_name: str, body: Any) -> tuple[int, Any, dict[str, str]]:
        acc = self.owner.accounts
        if op_name == "register":
            user = acc.register(body["email"], body["password"])
            if user is None:
                return 409, _err("conflict", "an account with this e-mail exists"), {}
            return 201, acc.issue(user), {}
        if op_name == "login":
            user = acc.login(body["email"], body["password"])
            return (200, acc.issue(user), {}) if user else (401, _err("unauthorized", "wrong e-mail or password"), {})
        if op_name == "refresh":
            pair = acc.rotate(body["refresh_token"])
            return (200, pair, {}) if pair else (401, _err("unauthorized", "refresh token is not valid"), {})
        acc.logout(body["refresh_token"])
        return 204, None, {}

    def _record(self, op: Any, params: dict[str, str], headers: dict[str, str], query: dict[str, str], body: Any,
                user: str) -> tuple[int, Any, dict[str, str]]:  # fmt: skip
        """The per-record endpoints: each the same rule as one change in a batch."""
        segments = op.template.split("/")
        if op.method == "GET":
            if op.template == "/api/v1/profile":
                rec = self.owner.records.of(user).get(("profile", "me"))
                return (200, rec.record(), {}) if rec else (404, _err("not_found", "no profile yet"), {})
            kind = COLLECTIONS[segments[3]]
            page = self.owner.records.page(
                user, kind, query.get("cursor"), int(query.get("limit", 100)), query.get("month")
            )
            return 200, page, {}
        if op.template == "/api/v1/profile":
            kind, rid = "profile", "me"
        elif segments[3] == "policies":
            kind, rid = "favorite", params["key"]
        elif segments[3] == "chat":
            kind, rid = "chat_session", params["id"]
        else:
            kind, rid = COLLECTIONS[segments[3]], params["id"]
        match = headers["if-match"]
        change = {"kind": kind, "id": rid, "op": "delete" if op.method == "DELETE" else "put",
                  "base_version": None if match == "*" else int(match.strip('"')),
                  "change_id": headers["idempotency-key"]}  # fmt: skip
        if op.method != "DELETE":
            change["data"] = body
        result = self.owner.records.apply(user, change)
        if result["status"] == "conflict":
            return 409, {**_err("conflict", "changed since the base version"), "current": result["current"]}, {}
        if result["status"] == "rejected":
            e = result["errors"][0]
            return 422, {"error": {"code": "invalid", "message": e["message"], "field": e["field"]}}, {}
        rec = self.owner.records.of(user)[(kind, rid)]
        return 200, rec.record(), {}


def _err(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}
