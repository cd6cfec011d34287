"""Checking and normalising what goes into a retrospect: content, purpose and tags.

Shared by the service, the importer and search (which import this module, never the service), so there is
no import cycle. Errors name the service's fields (``content``, ``purpose``, ``tags``), never a CLI flag.
"""

from __future__ import annotations

import re
import unicodedata

from reflee.errors import UsageError
from reflee.i18n import _

MAX_CONTENT_BYTES = 1_000_000
"""A retrospect's content may be up to 1 MB of UTF-8 (about 330,000 Hangul syllables)."""
MAX_PURPOSE_CHARS = 2_000
MAX_TAG_CHARS = 50
_TAG_BAD = re.compile(r"[\s,]")


def normalize_tag(raw: str) -> str:
    tag = unicodedata.normalize("NFC", raw.strip()).lstrip("#@").lower()
    if not tag:
        raise UsageError(_("empty tag {raw!r}").format(raw=raw), field="tags")
    if _TAG_BAD.search(tag):
        raise UsageError(
            _("{raw!r} contains spaces or commas; use one word per tag (e.g. 'side-project')").format(raw=raw),
            field="tags",
        )
    if len(tag) > MAX_TAG_CHARS:
        raise UsageError(
            _("{raw!r}… is longer than {max_tag_chars} characters").format(raw=raw[:20], max_tag_chars=MAX_TAG_CHARS),
            field="tags",
        )
    return tag


def normalize_tags(raw: list[str] | None) -> list[str]:
    seen: dict[str, None] = {}
    for item in raw or []:
        for part in item.split(","):
            if part.strip():
                seen[normalize_tag(part)] = None
    return sorted(seen)


def check_content(content: str, field: str = "content") -> str:
    return check_content_utf8(content, field)[0]


def check_content_utf8(content: str, field: str = "content") -> tuple[str, bytes]:
    """``check_content``, and the text's UTF-8 (which the size check needs anyway): a large import hashes and
    stores those bytes rather than encoding the text twice more."""
    content = unicodedata.normalize("NFC", content).strip("\n").rstrip()
    if not content:  # white space only: rstrip() left nothing
        raise UsageError(_("empty retrospect; write what happened"), field=field)
    utf8 = content.encode("utf-8")
    size = len(utf8)
    if size > MAX_CONTENT_BYTES:
        raise UsageError(
            _("{value:.1f} MB is over the {value2} MB limit for one retrospect; split it into several").format(
                value=size / 1_000_000, value2=MAX_CONTENT_BYTES // 1_000_000
            ),
            field=field,
        )
    return content, utf8


def check_purpose(purpose: str | None) -> str:
    purpose = unicodedata.normalize("NFC", (purpose or "").strip())
    if len(purpose) > MAX_PURPOSE_CHARS:
        raise UsageError(
            _("{len} characters is over the {max_purpose_chars} limit").format(
                len=len(purpose), max_purpose_chars=MAX_PURPOSE_CHARS
            ),
            field="purpose",
        )
    return purpose


def check_range(since: str | None, until: str | None) -> None:
    """``since`` must not be after ``until`` (ISO dates)."""
    if since and until and since > until:
        raise UsageError(
            _("{since} is after the end of the range ({until})").format(since=since, until=until), field="since"
        )


def check_limit(limit: int | None) -> None:
    if limit is not None and limit < 1:
        raise UsageError(_("must be at least 1"), field="limit")
