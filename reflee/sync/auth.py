"""The account on the shared server: register, log in, log out, and who is logged in here.

The password goes to the server once and is never stored; the tokens live in the OS keyring (or a 0600 file
when no keyring works, see reflee.sync.tokens).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from reflee.cancel import CancelToken
from reflee.config import SyncSettings
from reflee.errors import AuthError, RefleeError, UsageError
from reflee.i18n import _
from reflee.sync.models import Account, LoggedOut
from reflee.sync.tokens import Tokens, TokenStore, tokens_from
from reflee.sync.urls import check_server

if TYPE_CHECKING:
    from reflee.sync.api import ApiClient


class AuthService:
    def __init__(
        self,
        settings: SyncSettings,
        tokens: TokenStore,
        remember_server: Callable[[str], object] | None = None,
    ) -> None:
        self.settings = settings
        self.tokens = tokens
        self._remember_server = remember_server

    def server(self, server: str | None = None) -> str:
        """The server to use: the one given, else sync.server (checked: https, or http to this machine)."""
        return check_server(server if server is not None else self.settings.server)

    def client(self, server: str, tokens: Tokens | None = None, cancel: CancelToken | None = None) -> ApiClient:
        from reflee.sync.api import ApiClient  # httpx: only for commands that talk to the server

        s = self.settings
        return ApiClient(
            server,
            timeout=s.timeout,
            max_wait=s.max_wait,
            ca_bundle=s.ca_bundle,
            concurrency=s.concurrency,
            tokens=tokens,
            save_tokens=self.tokens.save,
            cancel=cancel,
        )

    def register(self, email: str, password: str, *, server: str | None = None) -> Account:
        return self._enter("register", email, password, server)

    def login(self, email: str, password: str, *, server: str | None = None) -> Account:
        return self._enter("login", email, password, server)

    def _enter(self, how: str, email: str, password: str, server: str | None) -> Account:
        url = self.server(server)
        email = email.strip()
        if "@" not in email:
            raise UsageError(_("{email!r} is not an e-mail address").format(email=email), field="email")
        if len(password) < 8:
            raise UsageError(_("must be at least 8 characters"), field="password")
        with self.client(url) as api:
            try:
                body = api.register(email, password) if how == "register" else api.login(email, password)
            except AuthError:
                raise AuthError(_("wrong e-mail or password"), field="password") from None
            except RefleeError as exc:
                if how == "register" and "exists" in exc.message:
                    raise UsageError(_("an account with this e-mail exists; log in instead"), field="email") from None
                raise
        tokens = tokens_from(url, body, email)
        where = self.tokens.save(tokens)
        if self._remember_server is not None and url != self.settings.server:
            self._remember_server(url)
        return self._account(tokens, where)

    def logout(self, *, server: str | None = None) -> LoggedOut:
        url = self.server(server)
        tokens = self.tokens.load(url)
        self.tokens.forget(url)  # first: forgetting never depends on the network
        revoked = False
        if tokens is not None:
            try:
                with self.client(url) as api:
                    api.logout(tokens.refresh_token)
                revoked = True
            except RefleeError:
                revoked = False
        return LoggedOut(url, tokens.email if tokens else None, revoked)

    def status(self, *, server: str | None = None) -> Account | None:
        url = self.server(server)
        tokens = self.tokens.load(url)
        if tokens is None:
            return None
        return self._account(tokens, self.tokens.where or "file")

    def require(self, server: str) -> Tokens:
        tokens = self.tokens.load(server)
        if tokens is None:
            raise AuthError(_("not logged in to {server}").format(server=server), hint=_("reflee auth login"))
        return tokens

    @staticmethod
    def _account(tokens: Tokens, where: str) -> Account:
        expires = datetime.fromtimestamp(tokens.expires_at, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return Account(tokens.server, tokens.email, tokens.user_id, where, expires, tokens.expires_at > 0)
