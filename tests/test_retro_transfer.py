"""`reflee retro export` and `reflee retro import`: round trips, idempotence, jrnl, and bad files."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reflee.errors import ExitCode


def add(cli, text: str, *args: str) -> dict:
    r = cli("retro", "add", text, *args, "--json")
    assert r.code == 0, r.err
    return r.json


def listed(cli) -> list[dict]:
    r = cli("retro", "list", "--json")
    assert r.code == 0, r.err
    return r.json


def without_short_id(items: list[dict]) -> list[dict]:
    return [{k: v for k, v in item.items() if k != "short_id"} for item in items]


@pytest.fixture
def sample(cli) -> list[dict]:
    a = add(cli, "오늘 회고를 처음 써봤다.\n둘째 줄도 있다.", "-p", "습관 만들기", "-t", "회고", "-d", "2026-01-05")
    b = add(cli, "가계부에서 식비를 확인했다", "-t", "돈", "-t", "가계부", "-d", "2026-01-06")
    c = add(cli, 'Tabs\tand "quotes" and \\ backslashes', "-d", "2026-01-07")
    edited = cli("retro", "edit", c["id"], "--text", 'Tabs\tand "quotes" and \\ backslashes, edited', "--json")
    assert edited.json["version"] == 2
    return [a, b, edited.json]


def new_home(monkeypatch, tmp_path: Path, name: str) -> Path:
    home = tmp_path / name
    monkeypatch.setenv("REFLEE_HOME", str(home))
    return home


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_export_then_import_into_a_fresh_home_round_trips(cli, sample, tmp_path, monkeypatch, fmt):
    before = listed(cli)
    out = tmp_path / f"retros.{fmt}"
    r = cli("retro", "export", "--format", fmt, "--output", str(out))
    assert r.code == 0, r.err
    assert r.out == "" and "Exported 3 retrospects" in r.err
    new_home(monkeypatch, tmp_path, "fresh")
    assert listed(cli) == []
    r = cli("retro", "import", str(out), "--json")
    assert r.code == 0, r.err
    assert r.json["imported"] == 3 and r.json["skipped_duplicates"] == 0 and r.json["total"] == 3
    after = listed(cli)
    assert without_short_id(after) == without_short_id(before)  # ids, timestamps, version, tags kept


def test_json_export_shape_and_oldest_first(cli, sample):
    r = cli("retro", "export")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert doc["format"] == "reflee.retro" and doc["version"] == 1
    assert [x["entry_date"] for x in doc["retros"]] == ["2026-01-05", "2026-01-06", "2026-01-07"]
    assert "short_id" not in doc["retros"][0]
    assert doc["retros"][0]["content"] == "오늘 회고를 처음 써봤다.\n둘째 줄도 있다."
    assert "회고" in r.out  # Hangul unescaped


def test_jsonl_export_is_one_object_per_line(cli, sample):
    r = cli("retro", "export", "--format", "jsonl", "--since", "2026-01-06")
    lines = r.out.splitlines()
    assert len(lines) == 2
    assert [json.loads(ln)["id"] for ln in lines] == [sample[1]["id"], sample[2]["id"]]


def test_markdown_export(cli, sample):
    r = cli("retro", "export", "--format", "md", "--until", "2026-01-06")
    assert r.code == 0, r.err
    assert r.out.count("\n## ") + r.out.startswith("## ") == 2
    assert "## 2026-01-05 — 습관 만들기\n\ntags: #회고\n\n오늘 회고를 처음 써봤다.\n둘째 줄도 있다.\n" in r.out
    assert "## 2026-01-06\n\ntags: #가계부 #돈\n\n가계부에서 식비를 확인했다\n" in r.out
    assert "edited" not in r.out


def test_export_leaves_out_deleted_and_empty_export_is_valid(cli, sample):
    assert cli("retro", "rm", sample[0]["id"], "--yes").code == 0
    doc = json.loads(cli("retro", "export").out)
    assert sample[0]["id"] not in [x["id"] for x in doc["retros"]]
    doc = json.loads(cli("retro", "export", "--since", "2030-01-01").out)
    assert doc["retros"] == []


def test_importing_twice_adds_nothing(cli, sample, tmp_path, monkeypatch):
    out = tmp_path / "all.json"
    assert cli("retro", "export", "-o", str(out)).code == 0
    r = cli("retro", "import", str(out), "--json")
    assert r.json == {
        "imported": 0,
        "skipped_duplicates": 3,
        "total": 3,
        "format": "reflee-json",
        "dry_run": False,
        "unindexed": 0,
    }
    new_home(monkeypatch, tmp_path, "other")
    assert cli("retro", "import", str(out)).code == 0
    r = cli("retro", "import", str(out))
    assert r.code == 0 and "Imported 0 retrospects" in r.err and "skipped 3" in r.err
    assert len(listed(cli)) == 3


def test_same_text_with_a_new_id_is_a_duplicate(cli, sample, tmp_path):
    record = {k: v for k, v in sample[1].items() if k not in ("id", "short_id")}
    path = tmp_path / "copy.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    r = cli("retro", "import", str(path), "--json")
    assert r.json["imported"] == 0 and r.json["skipped_duplicates"] == 1
    assert len(listed(cli)) == 3


def test_import_from_stdin_and_dry_run(cli, sample, tmp_path, monkeypatch):
    data = cli("retro", "export", "--format", "jsonl").out
    new_home(monkeypatch, tmp_path, "piped")
    r = cli("retro", "import", "-", "--dry-run", "--json", input=data)
    assert r.code == 0, r.err
    assert r.json["imported"] == 3 and r.json["dry_run"] is True and r.json["format"] == "reflee-jsonl"
    assert listed(cli) == []
    r = cli("retro", "import", "-", input=data)
    assert r.code == 0 and "Imported 3 retrospects from stdin" in r.err
    assert len(listed(cli)) == 3


# What `jrnl --format json` writes: json.dumps(..., indent=2), so Hangul is \u-escaped.
JRNL_EXPORT = json.dumps(
    {
        "tags": {"@가계부": 1, "@habit": 1, "@money": 1},
        "entries": [
            {
                "title": "가계부 정리.",
                "body": "가계부에서 지출을 확인했다 @money @가계부",
                "date": "2026-01-05",
                "time": "09:30",
                "tags": ["@가계부", "@money"],
                "starred": False,
            },
            {
                "title": "회고를 썼다 @habit",
                "body": "",
                "date": "2026-01-06",
                "time": "21:00",
                "tags": ["@habit"],
                "starred": True,
            },
            {
                "title": "Morning run.",
                "body": "Ran 5km, felt *great* today\n\nSecond paragraph.",
                "date": "2026-01-07",
                "time": "08:00",
                "tags": [],
                "starred": False,
            },
        ],
    },
    indent=2,
)


def test_jrnl_json_import(cli, tmp_path):
    path = tmp_path / "jrnl.json"
    path.write_text(JRNL_EXPORT, encoding="utf-8")
    r = cli("retro", "import", str(path), "--json")
    assert r.code == 0, r.err
    assert r.json == {
        "imported": 3,
        "skipped_duplicates": 0,
        "total": 3,
        "format": "jrnl-json",
        "dry_run": False,
        "unindexed": 0,
    }
    got = {x["entry_date"]: x for x in listed(cli)}
    assert got["2026-01-05"]["content"] == "가계부 정리.\n가계부에서 지출을 확인했다 @money @가계부"
    assert got["2026-01-05"]["tags"] == ["money", "가계부"]
    assert got["2026-01-06"]["content"] == "회고를 썼다 @habit"  # empty body: title only
    assert got["2026-01-06"]["tags"] == ["habit", "starred"]
    assert got["2026-01-07"]["content"] == "Morning run.\nRan 5km, felt *great* today\n\nSecond paragraph."
    assert all(x["purpose"] == "" and re.fullmatch(r"[0-9a-f]{32}", x["id"]) for x in got.values())
    assert len({x["id"] for x in got.values()}) == 3
    hits = cli("retro", "search", "회고", "--json").json
    assert [h["entry_date"] for h in hits] == ["2026-01-06"]
    r = cli("retro", "import", str(path), "--json")  # new ids every time, but the same text: skipped
    assert r.json["imported"] == 0 and r.json["skipped_duplicates"] == 3
    assert len(listed(cli)) == 3


def test_truncated_file_writes_nothing(cli, sample, tmp_path, monkeypatch):
    full = cli("retro", "export").out
    path = tmp_path / "import.json"
    path.write_text(full[: len(full) * 2 // 3], encoding="utf-8")
    new_home(monkeypatch, tmp_path, "target")
    add(cli, "이미 있던 회고")
    r = cli("retro", "import", str(path))
    assert r.code == ExitCode.DATA
    assert r.err.count("\n") == 1 and r.err.startswith("error: ")
    assert re.search(r"import\.json: not valid JSON at line \d+, column \d+", r.err), r.err
    assert len(listed(cli)) == 1


def test_bad_record_names_entry_and_field_and_nothing_is_imported(cli, tmp_path, monkeypatch):
    doc = json.loads(JRNL_EXPORT)
    doc["entries"][2]["date"] = "2026-13-01"
    (tmp_path / "import.json").write_text(json.dumps(doc), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = cli("retro", "import", "import.json")
    assert r.code == ExitCode.DATA
    assert r.err.startswith("error: import.json: entry 3: \"date\": '2026-13-01' is not a date")
    assert r.err.count("\n") == 1
    assert listed(cli) == []  # entries 1 and 2 were fine, but nothing is half-imported


def test_bad_jsonl_line_is_named(cli, sample, tmp_path, monkeypatch):
    lines = cli("retro", "export", "--format", "jsonl").out.splitlines()
    lines[1] = lines[1].replace('"content": "', '"content": 12, "x": "', 1)
    lines.insert(1, "")
    path = tmp_path / "import.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    new_home(monkeypatch, tmp_path, "target")
    r = cli("retro", "import", str(path))
    assert r.code == ExitCode.DATA
    assert 'import.jsonl: line 3: "content": expected text' in r.err
    path.write_text(lines[0] + "\n{not json\n", encoding="utf-8")
    r = cli("retro", "import", str(path))
    assert r.code == ExitCode.DATA and "import.jsonl: line 2: not valid JSON" in r.err
    assert listed(cli) == []


GOOD_LINE = b'{"entry_date": "2026-01-02", "content": "\xed\x9a\x8c\xea\xb3\xa0"}\n'  # 회고


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe{}", "not valid UTF-8 (byte 0xff at offset 0)"),
        (b"", "empty file"),
        (b'{"hello": "world"}', 'line 1: "entry_date": missing'),
        (b'{"format": "other", "retros": []}', "\"format\": 'other'"),
        (b'{"format": "reflee.retro", "version": 9, "retros": []}', '"version": 9 is not supported'),
        (b'{"entries": [{"title": "x", "date": "2026-01-01", "time": "25:00"}]}', 'entry 1: "time"'),
        (b'{"entries": [{"title": " ", "date": "2026-01-01"}]}', 'entry 1: "title": empty'),
        (b"[1]", "entry 1: expected a JSON object, got a number"),
        (b'"just text"', "not a reflee export"),
        # JSON lines: a bad line after the first record is named by its line, and a bad byte by its offset from
        # the start of the file (a BOM and blank lines included)
        (b"\xef\xbb\xbf\n" + GOOD_LINE + b"\n" + GOOD_LINE + b'{"content": "\xc3"}\n', "(byte 0xc3 at offset 118)"),
        (GOOD_LINE * 3 + b"\xff\n", "(byte 0xff at offset 150)"),
        (b"\n\n" + GOOD_LINE + b"  \n" + GOOD_LINE + b"{oops\n", "in.json: line 6: not valid JSON (column 2"),
        (b"\xef\xbb\xbf" + GOOD_LINE + b'{"entry_date": "2026-13-01", "content": "x"}\n', 'line 2: "entry_date"'),
    ],
)
def test_malformed_input_is_a_one_line_data_error(cli, tmp_path, content, message):
    path = tmp_path / "in.json"
    path.write_bytes(content)
    r = cli("retro", "import", str(path))
    assert r.code == ExitCode.DATA, r.err
    assert message in r.err and r.err.count("\n") == 1
    assert listed(cli) == []


def test_missing_file_is_not_found(cli, tmp_path):
    r = cli("retro", "import", str(tmp_path / "nope.json"))
    assert r.code == ExitCode.NOT_FOUND and "no such file" in r.err


def test_export_to_a_missing_directory_leaves_nothing(cli, sample, tmp_path):
    r = cli("retro", "export", "-o", str(tmp_path / "no" / "such" / "out.json"))
    assert r.code == ExitCode.NOT_FOUND and r.err.count("\n") == 1
    assert not (tmp_path / "no").exists()


def _jrnl_executable() -> str | None:
    # The virtualenv's bin directory may not be on PATH when pytest is run by its full path.
    path = os.pathsep.join([os.environ.get("PATH", ""), str(Path(sys.executable).parent)])
    return shutil.which("jrnl", path=path)


@pytest.mark.skipif(_jrnl_executable() is None, reason="jrnl is not installed")
def test_import_a_real_jrnl_export(cli, tmp_path):
    jrnl = _jrnl_executable()
    assert jrnl
    config_home = tmp_path / "jrnl-config"
    (config_home / "jrnl").mkdir(parents=True)
    journal = tmp_path / "journal.txt"
    (config_home / "jrnl" / "jrnl.yaml").write_text(
        "colors: {body: none, date: none, tags: none, title: none}\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\nhighlight: false\n"
        "indent_character: '|'\n"
        f"journals:\n  default:\n    journal: {json.dumps(str(journal))}\n"
        "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%Y-%m-%d %H:%M'\nversion: v4.6\n",
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "XDG_CONFIG_HOME": str(config_home),
        "XDG_DATA_HOME": str(tmp_path / "jrnl-data"),
        "HOME": str(tmp_path),
    }

    def run(*args: str) -> str:
        proc = subprocess.run(
            [jrnl, *args], env=env, capture_output=True, stdin=subprocess.DEVNULL, timeout=60, check=False
        )
        assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
        return proc.stdout.decode("utf-8")

    run("2026-01-05 09:30: 가계부 정리. 가계부에서 지출을 확인했다 @money @가계부")
    run("2026-01-06 21:00: 회고를 썼다 @habit")
    run("2026-01-07 08:00: Morning run. Ran 5km, felt great")
    exported = run("--format", "json")
    assert json.loads(exported)["entries"]  # jrnl really wrote a JSON export
    path = tmp_path / "from-jrnl.json"
    path.write_text(exported, encoding="utf-8")

    r = cli("retro", "import", str(path), "--json")
    assert r.code == 0, r.err
    assert r.json["format"] == "jrnl-json" and r.json["imported"] == 3
    got = {x["entry_date"]: x for x in listed(cli)}
    assert got["2026-01-05"]["content"] == "가계부 정리.\n가계부에서 지출을 확인했다 @money @가계부"
    assert got["2026-01-05"]["tags"] == ["money", "가계부"]
    assert got["2026-01-06"]["content"] == "회고를 썼다 @habit"
    assert got["2026-01-07"]["content"].startswith("Morning run.\nRan 5km")
    assert [h["entry_date"] for h in cli("retro", "search", "가계부", "--json").json] == ["2026-01-05"]
    assert cli("retro", "import", str(path), "--json").json["imported"] == 0
