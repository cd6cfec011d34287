"""How settings look in a terminal (the config commands' views)."""

from __future__ import annotations

from typing import Any

from reflee import output


def config_path(result: Any) -> None:
    """`config path`: the bare path on stdout, for scripts ($(reflee config path))."""
    output.write(f"{result.path}\n")


def settings_table(result: Any) -> None:
    """`config show`: every setting, its value (or default) and what it does."""
    esc = output.escape
    output.table(
        ["Key", "Value", ("Description", {"ratio": 1})],
        (
            (
                f"[bold]{s.key}[/]",
                esc(repr(s.value) if isinstance(s.value, str) else str(s.value).lower())
                + ("" if s.explicit else " [dim](default)[/]"),
                esc(s.doc) + f" [dim]({esc(s.expected)})[/]",
            )
            for s in result.items
        ),
    )


def setting_value(s: Any) -> None:
    """`config get`: the bare value on stdout (booleans as true / false)."""
    output.write((str(s.value).lower() if isinstance(s.value, bool) else str(s.value)) + "\n")


def setting_changed(s: Any) -> None:
    output.info(f"{s.key} = {s.value!r}")


def setting_reset(s: Any) -> None:
    output.info(f"{s.key} reset to the default {s.value!r}")
