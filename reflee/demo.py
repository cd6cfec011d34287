"""Sample data for `reflee demo`."""

from __future__ import annotations


def run_demo(keep: bool = True) -> None:
    raise NotImplementedError
