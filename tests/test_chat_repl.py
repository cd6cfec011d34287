"""The interactive chat read from standard input: questions (multi-line too), slash commands, sessions."""

from __future__ import annotations

from tests.chat_helpers import add_retro, chat_calls, ready, short, today
from tests.standin import Reply


def test_an_interactive_chat(cli, ollama_standin) -> None:
    ready(cli, ollama_standin)
    rid = add_retro(cli, "아침에 30분 달리기를 했다", "달리기 습관", today())
    cli("index", "run")
    key = f"r:{short(cli, rid)}"
    ollama_standin.enqueue(
        Reply(content=f"오늘 달리기를 했어요 [{key}]."),
        Reply(content="여러 줄 질문에 대한 답"),
        Reply(content="새 대화의 답"),
    )
    script = "\n".join(
        ["오늘 달리기 회고", "/sources", "/model", '"""', "여러 줄", "질문입니다", '"""', "/sessions", "/new",
         "이어지는 \\", "줄입니다", "/bogus", "/help", "/exit", ""]
    )  # fmt: skip
    r = cli("chat", input=script)
    assert r.code == 0, r.err
    assert f"오늘 달리기를 했어요 [{key}]." in r.out and "Sources" in r.out
    assert "Cited" in r.out and key in r.out  # /sources: the table of records given to the model
    assert "Model: llama3.2" in r.out
    assert "Unknown command /bogus" in r.out and "/sources" in r.out  # /help lists the commands
    calls = chat_calls(ollama_standin)
    assert calls[1]["messages"][-1]["content"] == "여러 줄\n질문입니다"
    assert [m["content"] for m in calls[1]["messages"][1:-1]] == ["오늘 달리기 회고", f"오늘 달리기를 했어요 [{key}]."]
    assert calls[2]["messages"][-1]["content"] == "이어지는 \n줄입니다" and len(calls[2]["messages"]) == 2  # /new
    sessions = cli("chat", "list", "--json").json
    assert sorted(s["messages"] for s in sessions) == [2, 4]


def test_continue_shows_the_conversation_and_goes_on(cli, ollama_standin) -> None:
    ready(cli, ollama_standin, **{"chat.embed_model": ""})
    ollama_standin.enqueue(Reply(content="처음 답입니다"), Reply(content="이어진 답입니다"))
    assert cli("ask", "안녕, 처음 질문", "--json").code == 0
    r = cli("chat", "-c", input="고마워, 다음 질문\n")  # end of input leaves like /exit
    assert r.code == 0, r.err
    assert "안녕, 처음 질문" in r.out and "처음 답입니다" in r.out and "이어진 답입니다" in r.out
    sent = chat_calls(ollama_standin)[-1]["messages"]
    assert [m["content"] for m in sent[1:]] == ["안녕, 처음 질문", "처음 답입니다", "고마워, 다음 질문"]


def test_a_model_fault_in_the_chat_is_one_line_and_the_chat_goes_on(cli, ollama_standin) -> None:
    ready(cli, ollama_standin, **{"chat.embed_model": ""})
    ollama_standin.enqueue(Reply(fault="http", status=500), Reply(content="이번엔 됩니다"))
    r = cli("chat", input="안녕 첫 질문\n안녕 둘째 질문\n/exit\n")
    assert r.code == 0
    assert r.err.count("error: ") == 1 and "이번엔 됩니다" in r.out
    sessions = cli("chat", "list", "--json").json
    assert len(sessions) == 1 and sessions[0]["messages"] == 4  # the failed turn is kept in the same session
    r = cli("chat", "--session", "ffffffff", input="")
    assert r.code == 3 and "no chat session" in r.err
