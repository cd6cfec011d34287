"""`reflee demo`: see reflee work in seconds, in a throwaway home."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from reflee import output

# What the demo shows, in order: (title, arguments after `reflee --home DEMO`).
TOUR: list[tuple[str, list[str]]] = [
    ("최근 회고 · Recent retrospects", ["retro", "list", "--limit", "8"]),
    ("회고 검색 · Search (Korean by substring)", ["retro", "search", "회고"]),
    ("태그 · Tags", ["retro", "tags"]),
    ("기록 통계 · Writing stats", ["retro", "stats", "--weeks", "6"]),
    ("알림 · Notifications", ["notify", "list"]),
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


def demo(
    keep: Annotated[bool, typer.Option("--keep/--no-keep", help="Keep the demo home to explore afterwards.")] = True,
) -> None:
    """Fill a throwaway home with sample 회고 and show reflee at work (no Ollama, no set-up).

    Never touches your own home, whatever --home or REFLEE_HOME say.
    """
    from reflee import db
    from reflee.cli.main import build_command
    from reflee.dates import local_today
    from reflee.demo import seed
    from reflee.paths import Paths

    demo_home = Path(tempfile.mkdtemp(prefix="reflee-demo-"))
    paths = Paths.under(demo_home)
    conn = db.connect(paths.db_file)
    try:
        count = seed(conn, local_today())
    finally:
        conn.close()
    con = output.console()
    con.print(f"[bold]reflee demo[/] — {count} sample retrospects in a throwaway home: {demo_home}\n")
    root = build_command()
    for title, args in TOUR:
        if not _has_command(root, args):
            continue
        con.rule(f"[bold]{title}[/]  [dim]reflee {' '.join(args)}[/]")
        root.main(args=["--home", str(demo_home), *args], prog_name="reflee", standalone_mode=False)
        con.print()
    if keep:
        con.print(f"Explore it yourself:  [bold]REFLEE_HOME={demo_home} reflee retro list[/]")
        con.print(f"Remove it when done:  rm -r {demo_home}")
    else:
        shutil.rmtree(demo_home, ignore_errors=True)
    con.print('Start your own:       [bold]reflee retro add "오늘 한 일…" --purpose "왜"[/]')
