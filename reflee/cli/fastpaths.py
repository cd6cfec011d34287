"""Commands answered without loading the command-line framework: `ledger report`, `policy match` and `retro
search` with --json.

Typer costs ~65 ms of every start-up, more than a month's report over 10k transactions, and as much as all of
ledger-cli's `ledger bal`. Scripts call `ledger report --json` often (status bars, cron), so reflee/__main__.py
hands the arguments here first. Only an exact, simple form is taken: the options below, each at most once,
`--json` given, no global option; anything else (help, a typo, an option added later) returns False and goes
the usual way through Typer. So does any error: a report only reads, so running it again through the usual
path, which words and codes the error, costs nothing but time. The JSON written is the same as the command's,
since both hand the same result to reflee.output.emit_json (tests/test_startup_cost.py compares them).
"""

from __future__ import annotations

from collections.abc import Callable

_REPORT_OPTIONS = {"--month": "month", "--from": "start", "--to": "end", "--by": "by", "--currency": "currency"}


def _options(args: list[str], known: dict[str, str], flags: tuple[str, ...] = ()) -> dict[str, str] | None:
    """``--name value`` / ``--name=value`` pairs, ``flags`` (value "1") and a ``--json`` flag, each at most
    once, else None."""
    out: dict[str, str] = {}
    json_seen = False
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--json" and not json_seen:
            json_seen = True
            i += 1
            continue
        if arg in flags and arg not in out:
            out[arg] = "1"
            i += 1
            continue
        name, eq, value = arg.partition("=")
        if name not in known or known[name] in out:
            return None
        if not eq:
            if i + 1 >= len(args) or args[i + 1].startswith("-"):
                return None
            value = args[i + 1]
            i += 1
        out[known[name]] = value
        i += 1
    return out if json_seen else None


def _ledger_report(args: list[str]) -> Callable[[], object] | None:
    options = _options(args, _REPORT_OPTIONS)
    if options is None:
        return None

    def run() -> object:
        from reflee import services

        with services.open() as s:
            return s.reports.report(**options)

    return run


def _policy_match(args: list[str]) -> Callable[[], object] | None:
    options = _options(args, {"--limit": "limit", "-n": "limit", "--on": "on"}, flags=("--all",))
    if options is None:
        return None
    limit = options.get("limit")
    if limit is not None and not (limit.isdigit() and int(limit) >= 1):
        return None

    def run() -> object:
        from reflee import services
        from reflee.dates import parse_date

        on = parse_date(options["on"], field="--on") if "on" in options else None
        with services.open() as s:
            return s.policy.match(include_all="--all" in options, on=on, limit=int(limit) if limit else None)

    return run


SEARCH_MAX = 1000
"""Above this many hits `retro search` streams its answer, and a stream that fails half-way cannot be taken back,
so larger limits take the usual path."""


def _retro_search(args: list[str]) -> Callable[[], object] | None:
    """`retro search WORD... [--limit N] --json`: words that are not options (a -word, a quoted phrase with a
    leading dash or any other option goes the usual way)."""
    limit_at = {i + 1 for i, a in enumerate(args) if a in ("--limit", "-n")}
    words = [a for i, a in enumerate(args) if not a.startswith("-") and i not in limit_at]
    options = _options(
        [a for i, a in enumerate(args) if a.startswith("-") or i in limit_at], {"--limit": "limit", "-n": "limit"}
    )
    if options is None or not words:
        return None
    limit = options.get("limit", "20")
    if not (limit.isdigit() and 1 <= int(limit) <= SEARCH_MAX):
        return None

    def run() -> object:
        from reflee import services
        from reflee.cli.views.retro import indexing_notice

        with services.open() as s:
            return s.retro.search(" ".join(words), limit=int(limit), progress=indexing_notice())

    return run


_COMMANDS = {
    ("ledger", "report"): _ledger_report,
    ("policy", "match"): _policy_match,
    ("retro", "search"): _retro_search,
}


def run(args: list[str]) -> bool:
    """Answer ``args`` here when they are one of the forms above; False when the usual path must."""
    if len(args) < 2 or (args[0], args[1]) not in _COMMANDS:
        return False
    job = _COMMANDS[(args[0], args[1])](args[2:])
    if job is None:
        return False
    try:
        result = job()
    except Exception:  # the usual path reports it, with its words and exit code
        return False
    from reflee import output

    output.emit_json(result)
    return True
