"""Every user-facing string goes through gettext: a scan of reflee/ (tests/i18n_scan.py) for help texts, error
messages, printed lines and table headers written as plain literals; and the translated interface seen from the
command line (help in both languages, Korean kind words, --json the same in every language)."""

from __future__ import annotations

import json
import re

import pytest

from tests import i18n_scan


def test_no_user_facing_literal_skips_gettext() -> None:
    found = i18n_scan.scan()
    assert not found, "wrap these in _() (and add them to reflee/locale/{ko,en}/<area>.po):\n" + "\n".join(found)


@pytest.mark.parametrize(
    ("source", "count"),
    [
        ('raise UsageError("no such thing", field="x")', 1),
        ('raise UsageError(_("no such thing"), field="x")', 0),
        ('typer.Option("--all", help="Every one.")', 1),
        ('typer.Option("--all", help=_("Every one."))', 0),
        ('output.info(f"Saved {n} rows")', 1),
        ('output.info(f"[bold]{n}[/] {unit}")', 0),  # no words: markup and placeholders only
        ('output.table([("ID", {}), ("Amount", {})], rows)', 1),
        ('output.error_line(_("x {a}").format(a=1) + " and more")', 1),
        ('log.info("feedback: %s", note)', 0),  # the log, not the interface
        ('raise ValueError("internal")', 0),
    ],
)
def test_the_scan_finds_literals_where_people_read_them(source: str, count: int) -> None:
    assert len(list(i18n_scan.scan_source(source))) == count


def test_command_docstrings_are_listed_as_messages() -> None:
    docs = i18n_scan.command_docstrings()
    assert "List retrospects, newest first." in docs


def test_help_follows_the_language(reflee_proc) -> None:
    korean = reflee_proc("retro", "--help", env={"LANG": "ko_KR.UTF-8"})
    english = reflee_proc("retro", "--help", env={"LANG": "C.UTF-8"})
    assert korean.code == english.code == 0
    assert "회고를 최신순으로 보여 줍니다." in korean.out and "List retrospects, newest first." not in korean.out
    assert "List retrospects, newest first." in english.out
    sub_ko = reflee_proc("ledger", "add", "--help", env={"LANG": "ko_KR.UTF-8"})
    assert "태그; 여러 개면 반복하세요." in sub_ko.out  # an option's help
    assert "JSON만 출력합니다" in sub_ko.out  # a shared option's help


def test_top_level_help_is_cached_per_language(reflee_proc, home) -> None:
    for _ in range(2):  # the second run of each is served from the help cache
        ko = reflee_proc("--help", env={"LANG": "ko_KR.UTF-8"})
        en = reflee_proc("--help", env={"LANG": "C.UTF-8"})
        assert "회고를 쓰고, 찾고, 관리합니다." in ko.out
        assert "Write, find and manage retrospects" in en.out and "회고를 쓰고" not in en.out
    (home / "config.toml").write_text('[ui]\nlanguage = "ko"\n', encoding="utf-8")
    assert "회고를 쓰고, 찾고, 관리합니다." in reflee_proc("--help", env={"LANG": "C.UTF-8"}).out


def test_kind_words_in_korean_are_accepted(cli) -> None:
    assert cli("ledger", "add", "4500", "-c", "카페", "--date", "2026-11-02").code == 0
    assert cli("ledger", "add", "300만원", "--income", "-c", "급여", "--date", "2026-11-03").code == 0
    r = cli("ledger", "list", "--month", "2026-11", "--kind", "지출", "--json")
    assert r.code == 0 and [t["kind"] for t in json.loads(r.out)["transactions"]] == ["expense"]
    r = cli("ledger", "list", "--month", "2026-11", "--kind", "수입", "--json")
    assert [t["category"] for t in json.loads(r.out)["transactions"]] == ["급여"]
    r = cli("ledger", "list", "--kind", "용돈")
    assert r.code == 2 and "'용돈' is not income or expense" in r.err


def test_json_is_the_same_in_every_language(cli) -> None:
    assert cli("retro", "add", "운동 30분", "--date", "2026-11-02", "--tag", "운동").code == 0
    assert cli("ledger", "add", "4500", "-c", "카페", "--date", "2026-11-02").code == 0
    assert cli("budget", "set", "카페", "5000", "--month", "2026-11").code == 0
    commands = [
        ("retro", "list", "--json"),
        ("ledger", "list", "--month", "2026-11", "--json"),
        ("budget", "show", "--month", "2026-11", "--json"),
        ("ledger", "report", "--month", "2026-11", "--json"),
    ]
    outputs = {}
    for lang in ("en", "ko"):
        assert cli("config", "set", "ui.language", lang).code == 0
        outputs[lang] = [cli(*c).out for c in commands]
    assert outputs["ko"] == outputs["en"]


def test_the_heat_map_names_days_and_months_in_korean(cli) -> None:
    assert cli("retro", "add", "산책", "--date", "today").code == 0
    assert cli("config", "set", "ui.language", "ko").code == 0
    out = cli("retro", "stats", "--weeks", "30").out
    lines = out.splitlines()
    assert any(line.startswith("월  ") for line in lines) and any(line.startswith("일  ") for line in lines)
    assert re.search(r"\d{1,2}월", out) and "적음" in out and "Mon" not in out


def test_the_catalogue_is_kept_compiled_and_read_afresh_when_a_po_file_changes(home) -> None:
    from reflee import i18n

    home.mkdir(parents=True, exist_ok=True)  # the cache is kept only in a home that exists
    i18n.setup("ko")
    i18n._State.catalogue = None
    first = i18n._catalogue()
    kept = list((home / "cache").glob("catalogue-ko-*.marshal"))
    assert len(kept) == 1
    i18n._State.catalogue = None
    assert i18n._catalogue() == first  # from the compiled file
    kept[0].write_bytes(b"not marshal")  # a broken cache is ignored
    i18n._State.catalogue = None
    assert i18n._catalogue() == first and i18n._("interrupted") == "중단됨"
    i18n.setup("en")
