"""The interface language: catalogues complete in Korean and English, placeholders intact, and the choice made
from ui.language or the locale."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

from reflee import i18n
from tests import i18n_scan

PACKAGE = Path(i18n.__file__).parent
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"\{[a-z_][a-z0-9_]*(?:![rsa])?(?::[^{}]*)?\}|%(?:\([a-z_]+\))?[sdr]")


def source_messages() -> dict[str, str]:
    """Every msgid in reflee/ (its singular for ngettext), with where it was found."""
    found: dict[str, str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=()
    ):
        singular = message[0] if isinstance(message, tuple) else message
        if singular:
            found.setdefault(singular, f"reflee/{filename}:{lineno}")
    for doc, where in i18n_scan.command_docstrings().items():  # Typer shows them as help (translated in main)
        found.setdefault(doc, where)
    return found


def catalogue(lang: str) -> dict[str, i18n.PoEntry]:
    """Every entry of a language. A msgid may stand in two areas' files (a word like "Category" is everyone's),
    but then with the same translation: the app would show only one of them."""
    entries: dict[str, i18n.PoEntry] = {}
    where: dict[str, str] = {}
    for path in sorted((i18n.LOCALE_DIR / lang).glob("*.po")):
        for entry in i18n.read_po(path.read_text(encoding="utf-8")):
            if not entry.msgid:
                continue
            if entry.msgid in entries:
                first = entries[entry.msgid]
                assert (first.msgstr, first.msgstr_plural) == (entry.msgstr, entry.msgstr_plural), (
                    f"{lang}: {entry.msgid!r} is translated differently in {where[entry.msgid]} and {path.name}"
                )
                continue
            entries[entry.msgid] = entry
            where[entry.msgid] = path.name
    return entries


def stub(msgid: str, where: str) -> str:
    return f'#: {where}\nmsgid "{msgid}"\nmsgstr ""\n'


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_source_string_is_in_the_catalogue(lang: str) -> None:
    have = catalogue(lang)
    missing = {m: w for m, w in source_messages().items() if m not in have}
    assert not missing, f"add these to reflee/locale/{lang}/<area>.po:\n\n" + "\n".join(
        stub(m, w) for m, w in missing.items()
    )


def test_korean_translates_every_string_and_keeps_its_placeholders() -> None:
    for msgid, entry in catalogue("ko").items():
        texts = entry.msgstr_plural if entry.msgid_plural else [entry.msgstr]
        assert entry.translated, f"ko: {msgid!r} has no translation"
        for text in texts:
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(msgid)), (
                f"ko: the placeholders of {msgid!r} differ in {text!r}"
            )


def test_english_translations_if_given_keep_the_placeholders() -> None:
    for msgid, entry in catalogue("en").items():
        if entry.msgstr:
            assert sorted(PLACEHOLDER.findall(entry.msgstr)) == sorted(PLACEHOLDER.findall(msgid))


def test_the_placeholder_check_catches_a_dropped_placeholder() -> None:
    assert PLACEHOLDER.findall("database error: {error}") == ["{error}"]
    assert PLACEHOLDER.findall("데이터베이스 오류") == []


def test_language_comes_from_the_setting_or_the_locale() -> None:
    assert i18n.setup("auto", {"LANG": "ko_KR.UTF-8"}) == "ko"
    assert i18n._("interrupted") == "중단됨"
    assert i18n.setup("auto", {"LANG": "C.UTF-8", "LC_ALL": "ko_KR.UTF-8"}) == "ko"
    assert i18n.setup("auto", {"LANG": "en_US.UTF-8"}) == "en"
    assert i18n._("interrupted") == "interrupted"
    assert i18n.setup("ko", {"LANG": "en_US.UTF-8"}) == "ko"
    assert i18n.setup("auto", {}) == "en"  # cron's bare environment
    assert i18n._("a string nobody translated") == "a string nobody translated"


def test_read_po_handles_multiline_escapes_plurals_and_fuzzy() -> None:
    text = r"""msgid ""
msgstr ""
"Language: ko\n"

#, fuzzy
msgid "old"
msgstr "낡은"

msgid "two "
"lines"
msgstr "두 줄\n"
"이다 \"인용\""

msgid "{n} entry"
msgid_plural "{n} entries"
msgstr[0] "{n}개"
"""
    entries = {e.msgid: e for e in i18n.read_po(text)}
    assert not entries["old"].translated
    assert entries["two lines"].msgstr == '두 줄\n이다 "인용"'
    assert entries["{n} entry"].msgstr_plural == ["{n}개"] and entries["{n} entry"].translated


def test_the_cli_speaks_korean_when_ui_language_is_ko(cli) -> None:
    rid = cli("retro", "add", "지울 회고", "--json").json["id"]
    assert cli("config", "set", "ui.language", "ko").code == 0
    r = cli("retro", "rm", rid, input="", tty=True)  # end of input at the confirmation
    assert r.code == 8 and "error: 취소했습니다. 바뀐 것은 없습니다" in r.err
    assert cli("config", "set", "ui.language", "en").code == 0
    r = cli("retro", "rm", rid, input="", tty=True)
    assert r.code == 8 and "error: aborted; nothing was changed" in r.err


@pytest.mark.parametrize("xdg", ["", "/tmp/xdg-elsewhere"])
def test_the_quick_config_path_is_the_one_platformdirs_gives(xdg: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from reflee import paths

    monkeypatch.delenv("REFLEE_HOME")
    monkeypatch.setenv("XDG_CONFIG_HOME", xdg)
    assert paths.config_file() == paths.resolve_paths().config_file
