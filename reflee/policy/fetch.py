"""Reading every page of one API listing over HTTP (httpx): timeouts, bounded concurrency, retries with backoff.

The first page says how many records there are; the other pages are then read ``concurrency`` at a time.
A timeout, a 429 or 5xx answer, a connection dropped mid-body or a body that is not whole JSON is tried again
after ``backoff * 2**attempt`` seconds (with jitter; a 429's Retry-After is honoured up to a minute), at most
``retries`` times. A rejected key is never retried. ``sleep`` is injectable so tests need not wait.

This is the policy domain's only module that talks HTTP (an import contract allows it and no other).
"""

from __future__ import annotations

import math
import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

import httpx

from reflee.cancel import CancelToken, check
from reflee.errors import UnavailableError
from reflee.i18n import _
from reflee.policy.sources import Page, PageRequest, Transient

Reader = Callable[[PageRequest, int, bytes], Page]
"""Turns (request, HTTP status, body) into a page, or raises Transient / a RefleeError."""
PageDone = Callable[[str, int], None]
"""Called with (endpoint, pages now known in all) after each page is read."""
MAX_RETRY_AFTER = 60.0
USER_AGENT = "reflee policy collector"


@dataclass
class Fetcher:
    timeout: float = 30.0
    retries: int = 4
    backoff: float = 1.0
    concurrency: int = 4
    sleep: Callable[[float], None] = field(default=time.sleep)
    cancel: CancelToken | None = None
    pages_read: int = 0
    _client: httpx.Client | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __enter__(self) -> Fetcher:
        limits = httpx.Limits(max_connections=self.concurrency, max_keepalive_connections=self.concurrency)
        self._client = httpx.Client(
            timeout=httpx.Timeout(self.timeout, connect=min(self.timeout, 10.0)),
            limits=limits,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            follow_redirects=True,
        )
        return self

    def __exit__(self, *exc: object) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def listing(
        self,
        first: PageRequest,
        make: Callable[[int], PageRequest],
        reader: Reader,
        size: int,
        on_page: PageDone | None = None,
    ) -> list[Page]:
        """Every page of a listing, in order: the first, then the rest ``concurrency`` at a time."""
        head = self.get(first, reader)
        pages = max(1, math.ceil(head.total / size)) if head.total else 1
        if on_page:
            on_page(first.endpoint, pages)
        rest = self.many(
            [make(n) for n in range(2, pages + 1)], reader, lambda: on_page and on_page(first.endpoint, pages)
        )
        return [head, *rest]

    def many(self, requests: list[PageRequest], reader: Reader, done: Callable[[], object] | None = None) -> list[Page]:
        """Several pages at once (at most ``concurrency``), in the order asked; the first failure stops the rest."""
        if not requests:
            return []
        if self.concurrency == 1 or len(requests) == 1:
            out = []
            for req in requests:
                out.append(self.get(req, reader))
                if done:
                    done()
            return out
        with ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="policy-fetch") as pool:
            futures: list[Future[Page]] = []
            for req in requests:
                fut = pool.submit(self.get, req, reader)
                if done:
                    fut.add_done_callback(lambda f: f.exception() is None and done())
                futures.append(fut)
            finished, _pending = wait(futures, return_when=FIRST_EXCEPTION)
            failed = next((f for f in futures if f in finished and f.exception() is not None), None)
            if failed is not None:
                for f in futures:
                    f.cancel()
                raise failed.exception()  # type: ignore[misc]
            return [f.result() for f in futures]

    def get(self, req: PageRequest, reader: Reader) -> Page:
        """One page, tried again on transient faults."""
        assert self._client is not None, "use Fetcher as a context manager"
        last = ""
        for attempt in range(self.retries + 1):
            check(self.cancel)
            retry_after: float | None = None
            try:
                resp = self._client.get(req.url, params=req.params, headers=req.headers)
                if resp.status_code == 429 or resp.status_code >= 500:
                    retry_after = _retry_after(resp.headers.get("Retry-After"))
                    raise Transient(f"HTTP {resp.status_code}", retry_after)
                page = reader(req, resp.status_code, resp.content)
                with self._lock:
                    self.pages_read += 1
                return page
            except httpx.TimeoutException:
                last = _("no answer within {seconds}s").format(seconds=f"{self.timeout:g}")
            except httpx.TransportError as exc:
                last = _("connection failed: {error}").format(error=str(exc) or type(exc).__name__)
            except Transient as exc:
                last, retry_after = exc.message, exc.retry_after
            if attempt < self.retries:
                self.sleep(self._delay(attempt, retry_after))
        raise UnavailableError(
            _("{page} failed after {tries} tries: {error}").format(page=req.label, tries=self.retries + 1, error=last),
            hint=_("nothing was changed; try again later"),
        )

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        delay = self.backoff * (2**attempt) * (0.5 + random.random() / 2)
        if retry_after is not None and self.backoff > 0:
            delay = max(delay, min(retry_after, MAX_RETRY_AFTER))
        return delay


def _retry_after(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None
