"""`reflee ask` and the chat service against the stand-in Ollama server: what the model is sent (the records
and their IDs, the history within the window), what the user sees (the streamed answer, its sources), and
the faults (model missing or away, a cut stream, bad input) leaving the session intact."""

from __future__ import annotations

import json
import threading

from tests.chat_helpers import add_retro, chat_calls, last_week_day, ready, short, system_text, today
from tests.standin import Reply


def test_the_records_and_their_ids_are_sent_and_the_answer_cites_them(cli, ollama_standin) -> None:
    ready(cli, ollama_standin)
    gym = add_retro(cli, "헬스장에서 스쿼트 5세트를 했다. 무릎이 조금 아팠다.", "운동 습관", last_week_day(1))
    add_retro(cli, "가계부를 정리했다. 배달 음식이 너무 많았다.", "돈 관리", last_week_day(2))
    assert cli("index", "run").code == 0
    key = f"r:{short(cli, gym)}"
    ollama_standin.enqueue(
        Reply(chunks=["지난주에는 ", "헬스장에서 스쿼트를 ", f"했어요 [{key}]", "[r:deadbeef]", ". 무릎을 조심하세요."])
    )
    r = cli("ask", "지난주 헬스장 운동 회고 정리해줘")
    assert r.code == 0, r.err
    sent = chat_calls(ollama_standin)[-1]
    assert sent["model"] == "llama3.2" and sent["options"]["num_ctx"] == 8192
    system = system_text(sent)
    assert f"[{key}]" in system and "스쿼트 5세트" in system  # the record with its ID
    assert sent["messages"][-1] == {"role": "user", "content": "지난주 헬스장 운동 회고 정리해줘"}
    # what the user sees: the streamed text without the made-up citation, then the sources
    assert f"지난주에는 헬스장에서 스쿼트를 했어요 [{key}]. 무릎을 조심하세요." in r.out
    assert "deadbeef" not in r.out
    assert "Sources" in r.out and f"{key}  {last_week_day(1).isoformat()}" in r.out
    shown = cli("chat", "show", cli("chat", "list", "--json").json[0]["id"], "--json").json
    answer = shown["messages"][1]
    assert answer["dropped_citations"] == ["r:deadbeef"] and answer["status"] == "complete"
    assert [s["key"] for s in answer["sources"] if s["cited"]] == [key]
    assert "[r:deadbeef]" not in answer["content"]


def test_json_lists_the_sources_and_the_route(cli, ollama_standin) -> None:
    ready(cli, ollama_standin)
    rid = add_retro(cli, "Ran 5 km along the river, felt strong.", "running", last_week_day(0))
    cli("index", "run")
    key = f"r:{short(cli, rid)}"
    ollama_standin.enqueue(Reply(content=f"You ran 5 km [{key}]."))
    r = cli("ask", "what did I write in my journal last week about running?", "--json")
    assert r.code == 0, r.err
    data = r.json
    assert data["answer"] == f"You ran 5 km [{key}]." and data["status"] == "complete"
    assert data["route"]["intent"] == "retro" and data["route"]["period"]["label"] == "last_week"
    assert {"key": key, "kind": "retro", "ref": rid, "cited": True}.items() <= data["sources"][0].items()
    assert data["new_session"] is True and data["completion_tokens"] and data["first_token_ms"] is not None
    assert system_text(chat_calls(ollama_standin)[-1]).startswith("You are reflee's assistant")  # English question


def test_money_is_computed_by_the_ledger_not_the_model(cli, ollama_standin) -> None:
    ready(cli, ollama_standin)
    first = today().replace(day=1)
    last_month = (first.replace(day=1) - __import__("datetime").timedelta(days=1)).replace(day=10)
    for amount, cat in [("12000", "식비"), ("8500", "식비"), ("4500", "카페"), ("300000", "월세")]:
        assert cli("ledger", "add", amount, "--category", cat, "--date", last_month.isoformat()).code == 0
    assert cli("ledger", "add", "1500000", "--income", "--category", "급여", "--date", last_month.isoformat()).code == 0
    assert cli("budget", "set", "식비", "15000", "--month", last_month.strftime("%Y-%m")).code == 0
    month = last_month.strftime("%Y-%m")
    ollama_standin.enqueue(Reply(content=f"지난달 식비는 20,500원이에요 [m:{month}]."))
    r = cli("ask", "지난달 식비 얼마 썼어?", "--json")
    assert r.code == 0, r.err
    assert r.json["route"]["intent"] == "money"
    system = system_text(chat_calls(ollama_standin)[-1])
    assert f"[m:{month}]" in system and f"[b:{month}]" in system
    assert "expense 식비: 20,500원" in system and "expense 325,000원" in system and "income 1,500,000원" in system
    assert "budget 15,000원, spent 20,500원, remaining -5,500원" in system and "OVER" in system
    assert "expense 12,000원" in system and "expense 8,500원" in system  # the category's transactions, t: keys
    assert [s["key"] for s in r.json["sources"] if s["cited"]] == [f"m:{month}"]


def test_policy_questions_get_the_profile_and_matched_policies_with_deadlines(cli, ollama_standin, tmp_path) -> None:
    from reflee.demo import birth_date, sample_policies

    ready(cli, ollama_standin)
    data = tmp_path / "policies.json"
    data.write_bytes(sample_policies(today()))
    assert cli("policy", "import", str(data)).code == 0
    for field, value in [("birth_date", birth_date(today()).isoformat()), ("region", "서울 관악구")]:
        assert cli("profile", "set", field, value).code == 0, field
    ollama_standin.enqueue(Reply(content="관악구 청년 월세 지원을 받을 수 있어요."))
    r = cli("ask", "내가 받을 수 있는 월세 지원", "--json")
    assert r.code == 0, r.err
    assert r.json["route"]["intent"] == "policy"
    system = system_text(chat_calls(ollama_standin)[-1])
    assert "[u:profile]" in system and "관악구 청년 월세 지원 (예시)" in system
    assert "application: open" in system and "deadline " in system and "days left" in system
    kinds = {s["kind"] for s in r.json["sources"]}
    assert kinds == {"profile", "policy"}


def test_the_history_fits_the_window_whole_messages_only_and_older_turns_are_summarised(cli, ollama_standin) -> None:
    ready(cli, ollama_standin, **{"llm.num_ctx": "2048", "chat.embed_model": ""})
    long_turn = "가나다라마바사 " * 40  # ~290 tokens each

    def respond(body: dict) -> Reply:
        if "요약하세요" in body["messages"][0]["content"]:
            return Reply(content="앞에서 긴 질문과 답을 주고받았다.")
        return Reply(content="답: " + long_turn)

    ollama_standin.set_responder(respond)
    sid = None
    dropped = []
    for i in range(5):
        args = ["ask", f"질문 {i}: " + long_turn, "--json"] + (["--session", sid] if sid else [])
        r = cli(*args)
        assert r.code == 0, r.err
        sid = r.json["session_id"]
        dropped.append(r.json["context"]["history_dropped"])
    assert dropped[0] == 0 and dropped[-1] > 0
    stored = [m["content"] for m in cli("chat", "show", sid, "--json").json["messages"]]
    last = chat_calls(ollama_standin)[-1]["messages"]
    from reflee.chat.context import answer_reserve, estimate_tokens

    assert sum(estimate_tokens(m["content"]) + 4 for m in last) <= 2048 - answer_reserve(2048)
    history = [m for m in last[1:-1] if m["role"] != "system"]
    assert history and history[0]["role"] == "user"
    assert all(m["content"] in stored for m in history)  # whole messages, never cut
    assert len(history) < len(stored) - 1  # older turns left out
    assert last[1] == {"role": "system", "content": "앞선 대화 요약:\n앞에서 긴 질문과 답을 주고받았다."}
    session = cli("chat", "list", "--json").json[0]
    assert session["summary"] == "앞에서 긴 질문과 답을 주고받았다." and session["summary_upto"]
    assert r.json["context"]["summary_sent"] is True and "history_summarised" in r.json["notes"]


def test_ask_reads_stdin_and_continues_the_last_session(cli, ollama_standin) -> None:
    ready(cli, ollama_standin, **{"chat.embed_model": ""})
    ollama_standin.enqueue(Reply(content="첫 답"), Reply(content="둘째 답"))
    assert cli("ask", "-", input="안녕\n").code == 0
    r = cli("ask", "-c", "고마워", "--json")
    assert r.code == 0 and r.json["new_session"] is False
    sent = chat_calls(ollama_standin)[-1]["messages"]
    assert [m["content"] for m in sent[1:]] == ["안녕", "첫 답", "고마워"]
    assert len(cli("chat", "list", "--json").json) == 1


def test_cancelling_keeps_what_came_marked_interrupted(home, ollama_standin) -> None:
    from reflee import services
    from reflee.cancel import CancelToken

    ollama_standin.add_model("bge-m3:latest")
    with services.open(home) as s:
        s.config.set("llm.host", ollama_standin.url)
        s.config.set("llm.model", "llama3.2")
        s.config.set("chat.embed_model", "")
    ollama_standin.enqueue(Reply(chunks=["첫 부분 ", "둘째 부분 ", *["더 " for _ in range(200)]], latency=20))
    token = CancelToken()
    seen: list[str] = []
    got = threading.Event()

    def on_token(piece: str) -> None:
        seen.append(piece)
        if len(seen) == 2:
            got.set()

    threading.Thread(target=lambda: got.wait(30) and token.cancel(), daemon=True).start()
    with services.open(home) as s:
        answer = s.chat.ask("안녕", on_token=on_token, cancel=token)
        assert answer.answer.status == "interrupted"
        assert answer.answer.content.startswith("첫 부분 둘째 부분 ")
        stored = s.chat.show(answer.session.id).messages
    assert [m.role for m in stored] == ["user", "assistant"] and stored[1].status == "interrupted"
    assert stored[1].content == answer.answer.content


def test_faults_give_one_line_and_keep_the_session(cli, ollama_standin) -> None:
    ready(cli, ollama_standin, **{"chat.embed_model": ""})
    # a stream cut mid-answer: what came is kept, marked failed
    ollama_standin.enqueue(Reply(content="이 답은 중간에 끊깁니다 정말로 끊깁니다", fault="cut"))
    r = cli("ask", "안녕", "--json")
    assert r.code == 6 and r.err.startswith("error: ") and len(r.err.strip().splitlines()) == 1
    sid = cli("chat", "list", "--json").json[0]["id"]
    msgs = cli("chat", "show", sid, "--json").json["messages"]
    assert [m["role"] for m in msgs] == ["user", "assistant"] and msgs[1]["status"] == "failed"
    assert msgs[1]["content"] and msgs[1]["error"]
    # the model missing: exit 3, the question kept in the session (which keeps its own model otherwise)
    assert cli("config", "set", "llm.model", "nope").code == 0
    ollama_standin.enqueue(Reply(content="세션은 자기 모델로 답합니다"))
    assert cli("ask", "--session", sid, "안녕").code == 0
    r = cli("ask", "--session", sid, "--model", "nope", "안녕")
    assert r.code == 3 and "nope" in r.err and "reflee model pull nope" in r.err
    assert cli("chat", "show", sid, "--json").json["messages"][-1]["status"] == "failed"
    # the server away: exit 6
    assert cli("config", "set", "llm.host", ollama_standin.dead_url()).code == 0
    r = cli("ask", "안녕")
    assert r.code == 6 and "cannot reach" in r.err
    # bad input: nothing saved
    before = len(cli("chat", "list", "--json").json)
    assert cli("ask", "   ").code == 2
    r = cli("ask", "--session", "ffffffff", "안녕")
    assert r.code == 3 and r.err.startswith("error: --session: no chat session with ID 'ffffffff'")
    assert cli("config", "set", "llm.num_ctx", "512").code == 0
    r = cli("ask", "가" * 600)
    assert r.code == 2 and "error: QUESTION: the question is about 600 tokens" in r.err
    assert len(cli("chat", "list", "--json").json) == before


def test_the_embedding_model_missing_still_answers_on_full_text(cli, ollama_standin) -> None:
    from tests.feedback_helpers import point_at

    point_at(cli, ollama_standin.url, **{"feedback.mode": "off", "chat.embed_model": "missing-embedder"})
    rid = add_retro(cli, "도서관에서 자격증 공부를 세 시간 했다", "공부", today())
    key = f"r:{short(cli, rid)}"
    ollama_standin.enqueue(Reply(content=f"자격증 공부를 했어요 [{key}]."))
    r = cli("ask", "자격증 공부 회고", "--json")
    assert r.code == 0, r.err
    assert "semantic_unavailable" in r.json["notes"]
    assert f"[{key}]" in system_text(chat_calls(ollama_standin)[-1])
    assert r.json["sources"][0]["cited"] is True


def test_sessions_list_show_rename_export_search_and_rm(cli, ollama_standin, tmp_path) -> None:
    ready(cli, ollama_standin, **{"chat.embed_model": ""})
    rid = add_retro(cli, "스터디 모임에서 발표를 했다", "발표 연습", today())
    key = f"r:{short(cli, rid)}"
    ollama_standin.enqueue(Reply(content=f"발표를 했어요 [{key}]."))
    sid = cli("ask", "오늘 발표 회고", "--json").json["session_id"]
    listed = cli("chat", "list")
    assert listed.code == 0 and "오늘 발표 회고" in listed.out
    assert cli("chat", "rename", sid[:10], "발표 이야기").code == 0
    assert cli("chat", "list", "--json").json[0]["title"] == "발표 이야기"
    shown = cli("chat", "show", sid)
    assert "발표를 했어요 [1]" in shown.out and f"[1] {key}" in shown.out
    md = cli("chat", "export", sid, "--format", "md")
    assert md.code == 0 and "# 발표 이야기" in md.out and "발표를 했어요 [^1]." in md.out
    assert f"[^1]: `{key}` retro" in md.out
    out = tmp_path / "chat.json"
    assert cli("chat", "export", sid, "--format", "json", "--output", str(out)).code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["messages"][0]["content"] == "오늘 발표 회고"
    found = cli("chat", "search", "발표", "--json").json
    assert {h["message"]["role"] for h in found} == {"user", "assistant"}
    assert cli("chat", "search", "없는말이다", "--json").json == []
    assert cli("chat", "rm", sid).code == 0
    assert cli("chat", "list", "--json").json == [] and cli("chat", "search", "발표", "--json").json == []
    assert cli("chat", "show", sid).code == 3
    assert cli("chat", "rename", sid, "  ").code in (2, 3)
