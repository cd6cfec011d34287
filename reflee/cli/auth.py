"""`reflee auth ...`: the account on the shared sync server (register, log in, log out, who is logged in)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from reflee import output
from reflee.cli.common import JsonOpt, emit, new_typer, session
from reflee.cli.views import sync as views
from reflee.errors import ExitCode, UsageError
from reflee.i18n import _

app = new_typer(_("Your account on the shared sync server: register, log in, log out, status."))

ServerOpt = Annotated[
    str | None,
    typer.Option("--server", help=_("The sync server's base URL (default: sync.server); remembered after login.")),
]
EmailOpt = Annotated[str | None, typer.Option("--email", help=_("The account's e-mail (asked when not given)."))]
StdinOpt = Annotated[
    bool,
    typer.Option(
        "--password-stdin", help=_("Read the password from the first line of stdin (for scripts) instead of asking.")
    ),
]


def _email(email: str | None) -> str:
    if email:
        return email
    if not sys.stdin.isatty():
        raise UsageError(_("give --email (there is no terminal to ask on)"), field="email")
    return str(typer.prompt(_("E-mail")))


def _password(from_stdin: bool, *, confirm: bool) -> str:
    """Read without echo on a terminal, or one line from stdin; never stored, never shown."""
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise UsageError(_("stdin is empty"), field="password")
        return line
    if not sys.stdin.isatty():
        raise UsageError(_("no terminal to ask for the password; pipe it with --password-stdin"), field="password")
    return str(typer.prompt(_("Password"), hide_input=True, confirmation_prompt=confirm))


@app.command("register", help=_("Create an account on the sync server and log in to it."))
def register(
    ctx: typer.Context,
    server: ServerOpt = None,
    email: EmailOpt = None,
    password_stdin: StdinOpt = False,
    json_: JsonOpt = False,
) -> None:
    auth = session(ctx).auth
    url = auth.server(server)
    account = auth.register(_email(email), _password(password_stdin, confirm=True), server=url)
    emit(account, json_, views.logged_in)


@app.command("login", help=_("Log in to the sync server; the tokens go to the OS keyring, the password nowhere."))
def login(
    ctx: typer.Context,
    server: ServerOpt = None,
    email: EmailOpt = None,
    password_stdin: StdinOpt = False,
    json_: JsonOpt = False,
) -> None:
    auth = session(ctx).auth
    url = auth.server(server)
    account = auth.login(_email(email), _password(password_stdin, confirm=False), server=url)
    emit(account, json_, views.logged_in)


@app.command("logout", help=_("Forget this machine's login (and revoke it on the server when it can be reached)."))
def logout(ctx: typer.Context, server: ServerOpt = None, json_: JsonOpt = False) -> None:
    emit(session(ctx).auth.logout(server=server), json_, views.logged_out)


@app.command("status", help=_("Who is logged in to the sync server here (exit 9 when nobody is)."))
def status(ctx: typer.Context, server: ServerOpt = None, json_: JsonOpt = False) -> None:
    account = session(ctx).auth.status(server=server)
    if account is None:
        if json_:
            output.emit_json(None)
        else:
            views.not_logged_in()
        raise typer.Exit(int(ExitCode.AUTH))
    emit(account, json_, views.account)
