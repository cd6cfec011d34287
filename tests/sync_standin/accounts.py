"""Users and tokens: register / login / refresh with rotation / logout, and checking a bearer token."""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from dataclasses import dataclass, field

from . import jwt


@dataclass
class User:
    id: str
    email: str
    salt: bytes
    pw_hash: bytes


@dataclass
class Accounts:
    access_ttl: int = 900
    key: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    users: dict[str, User] = field(default_factory=dict)
    refresh: dict[str, tuple[str, str, bool]] = field(default_factory=dict)
    """refresh token -> (user id, family, used)"""
    revoked_families: set[str] = field(default_factory=set)
    generation: int = 0
    """Bumped by expire_access_tokens(): every access token issued before is expired."""
    lock: threading.Lock = field(default_factory=threading.Lock)
    refreshes: int = 0

    @staticmethod
    def _hash(password: str, salt: bytes) -> bytes:
        return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 1000)

    def register(self, email: str, password: str) -> User | None:
        with self.lock:
            if email.lower() in self.users:
                return None
            salt = secrets.token_bytes(16)
            user = User(secrets.token_hex(8), email, salt, self._hash(password, salt))
            self.users[email.lower()] = user
            return user

    def login(self, email: str, password: str) -> User | None:
        user = self.users.get(email.lower())
        if user is None or not secrets.compare_digest(user.pw_hash, self._hash(password, user.salt)):
            return None
        return user

    def issue(self, user: User, family: str | None = None) -> dict[str, object]:
        family = family or secrets.token_hex(8)
        now = int(time.time())
        access = jwt.encode(
            {"sub": user.id, "fam": family, "gen": self.generation, "iat": now, "exp": now + self.access_ttl,
             "jti": secrets.token_hex(8)},
            self.key,
        )  # fmt: skip
        refresh = secrets.token_urlsafe(32)
        with self.lock:
            self.refresh[refresh] = (user.id, family, False)
        return {
            "access_token": access, "refresh_token": refresh, "token_type": "Bearer",
            "expires_in": self.access_ttl, "account": {"id": user.id, "email": user.email},
        }  # fmt: skip

    def rotate(self, refresh_token: str) -> dict[str, object] | None:
        """A new pair for an unused refresh token; reusing one revokes its whole family (it was stolen)."""
        with self.lock:
            entry = self.refresh.get(refresh_token)
            if entry is None or entry[1] in self.revoked_families:
                return None
            user_id, family, used = entry
            if used:
                self.revoked_families.add(family)
                return None
            self.refresh[refresh_token] = (user_id, family, True)
            self.refreshes += 1
        user = next(u for u in self.users.values() if u.id == user_id)
        return self.issue(user, family)

    def logout(self, refresh_token: str) -> None:
        with self.lock:
            entry = self.refresh.get(refresh_token)
            if entry is not None:
                self.revoked_families.add(entry[1])

    def check(self, authorization: str) -> tuple[str | None, str]:
        """(user id, "") for a good bearer token, else (None, error code)."""
        if not authorization.startswith("Bearer "):
            return None, "unauthorized"
        claims = jwt.decode(authorization.removeprefix("Bearer "), self.key)
        if claims is None or claims.get("fam") in self.revoked_families:
            return None, "unauthorized"
        if claims.get("exp", 0) < time.time() or claims.get("gen") != self.generation:
            return None, "token_expired"
        return str(claims["sub"]), ""

    def expire_access_tokens(self) -> None:
        self.generation += 1

    def revoke_all_refresh_tokens(self) -> None:
        with self.lock:
            self.revoked_families.update(fam for _u, fam, _used in self.refresh.values())
