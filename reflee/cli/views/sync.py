"""How the account and sync commands look in a terminal."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from reflee import output
from reflee.i18n import _
from reflee.sync.models import Account, Issue, LoggedOut, PushLogEntry, PushResult, SyncStatus


@contextmanager
def progress_bar(label: str, *, quiet: bool = False) -> Iterator[Callable[[int, int | None], None] | None]:
    """A Rich progress bar on stderr when it is a terminal; nothing under cron, in scripts or with --json."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=output.err_console(), transient=True,
    ) as bar:  # fmt: skip
        task = bar.add_task(label, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


def logged_in(a: Account) -> None:
    where = _("the OS keyring") if a.token_store == "keyring" else _("a file only you can read")
    output.info(
        _("Logged in to {server} as {email}; the login is kept in {where}.").format(
            server=output.escape(a.server), email=output.escape(a.email), where=where
        )
    )


def account(a: Account) -> None:
    output.table(
        ["", ""],
        [
            (_("server"), output.escape(a.server)),
            (_("account"), output.escape(a.email)),
            (_("login kept in"), a.token_store),
            (_("access token until"), output.local_time(a.access_expires_at) if a.access_expires_at else ""),
        ],
    )


def not_logged_in() -> None:
    output.info(_("Not logged in to a sync server here (reflee auth login)."))


def logged_out(r: LoggedOut) -> None:
    if r.email is None:
        output.info(_("Not logged in to {server}; nothing to forget.").format(server=output.escape(r.server)))
    elif r.revoked:
        output.info(
            _("Logged out of {server}; the login is forgotten and revoked.").format(server=output.escape(r.server))
        )
    else:
        output.info(_("Logged out: the login is forgotten here; the server could not be reached to revoke it."))


def pushed(r: PushResult) -> None:
    if r.dry_run:
        waiting = sum(v for v in r.pending.values() if v > 0)
        output.info(_("Dry run: {count} change(s) would be sent to {server}.").format(count=waiting, server=r.server))
        for group, n in r.pending.items():
            output.info(f"  {group}: {n if n >= 0 else _('everything (new account)')}")
        for group, n in r.held_back.items():
            if n:
                output.info(_("  {group}: {count} stay on this machine (sync.include)").format(group=group, count=n))
        return
    output.info(
        _("Pushed to {server}: {sent} sent, {skipped} skipped, {conflicts} conflicts, {failed} failed ({seconds} s).")
        .format(server=r.server, sent=r.sent, skipped=r.skipped, conflicts=r.conflicts, failed=r.failed,
                seconds=f"{r.seconds:.1f}")
    )  # fmt: skip
    for side, n in r.resolved.items():
        output.info(_("  {count} conflict(s) settled with the {side} version").format(count=n, side=side))
    for issue in r.issues:
        _issue(issue)
    if r.conflicts:
        output.info(_("Conflicts stay in the outbox: push again with --prefer local or --prefer server."))


def _issue(i: Issue) -> None:
    head = f"  {i.group} {i.record_id[:12]}"
    if i.code == "conflict":
        output.info(_("{head}: conflict: {message}").format(head=head, message=i.message))
        output.info(_("    here:   {data}").format(data=_short(i.local)))
        server = (i.server or {}).get("data") if i.server else None
        output.info(_("    server: {data}").format(data=_short(server)))
    else:
        field = f" {i.field}:" if i.field else ""
        output.info(_("{head}: rejected:{field} {message}").format(head=head, field=field, message=i.message))


def _short(data: object) -> str:
    if data is None:
        return _("(deleted)")
    return output.escape(json.dumps(data, ensure_ascii=False, sort_keys=True)[:160])


def status(s: SyncStatus) -> None:
    output.table(
        ["", ""],
        [
            (_("server"), output.escape(s.server) or _("(none: reflee auth login --server URL)")),
            (_("account"), output.escape(s.account) if s.account else _("not logged in")),
            (_("leaves this machine"), ", ".join(s.leaves)),
            (_("stays here"), ", ".join(s.held_back) or "-"),
            (_("auto push (cron)"), _("on") if s.auto else _("off")),
            (
                _("last push"),
                f"{output.local_time(s.last_push.started_at)} {s.last_push.status}" if s.last_push else _("never"),
            ),
        ],
    )
    rows = [
        (g, n, _("sent by the next push") if g in s.leaves else _("private: stays here")) for g, n in s.pending.items()
    ]
    output.table([_("kind"), _("waiting"), ""], rows)


def push_log(entries: list[PushLogEntry]) -> None:
    if not entries:
        output.info(_("No pushes yet."))
        return
    output.table(
        [_("when"), _("status"), _("sent"), _("skipped"), _("conflicts"), _("failed"), _("error")],
        (
            (output.local_time(e.started_at), e.status, e.sent, e.skipped, e.conflicts, e.failed,
             output.escape(e.error or ""))
            for e in entries
        ),
    )  # fmt: skip
    for e in entries[:1]:
        for issue in e.issues:
            _issue(issue)
