"""The growth narrative against the Ollama stand-in: what the model is sent (the facts and the IDs), claims that
cite IDs, the answer cache, and a model that is away or too slow (the report is made without it)."""

from __future__ import annotations

import json
import time
from datetime import date

from feedback_helpers import GOOD, chat_requests, good, point_at
from standin import OllamaStandin, Reply

from reflee import services


def _seed_with_feedback(cli, standin) -> list[str]:
    """Three retrospects in 2025-W47 and feedback on each, made by `feedback run` against the stand-in."""
    point_at(cli, standin.url, **{"feedback.mode": "queue"})
    ids = []
    with services.open() as s:
        for day in (17, 18, 20):
            r = s.retro.add(f"아침 30분을 계획 점검에 썼다 ({day}일). 운동도 했다.", entry_date=date(2025, 11, day))
            ids.append(r.id)
        s.ledger.add("45000", category="식비", on=date(2025, 11, 18))
        s.ledger.add("3100000", kind="income", category="급여", on=date(2025, 11, 21))
    standin.set_responder(lambda body: Reply(content=good()))
    r = cli("feedback", "run", "--json")
    assert r.code == 0 and r.json["done"] == 3, r.out + r.err
    return ids


def _citing_responder(body):
    facts = json.loads(body["messages"][-1]["content"])
    first = facts["entries"][0]["id"]
    return Reply(
        content=json.dumps(
            {
                "claims": [
                    {"text": "세 번의 회고에서 아침 계획 점검이 꾸준히 나타났다.", "ids": [first]},
                    {"text": "수입이 지출보다 훨씬 많았다.", "ids": ["money"]},
                    {"text": "근거 없는 주장", "ids": ["deadbeef99"]},
                ]
            },
            ensure_ascii=False,
        )
    )


def test_the_model_is_sent_the_facts_and_ids_and_its_claims_cite_them(cli, ollama_standin) -> None:
    _seed_with_feedback(cli, ollama_standin)
    ollama_standin.set_responder(_citing_responder)
    before = len(chat_requests(ollama_standin))
    r = cli("report", "weekly", "--period", "2025-W47", "--json")
    assert r.code == 0, r.err
    report = r.json["report"]
    sent = chat_requests(ollama_standin)[before:]
    assert len(sent) == 1
    body = sent[0].json
    assert body["format"]["required"] == ["claims"]  # structured output
    facts = json.loads(body["messages"][-1]["content"])
    assert (
        facts["writing"]["entries"] == 3
        and facts["money"]["income"] == 3_100_000
        and facts["money"]["expense"] == 45_000
    )
    assert {e["id"] for e in facts["entries"]} == set(report["retro"]["retro_ids"])
    themes = {t["text"]: t for t in facts["themes"]}
    assert GOOD["strengths"][0] in themes and themes[GOOD["strengths"][0]]["count"] == 3
    assert set(themes[GOOD["strengths"][0]]["retro_ids"]) == set(report["retro"]["retro_ids"])
    n = report["narrative"]
    assert n["status"] == "written" and n["model"].startswith("llama3.2")
    assert [c["ids"] for c in n["claims"]] == [[facts["entries"][0]["id"]], ["money"]]  # the uncited claim dropped
    md = cli("report", "show", "2025-W47", "--raw").out
    assert "세 번의 회고에서 아침 계획 점검이 꾸준히 나타났다." in md and f"`{facts['entries'][0]['id']}`" in md

    forced = cli("report", "weekly", "--period", "2025-W47", "--force", "--json")
    assert forced.code == 0 and forced.json["report"]["narrative"]["cached"] is True
    assert len(chat_requests(ollama_standin)) == before + 1  # the answer cache: no second call


def test_without_the_model_the_report_is_complete_and_says_so(cli) -> None:
    point_at(cli, OllamaStandin.dead_url(), **{"feedback.mode": "off"})
    with services.open() as s:
        s.retro.add("글을 썼다", entry_date=date(2025, 11, 18))
    r = cli("report", "weekly", "--period", "2025-W47", "--json")
    assert r.code == 0, r.err
    assert r.json["report"]["narrative"]["status"] == "unavailable" and r.json["report"]["retro"]["entries"] == 1
    md = cli("report", "show", "2025-W47", "--raw").out
    assert "No narrative: the local model was not available. The rest of the report is complete." in md


def test_a_slow_model_is_given_up_after_the_timeout(cli, ollama_standin) -> None:
    point_at(cli, ollama_standin.url, **{"feedback.mode": "off", "report.narrative_timeout": "1"})
    with services.open() as s:
        s.retro.add("글을 썼다", entry_date=date(2025, 11, 18))
    ollama_standin.set_responder(lambda body: Reply(content='{"claims": []}', latency=30))
    started = time.monotonic()
    r = cli("report", "weekly", "--period", "2025-W47", "--json")
    assert r.code == 0, r.err
    assert r.json["report"]["narrative"]["status"] == "timeout"
    assert time.monotonic() - started < 20
    assert cli("report", "list", "--json").json[0]["narrative"] == "timeout"


def test_no_llm_never_calls_the_model(cli, ollama_standin) -> None:
    point_at(cli, ollama_standin.url, **{"feedback.mode": "off"})
    with services.open() as s:
        s.retro.add("글을 썼다", entry_date=date(2025, 11, 18))
    r = cli("report", "weekly", "--period", "2025-W47", "--no-llm", "--json")
    assert r.code == 0 and r.json["report"]["narrative"]["status"] == "off"
    assert chat_requests(ollama_standin) == []
