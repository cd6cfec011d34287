"""Context right: the server's real context read (/api/show, llama-server's /props), doctor warning when
llm.num_ctx exceeds it, trimming by the server's tokenizer keeping as much of the entry as fits, and a
context-overflow refusal recognised, re-fitted and retried."""

from __future__ import annotations

import json
import re

from feedback_helpers import GOOD, chat_requests, good, point_at
from standin import Reply
from standin.reply import estimate_prompt_tokens

from reflee.feedback.fit import OUTPUT_RESERVE_TOKENS, TokenCounter, measured_scale
from reflee.llm.errors import overflow_from

LONG = ("오늘은 시간 관리에 대해 길게 돌아봤다. 아침 계획을 세웠지만 오후에 회의가 몰려 절반만 지켰다. " * 60).strip()


def openai_settings(standin) -> dict[str, str]:
    return {"llm.provider": "openai", "llm.base_url": standin.url + "/v1", "llm.model": "llama3.2:latest"}


def test_overflow_refusals_are_recognised_with_their_numbers():
    llama = "request (2100 tokens) exceeds the available context size (2048 tokens), try increasing it"
    err = overflow_from(llama, "http://x")
    assert err is not None and (err.n_ctx, err.n_prompt) == (2048, 2100)
    assert err.hint == "set llm.num_ctx to 2048"
    vllm = (
        "This model's maximum context length is 4096 tokens. However, you requested 5000 tokens (4000 in the messages)"
    )
    assert overflow_from(vllm, "x").n_ctx == 4096  # type: ignore[union-attr]
    assert overflow_from('{"error": {"type": "exceed_context_size_error"}}', "x") is not None
    assert overflow_from("model 'x' not found", "x") is None


def test_fit_keeps_as_much_as_the_budget_allows():
    counter = TokenCounter()
    kept = counter.fit(LONG, 500)
    assert counter(kept) <= 500
    assert counter(LONG[: len(kept) + 40]) > 500 - 10  # within a few tokens of the budget
    assert LONG.startswith(kept)


def test_the_estimate_is_scaled_by_what_the_server_reported():
    msgs = [{"role": "user", "content": "가나다라마바사아자차" * 10}]
    counter = TokenCounter()
    estimate = counter(msgs[0]["content"]) + 8
    scale = measured_scale([(msgs, round(estimate * 1.3))] * 3, window=8192)
    assert 1.25 <= scale <= 1.35
    assert measured_scale([(msgs, 7000)] * 3, window=8192) == 1.0  # near the window: maybe cut, ignored
    assert measured_scale([(msgs, 100)] * 2, window=8192) == 1.0  # too few to measure


def test_overflow_through_an_ollama_front_is_trimmed_and_retried(cli, ollama_standin):
    """num_ctx 4096 against a server slot of 2048: the refusal names 2048, the entry is re-fitted, the retry works."""
    point_at(cli, ollama_standin.url, **{"llm.num_ctx": "4096"})
    ollama_standin.slot_ctx = 2048
    ollama_standin.enqueue(Reply(content=good()))
    r = cli("retro", "add", LONG, "--json")
    assert r.code == 0 and r.json["feedback_state"] == "done", r.err
    fb = r.json["feedback"]
    assert fb["summary"] == GOOD["summary"]
    first, retried = chat_requests(ollama_standin)
    assert estimate_prompt_tokens(first.json) > 2048 >= estimate_prompt_tokens(retried.json)
    kept = int(re.search(r"앞부분 ([\d,]+)자", fb["notice"])[1].replace(",", ""))  # type: ignore[index]
    assert LONG[:kept] in retried.json["messages"][1]["content"]
    assert kept >= 700, kept  # far more than the 585 of 3,779 characters the old estimate kept of a 2048 slot
    assert "2048" in fb["notice"] and f"{len(LONG):,}" in fb["notice"]


def test_llama_server_context_and_tokenizer_are_used_up_front(cli, ollama_standin):
    """Behind the OpenAI-compatible API of llama-server: /props gives the slot's context, /tokenize the counts,
    so the first request already fits and nothing is refused."""
    ollama_standin.llamacpp = True
    ollama_standin.slot_ctx = 2048
    point_at(cli, ollama_standin.url, **{"llm.num_ctx": "8192"}, **openai_settings(ollama_standin))
    ollama_standin.enqueue(Reply(content=good()))
    r = cli("retro", "add", LONG, "--json")
    assert r.json["feedback_state"] == "done", r.err
    [req] = [x for x in ollama_standin.requests if x.path == "/v1/chat/completions"]
    assert estimate_prompt_tokens(req.json) <= 2048 - OUTPUT_RESERVE_TOKENS + 16
    assert ollama_standin.tokenize_calls >= 2
    assert "2048" in r.json["feedback"]["notice"]


def test_a_short_entry_loses_nothing_but_a_tight_context_drops_the_example_first(cli, ollama_standin):
    ollama_standin.llamacpp = True
    ollama_standin.slot_ctx = 1300  # room for the entry only without the worked example
    point_at(cli, ollama_standin.url, **openai_settings(ollama_standin))
    entry = "회의 준비를 미리 해서 발표를 잘 마쳤다. " * 12
    ollama_standin.enqueue(Reply(content=good()))
    fb = cli("retro", "add", entry, "--json").json["feedback"]
    assert fb["notice"] is None  # all of it was sent
    [req] = [x for x in ollama_standin.requests if x.path == "/v1/chat/completions"]
    assert "예시 회고" not in req.json["messages"][0]["content"]
    assert entry.strip() in req.json["messages"][1]["content"]


def test_doctor_warns_when_num_ctx_exceeds_the_servers_real_context(cli, ollama_standin):
    ollama_standin.llamacpp = True
    ollama_standin.slot_ctx = 2048
    point_at(cli, ollama_standin.url, **{"llm.num_ctx": "4096"}, **openai_settings(ollama_standin))
    r = cli("doctor", "--json")
    ctx = {c["name"]: c for c in r.json["checks"]}["context"]
    assert ctx["status"] == "warn" and ctx["fix"] == "reflee config set llm.num_ctx 2048"
    assert "context per request" in ctx["detail"]


def test_an_overflow_that_never_fits_fails_with_the_setting_to_change(cli, ollama_standin):
    point_at(cli, ollama_standin.url, **{"llm.num_ctx": "4096", "feedback.mode": "queue"})
    ollama_standin.slot_ctx = 700  # smaller than the prompt's frame itself
    rid = cli("retro", "add", LONG, "--json").json["id"]
    r = cli("feedback", "run", "--json")
    assert r.json["failed"] == 1
    job = cli("feedback", "show", rid, "--json").json["job"]
    assert job["failure"] == "permanent" and "leaves no room for the entry" in job["last_error"]
    note = json.dumps(cli("notify", "list", "--json").json[0], ensure_ascii=False)
    assert "a context of at least" in note and "then: reflee feedback retry" in note
    assert len(chat_requests(ollama_standin)) == 1  # refused once; an entry trimmed to nothing is never sent
