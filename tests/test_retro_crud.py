"""Writing, listing, editing, deleting and restoring retrospects through the CLI."""

from __future__ import annotations

from reflee.errors import ExitCode


def add(cli, text: str, *args: str) -> dict:
    r = cli("retro", "add", text, *args, "--json")
    assert r.code == 0, r.err
    return r.json


def test_add_then_list_newest_first(cli):
    a = add(cli, "첫 회고", "--date", "2026-01-01", "-p", "습관")
    b = add(cli, "second entry", "--date", "2026-01-03", "-t", "Work", "-t", "#운동")
    r = cli("retro", "list", "--json")
    assert r.code == 0
    got = r.json
    assert [x["id"] for x in got] == [b["id"], a["id"]]
    assert got[0]["tags"] == ["work", "운동"]
    assert got[1]["purpose"] == "습관"
    assert set(got[0]) == {
        "id",
        "short_id",
        "entry_date",
        "purpose",
        "content",
        "tags",
        "version",
        "created_at",
        "updated_at",
        "deleted_at",
    }
    assert got[0]["created_at"].endswith("Z")


def test_list_filters(cli):
    add(cli, "one", "--date", "2026-03-01", "-t", "a")
    add(cli, "two", "--date", "2026-03-05", "-t", "b")
    add(cli, "three", "--date", "2026-03-09", "-t", "a")
    dates = lambda r: [x["entry_date"] for x in r.json]  # noqa: E731
    assert dates(cli("retro", "list", "--since", "2026-03-02", "--json")) == ["2026-03-09", "2026-03-05"]
    assert dates(cli("retro", "list", "--until", "2026-03-05", "--json")) == ["2026-03-05", "2026-03-01"]
    assert dates(cli("retro", "list", "--tag", "a", "--json")) == ["2026-03-09", "2026-03-01"]
    assert dates(cli("retro", "list", "--limit", "1", "--json")) == ["2026-03-09"]


def test_table_output_for_people(cli):
    add(cli, "가계부를 정리했다", "-p", "돈 관리", "-t", "가계부")
    r = cli("retro", "list")
    assert r.code == 0
    assert "돈 관리" in r.out and "#가계부" in r.out


def test_stdin_dash_and_invalid_utf8(cli):
    r = cli("retro", "add", "-", "--json", input="stdin으로 쓴 회고\n".encode())
    assert r.code == 0 and r.json["content"] == "stdin으로 쓴 회고"
    r = cli("retro", "add", "-", input=b"\xff\xfebad")
    assert r.code == ExitCode.DATA
    assert "stdin: not valid UTF-8" in r.err and r.err.count("\n") == 1
    assert len(cli("retro", "list", "--json").json) == 1


def test_empty_and_oversized_content_refused(cli):
    r = cli("retro", "add", "   ")
    assert r.code == ExitCode.USAGE and "empty" in r.err
    big = "가" * 1_700_000  # 5.1 MB of UTF-8
    r = cli("retro", "add", "-", input=big.encode())
    assert r.code == ExitCode.USAGE and "MB" in r.err and r.err.count("\n") == 1
    assert cli("retro", "list", "--json").json == []


def test_unknown_and_ambiguous_ids(cli):
    ids = [add(cli, f"entry {i}")["id"] for i in range(3)]
    r = cli("retro", "show", "ffff")
    assert r.code == ExitCode.NOT_FOUND and "no retrospect" in r.err
    r = cli("retro", "show", ids[0][:4])
    assert r.code == ExitCode.AMBIGUOUS and "more than one" in r.err
    r = cli("retro", "show", "not-hex!")
    assert r.code == ExitCode.USAGE
    r = cli("retro", "show", ids[1], "--json")
    assert r.code == 0 and r.json["content"] == "entry 1"
    dashed = f"{ids[2][:8]}-{ids[2][8:12]}-{ids[2][12:16]}"
    assert cli("retro", "show", dashed, "--json").json["id"] == ids[2]


def test_edit_bumps_version_only_for_text(cli):
    a = add(cli, "original", "-t", "x")
    r = cli("retro", "edit", a["id"], "--tag", "y", "--untag", "x", "--json")
    assert r.json["tags"] == ["y"] and r.json["version"] == 1
    r = cli("retro", "edit", a["id"], "--text", "changed", "--purpose", "why", "--date", "2026-02-02", "--json")
    assert r.json["content"] == "changed" and r.json["purpose"] == "why"
    assert r.json["entry_date"] == "2026-02-02" and r.json["version"] == 2
    assert r.json["updated_at"] > a["updated_at"]


def test_rm_is_soft_and_restore_brings_back(cli):
    a = add(cli, "to delete")
    r = cli("retro", "rm", a["id"])  # no TTY, no --yes: refused
    assert r.code == ExitCode.USAGE and "--yes" in r.err
    assert cli("retro", "rm", a["id"], "--yes").code == 0
    assert cli("retro", "list", "--json").json == []
    deleted = cli("retro", "list", "--deleted", "--json").json
    assert [d["id"] for d in deleted] == [a["id"]] and deleted[0]["deleted_at"]
    r = cli("retro", "edit", a["id"], "--text", "x")
    assert r.code == ExitCode.NOT_FOUND and "restore" in r.err
    assert cli("retro", "restore", a["id"]).code == 0
    assert [x["id"] for x in cli("retro", "list", "--json").json] == [a["id"]]


def test_tags_with_counts(cli):
    add(cli, "a", "-t", "운동", "-t", "독서")
    add(cli, "b", "-t", "운동")
    r = cli("retro", "tags", "--json")
    assert r.json == [{"tag": "운동", "count": 2}, {"tag": "독서", "count": 1}]


def test_bad_date_names_the_field(cli):
    r = cli("retro", "add", "x", "--date", "2026-02-30")
    assert r.code == ExitCode.USAGE and "--date" in r.err and "calendar" in r.err
    r = cli("retro", "list", "--since", "someday")
    assert r.code == ExitCode.USAGE and "--since" in r.err


def test_editor_flow(cli, monkeypatch, tmp_path):
    script = tmp_path / "fake-editor.py"
    script.write_text(
        "import sys, pathlib\n"
        "p = pathlib.Path(sys.argv[1]); t = p.read_text()\n"
        "t = t.replace('## 내용 / Content', '## 내용 / Content\\n에디터에서 쓴 내용')\n"
        "t = t.replace('## 목적 / Purpose', '## 목적 / Purpose\\n에디터 목적')\n"
        "p.write_text(t)\n"
    )
    import sys

    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    r = cli("retro", "add", "--json", tty=True)
    assert r.code == 0, r.err
    assert r.json["content"] == "에디터에서 쓴 내용" and r.json["purpose"] == "에디터 목적"


def test_editor_left_empty_aborts_cleanly(cli, monkeypatch):
    monkeypatch.setenv("EDITOR", "true")  # saves the template untouched
    r = cli("retro", "add", tty=True)
    assert r.code == ExitCode.ABORTED and "nothing was saved" in r.err
    assert cli("retro", "list", "--json").json == []
