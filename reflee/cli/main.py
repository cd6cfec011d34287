"""The root command: global options, sub-command registration and error handling.

Every failure ends here as one line on stderr and a documented exit code
(reflee.errors.ExitCode); a traceback only with --debug.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from reflee import __version__, output, private
from reflee.cli import fasthelp
from reflee.cli.clicompat import NoArgsIsHelpError, UsageError
from reflee.errors import ExitCode, RefleeError, database_busy, is_busy
from reflee.i18n import N_, _

ROOT_HELP = N_("reflee: 회고, 가계부, 청년정책 — your retrospects, money and policies, on your own machine.")

# Every sub-command, wired one way: name -> (module, one-line help). A group's module exports ``app`` (a Typer
# group; a group spread over several modules composes its parts there, see reflee.cli.common.compose); a single
# command's module exports ``command``. Only the one named on the command line is imported and built (the rest
# cost ~50 ms of start-up). `reflee --help` lists them from the help lines here without importing any
# (tests/test_docs.py checks the lines match the real ones); completion and the docs test build them all.
GROUPS: dict[str, tuple[str, str]] = {
    "retro": ("reflee.cli.retro", N_("Write, find and manage retrospects (회고).")),
    "ledger": (
        "reflee.cli.ledger",
        N_("The household ledger (가계부): income and expenses, categories, reports, CSV import and export."),
    ),
    "budget": (
        "reflee.cli.budget",
        N_("Monthly budgets (예산) per category and in total: set them, and see what is left."),
    ),
    "profile": (
        "reflee.cli.profile",
        N_("Your profile (프로필): birth date, region, income, work, study and traits, for policy matching."),
    ),
    "policy": (
        "reflee.cli.policy",
        N_("Youth and government policies (청년정책 · 공공서비스): import, find, match against your profile."),
    ),
    "notify": (
        "reflee.cli.notify",
        N_("Notifications (알림): budgets, deadlines, feedback, and what needs attention."),
    ),
    "config": ("reflee.cli.config", N_("Read and change settings (config.toml).")),
    "db": ("reflee.cli.db", N_("The database file: path, status, backup and integrity check.")),
    "feedback": (
        "reflee.cli.feedback",
        N_("Feedback on your retrospects from a local model: show, regenerate, run the queue."),
    ),
    "model": ("reflee.cli.model", N_("The models on your Ollama (or OpenAI-compatible) server.")),
    "llm": ("reflee.cli.llm", N_("The record of every model call.")),
    "cache": (
        "reflee.cli.cache",
        N_("The cache of model answers (reused for identical requests within cache.ttl_days)."),
    ),
    "report": ("reflee.cli.report", N_("Weekly and monthly growth reports from your retrospects, money and policies.")),
    "cron": (
        "reflee.cli.cron",
        N_("Run what is due unattended (feedback queue, reports, reminders) and schedule it."),
    ),
    "auth": ("reflee.cli.auth", N_("Your account on the shared sync server: register, log in, log out, status.")),
    "sync": ("reflee.cli.sync", N_("Push your changes to the shared sync server: status, push, log.")),
    "chat": (
        "reflee.cli.chat",
        N_("Chat with a local model about your own retrospects, money, policies and profile, with sources."),
    ),
    "index": (
        "reflee.cli.index",
        N_("The embeddings index for semantic search over retrospects: status, rebuild, run the queue."),
    ),
}
COMMANDS: dict[str, tuple[str, str]] = {
    "ask": (
        "reflee.cli.ask",
        N_("Ask one question about your retrospects, money, policies or profile; the answer streams, with sources."),
    ),
    "tui": (
        "reflee.cli.tui",
        N_("Open the interactive app: write, review, money, policies and notifications in one screen."),
    ),
    "doctor": (
        "reflee.cli.doctor",
        N_("Check the model server, the model and its context length; each problem with the command that fixes it."),
    ),
    "demo": (
        "reflee.cli.demo",
        N_("Fill a throwaway home with sample 회고, 가계부, a profile and policies, and show reflee at work"),
    ),
}
_GLOBAL_WITH_VALUE = ("--home",)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"reflee {__version__}\n")
        raise typer.Exit()


def root(
    ctx: typer.Context,
    home: Annotated[
        Path | None,
        typer.Option("--home", help=_("Keep all state (config, database, cache) in this directory. Env: REFLEE_HOME.")),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help=_("Show tracebacks for unexpected errors."))] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help=_("Print the version and exit."))
    ] = False,
) -> None:
    """reflee: 회고, 가계부, 청년정책 — your retrospects, money and policies, on your own machine."""
    from reflee import services

    ctx.obj = services.open(home, debug=debug)
    ctx.call_on_close(ctx.obj.close)


def build_app(only: str | None = None, *, outline: bool = False) -> typer.Typer:
    """The Typer app with every sub-command, or with just ``only`` when it names one.

    ``outline`` builds empty stand-ins that carry only each command's help line: enough for `reflee --help`
    and for errors about unknown commands, with none of the command modules imported.
    """
    import importlib

    app = typer.Typer(
        name="reflee",
        help=_(ROOT_HELP),
        no_args_is_help=True,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(root)
    for name, (module, help_line) in GROUPS.items():
        if outline:
            app.add_typer(typer.Typer(help=_(help_line)), name=name)
        elif only is None or only == name:
            app.add_typer(importlib.import_module(module).app, name=name)
    for name, (module, help_line) in COMMANDS.items():
        if outline:
            app.command(name, help=_(help_line))(_outline_command)
        elif only is None or only == name:
            app.command(name)(importlib.import_module(module).command)
    if not outline:
        translate_help(app)
    return app


def translate_help(app: typer.Typer) -> None:
    """Typer shows a command's docstring as its help when it has no ``help=``: put the translation there
    (the docstrings are msgids too; tests/i18n_scan.py lists them for the catalogue test)."""
    import inspect

    infos: list[Any] = [*app.registered_commands]
    if app.registered_callback is not None:
        infos.append(app.registered_callback)
    for info in infos:
        if info.help is None and info.callback is not None and info.callback.__doc__:
            info.help = _(inspect.cleandoc(info.callback.__doc__))
    for group in app.registered_groups:
        if group.typer_instance is not None:
            translate_help(group.typer_instance)


def _outline_command() -> None:  # pragma: no cover - never invoked: a named command builds the real one
    raise typer.Exit(int(ExitCode.ERROR))


def command_named(args: list[str]) -> str | None:
    """The sub-command the arguments ask for, if it is one we know (global options skipped)."""
    skip = False
    for arg in args:
        if skip:
            skip = False
            continue
        if arg in _GLOBAL_WITH_VALUE:
            skip = True
            continue
        if arg.startswith("-"):
            continue
        return arg if arg in GROUPS or arg in COMMANDS else None
    return None


def opens_the_app(args: list[str], *, terminal: bool | None = None) -> bool:
    """`reflee` with no command (global options at most) on a terminal opens the TUI."""
    rest = [a for a in args if a != "--debug"]
    if rest and not (len(rest) == 2 and rest[0] == "--home"):
        return False
    if "_REFLEE_COMPLETE" in os.environ:
        return False
    return sys.stdin.isatty() and sys.stdout.isatty() if terminal is None else terminal


def choose_language(args: list[str]) -> str:
    """Set the interface language from ui.language in config.toml, or from the locale (ui.language = auto).
    A broken config file is not reported here: the command that reads the settings says what is wrong."""
    from reflee import i18n
    from reflee.paths import config_file

    home = next((args[i + 1] for i, a in enumerate(args[:-1]) if a == "--home"), None)
    try:
        text = config_file(home).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    choice = "auto"
    if "language" in text:  # parse the TOML only when it may say something
        import tomllib

        try:
            ui = tomllib.loads(text).get("ui", {})
            choice = ui.get("language", "auto") if isinstance(ui, dict) else "auto"
        except (tomllib.TOMLDecodeError, RecursionError):  # the command that reads settings reports it (exit 5)
            pass
    return i18n.setup(str(choice))


def build_command(only: str | None = None, *, outline: bool = False):  # -> the click command tree
    from reflee.cli import helpwrap

    helpwrap.install()  # help wrapped by terminal cells, between words (Hangul is two cells wide)
    return typer.main.get_command(build_app(only, outline=outline))


def _top_help() -> None:
    """The top-level help, rendered as the help option would and kept for reflee.cli.fasthelp."""
    command = build_command(outline=True)
    with command.make_context("reflee", [], resilient_parsing=True) as ctx:
        text = ctx.get_help() + "\n"
    fasthelp.store(text)
    sys.stdout.write(text)
    sys.stdout.flush()


def run(argv: list[str] | None = None) -> None:
    """Run the CLI and exit with a documented code."""
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    os.umask(private.UMASK)  # private by default: whatever a library writes for us is 0600 too
    try:
        choose_language(args)  # before any command module is imported: help texts are translated too
        if opens_the_app(args):
            args = [*args, "tui"]  # `reflee` alone on a terminal opens the app; elsewhere it prints help
        elif argv is None and fasthelp.wanted(args):
            _top_help()
            return
        named = command_named(args)
        completing = "_REFLEE_COMPLETE" in os.environ  # shell completion needs every command
        command = build_command(named, outline=named is None and not completing)
        result = command.main(args=args, prog_name="reflee", standalone_mode=False)
        code = result if isinstance(result, int) else 0
        if code == ExitCode.INTERRUPTED:  # Typer turns Ctrl-C into exit code 130
            output.error_line(_("interrupted"))
    except UsageError as exc:
        if NoArgsIsHelpError is not None and isinstance(exc, NoArgsIsHelpError):
            sys.stdout.write((exc.ctx.get_help() if exc.ctx else "") + "\n")
            sys.exit(0)
        from reflee.cli.clierrors import usage_message

        output.error_line(usage_message(exc.format_message(), exc.ctx.command_path if exc.ctx else None))
        code = ExitCode.USAGE
    except typer.Abort as exc:
        if isinstance(exc.__context__, KeyboardInterrupt):  # Ctrl-C at a prompt is Ctrl-C, not a "no"
            if sys.stdout.isatty():
                sys.stdout.write("\n")  # the prompt line ends where ^C was typed
                sys.stdout.flush()
            output.error_line(_("interrupted"))
            code = ExitCode.INTERRUPTED
        else:
            output.error_line(_("aborted; nothing was changed"))
            code = ExitCode.ABORTED
    except typer.Exit as exc:
        code = exc.exit_code
    except RefleeError as exc:
        from reflee.cli.fields import label

        output.error_line(exc.describe(label(exc.field)))
        if debug:
            raise
        code = exc.exit_code
    except KeyboardInterrupt:
        output.error_line(_("interrupted"))
        code = ExitCode.INTERRUPTED
    except BrokenPipeError:
        sys.stderr.close()
        code = ExitCode.OK
    except sqlite3.Error as exc:
        if debug:
            raise
        output.error_line(database_busy().message if is_busy(exc) else _("database error: {error}").format(error=exc))
        code = ExitCode.STORAGE
    except Exception as exc:
        if debug:
            raise
        output.error_line(
            _("unexpected {kind}: {error} (rerun with --debug for the traceback)").format(
                kind=type(exc).__name__, error=exc
            )
        )
        code = ExitCode.ERROR
    sys.exit(int(code))
