"""Generation slots, like Ollama's scheduler: OLLAMA_NUM_PARALLEL running, OLLAMA_MAX_QUEUE waiting (FIFO), then 503."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable


class Busy(Exception):
    """More requests are waiting than max_queue allows."""


class Stopped(Exception):
    """The server stopped while the request waited for a slot."""


class Ticket:
    __slots__ = ("running",)

    def __init__(self) -> None:
        self.running = False


class Scheduler:
    def __init__(self, limits: Callable[[], tuple[int, int]], stopping: threading.Event) -> None:
        self._limits = limits  # () -> (parallel, max_queue), read live so tests can change them
        self._stopping = stopping
        self._cond = threading.Condition()
        self._waiting: deque[Ticket] = deque()
        self.running = 0

    def join(self) -> Ticket:
        """Take a place: a free slot now, or a place in the queue; raises Busy when the queue is full."""
        parallel, max_queue = self._limits()
        ticket = Ticket()
        with self._cond:
            if self.running < max(1, parallel) and not self._waiting:
                ticket.running = True
                self.running += 1
            elif len(self._waiting) >= max_queue:
                raise Busy
            else:
                self._waiting.append(ticket)
        return ticket

    def wait(self, ticket: Ticket) -> None:
        """Block until the ticket holds a slot (first come, first served)."""
        with self._cond:
            while not ticket.running:
                if self._stopping.is_set():
                    raise Stopped
                parallel, _ = self._limits()
                if self._waiting[0] is ticket and self.running < max(1, parallel):
                    self._waiting.popleft()
                    ticket.running = True
                    self.running += 1
                    self._cond.notify_all()
                else:
                    self._cond.wait(0.05)

    def leave(self, ticket: Ticket) -> None:
        with self._cond:
            if ticket.running:
                ticket.running = False
                self.running -= 1
            elif ticket in self._waiting:
                self._waiting.remove(ticket)
            self._cond.notify_all()

    def wake(self) -> None:
        with self._cond:
            self._cond.notify_all()
