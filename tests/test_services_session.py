"""The session (reflee.services): one per thread, services built once, many threads at once on one home."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from reflee import services
from reflee.config import SECTIONS, SETTINGS, Settings
from reflee.errors import UsageError

THREADS = 8
ROUNDS = 25


def test_a_session_builds_each_service_once_and_closes_its_connection(home: Path) -> None:
    with services.open(home) as s:
        assert s.retro is s.retro
        assert s.ledger is s.ledger
        s.retro.add("첫 회고", purpose="세션")
        conn = s.conn
    with pytest.raises(sqlite3.ProgrammingError):
        conn.execute("SELECT 1")  # closed with the session
    with services.open(home) as again:
        assert [r.content for r in again.retro.list()] == ["첫 회고"]


def test_using_a_session_from_another_thread_is_a_clear_error(home: Path) -> None:
    s = services.open(home)
    s.retro.list()
    caught: list[BaseException] = []

    def other() -> None:
        try:
            s.retro.list()
        except BaseException as exc:
            caught.append(exc)

    t = threading.Thread(target=other)
    t.start()
    t.join(30)
    assert len(caught) == 1 and isinstance(caught[0], services.WrongThreadError)
    assert "one per thread" in str(caught[0])
    worker = s.fork()  # the way to hand work to a thread: same home and settings, its own connection
    result: list[int] = []
    t = threading.Thread(target=lambda: result.append(len(worker.retro.list())))
    t.start()
    t.join(30)
    assert result == [0]
    s.close()


def test_eight_threads_each_with_a_session_mix_writes_and_reads_without_loss(home: Path) -> None:
    """No ProgrammingError, no 'database is locked', no lost write: every row each thread wrote is there."""
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []
    seen_by_readers: list[int] = []

    def work(n: int) -> None:
        try:
            with services.open(home) as s:
                start.wait(timeout=60)
                for i in range(ROUNDS):
                    if i % 3 == 0:
                        s.retro.add(f"스레드 {n} 회고 {i}", purpose="동시성", tags=[f"t{n}"])
                    elif i % 3 == 1:
                        s.ledger.add(f"{1000 + i}원", category="식비", memo=f"thread {n} #{i}")
                    else:
                        seen_by_readers.append(len(s.retro.list(tags=[f"t{n}"])))
                        s.ledger.list()
                        s.notify.raise_("test", f"thread {n} note {i}", dedup_key=f"t{n}:{i}")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not any(t.is_alive() for t in threads)
    assert errors == []
    writes_per_kind = len(range(0, ROUNDS, 3)), len(range(1, ROUNDS, 3)), len(range(2, ROUNDS, 3))
    with services.open(home) as s:
        retros = s.retro.list()
        txns = s.ledger.list(limit=10_000)
        notes = s.notify.list()
    assert len(retros) == THREADS * writes_per_kind[0]
    assert len({r.content for r in retros}) == len(retros)
    assert len(txns.transactions) == THREADS * writes_per_kind[1]
    assert len(notes) == THREADS * writes_per_kind[2]
    assert seen_by_readers and max(seen_by_readers) <= writes_per_kind[0]


def test_every_setting_is_read_through_a_typed_attribute(tmp_path: Path) -> None:
    settings = Settings(tmp_path / "config.toml", {"llm.num_ctx": 4096, "feedback.mode": "queue"})
    typed: dict[str, object] = {"editor": settings.editor, "week_start": settings.week_start}
    for prefix, cls in SECTIONS.items():
        section = getattr(settings, prefix)
        assert isinstance(section, cls)
        typed.update({f"{prefix}.{name}": getattr(section, name) for name in cls.names()})
    assert set(typed) == set(SETTINGS)
    assert settings.llm.num_ctx == 4096 and settings.feedback.mode == "queue"
    assert typed == {key: settings[key] for key in SETTINGS}
    with pytest.raises(AttributeError):
        settings.llm.model = "other"  # type: ignore[misc]
    assert settings.llm == Settings(tmp_path / "config.toml", {"llm.num_ctx": 4096}).llm


def test_errors_carry_a_field_and_each_front_end_labels_it() -> None:
    from reflee.cli.fields import label

    exc = UsageError("must be at least 1", field="limit")
    assert exc.field == "limit" and exc.message == "must be at least 1"
    assert exc.describe() == "limit: must be at least 1"
    assert exc.describe(label(exc.field)) == "--limit: must be at least 1"
    assert label("entry_date") == "--date" and label("min_months") == "--min-months"
    assert label("content (stdin)") == "content (stdin)" and label("line 3") == "line 3"
