"""The embeddings index: jobs queued with each saved text and computed by the queue, status and rebuild,
similar entries, hybrid search, the search over sign bits, retrieval quality on a seeded set, and embedding
jobs surviving kill -9."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from array import array
from pathlib import Path

import pytest

from tests.chat_helpers import EMBED_MODEL, add_retro, ready, today


def status(cli) -> dict:
    r = cli("index", "status", "--json")
    assert r.code == 0, r.err
    return r.json


def test_saving_queues_an_embedding_and_the_queue_computes_it(cli, ollama_standin) -> None:
    ready(cli, ollama_standin)
    a = add_retro(cli, "헬스장에서 스쿼트를 했다", "운동")
    add_retro(cli, "가계부를 정리했다", "돈 관리")
    s = status(cli)
    assert (s["retros"], s["current"], s["missing"], s["jobs"]["queued"]) == (2, 0, 2, 2)
    assert s["backend"] in ("python", "sqlite-vec") and s["enabled"] is True
    r = cli("index", "run", "--json")
    assert r.code == 0 and r.json["done"] == 2, r.err
    embeds = ollama_standin.requests_to("/api/embed")
    assert embeds[-1].json["model"] == EMBED_MODEL and "헬스장에서 스쿼트를 했다" in embeds[-1].json["input"][
        0
    ] + "".join(e.json["input"][0] for e in embeds)
    s = status(cli)
    assert (s["current"], s["missing"], s["stale"], s["dims"]) == (2, 0, 0, 256)
    # an edit of the text makes it stale and queues a new job; a tag change does not
    assert cli("retro", "edit", a, "--tag", "gym").code == 0
    assert status(cli)["jobs"]["queued"] == 0
    assert cli("retro", "edit", a, "--text", "헬스장에서 데드리프트를 했다").code == 0
    s = status(cli)
    assert (s["stale"], s["jobs"]["queued"]) == (1, 1)
    assert cli("index", "run").code == 0 and status(cli)["current"] == 2
    assert ollama_standin.requests_to("/api/embed")[-1].json["input"] == ["운동\n헬스장에서 데드리프트를 했다"]


def test_embeddings_off_queues_nothing(cli, ollama_standin) -> None:
    ready(cli, ollama_standin, **{"chat.embed_model": ""})
    add_retro(cli, "오늘도 회고")
    s = status(cli)
    assert s["enabled"] is False and s["jobs"]["queued"] == 0
    assert "Semantic search is off" in cli("index", "status").out
    r = cli("index", "rebuild")
    assert r.code == 2 and "chat.embed_model" in r.err


def test_rebuild_fills_the_gaps_and_all_recomputes(cli, ollama_standin) -> None:
    ready(cli, ollama_standin, **{"chat.embed_model": ""})
    for i in range(5):
        add_retro(cli, f"회고 {i} 번째 이야기")
    assert cli("config", "set", "chat.embed_model", EMBED_MODEL).code == 0
    r = cli("index", "rebuild", "--json")
    assert r.code == 0 and (r.json["enqueued"], r.json["done"]) == (5, 5)
    assert cli("index", "rebuild", "--json").json["enqueued"] == 0
    assert cli("index", "rebuild", "--all", "--json").json["done"] == 5
    assert status(cli)["current"] == 5
    text = cli("index", "status").out
    assert "Retrospects: 5 · embedded: 5" in text


def test_model_missing_or_server_away_leaves_the_jobs_queued(cli, ollama_standin) -> None:
    from tests.feedback_helpers import point_at

    point_at(cli, ollama_standin.url, **{"feedback.mode": "off", "chat.embed_model": "no-such-embedder"})
    add_retro(cli, "회고 하나")
    r = cli("index", "run")
    assert r.code == 3 and "no-such-embedder" in r.err and "reflee model pull no-such-embedder" in r.err
    assert status(cli)["jobs"] == {"queued": 1, "running": 0, "done": 0, "failed": 0}
    assert cli("config", "set", "llm.host", ollama_standin.dead_url()).code == 0
    r = cli("index", "run")
    assert r.code == 6 and status(cli)["jobs"]["queued"] == 1


def test_similar_and_semantic_search(cli, ollama_standin) -> None:
    ready(cli, ollama_standin)
    run1 = add_retro(cli, "아침에 한강에서 러닝을 5킬로미터 했다", "달리기")
    run2 = add_retro(cli, "저녁에 한강 러닝 10킬로미터, 다리가 무거웠다", "달리기")
    book = add_retro(cli, "도서관에서 소설책을 읽었다", "독서")
    cli("index", "run")
    r = cli("retro", "similar", run1[:12], "--json")
    assert r.code == 0, r.err
    hits = [h["id"] for h in r.json["hits"]]
    assert hits[0] == run2 and run1 not in hits and r.json["mode"] == "semantic"
    assert "달리기" in cli("retro", "similar", run1).out
    r = cli("retro", "search", "--semantic", "한강 러닝", "--json")
    assert r.code == 0 and r.json["mode"] == "hybrid"
    assert {h["id"] for h in r.json["hits"][:2]} == {run1, run2}
    assert r.json["hits"][0]["fts_rank"] == 1 and r.json["hits"][0]["semantic_rank"] is not None
    assert book not in [h["id"] for h in r.json["hits"][:2]]
    # deleted entries are never found
    assert cli("retro", "rm", run2, "--yes").code == 0
    assert run2 not in [h["id"] for h in cli("retro", "similar", run1, "--json").json["hits"]]
    # without the search word, plain search is unchanged
    assert cli("retro", "search", "한강", "--json").json[0]["id"] == run1
    assert cli("retro", "similar", "ffffffff").code == 3


def test_semantic_search_without_embeddings_says_so_and_uses_full_text(cli, ollama_standin) -> None:
    ready(cli, ollama_standin)
    rid = add_retro(cli, "한강에서 자전거를 탔다", "자전거")
    cli("index", "run")
    assert cli("config", "set", "llm.host", ollama_standin.dead_url()).code == 0
    r = cli("retro", "search", "--semantic", "자전거")
    assert r.code == 0 and "semantic search unavailable" in r.err and "자전거" in r.out
    j = cli("retro", "search", "--semantic", "자전거", "--json").json
    assert j["mode"] == "fulltext" and j["hits"][0]["id"] == rid


def test_the_sign_bit_search_finds_what_exact_search_finds() -> None:
    from reflee.index import vectors

    rng = random.Random(7)
    dims, count = 128, 6000
    data = [vectors.normalize([rng.gauss(0, 1) for _ in range(dims)]) for _ in range(count)]
    signs = [vectors.sign_bits(v) for v in data]
    recall = []
    for q in range(20):
        base = data[rng.randrange(count)]
        query = vectors.normalize([x + rng.gauss(0, 0.08) for x in base])  # as near as a paraphrase
        exact = sorted(range(count), key=lambda i: -vectors.cosine(query, data[i]))[:10]
        picked = vectors.hamming_candidates(vectors.sign_bits(query), signs, vectors.candidate_count(count, 10))
        approx = sorted(picked, key=lambda i: -vectors.cosine(query, data[i]))[:10]
        recall.append(len(set(exact) & set(approx)) / 10)
        assert exact[0] == approx[0], q
    assert sum(recall) / len(recall) >= 0.6  # random points: the 2nd..10th are near-ties; real data clusters


def test_vectors_round_trip_as_little_endian_float32() -> None:
    from reflee.index import vectors

    vec = vectors.normalize([3.0, -4.0])
    blob = vectors.to_blob(vec)
    assert blob == array("f", [0.6, -0.8]).tobytes() and len(blob) == 8
    assert list(vectors.from_blob(blob)) == list(vec)
    assert vectors.signs_blob(vec) == b"\x01"  # the first component is positive


# --- retrieval quality on a seeded set --------------------------------------------------------------------

SEED = [
    ("하체 운동", "헬스장에서 스쿼트와 런지로 하체 운동을 했다. 허벅지가 뻐근하다."),
    ("러닝", "한강에서 러닝 10킬로미터를 뛰었다. 페이스가 좋아졌다."),
    ("토익", "토익 시험 준비로 영어 단어 100개를 외웠다. 리스닝이 아직 약하다."),
    ("면접", "면접 준비를 하며 자기소개서를 다시 썼다. 예상 질문에 답해 봤다."),
    ("이사", "원룸 계약을 마치고 이사를 했다. 짐 정리가 끝이 없다."),
    ("가족", "어머니 생신이라 가족과 저녁 식사를 했다. 오랜만에 웃었다."),
    ("코딩 테스트", "백준에서 알고리즘 문제를 세 개 풀었다. 그래프 탐색이 어렵다."),
    ("요리", "김치찌개를 처음 끓여 봤다. 간이 조금 짰다."),
    ("독서", "소설 데미안을 다 읽었다. 알을 깨고 나온다는 문장이 남았다."),
    ("명상", "불안해서 명상을 20분 했다. 호흡에 집중하니 마음이 가라앉았다."),
    ("친구", "친구랑 사소한 일로 싸웠다. 먼저 연락해서 화해했다."),
    ("아르바이트", "카페 아르바이트에서 손님이 많았다. 라떼를 50잔 만들었다."),
    ("여행", "부산 해운대로 여행을 갔다. 바다를 보며 걸었다."),
    ("반려묘", "고양이가 아파서 동물병원에 갔다. 주사를 맞고 나아졌다."),
    ("사이드 프로젝트", "사이드 프로젝트로 만든 앱을 스토어에 출시했다. 첫 리뷰가 달렸다."),
    ("수면", "불면증 때문에 새벽 세 시에 잤다. 수면 습관을 고쳐야겠다."),
    ("기타", "기타로 F 코드를 연습했다. 손가락이 아프다."),
    ("Rust", "Learned Rust ownership and the borrow checker today; lifetimes still confuse me."),
    ("hiking", "Went hiking on Bukhansan with friends; the view from the top was worth it."),
    ("presentation", "My presentation at the team meeting went badly; I rushed the slides."),
    ("garden", "Started a small vegetable garden on the balcony with tomatoes and basil."),
    ("volunteering", "Volunteered at the animal shelter and walked three dogs."),
    ("dentist", "Dentist appointment: the wisdom tooth has to come out next month."),
    ("photography", "Took a photography walk with the new camera lens around the old town."),
    ("자격증", "정보처리기사 필기 자격증 공부를 했다. 기출 문제를 풀었다."),
    ("다이어트", "다이어트 식단으로 샐러드만 먹었다. 배가 고프다."),
    ("운전", "운전면허 도로주행 연습을 했다. 차선 변경이 무섭다."),
    ("블로그", "블로그에 회고 글을 하나 올렸다. 조회수가 조금 나왔다."),
    ("중고거래", "당근마켓에서 안 쓰는 모니터를 팔았다."),
    ("Netflix", "Cancelled the streaming subscription I never watch."),
]
QUESTIONS = [
    ("하체 운동했던 회고 찾아줘", "하체 운동"),
    ("러닝한 일기 보여줘", "러닝"),
    ("영어 시험 준비 회고", "토익"),
    ("면접 대비했던 회고", "면접"),
    ("이사한 날 회고", "이사"),
    ("어머니 생신 저녁 회고", "가족"),
    ("알고리즘 공부 회고", "코딩 테스트"),
    ("찌개 요리한 회고", "요리"),
    ("소설 읽은 회고", "독서"),
    ("명상으로 불안 다스린 일기", "명상"),
    ("친구랑 싸운 회고", "친구"),
    ("카페 알바 회고", "아르바이트"),
    ("부산 여행 일기", "여행"),
    ("고양이 동물병원 회고", "반려묘"),
    ("사이드 프로젝트 출시 회고", "사이드 프로젝트"),
    ("journal entry about learning Rust", "Rust"),
    ("what did I write about hiking with friends", "hiking"),
    ("journal about my presentation at the meeting", "presentation"),
    ("entry about the balcony garden", "garden"),
    ("what I wrote about the dentist", "dentist"),
]


def test_the_right_entry_is_in_the_top_five_for_twenty_questions(home, ollama_standin) -> None:
    from reflee import services

    ollama_standin.add_model(f"{EMBED_MODEL}:latest", capabilities=("embedding",))
    with services.open(home) as s:
        for key, value in {"llm.host": ollama_standin.url, "llm.model": "llama3.2", "feedback.mode": "off"}.items():
            s.config.set(key, value)
    ids: dict[str, str] = {}
    with services.open(home) as s:
        for i, (purpose, content) in enumerate(SEED):
            ids[purpose] = s.retro.add(content, purpose=purpose, entry_date=today().replace(day=1)).id
            assert i == len(ids) - 1
        assert s.index.run().done == len(SEED)
        misses = []
        for question, purpose in QUESTIONS:
            prep = s.chat.prepare(question)
            assert prep.route.via == "rules" and prep.route.intent == "retro", question
            top = [r.ref for r in prep.records if r.kind == "retro"][:5]
            if ids[purpose] not in top:
                misses.append(question)
        assert not misses, misses
        assert all(r.key.startswith("r:") for r in prep.records)


# --- embedding jobs survive kill -9 -----------------------------------------------------------------------


@pytest.mark.parametrize("trial", range(3))
def test_embedding_jobs_survive_kill_9(home: Path, ollama_standin, trial: int) -> None:
    from reflee import services

    rng = random.Random(1000 + trial)
    ollama_standin.add_model(f"{EMBED_MODEL}:latest", capabilities=("embedding",))
    ollama_standin.embed_latency = 0.15  # each batch of 16 takes a while: the kill lands mid-run
    with services.open(home) as s:
        for key, value in {
            "llm.host": ollama_standin.url, "feedback.mode": "off", "chat.embed_lease_seconds": "1",
        }.items():  # fmt: skip
            s.config.set(key, value)
    with services.open(home) as s:
        made = [s.retro.add(f"회고 {i}: 오늘의 기록 {rng.random()}").id for i in range(60)]
        s.retro.edit(made[0], content="고친 회고")  # version 2: its v1 job must end as skipped, never stored
    repo = str(Path(__file__).resolve().parent.parent)
    env = {**os.environ, "REFLEE_HOME": str(home), "PYTHONPATH": repo + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.Popen([sys.executable, "-m", "reflee", "index", "run"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)  # fmt: skip
    deadline = time.monotonic() + 60
    while len(ollama_standin.requests_to("/api/embed")) < 1 + trial and time.monotonic() < deadline:
        time.sleep(0.01)  # wait until it is embedding (a different batch each trial)
    time.sleep(rng.uniform(0.0, 0.15))
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
    with services.open(home) as s:
        middle = s.index.status()
    assert middle.current < 60 or middle.jobs["done"] == 61  # it was killed before or right at the end
    time.sleep(1.1)  # the dead worker's lease runs out
    with services.open(home) as s:
        s.index.run()
        st = s.index.status()
        rows = s.conn.execute(
            "SELECT e.retro_id, e.version, r.version FROM embedding e JOIN retro r ON r.id = e.retro_id"
        ).fetchall()
        jobs = s.conn.execute("SELECT state, count(*) FROM job WHERE kind = 'embed' GROUP BY state").fetchall()
    assert (st.retros, st.current, st.stale, st.missing) == (60, 60, 0, 0), f"trial {trial}: {st}"
    assert len(rows) == 60 and all(stored == current for _, stored, current in rows)
    assert dict(jobs) == {"done": 61}  # 60 versions 1 and the edit's version 2; nothing queued, running or failed
