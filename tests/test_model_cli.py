"""`reflee model list | pull`, `reflee doctor` and `reflee llm log` against the stand-in server."""

from __future__ import annotations

from feedback_helpers import good, point_at
from standin import OllamaStandin, Reply

from reflee.errors import ExitCode


def test_model_list_marks_the_configured_model(cli, ollama_standin):
    ollama_standin.add_model("qwen3:8b", context_length=32768, capabilities=("completion", "thinking"), family="qwen3")
    point_at(cli, ollama_standin.url, model="llama3.2")  # the server calls it llama3.2:latest
    models = cli("model", "list", "--json").json
    assert {m["name"]: m["configured"] for m in models} == {"llama3.2:latest": True, "qwen3:8b": False}
    table = cli("model", "list")
    assert table.code == 0 and "qwen3:8b" in table.out


def test_model_pull_then_it_is_there(cli, ollama_standin):
    ollama_standin.add_pullable("gemma3:1b")
    point_at(cli, ollama_standin.url)
    r = cli("model", "pull", "gemma3:1b", "--json")
    assert r.code == 0, r.err
    assert r.json == {"model": "gemma3:1b", "status": "success"}
    assert "gemma3:1b" in [m["name"] for m in cli("model", "list", "--json").json]
    r = cli("model", "pull", "no-such-model:7b")
    assert r.code == ExitCode.NOT_FOUND and "no-such-model" in r.err and r.err.count("\n") == 1


def test_doctor_all_good(cli, ollama_standin):
    point_at(cli, ollama_standin.url)
    r = cli("doctor", "--json")
    assert r.code == 0, r.out
    checks = {c["name"]: c for c in r.json["checks"]}
    assert checks["server"]["status"] == "ok" and ollama_standin.version in checks["server"]["detail"]
    assert checks["model"]["status"] == "ok"
    assert checks["context"]["status"] == "ok"


def test_doctor_names_the_fix_for_each_problem(cli, ollama_standin):
    point_at(cli, OllamaStandin.dead_url())
    r = cli("doctor", "--json")
    assert r.code == ExitCode.UNAVAILABLE
    assert r.json["checks"][0]["fix"] == "ollama serve"
    point_at(cli, ollama_standin.url, model="qwen3:8b")
    r = cli("doctor")
    assert r.code == ExitCode.UNAVAILABLE and "reflee model pull qwen3:8b" in r.out
    ollama_standin.add_model("tiny:1b", context_length=2048)
    point_at(cli, ollama_standin.url, model="tiny:1b")
    r = cli("doctor", "--json")
    ctx = {c["name"]: c for c in r.json["checks"]}["context"]
    assert ctx["status"] == "warn" and ctx["fix"] == "reflee config set llm.num_ctx 2048"


def test_llm_log_records_every_call(cli, ollama_standin):
    point_at(cli, ollama_standin.url)
    ollama_standin.enqueue(Reply(content=good(), prompt_eval_count=321, eval_count=54))
    cli("retro", "add", "기록되는 호출")
    ollama_standin.enqueue(Reply(fault="http", status=503, error="server busy"))
    cli("feedback", "regen", cli("retro", "list", "--json").json[0]["id"])
    log = cli("llm", "log", "--json").json
    assert len(log) == 2
    newest, first = log
    assert first["prompt_tokens"] == 321 and first["completion_tokens"] == 54
    assert first["messages"][1]["role"] == "user" and "기록되는 호출" in first["messages"][1]["content"]
    assert first["response"] and first["error"] is None and first["wall_ms"] > 0
    assert "server busy" in newest["error"] and newest["response"] is None
    assert "기록되는" not in cli("llm", "log").err
