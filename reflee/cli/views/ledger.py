"""How ledger results look to people: transactions, categories, CSV import and export, import profiles.

Reports and recurring charges are in reflee.cli.views.ledger_report, budgets in reflee.cli.views.budget.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from reflee import output
from reflee.i18n import N_, _, ngettext
from reflee.ledger.models import (
    AddResult,
    CategoryCount,
    DeletedProfile,
    ExportResult,
    ImportResult,
    Profile,
    RenameResult,
    Txn,
    TxnList,
    format_money,
    show_account,
    show_category,
)

PREVIEW_ROWS = 100


def money(minor: int, currency: str, *, signed: bool = False) -> str:
    return format_money(minor, currency, signed=signed)


def width(texts: Iterable[str]) -> int:
    """Terminal cells of the widest text (Hangul is two cells wide)."""
    from rich.cells import cell_len

    return max((cell_len(t) for t in texts), default=0)


def plural(n: int, noun: str) -> str:
    """``n`` of ``noun`` (transaction, budget, import rule) in the interface language."""
    forms = {
        "transaction": ngettext("{n} transaction", "{n} transactions", n),
        "budget": ngettext("{n} budget", "{n} budgets", n),
        "import rule": ngettext("{n} import rule", "{n} import rules", n),
    }
    return forms[noun].format(n=f"{n:,}")


def show_alerts(alerts: list[str]) -> None:
    for title in alerts:
        output.info(_("[yellow]alert[/] {title}").format(title=output.escape(title)))


def describe(t: Txn) -> str:
    what = " · ".join(x for x in (t.payee, t.memo) if x)
    kind = _("income") if t.kind == "income" else _("expense")
    return (
        f"{kind} [bold]{money(t.amount, t.currency)}[/] · {output.escape(show_category(t.category))}"
        + (f" · {output.escape(what)}" if what else "")
        + f" ({t.date}, [bold]{t.short_id}[/])"
    )


# --- transactions --------------------------------------------------------------------------------
def added(result: AddResult) -> None:
    output.info(_("[green]Added[/] {describe}").format(describe=describe(result.txn)))
    if result.suggestion:
        s = result.suggestion
        output.info(
            _(
                "  category {escape!s} suggested from an earlier {escape2!r} (change it with: reflee "
                "ledger edit {short_id} --category …)"
            ).format(escape=output.escape(s.category), escape2=output.escape(s.matched), short_id=result.txn.short_id)
        )
    show_alerts(result.alerts)


def updated(result: AddResult) -> None:
    output.info(_("[green]Updated[/] {describe}").format(describe=describe(result.txn)))
    show_alerts(result.alerts)


def removed(txn: Txn) -> None:
    output.info(
        _("Deleted {describe}; undo with: reflee ledger restore {short_id}").format(
            describe=describe(txn), short_id=txn.short_id
        )
    )


def restored(txn: Txn) -> None:
    output.info(_("[green]Restored[/] {describe}").format(describe=describe(txn)))


def shown(txn: Txn) -> None:
    output.console().print(describe(txn) + (_("  [red](deleted)[/]") if txn.deleted_at else ""))
    for label, value in ((_("account"), txn.account), (_("tags"), " ".join("#" + t for t in txn.tags))):
        if value:
            output.console().print(f"  {label}: {output.escape(value)}")


def listing(result: TxnList) -> None:
    if not result.transactions:
        output.info(
            _("No transactions from {first_day} to {last_day}. Add one: reflee ledger add 4500 -c 카페").format(
                first_day=result.first_day, last_day=result.last_day
            )
        )
        return
    esc = output.escape
    txns = result.transactions
    amounts = [money(t.signed, t.currency, signed=True) for t in txns]
    output.table(
        [
            ("ID", {"no_wrap": True, "min_width": width(t.short_id for t in txns), "fit": "keep"}),
            (_("Date"), {"no_wrap": True, "min_width": 10, "fit": "keep"}),
            (_("Amount"), {"justify": "right", "no_wrap": True, "min_width": width(amounts), "fit": "keep"}),
            (
                _("Category"),
                {
                    "no_wrap": True,
                    "min_width": min(16, width([_("Category"), *(show_category(t.category) for t in txns)])),
                    "fit": "shrink",
                },
            ),
            (
                _("Account"),
                {
                    "no_wrap": True,
                    "min_width": min(12, width([_("Account"), *(t.account for t in txns)])),
                    "fit": "drop",
                },
            ),
            (_("Payee / memo"), {"overflow": "ellipsis", "no_wrap": True, "ratio": 1, "min_width": 8, "fit": "main"}),
        ],
        (
            (
                f"[bold]{t.short_id}[/]",
                t.date,
                f"[green]{amount}[/]" if t.kind == "income" else amount,
                esc(show_category(t.category)),
                esc(show_account(t.account)) if t.account else "",
                esc(" · ".join(x for x in (t.payee, t.memo) if x))
                + (f" [cyan]{esc(' '.join('#' + g for g in t.tags))}[/]" if t.tags else ""),
            )
            for t, amount in zip(txns, amounts, strict=True)
        ),
    )
    for tot in result.totals:
        output.console().print(
            _(
                "[bold]{first_day} – {last_day}[/] {currency} ({count}): income {income} · expense {expense} · "
                "net {net}"
            ).format(
                first_day=result.first_day,
                last_day=result.last_day,
                currency=tot.currency,
                count=plural(tot.count, "transaction"),
                income=money(tot.income, tot.currency),
                expense=money(tot.expense, tot.currency),
                net=money(tot.net, tot.currency, signed=True),
            )
        )


# --- categories ----------------------------------------------------------------------------------
def categories(counts: list[CategoryCount]) -> None:
    if not counts:
        output.info(_("No transactions yet. Add one: reflee ledger add 4500 -c 카페"))
        return
    output.table(
        [
            (_("Category"), {"fit": "main"}),
            (_("Kind"), {"fit": "keep"}),
            (_("Count"), {"justify": "right"}),
            (_("Total"), {"justify": "right"}),
            (_("Last used"), {"fit": "keep"}),
        ],
        ((output.escape(c.category), _(c.kind), c.count, money(c.total, c.currency), c.last_date) for c in counts),
    )


def renamed(result: RenameResult) -> None:
    verb = _("Merged") if result.merged else _("Renamed")
    output.info(
        f"[green]{verb}[/] {output.escape(result.old)} → {output.escape(result.new)}: "
        f"{plural(result.transactions, 'transaction')}, {plural(result.budgets_moved, 'budget')}, "
        f"{plural(result.rules, 'import rule')}"
        + (
            _(" ({budgets_dropped} budgets of {old} dropped: {new} already had one for those months)").format(
                budgets_dropped=result.budgets_dropped,
                old=output.escape(result.old),
                new=output.escape(result.new),
            )
            if result.budgets_dropped
            else ""
        )
    )


# --- import and export ---------------------------------------------------------------------------
@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int | None], None] | None]:
    """A Rich progress bar on stderr when it is a terminal (a service's ``progress`` callback); otherwise no
    output at all (None)."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=output.err_console(),
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def imported(result: ImportResult) -> None:
    if result.dry_run:
        preview(result)
        return
    output.info(
        _(
            "[green]Imported[/] {added} new transactions from {escape} ({encoding}); {duplicates} "
            "already imported, {invalid} invalid skipped."
        ).format(
            added=result.added,
            escape=output.escape(result.file),
            encoding=result.encoding,
            duplicates=result.duplicates,
            invalid=result.invalid,
        )
    )
    if result.saved_profile:
        output.info(
            _("Saved profile {escape!r}: reuse it with --profile.").format(escape=output.escape(result.saved_profile))
        )
    statement_notes(result)
    show_alerts(result.alerts)


def statement_notes(result: ImportResult) -> None:
    """The footer rows skipped and the warnings of an import (or a dry run)."""
    if result.footer_rows:
        line, text = result.footer[0]
        output.info(
            ngettext(
                "Skipped {count} footer or summary row (line {line}: {text}).",
                "Skipped {count} footer or summary rows (first at line {line}: {text}).",
                result.footer_rows,
            ).format(count=result.footer_rows, line=line, text=output.escape(text))
        )
    texts = {
        ("all_negative", "income"): N_(
            "every amount is negative, so all {rows} rows came out as income; if that is wrong, try {fix}"
        ),
        ("all_negative", "expense"): N_(
            "every amount is negative, so all {rows} rows came out as expenses; if that is wrong, try {fix}"
        ),
        ("one_kind", "income"): N_("all {rows} rows came out as income; if that is wrong, try {fix}"),
        ("one_kind", "expense"): N_("all {rows} rows came out as expenses; if that is wrong, try {fix}"),
    }
    for w in result.warnings:
        text = texts.get((w.code, w.kind), texts[("one_kind", "income")])
        message = _(text).format(rows=w.rows, fix=output.escape(w.fix))
        output.info(_("[yellow]warning[/] {message}").format(message=message))


def preview(result: ImportResult) -> None:
    esc = output.escape
    rows = result.preview[:PREVIEW_ROWS]
    output.table(
        [
            (_("Line"), {"justify": "right"}),
            (_("Date"), {"no_wrap": True, "fit": "keep"}),
            (_("Amount"), {"justify": "right"}),
            (_("Category"), {"no_wrap": True, "fit": "shrink"}),
            (_("Account"), {"no_wrap": True, "fit": "drop"}),
            (_("Payee / memo"), {"overflow": "ellipsis", "no_wrap": True, "ratio": 1}),
            (_("Status"), {"no_wrap": True, "fit": "keep"}),
        ],
        (
            (
                r.line,
                r.date,
                money(r.amount if r.kind == "income" else -r.amount, r.currency, signed=r.kind == "income"),
                esc(show_category(r.category)),
                esc(r.account),
                esc(" · ".join(x for x in (r.payee, r.memo) if x)),
                "[dim]duplicate[/]" if r.status == "duplicate" else "[green]new[/]",
            )
            for r in rows
        ),
    )
    if len(result.preview) > PREVIEW_ROWS:
        output.info(_("… {value} more rows (--json shows all)").format(value=len(result.preview) - PREVIEW_ROWS))
    for err in result.errors[:20]:
        output.info(_("[red]invalid[/] {esc}").format(esc=esc(str(err))))
    statement_notes(result)
    output.info(
        _(
            "Dry run ({encoding}): {added} would be added, {duplicates} already imported, {invalid} "
            "invalid. Nothing was changed."
        ).format(encoding=result.encoding, added=result.added, duplicates=result.duplicates, invalid=result.invalid)
    )


def profile_not_saved() -> None:
    output.info(_("(dry run: the profile was not saved)"))


def exported(result: ExportResult) -> None:
    output.info(
        _("Exported {count} transactions to {escape} ({value_format}).").format(
            count=result.count, escape=output.escape(str(result.path)), value_format=result.format
        )
    )


# --- import profiles -----------------------------------------------------------------------------
def profiles(items: list[Profile]) -> None:
    if not items:
        output.info(_("No saved profiles. Save one with: reflee ledger import FILE … --save-profile 신한카드"))
        return
    esc = output.escape
    output.table(
        [_("Name"), (_("Mapping"), {"ratio": 1}), _("Rules")],
        (
            (
                esc(p.name),
                esc(", ".join(f"{k}={v}" for k, v in sorted(p.mapping.items()))),
                esc("\n".join(f"/{pat}/ → {cat}" for pat, cat in p.rules)),
            )
            for p in items
        ),
    )


def profile_deleted(result: DeletedProfile) -> None:
    output.info(_("Deleted profile {escape!r}.").format(escape=output.escape(result.name)))
