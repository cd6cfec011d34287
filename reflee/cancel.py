"""A cancel token for long work (feedback generation, imports, model pulls, policy matching).

A front end makes one, hands it to a service call and calls ``cancel()`` from any thread (a TUI button, a
signal handler). The service checks it at safe points with ``raise_if_cancelled()``; code that blocks on I/O
registers a callback with ``on_cancel`` so that cancelling can also interrupt the wait (closing a stream).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable

from reflee.errors import CancelledError
from reflee.i18n import _


class CancelToken:
    __slots__ = ("_callbacks", "_event", "_lock")

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._callbacks: list[Callable[[], None]] = []

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def cancel(self) -> None:
        """Ask the work to stop; safe to call from any thread, more than once."""
        with self._lock:
            if self._event.is_set():
                return
            self._event.set()
            callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            with contextlib.suppress(Exception):  # one failing hook must not stop the others
                callback()

    def on_cancel(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Run ``callback`` when cancelled (at once if already). Returns a function that unregisters it."""
        with self._lock:
            if not self._event.is_set():
                self._callbacks.append(callback)

                def remove() -> None:
                    with self._lock:
                        if callback in self._callbacks:
                            self._callbacks.remove(callback)

                return remove
        callback()
        return lambda: None

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise CancelledError(_("cancelled"))

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; True when cancelled meanwhile."""
        return self._event.wait(seconds)


def check(token: CancelToken | None) -> None:
    """``token.raise_if_cancelled()`` for an optional token."""
    if token is not None:
        token.raise_if_cancelled()
