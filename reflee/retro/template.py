"""The editor template for writing a retrospect, and reading it back."""

from __future__ import annotations

import re

PURPOSE_HEADER = "## 목적 / Purpose"
CONTENT_HEADER = "## 내용 / Content"
_COMMENT = re.compile(r"<!--.*?-->", re.S)

DEFAULT_TEMPLATE = f"""<!-- 회고를 작성하세요. Write your retrospect below the headings.
     Leave the content empty to cancel; nothing will be saved. -->
{PURPOSE_HEADER}
<!-- 왜 / 무엇을 위해 했나요? Why did you do it, what was the goal? -->
{{purpose}}

{CONTENT_HEADER}
<!-- 무슨 일이 있었나요? 잘한 점, 아쉬운 점, 배운 점. What happened, what went well or not. -->
{{content}}
"""


def render(purpose: str = "", content: str = "", template: str | None = None) -> str:
    return (template or DEFAULT_TEMPLATE).replace("{purpose}", purpose).replace("{content}", content)


def parse(text: str) -> tuple[str, str]:
    """Return (purpose, content). Without the headers, the whole text is the content."""
    text = _COMMENT.sub("", text)
    if CONTENT_HEADER not in text:
        return "", text.strip()
    head, content = text.split(CONTENT_HEADER, 1)
    purpose = head.split(PURPOSE_HEADER, 1)[1] if PURPOSE_HEADER in head else ""
    return " ".join(purpose.split()), content.strip()
