"""`reflee retro search`: Korean by substring, ranking, highlighting, literal queries, filters."""

from __future__ import annotations

import pytest

from reflee.errors import ExitCode
from reflee.retro.search import snippet


def add(cli, text: str, *args: str) -> dict:
    r = cli("retro", "add", text, *args, "--json")
    assert r.code == 0, r.err
    return r.json


def search(cli, *args: str) -> list[dict]:
    r = cli("retro", "search", *args, "--json")
    assert r.code == 0, r.err
    return r.json


def ids(hits: list[dict]) -> list[str]:
    return [h["id"] for h in hits]


def fillers(cli, n: int = 5) -> None:
    for i in range(n):
        add(cli, f"평범한 하루 {i}: 산책하고 밥을 먹었다", "--date", f"2025-12-{i + 1:02d}")


def test_korean_found_by_substring(cli):
    retro = add(cli, "오늘 회고를 처음 써봤다", "--date", "2026-01-01")
    money = add(cli, "가계부에서 식비가 예산을 넘은 걸 확인했다", "--date", "2026-01-02")
    fillers(cli)
    assert ids(search(cli, "회고")) == [retro["id"]]  # two syllables: below the trigram minimum
    assert ids(search(cli, "가계부")) == [money["id"]]  # three syllables: through the FTS index
    assert ids(search(cli, "처음 써봤")) == [retro["id"]]
    assert search(cli, "회계") == []


def test_all_words_must_match(cli):
    both = add(cli, "가계부 정리하고 식비 줄이기", "--date", "2026-01-01")
    add(cli, "가계부만 정리했다", "--date", "2026-01-02")
    add(cli, "식비 이야기만 있다", "--date", "2026-01-03")
    assert ids(search(cli, "가계부", "식비")) == [both["id"]]  # long + short term together
    assert ids(search(cli, "가계부 식비")) == [both["id"]]  # one argument with a space
    assert len(search(cli, "가계부")) == 2


def test_purpose_ranks_above_content_and_more_matches_above_fewer(cli):
    fillers(cli, 6)
    once = add(cli, "오늘은 스터디에 잠깐 들렀다", "--date", "2026-02-03")
    many = add(cli, "스터디 준비, 스터디 발표, 스터디 뒤풀이까지", "--date", "2026-02-02")
    in_purpose = add(cli, "발표 자료를 만들었다", "-p", "알고리즘 스터디", "--date", "2026-02-01")
    hits = search(cli, "스터디")
    assert ids(hits) == [in_purpose["id"], many["id"], once["id"]]
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[-1]


def test_short_terms_rank_by_count_then_recency(cli):
    old_many = add(cli, "돈 돈 돈 이야기", "--date", "2026-01-01")
    old_once = add(cli, "돈을 아꼈다", "--date", "2026-01-02")
    new_once = add(cli, "용돈을 받았다", "--date", "2026-01-09")
    add(cli, "아무 관계 없는 글", "--date", "2026-01-10")
    hits = search(cli, "돈")
    assert ids(hits) == [old_many["id"], new_once["id"], old_once["id"]]
    assert hits[0]["score"] > hits[1]["score"] == hits[2]["score"]


def test_english_is_case_insensitive(cli):
    a = add(cli, "Reviewed the Budget spreadsheet", "--date", "2026-01-01")
    b = add(cli, "an ok day", "--date", "2026-01-02")
    assert ids(search(cli, "budget")) == [a["id"]]
    assert ids(search(cli, "OK")) == [b["id"]]  # short term: LIKE, ASCII case folded


def test_deleted_entries_are_never_returned(cli):
    gone = add(cli, "가계부에서 지운 회고", "--date", "2026-01-01")
    kept = add(cli, "남은 회고", "--date", "2026-01-02")
    assert cli("retro", "rm", gone["id"], "--yes").code == 0
    assert ids(search(cli, "회고")) == [kept["id"]]
    assert search(cli, "가계부") == []
    assert cli("retro", "restore", gone["id"]).code == 0
    assert ids(search(cli, "가계부")) == [gone["id"]]


def test_json_hit_is_the_retro_plus_score_and_marked_snippet(cli):
    a = add(cli, "월말에 가계부에서 지출을 확인했다", "-p", "가계부 습관", "-t", "돈")
    (hit,) = search(cli, "가계부")
    shown = cli("retro", "show", a["id"], "--json").json
    assert {k: v for k, v in hit.items() if k not in ("score", "snippet")} == shown
    assert isinstance(hit["score"], float) and hit["score"] > 0
    assert hit["snippet"] == "월말에 **가계부**에서 지출을 확인했다"
    (hit,) = search(cli, "지출", "월말")
    assert hit["snippet"] == "**월말**에 가계부에서 **지출**을 확인했다"


def test_terminal_output_highlights_matches(cli, monkeypatch):
    add(cli, "가계부에서 [bold]태그 같은[/] 글자도 안전하게", "-p", "돈 관리")
    r = cli("retro", "search", "가계부")
    assert r.code == 0
    assert "가계부에서 [bold]태그 같은[/] 글자도" in r.out  # user text is not read as markup
    assert "돈 관리" in r.out
    monkeypatch.setenv("FORCE_COLOR", "1")  # a terminal; NO_COLOR still set, so bold but no colour
    r = cli("retro", "search", "가계부")
    assert "\x1b[1m가계부\x1b[0m에서" in r.out


def test_no_match_says_so_on_stderr(cli):
    add(cli, "something")
    r = cli("retro", "search", "없는말")
    assert r.code == 0 and r.out == "" and "No retrospects match" in r.err


@pytest.mark.parametrize("query", ['"', '""', "AND", "OR", "NOT", "NEAR(", "c++", "*", "(", "100%", "a_b", "\\", "'"])
def test_special_characters_are_literal_text(cli, query):
    add(cli, "평범한 하루, 산책", "--date", "2026-01-01")
    r = cli("retro", "search", query, "--json")
    assert r.code == 0, r.err
    assert r.json == []


def test_punctuation_matches_literally(cli):
    cpp = add(cli, 'c++ 공부: "포인터" 100% 이해 a_b', "--date", "2026-01-01")
    other = add(cli, "axb AND gate; 1000 problems", "--date", "2026-01-02")
    assert ids(search(cli, "c++")) == [cpp["id"]]
    assert ids(search(cli, '"포인터"')) == [cpp["id"]]
    assert ids(search(cli, '"')) == [cpp["id"]]
    assert ids(search(cli, "100%")) == [cpp["id"]]
    assert ids(search(cli, "a_b")) == [cpp["id"]]  # '_' is not a LIKE wildcard here
    assert ids(search(cli, "0%")) == [cpp["id"]]
    assert ids(search(cli, "AND")) == [other["id"]]
    assert ids(search(cli, "and")) == [other["id"]]


def test_filters_and_limit(cli):
    a = add(cli, "회고 하나", "--date", "2026-03-01", "-t", "work")
    b = add(cli, "회고 둘", "--date", "2026-03-05", "-t", "home")
    c = add(cli, "회고 셋", "--date", "2026-03-09", "-t", "work")
    assert ids(search(cli, "회고")) == [c["id"], b["id"], a["id"]]
    assert ids(search(cli, "회고", "--since", "2026-03-02")) == [c["id"], b["id"]]
    assert ids(search(cli, "회고", "--until", "2026-03-05")) == [b["id"], a["id"]]
    assert ids(search(cli, "회고", "--tag", "work")) == [c["id"], a["id"]]
    assert ids(search(cli, "회고", "--limit", "1")) == [c["id"]]
    r = cli("retro", "search", "회고", "--since", "2026-03-09", "--until", "2026-03-01")
    assert r.code == ExitCode.USAGE and "--since" in r.err


def test_empty_query_is_a_usage_error(cli):
    r = cli("retro", "search", "   ")
    assert r.code == ExitCode.USAGE and r.err.count("\n") == 1
    r = cli("retro", "search")
    assert r.code == ExitCode.USAGE


def test_snippet_of_long_text_is_one_short_line_around_the_match(cli):
    body = "산책했다. " * 400 + "드디어 가계부를\n정리했다. " + "밥을 먹었다. " * 400
    a = add(cli, body)
    (hit,) = search(cli, "가계부")
    assert hit["id"] == a["id"]
    snip = hit["snippet"]
    assert "**가계부**" in snip and "\n" not in snip
    assert snip.startswith("…") and snip.endswith("…")
    assert len(snip) < 80


def test_snippet_width_counts_wide_characters():
    parts = snippet("가" * 100 + "나다라" + "가" * 100, ["나다라"], width=40)
    text = "".join(t for t, _ in parts)
    assert ("나다라", True) in parts
    assert len(text.strip("…")) <= 20  # 40 columns of Hangul is 20 syllables
