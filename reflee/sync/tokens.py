"""Where the login lives: the OS keyring (keyring), or a file only its owner can read when no keyring works.

One entry per server and home (two homes on one machine may log in to different accounts). The password is
never stored; the entry holds the access and refresh tokens and who they belong to.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from reflee.errors import UnavailableError
from reflee.i18n import _

SERVICE = "reflee-sync"


@dataclass
class Tokens:
    server: str
    email: str
    user_id: str
    access_token: str
    refresh_token: str
    expires_at: float
    """When the access token expires (Unix seconds, as the server said at issue)."""


class TokenStore:
    """Keyring first; a 0600 JSON file in the data directory when no keyring backend works."""

    def __init__(self, data_dir: Path, home_key: str) -> None:
        self.file = data_dir / "sync-login.json"
        self.home_key = hashlib.sha256(home_key.encode()).hexdigest()[:16]
        self._lock = threading.Lock()
        self.where: str | None = None
        """keyring | file: where the last load or save put it."""

    def _user(self, server: str) -> str:
        return f"{server} {self.home_key}"

    # -- the keyring -----------------------------------------------------------------------------------
    @staticmethod
    def _keyring() -> Any | None:
        try:
            import keyring
            from keyring.backends import fail

            backend = keyring.get_keyring()
        except Exception:  # no usable backend at all (a broken D-Bus, a missing module)
            return None
        if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
            return None
        return keyring

    def load(self, server: str) -> Tokens | None:
        ring = self._keyring()
        if ring is not None:
            with contextlib.suppress(Exception):
                text = ring.get_password(SERVICE, self._user(server))
                if text:
                    self.where = "keyring"
                    return Tokens(**json.loads(text))
        data = self._read_file()
        entry = data.get(self._user(server))
        if entry:
            self.where = "file"
            return Tokens(**entry)
        return None

    def save(self, tokens: Tokens) -> str:
        with self._lock:
            text = json.dumps(asdict(tokens))
            ring = self._keyring()
            if ring is not None:
                try:
                    ring.set_password(SERVICE, self._user(tokens.server), text)
                    self._drop_from_file(tokens.server)
                    self.where = "keyring"
                    return self.where
                except Exception:  # the backend is there but does not work (locked, no session bus)
                    pass
            data = self._read_file()
            data[self._user(tokens.server)] = asdict(tokens)
            self._write_file(data)
            self.where = "file"
            return self.where

    def forget(self, server: str) -> None:
        with self._lock:
            ring = self._keyring()
            if ring is not None:
                with contextlib.suppress(Exception):
                    ring.delete_password(SERVICE, self._user(server))
            self._drop_from_file(server)

    # -- the fallback file -----------------------------------------------------------------------------
    def _read_file(self) -> dict[str, Any]:
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _write_file(self, data: dict[str, Any]) -> None:
        """Atomically, created 0600 from the first byte (never world-readable, even for a moment)."""
        self.file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.file.with_name(self.file.name + ".tmp")
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.file)

    def _drop_from_file(self, server: str) -> None:
        data = self._read_file()
        if data.pop(self._user(server), None) is not None:
            if data:
                self._write_file(data)
            else:
                self.file.unlink(missing_ok=True)


def tokens_from(server: str, body: dict[str, Any], email: str) -> Tokens:
    try:
        account = body.get("account") or {}
        return Tokens(
            server=server,
            email=str(account.get("email") or email),
            user_id=str(account.get("id") or ""),
            access_token=str(body["access_token"]),
            refresh_token=str(body["refresh_token"]),
            expires_at=time.time() + float(body.get("expires_in") or 0),
        )
    except (KeyError, TypeError, ValueError):
        raise UnavailableError(_("the sync server's login answer is missing its tokens")) from None
