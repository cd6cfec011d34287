"""The sync server's HTTP API (docs/sync-api.openapi.json) over one keep-alive httpx client.

Every fault becomes one clear RefleeError: the network (refused, DNS, TLS, timeouts, an answer cut off) is
UnavailableError (exit 6), the account (401 after a failed refresh, 403) AuthError (exit 9). A 401 refreshes
the tokens once (one refresh at a time, shared by every worker) and retries; 429 / 503 wait for Retry-After
within sync.max_wait; a timeout or a cut answer is retried twice, which is safe because every change carries
its Idempotency-Key (its change_id) and a replay changes nothing.
"""

from __future__ import annotations

import json
import random
import ssl
import threading
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import httpx

from reflee import __version__
from reflee.cancel import CancelToken
from reflee.errors import AuthError, DataError, RefleeError, UnavailableError
from reflee.i18n import _
from reflee.sync.tokens import Tokens, tokens_from

TRANSIENT_TRIES = 3
MAX_RETRY_AFTER = 60.0


class TooLarge(RefleeError):
    """413: the caller splits the batch."""


class ApiClient:
    def __init__(
        self,
        server: str,
        *,
        timeout: float = 30.0,
        max_wait: float = 120.0,
        ca_bundle: str = "",
        concurrency: int = 4,
        tokens: Tokens | None = None,
        save_tokens: Callable[[Tokens], object] | None = None,
        cancel: CancelToken | None = None,
    ) -> None:
        self.server = server
        self.host = urlsplit(server).hostname or server
        self.timeout = timeout
        self.max_wait = max_wait
        self.tokens = tokens
        self._save_tokens = save_tokens
        self._cancel = cancel or CancelToken()
        self._refresh_lock = threading.Lock()
        self._waited = 0.0
        verify: ssl.SSLContext | bool = True  # never False: there is no setting that turns verification off
        if ca_bundle:
            try:
                verify = ssl.create_default_context(cafile=ca_bundle)
            except (OSError, ssl.SSLError) as exc:
                raise DataError(
                    _("cannot read {path}: {error}").format(path=ca_bundle, error=exc), field="ca_bundle"
                ) from None
        self.http = httpx.Client(
            base_url=server,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            verify=verify,
            limits=httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency),
            headers={"User-Agent": f"reflee/{__version__}", "Accept": "application/json"},
        )

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> ApiClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the calls ------------------------------------------------------------------------------------
    def register(self, email: str, password: str) -> dict[str, Any]:
        return self.call("POST", "/api/v1/auth/register", {"email": email, "password": password}, auth=False)

    def login(self, email: str, password: str) -> dict[str, Any]:
        return self.call("POST", "/api/v1/auth/login", {"email": email, "password": password}, auth=False)

    def logout(self, refresh_token: str) -> None:
        self.call("POST", "/api/v1/auth/logout", {"refresh_token": refresh_token}, auth=False, retry=False)

    def batch(self, changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
        body = self.call("POST", "/api/v1/sync/batch", {"changes": changes})
        results = body.get("results") if isinstance(body, dict) else None
        if not isinstance(results, list) or len(results) != len(changes):
            raise UnavailableError(
                _("the sync server answered a batch of {count} with something else").format(count=len(changes))
            )
        return results

    # -- one request, with every fault handled ---------------------------------------------------------
    def call(
        self, method: str, path: str, body: Any = None, *, auth: bool = True, retry: bool = True
    ) -> dict[str, Any]:
        refreshed = False
        tries = 0
        while True:
            self._cancel.raise_if_cancelled()
            tries += 1
            token = self.tokens.access_token if (auth and self.tokens) else None
            try:
                response = self._send(method, path, body, token)
            except _Transient as exc:
                if retry and tries < TRANSIENT_TRIES:
                    self._sleep(0.3 * 2**tries * (0.5 + random.random()))
                    continue
                raise exc.error from None
            status = response.status_code
            if status == 401 and auth and not refreshed:
                self._refresh(token)
                refreshed = True
                continue
            if status in (429, 503) and retry:
                self._wait_retry_after(response, status)
                continue
            if status >= 400:
                raise self._error(response, path)
            return self._json(response) if response.content else {}

    def _send(self, method: str, path: str, body: Any, token: str | None) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        try:
            response = self.http.request(method, path, json=body, headers=headers)
            response.read()
            return response
        except httpx.TimeoutException:
            raise _Transient(
                UnavailableError(
                    _("the sync server at {host} did not answer within {seconds:g} s").format(
                        host=self.host, seconds=self.timeout
                    ),
                    hint=_("try again later, or raise sync.timeout"),
                )
            ) from None
        except httpx.ConnectError as exc:
            raise _Transient(self._connect_error(exc)) from None
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
            raise _Transient(
                UnavailableError(
                    _("the answer from {host} was cut off: {error}").format(host=self.host, error=_reason(exc))
                )
            ) from None

    def _connect_error(self, exc: httpx.ConnectError) -> RefleeError:
        text = _reason(exc)
        low = text.lower()
        if any(w in low for w in ("name or service", "nodename", "getaddrinfo", "name resolution", "no address")):
            return UnavailableError(
                _("cannot resolve {host}: check sync.server and the network").format(host=self.host)
            )
        if "ssl" in low or "certificate" in low or "tls" in low or "wrong version" in low:
            return UnavailableError(
                _("the TLS handshake with {host} failed: {error}").format(host=self.host, error=text),
                hint=_("a server with its own certificate authority needs sync.ca_bundle"),
            )
        return UnavailableError(
            _("cannot reach the sync server at {server}: {error}").format(server=self.server, error=text)
        )

    def _json(self, response: httpx.Response) -> dict[str, Any]:
        try:
            data = json.loads(response.content)
        except ValueError:
            raise UnavailableError(
                _("the answer from {host} is not JSON (HTTP {status})").format(
                    host=self.host, status=response.status_code
                )
            ) from None
        return data if isinstance(data, dict) else {"value": data}

    def _error(self, response: httpx.Response, path: str) -> RefleeError:
        status = response.status_code
        err: dict[str, Any] = {}
        try:
            body = json.loads(response.content)
            if isinstance(body, dict) and isinstance(body.get("error"), dict):
                err = body["error"]
        except ValueError:
            pass
        message = str(err.get("message") or response.reason_phrase)
        if status == 401:
            return AuthError(
                _("the server did not accept the login ({message})").format(message=message),
                hint=_("log in again: reflee auth login"),
            )
        if status == 403:
            return AuthError(_("the server refused this account access (403): {message}").format(message=message))
        if status == 404:
            return UnavailableError(
                _("{server} does not offer {path} (404): is it a reflee sync server?").format(
                    server=self.server, path=path
                )
            )
        if status == 409:
            return DataError(message)
        if status == 413:
            return TooLarge(message)
        if status == 422:
            return DataError(message, field=err.get("field"))
        if status in (429, 503):
            return UnavailableError(_("the sync server is busy (HTTP {status}); try again later").format(status=status))
        return UnavailableError(
            _("the sync server failed (HTTP {status}): {message}").format(status=status, message=message)
        )

    def _wait_retry_after(self, response: httpx.Response, status: int) -> None:
        raw = response.headers.get("Retry-After", "")
        try:
            seconds = min(max(float(raw), 0.0), MAX_RETRY_AFTER)
        except ValueError:
            seconds = 2.0
        if self._waited + seconds > self.max_wait:
            raise UnavailableError(
                _("the sync server is busy (HTTP {status}) and asks to wait {seconds:g} s more").format(
                    status=status, seconds=seconds
                ),
                hint=_("try again later; the outbox is kept"),
            )
        self._waited += seconds
        self._sleep(seconds)

    def _sleep(self, seconds: float) -> None:
        if self._cancel.wait(seconds):
            self._cancel.raise_if_cancelled()

    # -- tokens ----------------------------------------------------------------------------------------
    def _refresh(self, used: str | None) -> None:
        """Trade the refresh token for a new pair, once for all workers: a worker whose token was already
        replaced by another's refresh just retries."""
        with self._refresh_lock:
            if self.tokens is None:
                raise AuthError(_("not logged in"), hint=_("reflee auth login"))
            if used is not None and self.tokens.access_token != used:
                return
            try:
                body = self.call(
                    "POST", "/api/v1/auth/refresh", {"refresh_token": self.tokens.refresh_token}, auth=False
                )
            except AuthError:
                raise AuthError(
                    _("the login has expired and could not be renewed; nothing was lost"),
                    hint=_("log in again: reflee auth login"),
                ) from None
            self.tokens = tokens_from(self.server, body, self.tokens.email)
            if self._save_tokens is not None:
                self._save_tokens(self.tokens)


class _Transient(Exception):
    def __init__(self, error: RefleeError) -> None:
        super().__init__(str(error))
        self.error = error


def _reason(exc: BaseException) -> str:
    """The innermost reason, in one line (httpx wraps the socket's and ssl's errors)."""
    seen = exc
    while seen.__cause__ is not None or seen.__context__ is not None:
        nxt = seen.__cause__ or seen.__context__
        assert nxt is not None
        seen = nxt
    text = str(seen) or str(exc) or type(exc).__name__
    return " ".join(text.split())[:200]
