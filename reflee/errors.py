"""One error hierarchy and one table of exit codes for every front end.

Scripts and cron branch on the exit code, so the numbers are part of the
contract (docs/cli.md lists them) and never change meaning.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    ERROR = 1
    """An unexpected failure (a bug); rerun with --debug for the traceback."""
    USAGE = 2
    """Bad arguments or a bad value for an option or field."""
    NOT_FOUND = 3
    """The ID, key or file named does not exist."""
    AMBIGUOUS = 4
    """An ID prefix matches more than one record."""
    DATA = 5
    """Input data is malformed: an import file, stdin, a config file."""
    UNAVAILABLE = 6
    """A service reflee needs is not reachable (the LLM server, a sync server)."""
    STORAGE = 7
    """The database or home directory cannot be used (not SQLite, read-only, corrupt)."""
    ABORTED = 8
    """The user declined a confirmation or left the editor empty; nothing was changed."""
    BUSY = 9
    """Another run holds the lock (`cron run`); this one did nothing."""
    AUTH = 10
    """Not logged in to the sync server, the login expired and could not be renewed, or the server refused the
    account (401 / 403): `reflee auth login`."""
    CONFLICT = 11
    """A push finished, but some records were not sent: they changed on the server too (a conflict), or the
    server rejected them (422); they stay in the outbox, everything else was pushed."""
    INTERRUPTED = 130
    """Ctrl-C."""


class RefleeError(Exception):
    """Base class: a problem we can explain to the user in one line.

    ``field`` names the input the problem is about in the service's own terms (``limit``, ``entry_date``,
    ``category``), never a CLI flag or a form label: each front end maps fields to what its user sees
    (reflee.cli.fields for the CLI). ``message`` is the text after that label.
    """

    exit_code: ExitCode = ExitCode.ERROR

    def __init__(self, message: str, *, field: str | None = None, hint: str | None = None) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.message = message
        self.field = field
        self.hint = hint

    def describe(self, label: str | None = None) -> str:
        """The one line a person reads: ``LABEL: message (hint)``, with the field's own name as the label
        unless the front end passes its own."""
        head = label or self.field
        text = f"{head}: {self.message}" if head else self.message
        return text + (f" ({self.hint})" if self.hint else "")


class UsageError(RefleeError):
    exit_code = ExitCode.USAGE


class NotFoundError(RefleeError):
    exit_code = ExitCode.NOT_FOUND


class AmbiguousError(RefleeError):
    exit_code = ExitCode.AMBIGUOUS


class DataError(RefleeError):
    exit_code = ExitCode.DATA


class UnavailableError(RefleeError):
    exit_code = ExitCode.UNAVAILABLE


class StorageError(RefleeError):
    exit_code = ExitCode.STORAGE


DB_WAIT_SECONDS = 10
"""How long a command waits for another one's hold on the database (SQLite's busy timeout) before giving up."""


def database_busy() -> StorageError:
    """The error for a database that another process held for all of DB_WAIT_SECONDS (exit 7)."""
    from reflee.i18n import _

    return StorageError(
        _(
            "the database is busy: another reflee command has held it for over {seconds} s (a large import holds"
            " it until it ends); try again when that is done"
        ).format(seconds=DB_WAIT_SECONDS)
    )


def is_busy(exc: BaseException) -> bool:
    """Whether a SQLite error is a busy timeout running out (SQLITE_BUSY)."""
    return "database is locked" in str(exc)


class AuthError(RefleeError):
    exit_code = ExitCode.AUTH


class AbortedError(RefleeError):
    exit_code = ExitCode.ABORTED


class BusyError(RefleeError):
    exit_code = ExitCode.BUSY


class CancelledError(RefleeError):
    """Long work was stopped by its cancel token (Ctrl-C in the CLI, a button in the TUI)."""

    exit_code = ExitCode.INTERRUPTED
