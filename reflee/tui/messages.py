"""Small past-tense messages the screens post to each other (and to the app) when something changed."""

from __future__ import annotations

from textual.message import Message


class DataChanged(Message):
    """Something was written (a retrospect, a transaction, a notification read): views showing it reload."""

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what
