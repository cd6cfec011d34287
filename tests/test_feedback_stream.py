"""Field-by-field streaming: the partial JSON is read as it arrives and each section shows as it is written."""

from __future__ import annotations

import io
import itertools
import json

from feedback_helpers import GOOD, good
from standin import Reply
from test_services_retro_feedback import llm_session

from reflee.feedback.models import FIELDS
from reflee.feedback.partial import current_field, partial_fields


def test_partial_fields_reads_an_unfinished_object():
    assert partial_fields("") == {} and partial_fields('{"sum') == {}
    assert partial_fields('{"summary": "오늘은 \\"계획\\"의 절반') == {"summary": '오늘은 "계획"의 절반'}
    assert partial_fields('{"summary": "다 썼다", "strengths": ["회고를 시') == {
        "summary": "다 썼다",
        "strengths": ["회고를 시"],
    }
    assert partial_fields('{"summary": "a", "strengths": ["x", "y"], "weaknesses": [') == {
        "summary": "a",
        "strengths": ["x", "y"],
        "weaknesses": [],
    }
    assert partial_fields('```json\n{"summary": "a\\') == {"summary": "a"}
    assert current_field('{"summary": "a", "keep_doing": ["') == "keep_doing"


def test_streaming_shows_each_section_in_order(home, ollama_standin):
    """Through the service, token by token from the stand-in: sections appear in the schema's order, each
    growing by prefix, until the last state equals the stored feedback."""
    with llm_session(home, ollama_standin.url) as s:
        retro = s.retro.add("오늘 처음으로 주간 회고를 썼다. 회고를 시작했고 계획이 너무 많았다.")
        job_id = s.feedback.job_for(retro.id, retro.version)
        assert job_id is not None
        text = good()
        ollama_standin.enqueue(Reply(content=text, chunks=[text[i : i + 3] for i in range(0, len(text), 3)]))
        received: list[str] = []
        states: list[dict] = []

        def on_token(piece: str) -> None:
            received.append(piece)
            states.append(partial_fields("".join(received)))

        outcome = s.feedback.generate(job_id, on_token=on_token)
        assert outcome.state == "done"
        first_seen: list[str] = []
        for state in states:
            for key in state:
                if key not in first_seen:
                    first_seen.append(key)
        assert first_seen == list(FIELDS)
        for before, after in itertools.pairwise(states):  # every section only grows
            for key, value in before.items():
                later = after[key]
                if isinstance(value, str):
                    assert later.startswith(value)
                else:
                    assert len(later) >= len(value) and all(later[i].startswith(v) for i, v in enumerate(value))
        assert states[-1] == GOOD == {k: getattr(outcome.feedback, k) for k in FIELDS}
        assert len(states) > 40  # it really streamed


def test_the_live_view_renders_the_sections_written_so_far(monkeypatch):
    from rich.console import Console

    from reflee.cli.views.feedback import LiveTokens

    live = LiveTokens("writing feedback…")
    text = json.dumps(GOOD, ensure_ascii=False)
    cut = text.index('"keep_doing"') + len('"keep_doing": ["매주')
    live(text[:cut])
    console = Console(file=io.StringIO(), width=100, no_color=True)
    console.print(live)
    shown = console.file.getvalue()  # type: ignore[attr-defined]
    order = [shown.index(label) for label in ("요약", "잘한 점", "부족한 점", "계속할 점")]
    assert order == sorted(order)
    assert "• 회고를 시작했다" in shown and "• 매주" in shown and "행동 교정 제안" not in shown
    live.on_status("repair")
    console = Console(file=io.StringIO(), width=100, no_color=True)
    console.print(live)
    assert "asking for a fix" in console.file.getvalue()  # type: ignore[attr-defined]
