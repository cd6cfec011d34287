"""`reflee demo`: see reflee work in seconds, in a throwaway home."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from reflee import output
from reflee.i18n import N_, _

# What the demo shows, in order: (title, arguments after `reflee --home DEMO`).
TOUR: list[tuple[str, list[str]]] = [
    (N_("Recent retrospects"), ["retro", "list", "--limit", "5"]),
    (N_("Search (Korean by substring)"), ["retro", "search", "회고"]),
    (N_("Writing stats"), ["retro", "stats", "--weeks", "6"]),
    (N_("This month's ledger"), ["ledger", "list", "--limit", "8"]),
    (N_("Budgets"), ["budget", "show"]),
    (N_("Six-month trend"), ["ledger", "report", "--by", "month"]),
    (N_("Which policies fit you, and why"), ["policy", "match", "--all"]),
    (N_("Notifications"), ["notify", "list"]),
]


def _has_command(root, args: list[str]) -> bool:
    from reflee.cli.clicompat import subcommands

    cmd = root
    for word in args:
        children = subcommands(cmd)
        if word.startswith("-") or not children:
            break
        cmd = children.get(word)
        if cmd is None:
            return False
    return True


def _offer_the_app(demo_home: Path) -> bool:
    """On a terminal, offer to open the TUI on the demo home. True when it was opened."""
    import sys

    from reflee.i18n import _

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return False
    if not typer.confirm(_("Open the interactive app on this sample home?"), default=True):
        return False
    from reflee.demo import open_home
    from reflee.tui.app import run  # textual: only when asked for

    with open_home(demo_home) as s:
        run(s.paths, s.settings)
    output.console().print(_("Sample home kept at {demo_home} (rm -r it when done)").format(demo_home=demo_home))
    return True


def command(
    keep: Annotated[bool, typer.Option("--keep/--no-keep", help=_("Keep the demo home to explore afterwards."))] = True,
) -> None:
    """Fill a throwaway home with sample 회고, 가계부, a profile and policies, and show reflee at work
    (no Ollama, no network, no set-up).

    Never touches your own home, whatever --home or REFLEE_HOME say.
    """
    from reflee import demo_ledger
    from reflee.cli.main import build_command
    from reflee.dates import local_today
    from reflee.demo import open_home, seed

    demo_home = Path(tempfile.mkdtemp(prefix="reflee-demo-"))
    with open_home(demo_home) as ctx:
        seeded = seed(ctx, local_today())
    con = output.console()
    con.print(_("[bold]reflee demo[/] — sample data in a throwaway home: {demo_home}").format(demo_home=demo_home))
    con.print(
        _(
            "{retros} retrospects · {transactions} ledger transactions over {months} months · a "
            "jobseeker's profile · {policies} sample policies\n"
        ).format(
            retros=seeded.retros,
            transactions=seeded.transactions,
            months=demo_ledger.MONTHS,
            policies=seeded.policies,
        )
    )
    root = build_command()
    for title, args in TOUR:
        if not _has_command(root, args):
            continue
        con.rule(f"[bold]{_(title)}[/]  [dim]reflee {' '.join(args)}[/]")
        root.main(args=["--home", str(demo_home), *args], prog_name="reflee", standalone_mode=False)
        con.print()
    if keep and _offer_the_app(demo_home):
        return
    if keep:
        con.print(
            _("Explore it yourself:  [bold]REFLEE_HOME={demo_home} reflee retro list[/]").format(demo_home=demo_home)
        )
        con.print(_("                      (or ledger recurring, profile show, policy fav list, notify read --all)"))
        con.print(_("Remove it when done:  rm -r {demo_home}").format(demo_home=demo_home))
    else:
        shutil.rmtree(demo_home, ignore_errors=True)
    con.print(_('Start your own:       [bold]reflee retro add "오늘 한 일…" --purpose "왜"[/]'))
    con.print("                      [bold]reflee ledger add 9000 -c 식비 -m 점심[/]")
    con.print('                      [bold]reflee profile set region "서울 관악구"[/]')
