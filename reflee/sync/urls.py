"""Which server URLs reflee will send a password or a token to."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from reflee.errors import UsageError
from reflee.i18n import _


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_server(url: str, *, field: str = "server") -> str:
    """The server's base URL without a trailing slash. https:// anywhere; plain http:// only to this machine
    (a password or a token must never cross a network in the clear)."""
    text = url.strip()
    if not text:
        raise UsageError(
            _("no sync server: give --server URL or set sync.server"), field=field, hint="reflee auth login --server"
        )
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(_("{url!r} is not an http(s) URL").format(url=text), field=field)
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise UsageError(
            _(
                "plain http:// is refused for {host}: passwords and tokens would travel unencrypted; use https://"
            ).format(host=parts.hostname),
            field=field,
        )
    if parts.query or parts.fragment or parts.username:
        raise UsageError(_("{url!r}: give the base URL only").format(url=text), field=field)
    return text.rstrip("/")
