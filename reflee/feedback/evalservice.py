"""The eval use case behind FeedbackService.evaluate: parse what to compare, run, store, load."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from reflee import db, ids
from reflee.dates import utc_now
from reflee.errors import UsageError
from reflee.feedback import evalstore
from reflee.feedback.evalmodels import EvalRun
from reflee.feedback.evaluate import Progress, aggregate, load_cases, run_cases
from reflee.feedback.prompts import TemplateChoice, resolve_name
from reflee.i18n import _
from reflee.llm.client import LLMClient

if TYPE_CHECKING:
    from reflee.cancel import CancelToken
    from reflee.feedback.runner import Processor


def template_choice(spec: str | None, field: str = "template") -> TemplateChoice | None:
    """None: what feedback uses now (your template in the prompts folder, else the default built-in);
    'v1' / 'v2' / 'feedback-v1': a built-in one; 'user': yours; anything else: a template file."""
    if spec is None or spec == "user":
        return None
    if name := resolve_name(spec):
        return TemplateChoice(name=name)
    path = Path(spec).expanduser()
    if not path.is_file():
        raise UsageError(
            _("{spec!r} is neither a built-in template (v1, v2) nor a file").format(spec=spec), field=field
        )
    return TemplateChoice(path=path)


def _client(processor: Processor, model: str | None) -> LLMClient:
    settings = processor.llm_settings if not model else replace(processor.llm_settings, model=model)
    return LLMClient(settings)  # no cache (measure the model) and no call log (eval calls are not your feedback)


def run(
    conn: sqlite3.Connection,
    processor: Processor,
    *,
    template: str | None,
    model: str | None,
    judge: str | None,
    language: str | None,
    limit: int | None,
    progress: Progress | None,
    cancel: CancelToken | None,
) -> EvalRun:
    if language not in (None, "ko", "en"):
        raise UsageError(_("{language!r} is not ko or en").format(language=language), field="language")
    if limit is not None and limit < 1:
        raise UsageError(_("must be at least 1"), field="limit")
    choice = template_choice(template)
    cases = load_cases(language, limit)
    llm = _client(processor, model)
    judge_llm = _client(processor, judge) if judge else None
    started = utc_now()
    t0 = time.perf_counter()
    items, versions = run_cases(
        llm, cases, choice=choice, prompts_dir=processor.prompts_dir, judge=judge_llm, progress=progress,
        cancel=cancel,
    )  # fmt: skip
    wall_ms = (time.perf_counter() - t0) * 1000
    result = EvalRun(
        id=ids.new_id(), template=choice.label if choice else "current", template_versions=versions,
        provider=llm.settings.provider, model=llm.settings.model, judge_model=judge, cases=len(items),
        scores=aggregate(items), model_ms=sum(i.model_ms for i in items), wall_ms=wall_ms, created_at=started,
        items=items,
    )  # fmt: skip
    evalstore.insert(conn, result)
    return result


def load(conn: sqlite3.Connection, ref: str) -> EvalRun:
    return evalstore.get(conn, db.resolve_id(conn, "feedback_eval_run", ref, "eval run"))


def parse_compare(spec: str) -> tuple[str, str]:
    """'template=NAME' -> ('template', NAME); 'model=NAME' -> ('model', NAME); anything else is a stored run's ID
    -> ('run', ID)."""
    key, sep, value = spec.partition("=")
    if sep and key in ("template", "model") and value:
        return key, value
    if sep:
        raise UsageError(
            _("{spec!r} is not template=NAME, model=NAME or a stored eval run's ID").format(spec=spec), field="compare"
        )
    return "run", spec
