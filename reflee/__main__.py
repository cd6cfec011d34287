"""`python -m reflee` and the `reflee` console script."""

from __future__ import annotations


def main() -> None:
    from reflee.cli.main import run

    run()


if __name__ == "__main__":
    main()
