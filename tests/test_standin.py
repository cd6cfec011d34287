"""The Ollama stand-in speaks the wire protocol well enough for the unmodified official client and plain httpx.

Every test talks over a real socket; nothing is patched.
"""

from __future__ import annotations

import json
import re
import threading
import time

import httpx
import ollama
import pytest

from tests.standin import OllamaStandin, Reply

MSGS = [{"role": "user", "content": "오늘 회고를 읽고 피드백을 주세요."}]
RFC3339_NANO_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?([+-]\d\d:\d\d|Z)$")
CHAT = {"model": "llama3.2", "messages": MSGS}
METRICS = ("total_duration", "prompt_eval_count", "prompt_eval_duration", "eval_count", "eval_duration")


@pytest.fixture
def standin():
    with OllamaStandin(models=["llama3.2:latest"]) as s:
        yield s
    assert s.server_errors == []


@pytest.fixture
def client(standin):
    with ollama.Client(host=standin.url, timeout=httpx.Timeout(10, connect=2)) as c:
        yield c


def ndjson(response: httpx.Response) -> list[dict]:
    return [json.loads(line) for line in response.iter_lines()]


# --- the official client: chat, list, show, pull -----------------------------------------------------------------


def test_streamed_chat_yields_pieces_then_a_done_chunk_with_metrics(standin, client):
    standin.enqueue(Reply(chunks=["잘한 점은", " 꾸준함", "입니다."], prompt_eval_count=42))
    parts = list(client.chat(model="llama3.2", messages=MSGS, stream=True))

    assert [p.message.content for p in parts] == ["잘한 점은", " 꾸준함", "입니다.", ""]
    assert [p.done for p in parts] == [False, False, False, True]
    final = parts[-1]
    assert final.done_reason == "stop" and final.message.role == "assistant"
    assert final.eval_count == 3 and final.prompt_eval_count == 42
    assert all(isinstance(final[m], int) and final[m] > 0 for m in METRICS)
    assert final.load_duration is None  # zero values are left out, like Go's omitempty
    assert all(RFC3339_NANO_OFFSET.match(p.created_at) for p in parts)

    body = standin.requests_to("/api/chat")[-1].json
    assert body["stream"] is True and body["tools"] == [] and body["messages"] == MSGS


def test_whole_chat_answer_and_the_wire_format_behind_both_modes(standin, client):
    standin.enqueue(Reply(content='{"summary": "좋은 한 주"}'))
    answer = client.chat(model="llama3.2", messages=MSGS, format="json")
    assert answer.message.content == '{"summary": "좋은 한 주"}' and answer.done_reason == "stop"

    with httpx.Client(base_url=standin.url) as http:
        whole = http.post("/api/chat", json={"model": "llama3.2", "messages": MSGS, "stream": False})
        assert whole.headers["content-type"] == "application/json; charset=utf-8"
        assert "content-length" in whole.headers
        with http.stream("POST", "/api/chat", json=CHAT) as streamed:
            assert streamed.headers["content-type"] == "application/x-ndjson"
            assert streamed.headers["transfer-encoding"] == "chunked"
            lines = ndjson(streamed)
    assert lines[-1]["done"] is True and lines[-1]["done_reason"] == "stop"
    assert "".join(x["message"]["content"] for x in lines) == "Hello! How can I help you today?"
    assert list(lines[-1])[:5] == ["model", "created_at", "message", "done_reason", "done"]  # Go's field order


def test_hangul_split_inside_characters_on_the_wire_arrives_intact(standin, client):
    text = "이번 주 회고: 아침 운동을 지켰고, 계획은 절반만 했다."
    standin.enqueue(Reply(content=text, split_utf8=True), Reply(content=text, split_utf8=True))

    got = "".join(p.message.content for p in client.chat(model="llama3.2", messages=MSGS, stream=True))
    assert got == text and "\ufffd" not in got

    # The same answer read raw: some network reads really end inside a character.
    with httpx.Client(base_url=standin.url) as http, http.stream("POST", "/api/chat", json=CHAT) as r:
        reads = list(r.iter_raw())
    assert any(_ends_mid_character(chunk) for chunk in reads)


def _ends_mid_character(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def test_list_show_and_a_missing_model(standin, client):
    standin.add_model("qwen3:8b", context_length=32768, capabilities=("completion", "thinking"), family="qwen3")
    listed = {m.model: m for m in client.list().models}
    assert set(listed) == {"llama3.2:latest", "qwen3:8b"}
    assert listed["qwen3:8b"].details.family == "qwen3" and listed["llama3.2:latest"].size > 0

    shown = client.show("qwen3:8b")
    assert shown.modelinfo["qwen3.context_length"] == 32768
    assert shown.modelinfo["general.architecture"] == "qwen3"
    assert shown.capabilities == ["completion", "thinking"]
    assert client.show("llama3.2").details.family == "llama"  # ':latest' is implied

    with pytest.raises(ollama.ResponseError) as err:
        client.show("mistral")
    assert err.value.status_code == 404 and err.value.error == "model 'mistral' not found"


def test_pull_streams_progress_and_then_the_model_is_present(standin, client):
    standin.add_pullable("gemma3:1b")
    assert "gemma3:1b" not in [m.model for m in client.list().models]

    progress = list(client.pull("gemma3:1b", stream=True))
    statuses = [p.status for p in progress]
    assert statuses[0] == "pulling manifest"
    assert statuses[-3:] == ["verifying sha256 digest", "writing manifest", "success"]
    layer = [p for p in progress if p.digest]
    assert layer and all(p.status == f"pulling {p.digest[7:19]}" and p.total for p in layer)
    assert layer[-1].completed == layer[-1].total
    assert "gemma3:1b" in [m.model for m in client.list().models]

    with pytest.raises(ollama.ResponseError) as err:
        client.pull("no-such-model", stream=False)
    assert err.value.status_code == 500 and err.value.error == "pull model manifest: file does not exist"


# --- errors as the client surfaces them ------------------------------------------------------------------------


def test_status_codes_reach_the_client(standin, client):
    with pytest.raises(ollama.ResponseError) as missing:
        client.chat(model="qwen3:8b", messages=MSGS)
    assert missing.value.status_code == 404
    assert missing.value.error == 'model "qwen3:8b" not found, try pulling it first'

    with pytest.raises(ollama.ResponseError) as no_thinking:
        list(client.chat(model="llama3.2", messages=MSGS, think=True, stream=True))
    assert no_thinking.value.status_code == 400 and no_thinking.value.error == '"llama3.2" does not support thinking'

    busy = "server busy, please try again.  maximum pending requests exceeded"
    standin.enqueue(Reply(fault="http", status=503, error=busy))
    with pytest.raises(ollama.ResponseError) as scripted:
        client.chat(model="llama3.2", messages=MSGS)
    assert scripted.value.status_code == 503 and scripted.value.error == busy


def test_a_full_queue_answers_503_while_a_slot_is_busy(standin, client):
    standin.parallel, standin.max_queue = 1, 0
    standin.enqueue(Reply(content="느린 답", latency=0.3))
    slow = threading.Thread(target=client.chat, kwargs={"model": "llama3.2", "messages": MSGS})
    slow.start()
    time.sleep(0.1)
    with pytest.raises(ollama.ResponseError) as err:
        client.chat(model="llama3.2", messages=MSGS)
    slow.join()
    assert err.value.status_code == 503 and "maximum pending requests exceeded" in err.value.error


def test_mid_stream_error_line_raises_with_status_minus_one(standin, client):
    standin.enqueue(Reply(content="부족한 점은 계획이 많았다는 것", fault="mid_stream_error"))
    seen = []
    with pytest.raises(ollama.ResponseError) as err:
        for part in client.chat(model="llama3.2", messages=MSGS, stream=True):
            seen.append(part.message.content)
    assert err.value.status_code == -1 and err.value.error == "an error was encountered while running the model"
    assert seen and "".join(seen) != "부족한 점은 계획이 많았다는 것"


@pytest.mark.parametrize("fault", ["cut", "cut_in_char"])
def test_a_cut_stream_raises_a_protocol_error_after_the_first_pieces(standin, client, fault):
    standin.enqueue(Reply(content="계속할 점: 매주 회고를 쓰는 습관", fault=fault))
    seen = []
    with pytest.raises(httpx.RemoteProtocolError):
        for part in client.chat(model="llama3.2", messages=MSGS, stream=True):
            seen.append(part.message.content)
    assert seen and "".join(seen) != "계속할 점: 매주 회고를 쓰는 습관"


def test_cut_in_char_really_ends_inside_a_hangul_character(standin):
    standin.enqueue(Reply(content="계속할 점: 매주 회고를 쓰는 습관", fault="cut_in_char"))
    received = bytearray()
    with httpx.Client(base_url=standin.url) as http, http.stream("POST", "/api/chat", json=CHAT) as r:  # noqa: SIM117
        with pytest.raises(httpx.RemoteProtocolError):
            for chunk in r.iter_raw():
                received += chunk
    assert _ends_mid_character(bytes(received))
    assert received.decode("utf-8", "ignore").splitlines()[0].startswith('{"model":"llama3.2"')


def test_malformed_line_and_malformed_body(standin, client):
    standin.enqueue(Reply(content="잘한 점이 많습니다", fault="malformed"), Reply(content="x", fault="malformed"))
    with pytest.raises(json.JSONDecodeError):
        list(client.chat(model="llama3.2", messages=MSGS, stream=True))
    with pytest.raises(json.JSONDecodeError):
        client.chat(model="llama3.2", messages=MSGS)


def test_nothing_listening(standin):
    dead = ollama.Client(host=OllamaStandin.dead_url())
    with pytest.raises(ConnectionError, match="Failed to connect to Ollama"):
        dead.chat(model="llama3.2", messages=MSGS)
    with pytest.raises(httpx.ConnectError):
        next(iter(dead.chat(model="llama3.2", messages=MSGS, stream=True)))


def test_a_hang_trips_the_read_timeout_and_stop_is_prompt(standin):
    standin.enqueue(Reply(fault="hang", latency=30))
    impatient = ollama.Client(host=standin.url, timeout=httpx.Timeout(0.2, connect=1))
    with pytest.raises(httpx.ReadTimeout):
        impatient.chat(model="llama3.2", messages=MSGS)

    standin.enqueue(Reply(fault="hang"))  # until the server stops
    outcome = []
    waiter = threading.Thread(target=lambda: outcome.append(_try(standin.url)))
    waiter.start()
    _wait_until(lambda: standin.pending_replies == 0)  # the server holds the request (a condition, not a sleep)
    started = time.monotonic()
    standin.stop()
    waiter.join(2)
    assert time.monotonic() - started < 1 and outcome == ["RemoteProtocolError"]


def _wait_until(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for the condition"
        time.sleep(0.005)


def _try(url: str) -> str:
    try:
        ollama.Client(host=url).chat(model="llama3.2", messages=MSGS)
    except Exception as exc:
        return type(exc).__name__
    return "ok"


# --- requests as recorded, and request validation ----------------------------------------------------------------


def test_format_is_recorded_on_streamed_requests(standin, client):
    schema = {"type": "object", "properties": {"summary": {"type": "string"}}, "required": ["summary"]}
    standin.enqueue(Reply(content='{"summary": "ok"}'))
    parts = list(
        client.chat(
            model="llama3.2", messages=MSGS, stream=True, format=schema, options={"num_ctx": 8192}, keep_alive="10m"
        )
    )
    assert "".join(p.message.content for p in parts) == '{"summary": "ok"}'
    [sent] = standin.requests_to("/api/chat")
    assert sent.method == "POST" and sent.headers["content-type"] == "application/json"
    assert sent.headers["user-agent"].startswith("ollama-python/")
    assert sent.json["format"] == schema and sent.json["stream"] is True
    assert sent.json["options"] == {"num_ctx": 8192} and sent.json["keep_alive"] == "10m"
    assert json.loads(sent.raw) == sent.json


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        (b"", 400, "missing request body"),
        (b'{"model": "llama3.2",', 400, "unexpected EOF"),
        (b"{nope}", 400, "invalid character 'n' looking for beginning of object key string"),
        (b'{"model": 3}', 400, "json: cannot unmarshal number into Go struct field ChatRequest.model of type string"),
        (b'{"messages": []}', 400, "model is required"),
        (b'{"model": "llama3.2", "keep_alive": "-1"}', 400, 'time: missing unit in duration "-1"'),
        (
            b'{"model": "llama3.2", "format": "yaml", "messages": [{"role": "user", "content": "x"}]}',
            400,
            'invalid format: "\\"yaml\\""; expected "json" or a valid JSON Schema object',
        ),
        (b'{"model": "gemma3"}', 404, 'model "gemma3" not found, try pulling it first'),
    ],
)
def test_chat_bodies_are_validated_like_the_go_server(standin, body, status, error):
    r = httpx.post(f"{standin.url}/api/chat", content=body)
    assert (r.status_code, r.json()) == (status, {"error": error})


def test_load_unload_generate_and_version(standin, client):
    assert client.chat(model="llama3.2").done_reason == "load"
    assert client.chat(model="llama3.2", keep_alive=0).done_reason == "unload"
    assert client.generate(model="llama3.2", prompt="").done_reason == "load"

    standin.enqueue(Reply(content="짧은 답", latency=0.05, first_byte_delay=0.05))
    parts = list(client.generate(model="llama3.2", prompt="한 줄로", stream=True, options={"num_predict": 64}))
    assert "".join(p.response for p in parts) == "짧은 답"
    assert parts[-1].context and parts[-1].load_duration >= 50_000_000
    assert parts[-1].total_duration >= 100_000_000

    standin.enqueue(Reply(content="one two three four five six"))
    cut = client.chat(model="llama3.2", messages=MSGS, options={"num_predict": 2})
    assert (cut.message.content, cut.done_reason, cut.eval_count) == ("one two", "length", 2)

    standin.version = "0.13.1"
    assert httpx.get(f"{standin.url}/api/version").json() == {"version": "0.13.1"}


def test_an_over_long_prompt_is_shortened_silently_as_prompt_eval_count_shows(standin, client):
    long_entry = [{"role": "user", "content": "회고" * 1500}]  # about 3000 tokens
    standin.enqueue(Reply(content="{}"), Reply(content="{}"))
    fits = client.chat(model="llama3.2", messages=long_entry)
    squeezed = client.chat(model="llama3.2", messages=long_entry, options={"num_ctx": 2048})
    assert fits.prompt_eval_count > 3000
    assert squeezed.prompt_eval_count == 1024 and squeezed.done_reason == "stop"


def test_thinking_models_stream_thinking_first_unless_think_is_false(standin, client):
    standin.add_model("qwen3:8b", capabilities=("completion", "thinking"))
    standin.enqueue(Reply(content="답", thinking="먼저 생각"), Reply(content="답", thinking="먼저 생각"))
    parts = list(client.chat(model="qwen3:8b", messages=MSGS, stream=True))
    assert "".join(p.message.thinking or "" for p in parts) == "먼저 생각"
    assert "".join(p.message.content for p in parts) == "답"
    quiet = client.chat(model="qwen3:8b", messages=MSGS, think=False)
    assert quiet.message.thinking is None and quiet.message.content == "답"


def test_root_unknown_paths_and_wrong_methods(standin):
    with httpx.Client(base_url=standin.url) as http:
        root = http.get("/")
        assert (root.status_code, root.text, root.headers["content-type"]) == (
            200,
            "Ollama is running",
            "text/plain; charset=utf-8",
        )
        assert http.head("/").status_code == 200
        missing = http.get("/api/nothing")
        assert (missing.status_code, missing.text) == (404, "404 page not found")
        assert http.get("/api/chat").status_code == 405


def test_embed_is_deterministic(standin, client):
    first = client.embed(model="llama3.2", input=["회고", "retro"])
    again = client.embed(model="llama3.2", input="회고")
    assert len(first.embeddings) == 2 and first.embeddings[0] == again.embeddings[0]
    assert abs(sum(v * v for v in first.embeddings[0]) - 1) < 1e-3


# --- slots -------------------------------------------------------------------------------------------------------


def _four_at_once(standin: OllamaStandin) -> float:
    standin.enqueue(*[Reply(content="동시에 답합니다", latency=0.2) for _ in range(4)])
    clients = [ollama.Client(host=standin.url) for _ in range(4)]  # built first: an httpx client is slow to make
    answers: list[str] = []
    threads = [
        threading.Thread(target=lambda c=c: answers.append(c.chat(model="llama3.2", messages=MSGS).message.content))
        for c in clients
    ]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    for c in clients:
        c.close()
    assert answers == ["동시에 답합니다"] * 4
    return elapsed


def test_parallel_limits_how_many_generate_at_once(standin):
    standin.parallel = 4
    wide = _four_at_once(standin)
    standin.parallel = 1
    narrow = _four_at_once(standin)
    assert 0.19 <= wide < 0.4
    assert 0.79 <= narrow < 1.5
    assert standin.pending_replies == 0


# --- OpenAI-compatible ---------------------------------------------------------------------------------------------


def _sse(response: httpx.Response) -> list[str]:
    return [line[len("data: ") :] for line in response.iter_lines() if line.startswith("data: ")]


def test_openai_chat_completions_streamed_as_sse(standin):
    standin.enqueue(Reply(chunks=["안녕", "하세요"], prompt_eval_count=12))
    body = {
        "model": "llama3.2",
        "messages": MSGS,
        "stream": True,
        "stream_options": {"include_usage": True},
        "response_format": {"type": "json_schema", "json_schema": {"name": "f", "schema": {"type": "object"}}},
    }
    with httpx.Client(base_url=standin.url) as http, http.stream("POST", "/v1/chat/completions", json=body) as r:
        assert r.headers["content-type"] == "text/event-stream"
        events = _sse(r)
    assert events[-1] == "[DONE]"
    chunks = [json.loads(e) for e in events[:-1]]
    assert chunks[0]["object"] == "chat.completion.chunk" and chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    assert "".join(c["choices"][0]["delta"].get("content", "") for c in chunks if c["choices"]) == "안녕하세요"
    finish = chunks[-2]["choices"][0]
    assert finish["delta"] == {} and finish["finish_reason"] == "stop"
    assert chunks[-1]["choices"] == [] and chunks[-1]["usage"] == {
        "prompt_tokens": 12,
        "completion_tokens": 2,
        "total_tokens": 14,
    }
    assert len({c["id"] for c in chunks}) == 1 and chunks[0]["id"].startswith("chatcmpl-")


def test_openai_whole_answer_errors_flavours_and_keys(standin):
    with httpx.Client(base_url=standin.url) as http:
        standin.enqueue(Reply(content="좋아요"))
        whole = http.post("/v1/chat/completions", json=CHAT).json()
        assert whole["object"] == "chat.completion" and whole["system_fingerprint"] == "fp_ollama"
        assert whole["choices"] == [
            {"index": 0, "message": {"role": "assistant", "content": "좋아요"}, "finish_reason": "stop"}
        ]
        assert http.get("/v1/models").json()["data"][0] | {"created": 0} == {
            "id": "llama3.2:latest",
            "object": "model",
            "created": 0,
            "owned_by": "library",
        }

        missing = http.post("/v1/chat/completions", json={"model": "nope", "messages": MSGS})
        assert missing.status_code == 404
        assert missing.json()["error"] | {"message": ""} == {
            "message": "",
            "type": "not_found_error",
            "param": None,
            "code": None,
        }

        json_object = {"model": "llama3.2", "messages": MSGS, "response_format": {"type": "json_object"}}
        assert http.post("/v1/chat/completions", json=json_object).status_code == 200
        standin.openai_flavor = "lmstudio"
        refused = http.post("/v1/chat/completions", json=json_object)
        assert refused.status_code == 400
        assert refused.json() == {"error": "'response_format.type' must be 'json_schema' or 'text'"}

        standin.require_api_key = "sk-test"
        assert http.get("/v1/models").status_code == 401
        assert http.get("/v1/models", headers={"Authorization": "Bearer sk-test"}).status_code == 200


def test_the_shared_fixture_serves_llama(ollama_standin):
    assert OllamaStandin.dead_url() != ollama_standin.url
    assert ollama.Client(host=ollama_standin.url).show("llama3.2:latest").details.family == "llama"
