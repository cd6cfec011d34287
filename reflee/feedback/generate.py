"""Turn one retrospect into checked feedback: prompt, fit the context, call the model, validate, guard, repair once.

1. The entry is fitted into the server's real context (reflee.feedback.fit), dropping the template's worked
   example before any of the entry; a context-overflow refusal re-fits to the size the server named and retries.
2. An answer that does not fit the schema gets one repair prompt saying how.
3. A valid answer goes through the quality checks (reflee.feedback.quality); clear-cut faults (empty sections,
   repeated items, keep_doing copying recommendations, prompt echo, wrong language) get one targeted repair that
   names them. The better of the two answers is kept, with the flags it still has: shown, never hidden.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reflee.feedback import prompts
from reflee.feedback import quality as qa
from reflee.feedback.fit import MESSAGE_OVERHEAD_TOKENS, OUTPUT_RESERVE_TOKENS, TokenCounter, measured_scale
from reflee.feedback.schema import InvalidFeedback, parse
from reflee.i18n import _
from reflee.llm.base import OnToken
from reflee.llm.client import LLMClient
from reflee.llm.errors import LLMBadOutput, LLMContextOverflow
from reflee.llm.types import ChatResult, Message

if TYPE_CHECKING:
    from reflee.cancel import CancelToken

OVERFLOW_RETRIES = 2
MIN_ENTRY_TOKENS = 128
"""Below this much room for the entry, feedback is not worth asking for: the job fails with the fix instead."""
OnStatus = Callable[[str], None]
"""Told 'repair' when a repair prompt goes out (the live view says so)."""


@dataclass
class Generated:
    fields: dict[str, Any]
    language: str
    template_version: str
    model: str
    notice: str | None
    cached: bool
    quality: qa.Report
    """The checks on the answer kept."""
    first: qa.Report
    """The checks on the model's first answer, before any repair (what the eval calls 'raw')."""
    calls: int = 1


@dataclass
class Prompt:
    messages: list[Message]
    template: prompts.Template
    notice: str | None
    content: str
    """The entry's content as sent (trimmed when it had to be)."""
    frame: str = ""
    """The user message without the entry (what an answer must not copy back)."""


def build_messages(
    *,
    date: str,
    purpose: str,
    content: str,
    tags: list[str],
    window: int,
    prompts_dir: Path | None,
    choice: prompts.TemplateChoice | None = None,
    counter: TokenCounter | None = None,
) -> Prompt:
    """The messages for one entry within ``window`` tokens, leaving room for the answer."""
    count = counter or TokenCounter()
    language = prompts.detect_language(f"{purpose}\n{content}")
    template = prompts.load_template(language, prompts_dir, choice)
    frame = prompts.render_user(template, date=date, purpose=purpose, content="", tags=tags)
    room = window - OUTPUT_RESERVE_TOKENS - 2 * MESSAGE_OVERHEAD_TOKENS
    system = prompts.system_text(template)
    needed = count(content)
    if needed > room - count(system + "\n" + frame):
        system = prompts.system_text(template, with_example=False)  # the example goes before any of the entry
    notice = None
    budget = room - count(system + "\n" + frame)
    if needed > budget and budget < MIN_ENTRY_TOKENS:
        need = window - budget + MIN_ENTRY_TOKENS * 4
        raise LLMContextOverflow(
            _("a context of {window} tokens leaves no room for the entry after the prompt and the answer").format(
                window=window
            ),
            hint=_("give the model server a context of at least {need} tokens and set llm.num_ctx to it").format(
                need=need
            ),
            n_ctx=window,
        )
    if needed > budget:
        kept = count.fit(content, max(budget, 0))
        notice = prompts.TRIM_NOTICE[language].format(num_ctx=window, kept=len(kept), total=len(content))
        content = kept
    user = prompts.render_user(template, date=date, purpose=purpose, content=content, tags=tags)
    messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
    return Prompt(messages, template, notice, content, frame)


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


def repair_text(report: qa.Report, language: str) -> str:
    """The targeted repair prompt: each clear-cut fault named, with the items involved."""
    words = prompts.QUALITY_REPAIR["ko" if language == "ko" else "en"]
    lines = [words["intro"]]
    for flag in report.flags:
        if flag.code in qa.REPAIRABLE:
            items = " / ".join(f"'{i[:80]}'" for i in flag.items[:4])
            lines.append(words[flag.code].format(fields=", ".join(flag.fields), items=items))
    lines.append(words["outro"])
    return "\n".join(lines)


def _counter(llm: LLMClient, window: int) -> TokenCounter:
    """The server's tokenizer, or the estimate scaled by this model's recent prompt counts (measured once per
    client)."""
    scale = llm.memo.get("token_scale")
    if scale is None:
        scale = llm.memo["token_scale"] = measured_scale(llm.prompt_samples(), window)
    return TokenCounter(llm.count_tokens, scale)


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
    template: prompts.TemplateChoice | None = None,
    guard: bool = True,
    on_status: OnStatus | None = None,
) -> Generated:
    window = llm.context_limit()
    counter = _counter(llm, window)
    calls = 0

    def attempt(prompt: Prompt, msgs: list[Message], purpose: str, stream: OnToken | None = None) -> tuple[Any, Any]:
        """Ask once; return the answer and either its fields or the InvalidFeedback saying what is wrong."""
        nonlocal calls
        calls += 1
        result = llm.chat(
            msgs,
            schema=prompt.template.schema,
            on_token=stream,
            purpose=purpose,
            template_version=prompt.template.version,
            use_cache=use_cache,
            accept=_usable,
            cancel=cancel,
        )
        try:
            return result, _checked(result)
        except InvalidFeedback as problem:
            return result, problem

    for retry in range(OVERFLOW_RETRIES + 1):
        prompt = build_messages(
            date=date, purpose=purpose, content=content, tags=tags, window=window,
            prompts_dir=prompts_dir, choice=template, counter=counter,
        )  # fmt: skip
        try:
            result, fields = attempt(prompt, prompt.messages, "feedback", on_token)
            break
        except LLMContextOverflow as exc:
            if retry == OVERFLOW_RETRIES:
                raise
            sent = sum(counter(m["content"]) + MESSAGE_OVERHEAD_TOKENS for m in prompt.messages)
            if exc.n_prompt and exc.n_prompt > sent:  # the server counts more than we thought: count like it
                counter.scale *= exc.n_prompt / sent
            elif exc.n_ctx is None or exc.n_ctx >= window:
                window = int(window * 0.8)  # no numbers to go by: ask for less
            if exc.n_ctx:
                window = min(window, exc.n_ctx)

    repaired = False
    language = prompt.template.language
    if isinstance(fields, InvalidFeedback):
        if on_status:
            on_status("repair")
        repair = [
            *prompt.messages,
            {"role": "assistant", "content": result.content},
            {"role": "user", "content": prompts.REPAIR[language].format(problem=fields)},
        ]
        result, fields = attempt(prompt, repair, "feedback-repair")
        repaired = True
        if isinstance(fields, InvalidFeedback):
            raise LLMBadOutput(
                _("the model's feedback did not fit the schema, even after a repair attempt: {fields}").format(
                    fields=fields
                ),
                hint=_("try another model with 'reflee config set llm.model NAME'"),
            )
    entry = f"{purpose}\n{prompt.content}"
    system = prompt.messages[0]["content"] + "\n" + prompt.frame
    report = qa.check(fields, entry=entry, language=language, system_prompt=system)
    first = qa.unparsed() if repaired else report
    if guard and not repaired and any(f.code in qa.REPAIRABLE for f in report.flags):
        if on_status:
            on_status("repair")
        msgs = [
            *prompt.messages,
            {"role": "assistant", "content": result.content},
            {"role": "user", "content": repair_text(report, language)},
        ]
        again, fixed = attempt(prompt, msgs, "feedback-repair")
        if not isinstance(fixed, InvalidFeedback):
            second = qa.check(fixed, entry=entry, language=language, system_prompt=system)
            if not qa.worse(second, report):
                result, fields, report = again, fixed, second
    return Generated(
        fields, language, prompt.template.version, result.model, prompt.notice, result.cached, report, first, calls
    )
