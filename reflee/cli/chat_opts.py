"""What `reflee chat` and `reflee ask` share: their options, and Ctrl-C as a cancel token while an answer
streams (so the answer stops cleanly, what came is kept, and the prompt comes back)."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer

from reflee.cancel import CancelToken
from reflee.i18n import _

SessionOpt = Annotated[
    str | None, typer.Option("--session", "-s", help=_("Continue the chat session with this ID (or prefix)."))
]
ContinueOpt = Annotated[bool, typer.Option("--continue", "-c", help=_("Continue the most recent chat session."))]
ModelOpt = Annotated[
    str | None, typer.Option("--model", "-m", help=_("Answer with this model (default: chat.model, then llm.model)."))
]


@contextmanager
def ctrl_c_cancels(token: CancelToken) -> Iterator[CancelToken]:
    """While inside (on the main thread), Ctrl-C cancels ``token`` instead of raising KeyboardInterrupt."""
    if threading.current_thread() is not threading.main_thread():
        yield token
        return
    previous = signal.getsignal(signal.SIGINT)
    signal.signal(signal.SIGINT, lambda _signum, _frame: token.cancel())
    try:
        yield token
    finally:
        signal.signal(signal.SIGINT, previous)
