"""The command-line framework's own usage errors in the interface language.

Typer's copy of click words its errors in English only ("No such option: --x", "Missing argument 'amount'.").
``usage_message`` reads the common forms and words them through reflee's catalogue; anything else is shown as
the framework wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from reflee.i18n import _

_VALUE_FORMS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        re.compile(r"^'(?P<value>.*)' is not a valid int(?:eger)?(?: range)?\.?$"),
        lambda m: _("{value!r} is not a whole number").format(value=m["value"]),
    ),
    (
        re.compile(r"^'(?P<value>.*)' is not a valid float(?: range)?\.?$"),
        lambda m: _("{value!r} is not a number").format(value=m["value"]),
    ),
    (
        re.compile(r"^'(?P<value>.*)' is not one of (?P<choices>.+?)\.?$"),
        lambda m: _("{value!r} is not one of {choices}").format(value=m["value"], choices=m["choices"]),
    ),
    (
        re.compile(r"^(?P<value>\S+) is not in the range (?P<range>.+?)\.?$"),
        lambda m: _("{value} is not in the range {range}").format(value=m["value"], range=m["range"]),
    ),
]


def _value(message: str) -> str:
    for pattern, word in _VALUE_FORMS:
        if m := pattern.match(message):
            return word(m)
    return message


_FORMS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        re.compile(r"^No such option: (?P<name>\S+)(?: \(Possible options: (?P<options>.+)\))?$"),
        lambda m: (
            _("No such option: {name}").format(name=m["name"])
            + (_(" (did you mean {options}?)").format(options=m["options"]) if m["options"] else "")
        ),
    ),
    (
        re.compile(r"^Missing argument '(?P<name>[^']+)'\.(?P<rest>.*)$", re.S),
        lambda m: _("Missing argument '{name}'.").format(name=m["name"]) + m["rest"],
    ),
    (
        re.compile(r"^Missing option '(?P<name>[^']+)'\.(?P<rest>.*)$", re.S),
        lambda m: _("Missing option '{name}'.").format(name=m["name"]) + m["rest"],
    ),
    (
        re.compile(r"^Invalid value for (?P<name>.+?): (?P<message>.+)$", re.S),
        lambda m: _("Invalid value for {name}: {message}").format(name=m["name"], message=_value(m["message"])),
    ),
    (
        re.compile(r"^Option '(?P<name>[^']+)' requires an argument\.$"),
        lambda m: _("Option '{name}' needs a value.").format(name=m["name"]),
    ),
    (
        re.compile(r"^Got unexpected extra arguments?(?:\(s\))? \((?P<args>.+)\)$"),
        lambda m: _("Unexpected extra arguments: {args}").format(args=m["args"]),
    ),
    (
        re.compile(r"^No such command '(?P<name>[^']+)'\.(?: Did you mean '(?P<like>[^']+)'\?)?$"),
        lambda m: (
            _("No such command '{name}'.").format(name=m["name"])
            + (_(" Did you mean '{command}'?").format(command=m["like"]) if m["like"] else "")
        ),
    ),
]


def usage_message(message: str, command_path: str | None) -> str:
    """One line for a usage error: the framework's ``message`` in the interface language, and where help is."""
    for pattern, word in _FORMS:
        if m := pattern.match(message):
            message = word(m)
            break
    if command_path:
        message += _(" (see '{path} --help')").format(path=command_path)
    return message
