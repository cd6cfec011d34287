"""How settings look in a terminal (the config commands' views)."""

from __future__ import annotations

from typing import Any

from reflee import output
from reflee.i18n import _


def config_path(result: Any) -> None:
    """`config path`: the bare path on stdout, for scripts ($(reflee config path))."""
    output.write(f"{result.path}\n")


def settings_table(result: Any) -> None:
    """`config show`: every setting, its value (or default) and what it does."""
    esc = output.escape
    output.table(
        [
            (_("Key"), {"no_wrap": True, "fit": "keep"}),
            (_("Value"), {"fit": "shrink"}),
            (_("Description"), {"ratio": 1}),
        ],
        (
            (
                f"[bold]{s.key}[/]",
                _shown(s) + ("" if s.explicit else " [dim]" + _("(default)") + "[/]"),
                esc(_(s.doc)) + f" [dim]({esc(s.expected)})[/]",
            )
            for s in result.items
        ),
    )


def _shown(s: Any) -> str:
    """A value as markup: text quoted, booleans as true / false, a secret as •••• and where it comes from."""
    if s.secret and s.value:
        where = _("from config.toml") if s.source == "file" else _("from ${name}").format(name=s.env)
        return output.escape(s.value) + f" [dim]({output.escape(where)})[/]"
    return output.escape(repr(s.value) if isinstance(s.value, str) else str(s.value).lower())


def setting_value(s: Any) -> None:
    """`config get`: the bare value on stdout (booleans as true / false)."""
    output.write((str(s.value).lower() if isinstance(s.value, bool) else str(s.value)) + "\n")


def setting_changed(s: Any) -> None:
    output.info(f"{output.escape(s.key)} = {_shown(s)}")


def setting_reset(s: Any) -> None:
    output.info(_("{key} reset to the default {value}").format(key=output.escape(s.key), value=_shown(s)))
