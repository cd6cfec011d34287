"""Regular expressions compiled on first use.

Compiling costs ~0.1 ms a pattern, and a module that holds fifteen of them (reflee.dates) makes every command
that imports it pay for all fifteen, though a command reads one kind of date. ``lazy`` stands in for
``re.compile``: the first use compiles the pattern and keeps its methods on the object, so later calls cost what
calling a compiled pattern's method does.
"""

from __future__ import annotations

import re

_METHODS = ("match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer")


class _Lazy:
    __slots__ = ("_args", *_METHODS)

    def __init__(self, pattern: str, flags: int) -> None:
        self._args = (pattern, flags)

    def __getattr__(self, name: str) -> object:  # only for what is not set yet
        compiled = re.compile(*self._args)
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy({self._args[0]!r})"


def lazy(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, done when the pattern is first used."""
    return _Lazy(pattern, flags)  # type: ignore[return-value]  # it answers every method a Pattern has
