"""`python -m reflee` and the `reflee` console script."""

from __future__ import annotations


def main() -> None:
    import sys

    if sys.argv[1:] in ([], ["--help"], ["-h"]):  # the top-level help, as rendered before (reflee.cli.fasthelp)
        from reflee.cli import fasthelp

        text = fasthelp.cached() if fasthelp.wanted(sys.argv[1:]) else None
        if text is not None:
            sys.stdout.write(text)
            sys.stdout.flush()
            return
    elif sys.argv[1:2] in (
        ["ledger"],
        ["policy"],
        ["retro"],
    ):  # a few scripted commands skip Typer (reflee.cli.fastpaths)
        from reflee.cli import fastpaths

        if fastpaths.run(sys.argv[1:]):
            return
    from reflee.cli.main import run

    run()


if __name__ == "__main__":
    main()
