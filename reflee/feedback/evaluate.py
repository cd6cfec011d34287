"""`reflee feedback eval`: run a template and a model over the bundled evaluation set and score every answer.

The set (evalset.jsonl beside this module) holds retrospects written for this: Korean and English, about study,
work, job search, money, health and relationships, short and long. Each answer is scored by the deterministic
checks of reflee.feedback.quality twice: ``raw`` (the model's first answer) and ``guarded`` (after the pipeline's
one targeted repair, what a user would get). An optional judge model grades the kept answer with a written rubric.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reflee.cancel import check
from reflee.feedback import quality
from reflee.feedback.evalmodels import EvalItem
from reflee.feedback.generate import generate
from reflee.feedback.prompts import TemplateChoice
from reflee.llm.client import LLMClient
from reflee.llm.errors import LLMError, LLMUnreachable

if TYPE_CHECKING:
    from reflee.cancel import CancelToken

EVALSET = Path(__file__).with_name("evalset.jsonl")
Progress = Callable[[int, int], None]

JUDGE_RUBRIC = {
    "system": (
        "You grade feedback that a coach wrote on a person's retrospect. Read the retrospect and the feedback, then "
        "give each criterion a whole score from 1 (poor) to 5 (excellent):\n"
        "- specific: the feedback mentions concrete details of this retrospect, not generic advice\n"
        "- grounded: it claims nothing the retrospect does not say; strengths are things the person really did\n"
        "- actionable: recommendations are concrete next steps the person could take this week\n"
        "- distinct: no item repeats another; keep_doing and recommendations differ\n"
        "- tone: warm and candid, without blame\n"
        "Answer with one JSON object with exactly these integer keys: specific, grounded, actionable, distinct, tone."
    ),
    "user": "Retrospect (purpose: {purpose}):\n{content}\n\nFeedback (JSON):\n{feedback}",
}
JUDGE_KEYS = ("specific", "grounded", "actionable", "distinct", "tone")
JUDGE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {k: {"type": "integer", "minimum": 1, "maximum": 5} for k in JUDGE_KEYS},
    "required": list(JUDGE_KEYS),
}


@dataclass(frozen=True)
class Case:
    id: str
    language: str
    topic: str
    length: str
    date: str
    purpose: str
    tags: list[str]
    content: str


def load_cases(language: str | None = None, limit: int | None = None, path: Path = EVALSET) -> list[Case]:
    """The evaluation set, optionally one language only and the first ``limit`` entries."""
    cases = [Case(**json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if language:
        cases = [c for c in cases if c.language == language]
    return cases[:limit] if limit else cases


def aggregate(items: list[EvalItem]) -> dict[str, Any]:
    """Per check, the share of answers passing (raw and guarded); mean scores; repairs, errors, judge."""
    n = max(1, len(items))

    def shares(kind: str) -> dict[str, float]:
        return {c: round(sum(bool(getattr(i, kind)["passed"][c]) for i in items) / n, 4) for c in quality.CHECKS}

    judged = [sum(i.judge.values()) / (5 * len(i.judge)) for i in items if i.judge]
    return {
        "raw": shares("raw"),
        "guarded": shares("guarded"),
        "score": {
            "raw": round(sum(i.raw["score"] for i in items) / n, 4),
            "guarded": round(sum(i.guarded["score"] for i in items) / n, 4),
        },
        "grounded_ratio": round(sum(i.guarded["grounded_ratio"] for i in items) / n, 4),
        "repairs": sum(1 for i in items if i.calls > 1),
        "errors": sum(1 for i in items if i.error),
        "judge": round(sum(judged) / len(judged), 4) if judged else None,
    }


def _judge(judge: LLMClient, case: Case, answer: dict[str, Any]) -> dict[str, int] | None:
    user = JUDGE_RUBRIC["user"].format(
        purpose=case.purpose, content=case.content, feedback=json.dumps(answer, ensure_ascii=False)
    )
    msgs = [{"role": "system", "content": JUDGE_RUBRIC["system"]}, {"role": "user", "content": user}]
    result = judge.chat(msgs, schema=JUDGE_SCHEMA, purpose="feedback-judge", use_cache=False)
    try:
        data = json.loads(result.content)
        return {k: max(1, min(5, int(data[k]))) for k in JUDGE_KEYS}
    except (ValueError, KeyError, TypeError):
        return None  # a judge that cannot answer in form leaves the item unjudged


def evaluate_case(
    llm: LLMClient, case: Case, *, choice: TemplateChoice | None, prompts_dir: Path | None = None,
    judge: LLMClient | None = None, cancel: CancelToken | None = None,
) -> tuple[EvalItem, str | None]:  # fmt: skip
    """One entry: generate with the guard, score raw and guarded, judge if asked. Returns the item and the
    template version used. A model server that cannot be reached stops the run (LLMUnreachable propagates)."""
    started, model_before = time.perf_counter(), llm.model_seconds
    judge_before = judge.model_seconds if judge is not None else 0.0
    version = None
    try:
        made = generate(
            llm, date=case.date, purpose=case.purpose, content=case.content, tags=case.tags,
            prompts_dir=prompts_dir, use_cache=False, cancel=cancel, template=choice,
        )  # fmt: skip
    except LLMUnreachable:
        raise
    except LLMError as exc:
        bad = quality.unparsed().to_json()
        item = EvalItem(case.id, case.language, bad, bad, error=exc.message, calls=2)
    else:
        version = made.template_version
        item = EvalItem(
            case.id, case.language, made.first.to_json(), made.quality.to_json(), answer=made.fields, calls=made.calls
        )
        if judge is not None:
            item.judge = _judge(judge, case, made.fields)
    judged = (judge.model_seconds - judge_before) if judge is not None else 0.0
    item.model_ms = (llm.model_seconds - model_before + judged) * 1000
    item.wall_ms = (time.perf_counter() - started) * 1000
    return item, version


def run_cases(
    llm: LLMClient,
    cases: list[Case],
    *,
    choice: TemplateChoice | None,
    prompts_dir: Path | None = None,
    judge: LLMClient | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> tuple[list[EvalItem], dict[str, str]]:
    items: list[EvalItem] = []
    versions: dict[str, str] = {}
    for i, case in enumerate(cases):
        check(cancel)
        item, version = evaluate_case(llm, case, choice=choice, prompts_dir=prompts_dir, judge=judge, cancel=cancel)
        if version:
            versions.setdefault(case.language, version)
        items.append(item)
        if progress:
            progress(i + 1, len(cases))
    return items, versions
