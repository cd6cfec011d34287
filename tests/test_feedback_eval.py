"""`reflee feedback eval`: the bundled set, exact scores on scripted answers, --compare, --judge, stored runs."""

from __future__ import annotations

import json
from collections import Counter

from feedback_helpers import point_at
from standin import OllamaStandin, Reply

from reflee.errors import ExitCode
from reflee.feedback.evaluate import load_cases


def answer(summary: str, strengths: list, weaknesses: list, keep: list, recs: list) -> dict:
    return {"summary": summary, "strengths": strengths, "weaknesses": weaknesses, "keep_doing": keep,
            "recommendations": recs}  # fmt: skip


TOEIC = answer(
    "토익 LC 모의고사를 두 번 풀었지만 파트 3에서 절반 넘게 틀렸다.",
    ["모의고사를 두 번 끝까지 풀었다"], ["파트 3 단어를 몰라 문제를 놓쳤다"], ["주마다 모의고사 풀기"],
    ["파트 3 모르는 단어를 매일 정리하기", "틀린 문제를 다시 듣기"],
)  # fmt: skip
EXAM = answer(
    "정보처리기사 필기 기출을 닷새 중 사흘 풀었고 데이터베이스 점수가 낮았다.",
    ["기출을 사흘 동안 풀었다"], ["데이터베이스 과목 점수가 낮다"], ["기출을 사흘 동안 풀었다"],
    ["데이터베이스 기출만 따로 하루 한 회 풀기", "풀지 못한 날은 주말에 채우기"],
)  # fmt: skip
EXAM_FIXED = dict(EXAM, keep_doing=["하루 한 회라는 기출 분량"])
FINALS = answer(
    "날짜: 2026-11-03 목적: 기말고사 준비 회고 내용: 계획표",
    ["기말고사 3주 전에 계획표를 만들었다"], [], ["강의 녹화본으로 필기 정리하기"],
    ["과제 마감도 계획표에 넣기", "회로이론 계산 문제를 시간 재고 풀기"],
)  # fmt: skip
BAEKJOON = answer(
    "백준 문제를 매일 한 문제씩 풀어 이번 주 7문제를 채웠다.",
    ["매일 한 문제씩 7문제를 채웠다"], ["어려운 문제의 풀이를 바로 봤다"], ["어려운 문제는 30분 고민한 뒤 풀이 보기"],
    ["어려운 문제는 30분 고민한 뒤 풀이 보기", "푼 문제를 블로그에 정리하기"],
)  # fmt: skip
SCRIPT = {  # first answer, answer to the repair prompt
    "토익 LC": (TOEIC, None),
    "정보처리기사": (EXAM, EXAM_FIXED),
    "기말고사 3주 전": (FINALS, FINALS),
    "백준 문제": (BAEKJOON, "미안해요"),
}
JUDGE = {"specific": 4, "grounded": 5, "actionable": 4, "distinct": 3, "tone": 4}


def responder(body: dict) -> Reply:
    messages = body["messages"]
    if "You grade feedback" in messages[0]["content"]:
        return Reply(content=json.dumps(JUDGE))
    user = messages[1]["content"]
    for marker, (first, repaired) in SCRIPT.items():
        if marker in user:
            value = first if len(messages) == 2 else repaired
            return Reply(content=value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
    raise AssertionError(f"unscripted entry: {user[:80]}")


def test_the_bundled_set_covers_languages_topics_and_lengths():
    cases = load_cases()
    langs = Counter(c.language for c in cases)
    assert langs["ko"] >= 30 and langs["en"] >= 10
    for lang in ("ko", "en"):
        mine = [c for c in cases if c.language == lang]
        assert {c.topic for c in mine} == {"study", "work", "job search", "money", "health", "relationships"}
        assert {c.length for c in mine} == {"short", "long"}
    assert len({c.id for c in cases}) == len(cases)


def test_scores_on_scripted_answers_are_exact(cli, ollama_standin):
    point_at(cli, ollama_standin.url)
    ollama_standin.set_responder(responder)
    r = cli("feedback", "eval", "--language", "ko", "--limit", "4", "--json")
    assert r.code == 0, r.err
    run = r.json
    assert run["cases"] == 4 and run["template_versions"] == {"ko": "feedback-v2-ko"}
    s = run["scores"]
    every = {"schema": 1.0, "language": 1.0, "grounded": 1.0, "length": 1.0}
    assert s["raw"] == {**every, "sections": 0.75, "distinct": 0.75, "keep_vs_recs": 0.75, "no_echo": 0.75}
    assert s["guarded"] == {**every, "sections": 0.75, "distinct": 1.0, "keep_vs_recs": 0.75, "no_echo": 0.75}
    assert s["score"] == {"raw": 0.875, "guarded": 0.9062}
    assert (s["repairs"], s["errors"], s["judge"]) == (3, 0, None)
    items = {i["case_id"]: i for i in run["items"]}
    assert items["ko-study-02"]["answer"]["keep_doing"] == ["하루 한 회라는 기출 분량"]
    assert [f["code"] for f in items["ko-study-03"]["guarded"]["flags"]] == ["sections", "no_echo"]
    assert items["ko-study-01"]["calls"] == 1 and items["ko-study-04"]["calls"] == 2
    assert run["model_ms"] > 0 and run["overhead_ms_per_case"] >= 0
    assert cli("llm", "log", "--json").json == []  # eval calls are not your feedback


def test_the_table_compare_and_stored_runs(cli, ollama_standin):
    point_at(cli, ollama_standin.url)
    ollama_standin.set_responder(responder)
    r = cli("feedback", "eval", "--language", "ko", "--limit", "4")
    assert r.code == 0, r.err
    assert "no repeated item" in r.out and "75.0%" in r.out and "100.0%" in r.out
    assert "current on llama3.2" in r.out
    c = cli("feedback", "eval", "-n", "4", "--language", "ko", "--compare", "template=v1", "--json").json
    assert c["a"]["template_versions"] == {"ko": "feedback-v2-ko"}
    assert c["b"]["template_versions"] == {"ko": "feedback-v1-ko"}
    assert c["delta"]["score"] == 0.0  # a scripted model answers every template alike
    runs = cli("feedback", "evals", "--json").json
    assert len(runs) == 3 and runs[0]["template"] == "feedback-v1" and runs[0]["items"] == []
    shown = cli("feedback", "evals", runs[2]["id"][:12], "--json").json
    assert shown["scores"]["score"]["guarded"] == 0.9062 and len(shown["items"]) == 4
    table = cli("feedback", "eval", "-n", "4", "--language", "ko", "--compare", runs[2]["id"])
    assert table.code == 0 and "Δ" in table.out and "+0.0" in table.out


def test_a_judge_model_grades_with_the_rubric(cli, ollama_standin):
    point_at(cli, ollama_standin.url)
    ollama_standin.add_model("judge:latest")
    ollama_standin.set_responder(responder)
    run = cli("feedback", "eval", "--language", "ko", "-n", "2", "--judge", "judge", "--json").json
    assert run["judge_model"] == "judge" and run["scores"]["judge"] == 0.8
    assert run["items"][0]["judge"] == JUDGE
    judged = [x for x in ollama_standin.requests if x.path == "/api/chat" and x.json["model"] == "judge"]
    assert len(judged) == 2 and "specific" in judged[0].json["messages"][0]["content"]


def test_bad_options_and_a_dead_server_store_nothing(cli, ollama_standin):
    point_at(cli, ollama_standin.url)
    r = cli("feedback", "eval", "--template", "v9")
    assert r.code == ExitCode.USAGE and "--template" in r.err and "v9" in r.err
    r = cli("feedback", "eval", "--compare", "size=big")
    assert r.code == ExitCode.USAGE and "--compare" in r.err
    r = cli("feedback", "eval", "--language", "fr")
    assert r.code == ExitCode.USAGE and "--language" in r.err
    point_at(cli, OllamaStandin.dead_url())
    r = cli("feedback", "eval", "-n", "2")
    assert r.code == ExitCode.UNAVAILABLE and "cannot reach" in r.err
    assert cli("feedback", "evals", "--json").json == []
