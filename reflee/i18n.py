"""The interface language: every user-facing string goes through ``_()`` (or ``ngettext``) from here.

Messages are written in English in the source (the msgid); the Korean (and English) texts live in gettext
catalogues, ``reflee/locale/<lang>/<area>.po``, one file per area of the product so that the areas can be
translated independently. The active catalogue is read on the first translated string, only for a language
other than English, so English and `--json` cost nothing. `tests/test_i18n.py` fails when a catalogue misses a
string or a translation's placeholders differ from its msgid.

The language comes from ``ui.language`` (``auto`` reads LC_ALL / LC_MESSAGES / LANG: Korean when the locale is
Korean, English otherwise); the CLI sets it once in ``main`` before any command module is imported, so help
texts are translated too. ``--json`` output never goes through here: it carries codes, not words.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

LANGUAGES = ("ko", "en")
SOURCE_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).parent / "locale"


class _State:
    """The process's chosen language and its loaded catalogue (set once by the front end, then only read)."""

    language: str = SOURCE_LANGUAGE
    catalogue: dict[str, str | list[str]] | None = None


def language_from_env(env: Mapping[str, str] | None = None) -> str:
    environ = os.environ if env is None else env
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = environ.get(var, "")
        if value:
            return "ko" if value.lower().startswith("ko") else SOURCE_LANGUAGE
    return SOURCE_LANGUAGE


def setup(choice: str = "auto", env: Mapping[str, str] | None = None) -> str:
    """Choose the interface language: ``ko``, ``en`` or ``auto`` (from the locale). Returns the one chosen."""
    lang = language_from_env(env) if choice == "auto" else choice
    if lang not in LANGUAGES:
        lang = SOURCE_LANGUAGE
    if lang != _State.language:
        _State.language = lang
        _State.catalogue = None
    return lang


def current() -> str:
    return _State.language


def _catalogue() -> dict[str, str | list[str]]:
    if _State.catalogue is None:
        folder = LOCALE_DIR / _State.language
        paths = sorted(folder.glob("*.po")) if folder.is_dir() else []
        cached = _compiled(paths)
        if cached is not None:
            _State.catalogue = cached
            return cached
        merged: dict[str, str | list[str]] = {}
        for path in paths:
            for entry in read_po(path.read_text(encoding="utf-8")):
                if entry.translated:
                    merged[entry.msgid] = entry.msgstr_plural if entry.msgid_plural else entry.msgstr
        _State.catalogue = merged
        _keep_compiled(paths, merged)
    return _State.catalogue


# --- the merged catalogue, kept compiled in the cache directory ---------------------------------------------------
# Reading the .po files costs tens of milliseconds; a marshal of the merged dict loads in well under one. The file's
# name carries a key of every .po file's path, size and modification time, so an edited catalogue is read afresh.
# Any problem with the cache just means reading the .po files; the cache is never required.


def _cache_file(paths: list[Path]) -> str | None:
    from zlib import crc32

    home = os.environ.get("REFLEE_HOME")
    if home:
        folder = os.path.join(os.path.abspath(os.path.expanduser(home)), "cache")
    else:
        base = os.environ.get("XDG_CACHE_HOME", "").strip() or os.path.join(os.path.expanduser("~"), ".cache")
        folder = os.path.join(base, "reflee")
    parts = []
    for path in paths:
        try:
            st = os.stat(path)
        except OSError:
            return None
        parts.append(f"{path}:{st.st_mtime_ns}:{st.st_size}")
    key = crc32("\x1f".join(parts).encode())
    return os.path.join(folder, f"catalogue-{_State.language}-{key:08x}.marshal")


def _compiled(paths: list[Path]) -> dict[str, str | list[str]] | None:
    import marshal

    name = _cache_file(paths) if paths else None
    if name is None:
        return None
    try:
        with open(name, "rb") as fh:
            data = marshal.load(fh)
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return data if isinstance(data, dict) else None


def _keep_compiled(paths: list[Path], merged: dict[str, str | list[str]]) -> None:
    import marshal

    name = _cache_file(paths) if paths else None
    if name is None:
        return
    folder = os.path.dirname(name)
    if not os.path.isdir(os.path.dirname(folder)):  # no home (yet), e.g. `reflee demo`: never create one for this
        return
    try:
        os.makedirs(folder, exist_ok=True)
        tmp = f"{name}.{os.getpid()}.tmp"
        with open(tmp, "wb") as fh:
            marshal.dump(merged, fh)
        os.replace(tmp, name)
        for old in os.listdir(folder):  # earlier keys of this language go
            if old.startswith(f"catalogue-{_State.language}-") and os.path.join(folder, old) != name:
                os.unlink(os.path.join(folder, old))
    except OSError:
        pass


def _(message: str) -> str:
    """``message`` in the interface language (itself when untranslated or in English)."""
    if _State.language == SOURCE_LANGUAGE:
        return message
    found = _catalogue().get(message)
    return found if isinstance(found, str) and found else message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n`` (Korean has one form)."""
    english = singular if n == 1 else plural
    if _State.language == SOURCE_LANGUAGE:
        return english
    found = _catalogue().get(singular)
    if isinstance(found, list) and found:
        return found[0] if len(found) == 1 or n == 1 else found[1]
    return english


def N_(message: str) -> str:
    """Mark a string for the catalogue without translating it now (tables built at import time)."""
    return message


# --- a small .po reader (the catalogue is read at run time; Babel is needed only to extract and check) -----------


class PoEntry:
    __slots__ = ("flags", "msgid", "msgid_plural", "msgstr", "msgstr_plural")

    def __init__(self) -> None:
        self.msgid = ""
        self.msgid_plural = ""
        self.msgstr = ""
        self.msgstr_plural: list[str] = []
        self.flags: set[str] = set()

    @property
    def translated(self) -> bool:
        if "fuzzy" in self.flags or not self.msgid:
            return False
        return bool(self.msgstr_plural and all(self.msgstr_plural)) if self.msgid_plural else bool(self.msgstr)


def _unquote(text: str) -> str:
    body = text.strip()
    if not (len(body) >= 2 and body[0] == body[-1] == '"'):
        raise ValueError(f"not a quoted string: {text!r}")
    out: list[str] = []
    i, body = 0, body[1:-1]
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            out.append(escapes.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def read_po(text: str) -> list[PoEntry]:
    """The entries of a .po file (header included, with an empty msgid)."""
    entries: list[PoEntry] = []
    entry = PoEntry()
    field: str | None = None
    index = 0
    started = False

    def finish() -> None:
        nonlocal entry, started
        if started:
            entries.append(entry)
        entry, started = PoEntry(), False

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            finish()
            field = None
            continue
        if line.startswith("#,"):
            entry.flags.update(f.strip() for f in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        if line.startswith("msgid_plural "):
            field, value = "msgid_plural", line[len("msgid_plural ") :]
        elif line.startswith("msgid "):
            if started and (entry.msgstr or entry.msgstr_plural):
                finish()
            field, value = "msgid", line[len("msgid ") :]
        elif line.startswith("msgstr["):
            close = line.index("]")
            field, index, value = "msgstr_plural", int(line[7:close]), line[close + 1 :]
            while len(entry.msgstr_plural) <= index:
                entry.msgstr_plural.append("")
        elif line.startswith("msgstr "):
            field, value = "msgstr", line[len("msgstr ") :]
        elif line.startswith('"') and field is not None:
            value = line
        else:
            raise ValueError(f"cannot read .po line: {raw!r}")
        started = True
        piece = _unquote(value)
        if field == "msgstr_plural":
            entry.msgstr_plural[index] += piece
        else:
            setattr(entry, field, getattr(entry, field) + piece)
    finish()
    return entries
