"""Turn one retrospect into validated feedback: prompt, trim to fit, call the model, validate, repair once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reflee.feedback import prompts
from reflee.feedback.schema import FEEDBACK_SCHEMA, InvalidFeedback, parse
from reflee.llm.base import OnToken
from reflee.llm.client import LLMClient
from reflee.llm.errors import LLMBadOutput
from reflee.llm.types import ChatResult, Message

if TYPE_CHECKING:
    from reflee.cancel import CancelToken

OUTPUT_RESERVE_TOKENS = 1024


@dataclass
class Generated:
    fields: dict[str, Any]
    language: str
    template_version: str
    model: str
    notice: str | None
    cached: bool


def build_messages(
    *, date: str, purpose: str, content: str, tags: list[str], num_ctx: int, prompts_dir: Path | None
) -> tuple[list[Message], prompts.Template, str | None]:
    language = prompts.detect_language(f"{purpose}\n{content}")
    template = prompts.load_template(language, prompts_dir)
    notice = None
    frame = prompts.render_user(template, date=date, purpose=purpose, content="", tags=tags)
    budget = num_ctx - OUTPUT_RESERVE_TOKENS - prompts.estimate_tokens(template.system + frame)
    if prompts.estimate_tokens(content) > budget:
        kept = _fit(content, max(budget, 0))
        notice = prompts.TRIM_NOTICE[language].format(num_ctx=num_ctx, kept=len(kept), total=len(content))
        content = kept
    user = prompts.render_user(template, date=date, purpose=purpose, content=content, tags=tags)
    return [{"role": "system", "content": template.system}, {"role": "user", "content": user}], template, notice


def _fit(text: str, budget: int) -> str:
    """The longest prefix (by characters, never bytes) whose token estimate fits the budget."""
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if prompts.estimate_tokens(text[:mid]) <= budget:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo]


def _checked(result: ChatResult) -> dict[str, Any]:
    if result.done_reason == "length":
        raise InvalidFeedback("the answer was cut off at the length limit")
    return parse(result.content)


def _usable(result: ChatResult) -> bool:
    """Only answers that validate are worth caching."""
    try:
        _checked(result)
    except InvalidFeedback:
        return False
    return True


def generate(
    llm: LLMClient,
    *,
    date: str,
    purpose: str,
    content: str,
    tags: list[str],
    prompts_dir: Path | None,
    on_token: OnToken | None = None,
    use_cache: bool = True,
    cancel: CancelToken | None = None,
) -> Generated:
    messages, template, notice = build_messages(
        date=date, purpose=purpose, content=content, tags=tags, num_ctx=llm.settings.num_ctx, prompts_dir=prompts_dir
    )

    def attempt(msgs: list[Message], purpose: str, stream: OnToken | None = None) -> tuple[ChatResult, Any]:
        """Ask once; return the answer and either its fields or the InvalidFeedback saying what is wrong."""
        result = llm.chat(
            msgs,
            schema=FEEDBACK_SCHEMA,
            on_token=stream,
            purpose=purpose,
            template_version=template.version,
            use_cache=use_cache,
            accept=_usable,
            cancel=cancel,
        )
        try:
            return result, _checked(result)
        except InvalidFeedback as problem:
            return result, problem

    result, fields = attempt(messages, "feedback", on_token)
    if isinstance(fields, InvalidFeedback):
        repair = [
            *messages,
            {"role": "assistant", "content": result.content},
            {"role": "user", "content": prompts.REPAIR[template.language].format(problem=fields)},
        ]
        result, fields = attempt(repair, "feedback-repair")
        if isinstance(fields, InvalidFeedback):
            raise LLMBadOutput(
                f"the model's feedback did not fit the schema, even after a repair attempt: {fields}",
                hint="try another model with 'reflee config set llm.model NAME'",
            )
    return Generated(fields, template.language, template.version, result.model, notice, result.cached)
