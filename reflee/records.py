"""Plain records for the start-up path: ``__slots__`` classes that compare and print by their fields.

Importing dataclasses imports inspect, and with it ast, dis and tokenize: ~8 ms of CPU on every start, more
than a month's report over 10,000 transactions costs. The few classes that every command, or the scripted
`ledger report --json`, loads (the paths, the settings, the report service and the report's lines) derive from
``Record`` or ``FrozenRecord`` and write their own ``__init__``; every other class stays a dataclass.
tests/test_startup_cost.py checks that the report loads no dataclasses.
"""

from __future__ import annotations


class Record:
    """Equality and repr by the ``__slots__`` a subclass names, in order; unhashable, as a mutable dataclass."""

    __slots__: tuple[str, ...] = ()
    _hidden: tuple[str, ...] = ()
    """Slots left out of the repr (a function, say), as ``field(repr=False)``."""

    def _fields(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__ if name not in self._hidden)
        return f"{type(self).__name__}({shown})"


class FrozenRecord(Record):
    """A ``Record`` that cannot change once made, and so can be hashed (as ``dataclass(frozen=True)``).
    Its ``__init__`` sets each slot with ``object.__setattr__``."""

    __slots__ = ()

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r} of {type(self).__name__}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r} of {type(self).__name__}")

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(self._fields())
