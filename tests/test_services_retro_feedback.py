"""The retro, feedback, model, call-log and database services, called directly (no CLI): what a front end gets."""

from __future__ import annotations

import io
import json
import sqlite3
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from feedback_helpers import GOOD, chat_requests, good
from standin import Reply

from reflee import services
from reflee.cancel import CancelToken
from reflee.config import Settings
from reflee.errors import CancelledError, DataError, NotFoundError, StorageError, UsageError
from reflee.services import Services


def open_session(home: Path, **settings: Any) -> Services:
    return services.open(home, settings=Settings(home / "config.toml", dict(settings)))


@pytest.fixture
def s(home: Path):
    with open_session(home, **{"feedback.mode": "off"}) as session:
        yield session


def llm_session(home: Path, url: str, **extra: Any) -> Services:
    return open_session(
        home,
        **{"llm.host": url, "llm.model": "llama3.2", "feedback.mode": "queue", "feedback.backoff_seconds": 0.05},
        **extra,
    )


# -- retrospects: checks name fields, not flags ---------------------------------------------------------------
def test_add_and_list_errors_name_their_fields(s):
    with pytest.raises(UsageError) as exc:
        s.retro.add("   ")
    assert exc.value.field == "content" and exc.value.message == "empty retrospect; write what happened"
    with pytest.raises(UsageError) as exc:
        s.retro.add("text", tags=["two words"])
    assert exc.value.field == "tags" and "spaces or commas" in exc.value.message
    with pytest.raises(UsageError) as exc:
        s.retro.add("text", purpose="x" * 2001)
    assert exc.value.field == "purpose"
    with pytest.raises(UsageError) as exc:
        s.retro.list(limit=0)
    assert exc.value.field == "limit" and exc.value.describe() == "limit: must be at least 1"
    with pytest.raises(UsageError) as exc:
        s.retro.list(since=date(2026, 3, 9), until=date(2026, 3, 1))
    assert exc.value.field == "since" and "2026-03-01" in exc.value.message


# -- search ------------------------------------------------------------------------------------------------
def test_search_returns_ranked_hits_with_marked_snippets(s):
    a = s.retro.add("가계부를 정리했다", purpose="돈 관리", entry_date=date(2026, 3, 1), tags=["money"])
    s.retro.add("산책을 했다", entry_date=date(2026, 3, 2))
    b = s.retro.add("가계부 앱을 바꿨다", entry_date=date(2026, 3, 5), tags=["money", "app"])
    result = s.retro.search("가계부")
    assert result.query == "가계부" and result.limit == 20
    assert {h.retro.id for h in result.hits} == {a.id, b.id}
    assert all("**가계부**" in h.snippet for h in result.hits)
    assert [h["id"] for h in result.to_json()] == [h.retro.id for h in result.hits]
    assert [h.retro.id for h in s.retro.search("가계부", since=date(2026, 3, 2)).hits] == [b.id]
    assert [h.retro.id for h in s.retro.search("가계부", tags=["app"]).hits] == [b.id]
    assert len(s.retro.search("가계부", limit=1).hits) == 1
    assert s.retro.search("없는말").hits == []


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"query": "   "}, "query"),
        ({"query": "회고", "limit": 0}, "limit"),
        ({"query": "회고", "since": date(2026, 3, 9), "until": date(2026, 3, 1)}, "since"),
    ],
)
def test_search_errors_name_their_fields(s, kwargs, field):
    with pytest.raises(UsageError) as exc:
        s.retro.search(**kwargs)
    assert exc.value.field == field


# -- export and import -----------------------------------------------------------------------------------------
def test_export_streams_to_a_write_callable(s):
    s.retro.add("첫째", entry_date=date(2026, 1, 1))
    s.retro.add("둘째", entry_date=date(2026, 1, 2), tags=["t"])
    out = io.StringIO()
    result = s.retro.export("jsonl", out.write)
    assert result.count == 2 and result.path is None
    assert [json.loads(line)["content"] for line in out.getvalue().splitlines()] == ["첫째", "둘째"]
    md = io.StringIO()
    assert s.retro.export("md", md.write, since=date(2026, 1, 2)).count == 1
    assert md.getvalue().startswith("## 2026-01-02\n\ntags: #t\n\n둘째")
    with pytest.raises(UsageError) as exc:
        s.retro.export("xml", out.write)
    assert exc.value.field == "fmt"


def test_export_to_file_is_atomic_and_names_the_output_field(s, tmp_path):
    s.retro.add("파일로", entry_date=date(2026, 1, 1))
    out_dir = tmp_path / "exports"
    out_dir.mkdir()
    target = out_dir / "out.json"
    result = s.retro.export_to_file(target, "json")
    assert result.count == 1 and result.path == str(target)
    assert json.loads(target.read_text(encoding="utf-8"))["retros"][0]["content"] == "파일로"
    assert [p.name for p in out_dir.iterdir()] == ["out.json"]  # no temporary file left behind
    with pytest.raises(NotFoundError) as exc:
        s.retro.export_to_file(tmp_path / "no" / "such" / "out.json", "json")
    assert exc.value.field == "output" and "does not exist" in exc.value.message
    assert not (tmp_path / "no").exists()


def test_import_reports_progress_and_skips_known_records(s):
    s.retro.add("이미 있는 회고", entry_date=date(2026, 2, 1))
    lines = [
        {"entry_date": "2026-02-01", "purpose": "", "content": "이미 있는 회고"},
        *({"entry_date": f"2026-02-{d:02d}", "content": f"새 회고 {d}"} for d in range(2, 12)),
    ]
    data = "\n".join(json.dumps(x, ensure_ascii=False) for x in lines).encode()
    seen: list[tuple[int, int | None]] = []
    dry = s.retro.import_(data, "in.jsonl", dry_run=True, progress=lambda done, total: seen.append((done, total)))
    assert (dry.imported, dry.skipped_duplicates, dry.dry_run, dry.format) == (10, 1, True, "reflee-jsonl")
    assert seen[0] == (0, 11) and seen[-1] == (11, 11)
    assert len(s.retro.list()) == 1
    result = s.retro.import_(data, "in.jsonl")
    assert (result.imported, result.skipped_duplicates, result.name) == (10, 1, "in.jsonl")
    assert len(s.retro.list()) == 11
    assert s.retro.import_(data, "in.jsonl").imported == 0


def test_cancelled_import_writes_nothing(s):
    data = json.dumps([{"entry_date": "2026-02-02", "content": "취소될 회고"}]).encode()
    token = CancelToken()

    def cancel_at_the_end(done: int, total: int | None) -> None:
        if done == total:
            token.cancel()

    with pytest.raises(CancelledError):
        s.retro.import_(data, "in.json", progress=cancel_at_the_end, cancel=token)
    assert s.retro.list() == []


def test_import_errors_name_the_record_and_its_field(s):
    with pytest.raises(DataError) as exc:
        s.retro.import_(b'{"entries": [{"title": " ", "date": "2026-01-01"}]}', "jrnl.json")
    assert exc.value.message == 'jrnl.json: entry 1: "title": empty retrospect; write what happened'
    with pytest.raises(DataError) as exc:
        s.retro.import_(b'[{"entry_date": "2026-01-01", "content": "x", "tags": ["a b"]}]', "x.json")
    assert "\"tags\": 'a b' contains spaces or commas" in exc.value.message


# -- statistics ------------------------------------------------------------------------------------------------
def test_stats_for_a_given_day_and_week_start(s):
    for day in (1, 2, 3, 3, 6):
        s.retro.add(f"{day}일의 회고", entry_date=date(2026, 3, day))
    st = s.retro.stats(today=date(2026, 3, 6), weeks=2, week_start="sunday")
    assert (st.total_entries, st.days_written, st.current_streak, st.longest_streak) == (5, 4, 1, 3)
    assert [(w.week_start, w.count) for w in st.weeks] == [("2026-02-22", 0), ("2026-03-01", 5)]
    assert st.week_start == "sunday" and len(st.heatmap) == 7
    assert s.retro.stats(today=date(2026, 3, 6)).week_start == "monday"  # the session's setting
    with pytest.raises(UsageError) as exc:
        s.retro.stats(weeks=0)
    assert exc.value.field == "weeks"


def test_stats_week_start_defaults_to_the_setting(home):
    with open_session(home, week_start="sunday") as session:
        assert session.retro.stats(today=date(2026, 3, 6)).weeks[-1].week_start == "2026-03-01"


# -- feedback: generate now, run the queue, cancel -------------------------------------------------------------
def test_generate_streams_and_stores_feedback(home, ollama_standin):
    with llm_session(home, ollama_standin.url) as s:
        retro = s.retro.add("오늘 처음으로 주간 회고를 썼다.")
        job_id = s.feedback.job_for(retro.id, retro.version)
        assert job_id is not None
        ollama_standin.enqueue(Reply(content=good()))
        pieces: list[str] = []
        outcome = s.feedback.generate(job_id, on_token=pieces.append)
        assert outcome.state == "done" and outcome.feedback is not None
        assert outcome.feedback.summary == GOOD["summary"] and json.loads("".join(pieces)) == GOOD
        assert s.feedback.job_for(retro.id, retro.version) is None  # no longer waiting
        assert s.feedback.show(retro.id).latest == outcome.feedback
        again = s.feedback.generate(job_id)
        assert again.state == "skipped" and again.feedback is None


def test_generate_with_the_server_away_keeps_the_job_queued(home):
    from standin import OllamaStandin

    with llm_session(home, OllamaStandin.dead_url()) as s:
        retro = s.retro.add("서버 없이 쓴 회고")
        job_id = s.feedback.job_for(retro.id, retro.version)
        assert job_id is not None
        outcome = s.feedback.generate(job_id)
        assert outcome.state == "queued" and outcome.unreachable and "cannot reach" in (outcome.error or "")
        assert s.feedback.status().counts == {"queued": 1, "running": 0, "done": 0, "failed": 0}


def test_run_queue_works_through_the_jobs(home, ollama_standin):
    with llm_session(home, ollama_standin.url) as s:
        for i in range(3):
            s.retro.add(f"회고 {i}번")
        ollama_standin.set_responder(lambda body: Reply(content=good()))
        seen: list[str] = []
        summary = s.feedback.run_queue(concurrency=2, on_outcome=lambda o: seen.append(o.state))
        assert (summary.done, summary.failed, summary.unreachable) == (3, 0, None)
        assert seen == ["done"] * 3
        assert s.feedback.status().counts["done"] == 3
        with pytest.raises(UsageError) as exc:
            s.feedback.run_queue(concurrency=0)
        assert exc.value.field == "concurrency"


PROVIDERS = pytest.mark.parametrize("provider", ["ollama", "openai"])


def provider_settings(standin: Any, provider: str) -> dict[str, str]:
    return {"llm.provider": "openai", "llm.base_url": standin.url + "/v1"} if provider == "openai" else {}


@PROVIDERS
def test_cancel_stops_a_streaming_answer_at_once_and_leaves_the_job_queued(home, ollama_standin, provider):
    with llm_session(home, ollama_standin.url, **provider_settings(ollama_standin, provider)) as s:
        retro = s.retro.add("천천히 답하는 모델")
        job_id = s.feedback.job_for(retro.id, retro.version)
        assert job_id is not None
        text = good()
        pieces = [text[i : i + 2] for i in range(0, len(text), 2)]  # ~100 pieces, 50 ms apart: ~5 s in all
        ollama_standin.enqueue(Reply(content=text, chunks=pieces, latency=0.05 * len(pieces)))
        before = s.feedback.show(retro.id).job
        assert before is not None and before["state"] == "queued"

        token = CancelToken()
        first_token = threading.Event()
        cancelled_at: list[float] = []

        def canceller() -> None:
            assert first_token.wait(20), "no token arrived"
            cancelled_at.append(time.monotonic())
            token.cancel()

        thread = threading.Thread(target=canceller)
        thread.start()
        try:
            with pytest.raises(CancelledError):
                s.feedback.generate(job_id, on_token=lambda piece: first_token.set(), cancel=token)
            returned_at = time.monotonic()
        finally:
            first_token.set()
            thread.join(5)
        assert cancelled_at, "the canceller never ran"
        assert returned_at - cancelled_at[0] < 0.5
        after = s.feedback.show(retro.id).job
        assert after is not None
        assert after["state"] == "queued" and after["attempts"] == before["attempts"]
        assert s.feedback.show(retro.id).latest is None
        assert len([r for r in ollama_standin.requests if r.path in ("/api/chat", "/v1/chat/completions")]) == 1
        [call] = s.llm_log.recent()
        assert call.error == "cancelled"


@PROVIDERS
def test_cancel_before_the_first_token_arrives_also_releases_the_job(home, ollama_standin, provider):
    with llm_session(home, ollama_standin.url, **provider_settings(ollama_standin, provider)) as s:
        retro = s.retro.add("느리게 로드되는 모델")
        job_id = s.feedback.job_for(retro.id, retro.version)
        assert job_id is not None
        ollama_standin.enqueue(Reply(content=good(), chunks=[good()], first_byte_delay=0.1, latency=10.0))
        token = CancelToken()
        timer = threading.Timer(0.6, token.cancel)  # the headers are here, the one piece is 10 s away: the read
        # blocked on it is interrupted (the token closes the stream), not left to finish
        timer.start()
        started = time.monotonic()
        with pytest.raises(CancelledError):
            s.feedback.generate(job_id, cancel=token)
        timer.join()
        assert time.monotonic() - started < 2.0
        job = s.feedback.show(retro.id).job
        assert job is not None and job["state"] == "queued" and job["attempts"] == 0


@pytest.mark.parametrize("concurrency", [1, 2])
def test_cancel_stops_the_queue_and_gives_the_jobs_back(home, ollama_standin, concurrency):
    with llm_session(home, ollama_standin.url) as s:
        retros = [s.retro.add(f"큐에 있는 회고 {i}") for i in range(2)]
        ollama_standin.set_responder(lambda body: Reply(content=good(), latency=10.0))
        token = CancelToken()

        def cancel_once_asked() -> None:
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and len(chat_requests(ollama_standin)) < concurrency:
                time.sleep(0.02)
            token.cancel()

        thread = threading.Thread(target=cancel_once_asked)
        thread.start()
        started = time.monotonic()
        try:
            with pytest.raises(CancelledError):
                s.feedback.run_queue(concurrency=concurrency, cancel=token)
        finally:
            thread.join(25)
        assert time.monotonic() - started < 5.0
        st = s.feedback.status()
        assert st.counts == {"queued": 2, "running": 0, "done": 0, "failed": 0}
        for retro in retros:
            job = s.feedback.show(retro.id).job
            assert job is not None and job["state"] == "queued" and job["attempts"] == 0


# -- models, the call log and the cache ------------------------------------------------------------------------
def test_models_list_pull_and_doctor(home, ollama_standin):
    with llm_session(home, ollama_standin.url) as s:
        listed = s.models.list_models()
        assert listed.configured == "llama3.2" and listed.has_configured
        assert listed.to_json()[0]["name"] == "llama3.2:latest" and listed.to_json()[0]["configured"]
        ollama_standin.add_pullable("gemma3:1b")
        steps: list[tuple[int, int | None]] = []
        statuses: list[str] = []
        result = s.models.pull("gemma3:1b", lambda done, total: steps.append((done, total)), on_status=statuses.append)
        assert result.to_json() == {"model": "gemma3:1b", "status": "success"}
        assert steps and statuses[-1] == "success"
        assert any(m.info.name.startswith("gemma3:1b") for m in s.models.list_models().models)
        report = s.models.doctor()
        assert report.ok and [c.name for c in report.checks][:2] == ["server", "model"]
        assert "feedback queue" not in [c.name for c in report.checks]


def test_cancelled_pull_raises(home, ollama_standin):
    with llm_session(home, ollama_standin.url) as s:
        token = CancelToken()
        token.cancel()
        with pytest.raises(CancelledError):
            s.models.pull("gemma3:1b", cancel=token)


def test_doctor_counts_failed_feedback_jobs_from_the_session(home, ollama_standin):
    with llm_session(home, ollama_standin.url, **{"feedback.max_attempts": 1}) as s:
        retro = s.retro.add("실패할 회고")
        job_id = s.feedback.job_for(retro.id, retro.version)
        assert job_id is not None
        ollama_standin.enqueue(Reply(fault="http", status=400, error="bad request"))
        assert s.feedback.generate(job_id).state == "failed"
        report = s.models.doctor()
        queue = {c.name: c for c in report.checks}["feedback queue"]
        assert queue.status == "warn" and queue.detail == "1 failed job(s)" and report.ok


def test_call_log_and_cache(home, ollama_standin):
    with llm_session(home, ollama_standin.url) as s:
        assert s.llm_log.recent() == []
        retro = s.retro.add("기록과 캐시")
        job_id = s.feedback.job_for(retro.id, retro.version)
        assert job_id is not None
        ollama_standin.enqueue(Reply(content=good(), prompt_eval_count=12, eval_count=34))
        assert s.feedback.generate(job_id).state == "done"
        [call] = s.llm_log.recent(5)
        assert (call.purpose, call.prompt_tokens, call.completion_tokens, call.error) == ("feedback", 12, 34, None)
        with pytest.raises(UsageError) as exc:
            s.llm_log.recent(0)
        assert exc.value.field == "limit"
        stats = s.llm_log.cache_stats()
        assert stats.entries == 1 and stats.ttl_days == s.settings.cache.ttl_days
        assert s.llm_log.cache_clear().removed == 1
        assert s.llm_log.cache_stats().entries == 0


def test_cache_stats_need_no_database(home):
    with open_session(home) as s:
        assert s.llm_log.cache_stats().entries == 0
        assert not s.paths.db_file.exists()


# -- the database file -----------------------------------------------------------------------------------------
def test_database_path_status_check_and_backup(home, tmp_path):
    with open_session(home) as s:
        assert s.database.path().to_json() == {"path": str(s.paths.db_file), "exists": False}
        s.retro.add("백업될 회고")
        st = s.database.status()
        assert st.path == str(s.paths.db_file) and st.size_bytes > 0 and st.pending == []
        assert st.schema_version == len(st.migrations) and all(m.applied for m in st.migrations)
        assert st.tables["retro"] == 1 and not any("_fts" in t for t in st.tables)
        check = s.database.check()
        assert check.ok and check.to_json() == {"ok": True, "problems": []}
        target = tmp_path / "copy.db"
        backup = s.database.backup(target)
        assert backup.path == str(target.resolve()) and backup.size_bytes == target.stat().st_size
        assert not target.with_name("copy.db.partial").exists()
        with sqlite3.connect(target) as copy:
            assert copy.execute("SELECT content FROM retro").fetchall() == [("백업될 회고",)]
        with pytest.raises(UsageError) as exc:
            s.database.backup(target)
        assert exc.value.field == "file" and "already exists" in exc.value.message
        with pytest.raises(StorageError):
            s.database.backup(tmp_path / "no" / "such" / "copy.db")


def test_check_reports_a_broken_search_index(home):
    with open_session(home) as s:
        s.retro.add("색인에서 빠질 회고")
        s.conn.execute("INSERT INTO retro_fts (retro_fts) VALUES ('delete-all')")
        check = s.database.check()
        assert not check.ok and any(p.startswith("retro_fts:") for p in check.problems)
