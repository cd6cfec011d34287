"""The root command: global options, sub-command registration and error handling.

Every failure ends here as one line on stderr and a documented exit code
(reflee.errors.ExitCode); a traceback only with --debug.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import Annotated

import typer

from reflee import __version__, output
from reflee.cli.clicompat import NoArgsIsHelpError, UsageError
from reflee.errors import ExitCode, RefleeError

app = typer.Typer(
    name="reflee",
    help="reflee: 회고, 가계부, 청년정책 — your retrospects, money and policies, on your own machine.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"reflee {__version__}\n")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    home: Annotated[
        Path | None,
        typer.Option("--home", help="Keep all state (config, database, cache) in this directory. Env: REFLEE_HOME."),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for unexpected errors.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """reflee: 회고, 가계부, 청년정책 — your retrospects, money and policies, on your own machine."""
    from reflee.context import AppContext

    ctx.obj = AppContext.create(str(home) if home else None, debug=debug)
    ctx.call_on_close(ctx.obj.close)


def _register() -> None:
    from reflee.cli import budget as budget_cli
    from reflee.cli import config as config_cli
    from reflee.cli import db as db_cli
    from reflee.cli import demo as demo_cli
    from reflee.cli import feedback as feedback_cli
    from reflee.cli import ledger as ledger_cli
    from reflee.cli import llm as llm_cli
    from reflee.cli import model as model_cli
    from reflee.cli import notify as notify_cli
    from reflee.cli import policy as policy_cli
    from reflee.cli import profile as profile_cli
    from reflee.cli import retro as retro_cli
    from reflee.cli import retro_io  # noqa: F401  (registers retro search/export/import/stats)

    app.add_typer(retro_cli.app, name="retro")
    app.add_typer(ledger_cli.app, name="ledger")
    app.add_typer(budget_cli.app, name="budget")
    app.add_typer(profile_cli.app, name="profile")
    app.add_typer(policy_cli.app, name="policy")
    app.add_typer(notify_cli.app, name="notify")
    app.add_typer(config_cli.app, name="config")
    app.add_typer(db_cli.app, name="db")
    app.add_typer(feedback_cli.app, name="feedback")
    app.add_typer(model_cli.app, name="model")
    app.command("doctor")(model_cli.doctor)
    app.add_typer(llm_cli.llm_app, name="llm")
    app.add_typer(llm_cli.cache_app, name="cache")
    app.command("demo")(demo_cli.demo)


_register()


def build_command():  # -> the click command tree
    return typer.main.get_command(app)


def run(argv: list[str] | None = None) -> None:
    """Run the CLI and exit with a documented code."""
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    try:
        result = build_command().main(args=args, prog_name="reflee", standalone_mode=False)
        code = result if isinstance(result, int) else 0
        if code == ExitCode.INTERRUPTED:  # Typer turns Ctrl-C into exit code 130
            output.error_line("interrupted")
    except UsageError as exc:
        if NoArgsIsHelpError is not None and isinstance(exc, NoArgsIsHelpError):
            sys.stdout.write((exc.ctx.get_help() if exc.ctx else "") + "\n")
            sys.exit(0)
        hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx else ""
        output.error_line(exc.format_message() + hint)
        code = ExitCode.USAGE
    except typer.Abort:
        output.error_line("aborted; nothing was changed")
        code = ExitCode.ABORTED
    except typer.Exit as exc:
        code = exc.exit_code
    except RefleeError as exc:
        output.error_line(exc.message + (f" ({exc.hint})" if exc.hint else ""))
        if debug:
            raise
        code = exc.exit_code
    except KeyboardInterrupt:
        output.error_line("interrupted")
        code = ExitCode.INTERRUPTED
    except BrokenPipeError:
        sys.stderr.close()
        code = ExitCode.OK
    except sqlite3.Error as exc:
        if debug:
            raise
        output.error_line(f"database error: {exc}")
        code = ExitCode.STORAGE
    except Exception as exc:
        if debug:
            raise
        output.error_line(f"unexpected {type(exc).__name__}: {exc} (rerun with --debug for the traceback)")
        code = ExitCode.ERROR
    sys.exit(int(code))
