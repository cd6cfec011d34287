"""Importers never crash: deep nesting, overflowing numbers and times, wrong types and broken text are data
errors (exit 5) naming the file, record and field, or reported records beside the imported ones; never exit 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reflee.errors import ExitCode
from tests.policy_data import YOUTH, needs_real_data

DEEP = ("[" * 200_000 + "]" * 200_000).encode()  # beyond any recursion limit a test run may have set


def _file(tmp_path: Path, name: str, data: bytes | str) -> str:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return str(path)


@pytest.mark.parametrize("command", [("retro", "import"), ("policy", "import")])
def test_deeply_nested_json_is_a_data_error(cli, tmp_path: Path, command: tuple[str, str]) -> None:
    result = cli(*command, _file(tmp_path, "deep.json", DEEP))
    assert result.code == ExitCode.DATA, result.err
    assert "nested too deeply" in result.err and "nothing was imported" in result.err


@pytest.mark.parametrize(
    ("record", "needle"),
    [
        ({"created_at": "9999-12-31T23:59:59-14:00"}, "\"created_at\": '9999-12-31T23:59:59-14:00' is outside"),
        ({"version": 2**63}, '"version": 9223372036854775808 is not a whole number from 1 to'),
        ({"version": 1.5}, '"version": 1.5 is not a whole number'),
        ({"content": "\ud800"}, '"content": not valid Unicode text'),
        ({"tags": ["\udfff"]}, '"tags": not valid Unicode text'),
    ],
)
def test_retro_records_that_cannot_be_stored_are_refused_by_record_and_field(cli, tmp_path, record, needle) -> None:
    doc = [{"entry_date": "2024-01-01", "content": "ok"}, {"entry_date": "2024-01-02", "content": "x", **record}]
    data = json.dumps(doc).encode()
    result = cli("retro", "import", _file(tmp_path, "r.json", data))
    assert result.code == ExitCode.DATA, result.err
    assert "entry 2: " + needle in result.err
    assert cli("retro", "list", "--json").json == []  # all or nothing


def test_one_bad_policy_record_is_reported_and_the_rest_imported(cli, tmp_path: Path) -> None:
    doc = {
        "format": "reflee.policies",
        "version": 1,
        "policies": [
            {"source": "manual", "source_id": "a", "title": "A", "apply": {"windows": 1.5}},
            {"source": "manual", "source_id": "b", "title": "B", "popularity": 2**63},
            {"source": "manual", "source_id": "c", "title": "C"},
            {"source": "manual", "source_id": "d", "title": "D \ud800"},
        ],
    }
    result = cli("policy", "import", _file(tmp_path, "p.json", json.dumps(doc)), "--json")
    assert result.code == 0, result.err
    report = result.json
    assert report["inserted"] == 1
    assert sorted((e["record"], e["message"]) for e in report["errors"]) == [
        ("a", "apply.windows: must be a list of objects with start and end"),
        ("b", "popularity: 9223372036854775808 is too large"),
        ("d", "title: not valid Unicode text"),
    ]


@needs_real_data
def test_a_youth_record_with_an_enormous_view_count_is_reported_not_fatal(cli, tmp_path: Path) -> None:
    doc = json.loads(YOUTH.read_text(encoding="utf-8"))
    records = doc["result"]["youthPolicyList"][:3]
    records[0]["inqCnt"] = str(2**63)
    doc["result"]["youthPolicyList"] = records
    result = cli("policy", "import", _file(tmp_path, "y.json", json.dumps(doc, ensure_ascii=False)), "--json")
    assert result.code == 0, result.err
    assert [e["message"] for e in result.json["errors"]] == ["inqCnt: 9223372036854775808 is too large"]
    assert result.json["inserted"] == 2


def test_nested_toml_in_config_is_a_data_error(cli, home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text("# ui.language\nx = " + "[" * 5000 + "]" * 5000 + "\n")
    result = cli("retro", "list")
    assert result.code == ExitCode.DATA and "config file" in result.err
