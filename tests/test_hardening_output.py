"""Data never drives the terminal or a spreadsheet: control characters and escape sequences from user or
imported data are shown, not executed, on every terminal path; CSV exports neutralise formulas (OWASP);
report HTML is escaped. One module decides it: reflee.sanitize (used by reflee.output)."""

from __future__ import annotations

import csv
import io

import pytest

from reflee import sanitize

HOSTILE = "\x1b[2J\x1b]52;c;aGk=\x07 hi\r\x9b31m\u202e"


def test_visible_shows_every_control_one_character_for_one() -> None:
    shown = sanitize.visible(HOSTILE)
    assert shown == "␛[2J␛]52;c;aGk=␇ hi␍\ufffd31m\ufffd"
    assert len(shown) == len(HOSTILE)
    assert sanitize.visible("줄 하나\n\t둘") == "줄 하나\n\t둘"  # newlines and tabs are layout, not attacks
    assert not sanitize.has_controls(shown)


def test_ledger_list_and_show_print_escape_sequences_visibly(cli) -> None:
    added = cli("ledger", "add", "4500", "-m", HOSTILE, "-p", "\x1b[31mred", "--json")
    assert added.code == 0, added.err
    listed = cli("ledger", "list")
    assert "\x1b" not in listed.out and "\x07" not in listed.out
    assert "␛[2J" in listed.out and "␛[31mred" in listed.out
    shown = cli("ledger", "show", added.json["id"][:8])
    assert "\x1b" not in shown.out and "␛]52;c;aGk=␇" in shown.out
    assert "\\u001b[2J" in cli("ledger", "list", "--json").out  # JSON keeps the data, escaped by JSON itself


def test_retro_views_and_errors_print_escape_sequences_visibly(cli) -> None:
    added = cli("retro", "add", "오늘 " + HOSTILE, "--purpose", "\x1b]0;title\x07")
    assert added.code == 0, added.err
    for args in (("retro", "list"), ("retro", "show", cli("retro", "list", "--json").json[0]["id"][:8])):
        out = cli(*args).out
        assert "\x1b" not in out and "\x07" not in out, args
    shown = cli("retro", "show", cli("retro", "list", "--json").json[0]["id"][:8]).out
    assert "␛[2J" in shown and "␛]0;title␇" in shown
    bad = cli("ledger", "add", "12\x1b[2J")
    assert bad.code == 2 and "\x1b" not in bad.err


def test_config_values_print_visibly(cli) -> None:
    assert cli("config", "set", "editor", "vim\x1b[2J").code == 0
    got = cli("config", "get", "editor")
    assert got.out == "vim␛[2J\n"
    assert "\x1b" not in cli("config", "show").out


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("+cmd", "'+cmd"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=already", "''=already"),
        ("-4500", "-4500"),
        ("-12.50", "-12.50"),
        ("점심", "점심"),
        ("", ""),
    ],
)
def test_csv_cells_neutralise_formulas_and_come_back_exactly(value: str, cell: str) -> None:
    assert sanitize.csv_cell(value) == cell
    assert sanitize.csv_uncell(cell) == value


def test_ledger_csv_export_neutralises_formulas_and_reimports_exactly(cli, tmp_path, monkeypatch) -> None:
    added = cli("ledger", "add", "100", "-m", '=HYPERLINK("http://evil","x")', "-p", "+cmd", "-c", "=식비")
    assert added.code == 0, added.err
    exported = cli("ledger", "export", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(exported.out)))
    assert [(r["memo"], r["payee"], r["category"], r["amount"]) for r in rows] == [
        ('\'=HYPERLINK("http://evil","x")', "'+cmd", "'=식비", "100")
    ]
    path = tmp_path / "out.csv"
    path.write_text(exported.out, encoding="utf-8")
    monkeypatch.setenv("REFLEE_HOME", str(tmp_path / "other"))
    assert cli("ledger", "import", str(path)).code == 0
    [txn] = cli("ledger", "list", "--json").json["transactions"]
    assert (txn["memo"], txn["payee"], txn["category"]) == ('=HYPERLINK("http://evil","x")', "+cmd", "=식비")
    assert cli("ledger", "export", "--format", "csv").out == exported.out


def test_html_escapes_markup_and_controls() -> None:
    assert sanitize.html('<script>alert("x")</script>\x1b') == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;␛"
