"""Help text wrapped by terminal cells (reflee.textfit), not characters: click's formatter counts a Hangul
syllable as one column, so Korean help ran past the edge and the terminal broke `$12.` / `50,` mid-number.

``install()`` makes every help page (Typer's, with rich_markup_mode=None, is click's) use ``CellHelpFormatter``.
It also puts the framework's own words (Usage, Options, [required], the --help line), which Typer writes in
English, through reflee's catalogue.
"""

from __future__ import annotations

import re
from typing import Any

from reflee.cli import clicompat
from reflee.i18n import N_, _

HEADINGS = (N_("Arguments"), N_("Options"), N_("Commands"))
HELP_LINE = N_("Show this message and exit.")
OWN_LINES = (
    HELP_LINE,
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
)
_DEFAULT = re.compile(r"\[default: (.*?)\]")


def framework_words(text: str) -> str:
    """The words Typer adds to an option's help ([required], [default: x], the --help line), translated."""
    if text in OWN_LINES:
        return _(text)
    text = text.replace("[required]", _("[required]"))
    return _DEFAULT.sub(lambda m: _("[default: {value}]").format(value=m.group(1)), text)


_base: Any = clicompat.formatting().HelpFormatter


class CellHelpFormatter(_base):
    """click's HelpFormatter with every width measured in cells and lines broken only between words."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        from reflee.textfit import cells, wrap  # only when help is shown (rich.cells, ~2 ms)

        prefix = _("Usage: ") if prefix is None else prefix
        usage_prefix = f"{prefix:>{self.current_indent}}{prog} "
        text_width = self.width - self.current_indent
        if text_width >= cells(usage_prefix) + 20:
            lines = wrap(args, text_width, usage_prefix, " " * cells(usage_prefix))
        else:
            indent = " " * (max(self.current_indent, cells(prefix)) + 4)
            lines = [usage_prefix.rstrip(), *wrap(args, text_width, indent, indent)]
        self.write("\n".join(lines) + "\n")

    def write_text(self, text: str) -> None:
        from reflee.textfit import wrap_paragraphs

        self.write("\n".join(wrap_paragraphs(text, self.width, " " * self.current_indent)) + "\n")

    def write_heading(self, heading: str) -> None:
        super().write_heading(_(heading) if heading in HEADINGS else heading)

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        from reflee.textfit import cells, wrap_paragraphs

        rows = [(r[0], framework_words(r[1]) if len(r) > 1 else "") for r in rows]
        first_col = min(max((cells(r[0]) for r in rows), default=0), col_max) + col_spacing
        pad = " " * (first_col + self.current_indent)
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if cells(first) <= first_col - col_spacing:
                self.write(" " * (first_col - cells(first)))
            else:
                self.write("\n" + pad)
            lines = wrap_paragraphs(second, max(self.width - first_col - 2, 10))
            self.write("\n".join([lines[0], *(pad + line if line else "" for line in lines[1:])]) + "\n")


def install() -> None:
    """Use CellHelpFormatter for every help page from now on (idempotent)."""
    clicompat.context_class().formatter_class = CellHelpFormatter
