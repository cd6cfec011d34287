"""Quality guards: the deterministic checks, and scripted poor answers (repeats, empty sections, echo) caught,
repaired once with a prompt that names the fault, and stored with the flags they keep, shown to the user."""

from __future__ import annotations

import json

from feedback_helpers import chat_requests, point_at
from standin import Reply

from reflee.feedback import quality

ENTRY = "토익 LC 모의고사를 두 번 풀었다. 파트 3에서 절반 넘게 틀렸고 단어를 몰라서 놓친 문제가 많았다."
CLEAN = {
    "summary": "토익 LC 모의고사를 두 번 풀었지만 파트 3에서 절반 넘게 틀렸다.",
    "strengths": ["모의고사를 두 번이나 끝까지 풀었다"],
    "weaknesses": ["파트 3 단어를 몰라 문제를 놓쳤다"],
    "keep_doing": ["주마다 모의고사 풀기"],
    "recommendations": ["파트 3 지문의 모르는 단어를 하루 20개씩 정리하기", "틀린 문제를 다시 들어 보기"],
}


def check(fields: dict, entry: str = ENTRY, language: str = "ko", prompt: str = "") -> quality.Report:
    return quality.check(fields, entry=entry, language=language, system_prompt=prompt)


def test_a_clean_answer_passes_every_check():
    report = check(CLEAN)
    assert report.passed == {c: True for c in quality.CHECKS}
    assert report.flags == () and report.score == 1.0 and report.grounded_ratio == 1.0


def test_each_fault_is_flagged_with_the_items_involved():
    repeated = dict(CLEAN, keep_doing=["모의고사를 두 번이나 끝까지 풀었다"])
    assert [f.to_json() for f in check(repeated).flags] == [
        {"code": "distinct", "fields": ["strengths", "keep_doing"], "items": ["모의고사를 두 번이나 끝까지 풀었다"]}
    ]
    same = dict(CLEAN, keep_doing=["틀린 문제를 다시 들어 보기"])
    assert [f.code for f in check(same).flags] == ["keep_vs_recs"]
    assert check(same).flags[0].items == ("틀린 문제를 다시 들어 보기",)
    empty = dict(CLEAN, weaknesses=[], keep_doing=[])
    assert check(empty).flags[0].to_json() == {"code": "sections", "fields": ["weaknesses", "keep_doing"], "items": []}
    echo = dict(CLEAN, summary="날짜: 2026-11-30 목적: 시간 관리 내용: 토익 모의고사")
    assert [f.code for f in check(echo).flags] == ["no_echo"]
    english = {
        "summary": "Took two TOEIC listening practice tests and missed half of part 3.",
        "strengths": ["Finished both practice tests"],
        "weaknesses": ["Missed words in part 3"],
        "keep_doing": ["Weekly practice tests"],
        "recommendations": ["Learn twenty part 3 words a day"],
    }
    assert next(f.code for f in check(english).flags) == "language"
    loose = dict(CLEAN, strengths=["인생은 마라톤이다"], weaknesses=["건강을 챙기자"], keep_doing=["긍정적인 태도"])
    report = check(loose)
    assert [f.code for f in report.flags] == ["grounded"] and report.grounded_ratio == 0.0
    six = [
        "단어장 만들기",
        "출근길에 듣기 연습",
        "주말 오전 복습",
        "틀린 문제 노트",
        "스터디 모임 참여",
        "파트 3 지문 필사",
    ]
    long = dict(CLEAN, recommendations=six)
    assert [f.code for f in check(long).flags] == ["length"]


def test_particles_and_spacing_do_not_hide_a_repeat():
    assert quality.similar("매주 회고 쓰기", "매주 회고를 쓰기")
    assert quality.similar("Review the notes weekly.", "review the notes weekly")
    assert not quality.similar("아침 30분 운동하기", "저녁에 친구에게 전화하기")


def test_a_copied_prompt_line_is_an_echo():
    prompt = "회고에 쓰인 사실만 근거로 삼으세요. 회고에 없는 일은 지어내지 마세요."
    echoed = dict(CLEAN, summary="회고에 쓰인 사실만 근거로 삼으세요 그리고 토익")
    assert [f.code for f in check(echoed, prompt=prompt).flags] == ["no_echo"]


def scripted(first: dict, repaired: dict | str) -> list[Reply]:
    second = repaired if isinstance(repaired, str) else json.dumps(repaired, ensure_ascii=False)
    return [Reply(content=json.dumps(first, ensure_ascii=False)), Reply(content=second)]


def test_repeats_are_repaired_with_a_prompt_that_names_them(cli, ollama_standin):
    point_at(cli, ollama_standin.url)
    repeated = dict(CLEAN, keep_doing=["모의고사를 두 번이나 끝까지 풀었다"])
    ollama_standin.enqueue(*scripted(repeated, CLEAN))
    r = cli("retro", "add", ENTRY, "-p", "토익", "--json")
    fb = r.json["feedback"]
    assert fb["keep_doing"] == CLEAN["keep_doing"] and fb["quality"] == []
    _first, repair = chat_requests(ollama_standin)
    last = repair.json["messages"][-1]["content"]
    assert "같은 항목이 되풀이됩니다: '모의고사를 두 번이나 끝까지 풀었다'. 항목마다 다른 내용을 쓰세요." in last
    assert repair.json["messages"][-2] == {"role": "assistant", "content": json.dumps(repeated, ensure_ascii=False)}
    log = cli("llm", "log", "--json").json
    assert [c["purpose"] for c in log] == ["feedback-repair", "feedback"]


def test_an_unrepaired_answer_is_stored_with_its_flags_shown_never_trimmed(cli, ollama_standin):
    point_at(cli, ollama_standin.url)
    poor = dict(CLEAN, summary="날짜: 2026-11-30 목적: 토익 내용: 모의고사", weaknesses=[])
    ollama_standin.enqueue(*scripted(poor, poor))  # the repair changes nothing
    rid = cli("retro", "add", ENTRY, "-p", "토익", "--json").json["id"]
    fb = cli("feedback", "show", rid, "--json").json["feedback"]
    assert fb["weaknesses"] == [] and fb["summary"] == poor["summary"]
    assert [f["code"] for f in fb["quality"]] == ["sections", "no_echo"]
    shown = cli("feedback", "show", rid)
    assert "부족한 점" in shown.out and "(the model left this empty)" in shown.out  # sections in the entry's language
    assert "empty sections: 부족한 점" in shown.out
    assert "copies the prompt back" in shown.out
    assert len(chat_requests(ollama_standin)) == 2  # one repair, no more


def test_a_worse_or_broken_repair_keeps_the_first_answer(cli, ollama_standin):
    point_at(cli, ollama_standin.url)
    same = dict(CLEAN, keep_doing=["틀린 문제를 다시 들어 보기"])
    ollama_standin.enqueue(*scripted(same, "죄송합니다, 다시 쓰겠습니다"))
    fb = cli("retro", "add", ENTRY, "--json").json["feedback"]
    assert fb["keep_doing"] == ["틀린 문제를 다시 들어 보기"]
    assert fb["quality"] == [
        {"code": "keep_vs_recs", "fields": ["keep_doing", "recommendations"], "items": ["틀린 문제를 다시 들어 보기"]}
    ]


def test_korean_interface_shows_the_flags_in_korean(cli, ollama_standin):
    point_at(cli, ollama_standin.url, **{"ui.language": "ko"})
    poor = dict(CLEAN, weaknesses=[])
    ollama_standin.enqueue(*scripted(poor, poor))
    rid = cli("retro", "add", ENTRY, "--json").json["id"]
    out = cli("feedback", "show", rid).out
    assert "부족한 점" in out and "비어 있는 섹션: 부족한 점" in out
