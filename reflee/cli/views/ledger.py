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
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def show_alerts(alerts: list[str]) -> None:
    for title in alerts:
        output.info(f"[yellow]알림[/] {output.escape(title)}")


def describe(t: Txn) -> str:
    what = " · ".join(x for x in (t.payee, t.memo) if x)
    kind = "income" if t.kind == "income" else "expense"
    return (
        f"{kind} [bold]{money(t.amount, t.currency)}[/] · {output.escape(show_category(t.category))}"
        + (f" · {output.escape(what)}" if what else "")
        + f" ({t.date}, [bold]{t.short_id}[/])"
    )


# --- transactions --------------------------------------------------------------------------------
def added(result: AddResult) -> None:
    output.info(f"[green]Added[/] {describe(result.txn)}")
    if result.suggestion:
        s = result.suggestion
        output.info(
            f"  category {output.escape(s.category)!s} suggested from an earlier {output.escape(s.matched)!r}"
            f" (change it with: reflee ledger edit {result.txn.short_id} --category …)"
        )
    show_alerts(result.alerts)


def updated(result: AddResult) -> None:
    output.info(f"[green]Updated[/] {describe(result.txn)}")
    show_alerts(result.alerts)


def removed(txn: Txn) -> None:
    output.info(f"Deleted {describe(txn)}; undo with: reflee ledger restore {txn.short_id}")


def restored(txn: Txn) -> None:
    output.info(f"[green]Restored[/] {describe(txn)}")


def shown(txn: Txn) -> None:
    output.console().print(describe(txn) + ("  [red](deleted)[/]" if txn.deleted_at else ""))
    for label, value in (("account", txn.account), ("tags", " ".join("#" + t for t in txn.tags))):
        if value:
            output.console().print(f"  {label}: {output.escape(value)}")


def listing(result: TxnList) -> None:
    if not result.transactions:
        output.info(
            f"No transactions from {result.first_day} to {result.last_day}. Add one: reflee ledger add 4500 -c 카페"
        )
        return
    esc = output.escape
    txns = result.transactions
    amounts = [money(t.signed, t.currency, signed=True) for t in txns]
    output.table(
        [
            ("ID", {"no_wrap": True, "min_width": width(t.short_id for t in txns)}),
            ("Date", {"no_wrap": True, "min_width": 10}),
            ("Amount", {"justify": "right", "no_wrap": True, "min_width": width(amounts)}),
            (
                "Category",
                {
                    "no_wrap": True,
                    "min_width": min(16, width(["Category", *(show_category(t.category) for t in txns)])),
                },
            ),
            ("Account", {"no_wrap": True, "min_width": min(12, width(["Account", *(t.account for t in txns)]))}),
            ("Payee / memo", {"overflow": "ellipsis", "no_wrap": True, "ratio": 1, "min_width": 8}),
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
            f"[bold]{result.first_day} – {result.last_day}[/] {tot.currency} ({plural(tot.count, 'transaction')}):"
            f" 수입 income {money(tot.income, tot.currency)}"
            f" · 지출 expense {money(tot.expense, tot.currency)}"
            f" · net {money(tot.net, tot.currency, signed=True)}"
        )


# --- categories ----------------------------------------------------------------------------------
def categories(counts: list[CategoryCount]) -> None:
    if not counts:
        output.info("No transactions yet. Add one: reflee ledger add 4500 -c 카페")
        return
    output.table(
        ["Category", "Kind", ("Count", {"justify": "right"}), ("Total", {"justify": "right"}), "Last used"],
        ((output.escape(c.category), c.kind, c.count, money(c.total, c.currency), c.last_date) for c in counts),
    )


def renamed(result: RenameResult) -> None:
    verb = "Merged" if result.merged else "Renamed"
    output.info(
        f"[green]{verb}[/] {output.escape(result.old)} → {output.escape(result.new)}: "
        f"{plural(result.transactions, 'transaction')}, {plural(result.budgets_moved, 'budget')}, "
        f"{plural(result.rules, 'import rule')}"
        + (
            f" ({result.budgets_dropped} budgets of {output.escape(result.old)} dropped: "
            f"{output.escape(result.new)} already had one for those months)"
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
        f"[green]Imported[/] {result.added} new transactions from {output.escape(result.file)} "
        f"({result.encoding}); {result.duplicates} already imported, {result.invalid} invalid skipped."
    )
    if result.saved_profile:
        output.info(f"Saved profile {output.escape(result.saved_profile)!r}: reuse it with --profile.")
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
            ("Line", {"justify": "right"}),
            "Date",
            ("Amount", {"justify": "right"}),
            "Category",
            "Account",
            ("Payee / memo", {"overflow": "ellipsis", "no_wrap": True, "ratio": 1}),
            "Status",
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
        output.info(f"… {len(result.preview) - PREVIEW_ROWS} more rows (--json shows all)")
    for err in result.errors[:20]:
        output.info(f"[red]invalid[/] {esc(str(err))}")
    statement_notes(result)
    output.info(
        f"Dry run ({result.encoding}): {result.added} would be added, {result.duplicates} already imported, "
        f"{result.invalid} invalid. Nothing was changed."
    )


def profile_not_saved() -> None:
    output.info("(dry run: the profile was not saved)")


def exported(result: ExportResult) -> None:
    output.info(f"Exported {result.count} transactions to {output.escape(str(result.path))} ({result.format}).")


# --- import profiles -----------------------------------------------------------------------------
def profiles(items: list[Profile]) -> None:
    if not items:
        output.info("No saved profiles. Save one with: reflee ledger import FILE … --save-profile 신한카드")
        return
    esc = output.escape
    output.table(
        ["Name", ("Mapping", {"ratio": 1}), "Rules"],
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
    output.info(f"Deleted profile {output.escape(result.name)!r}.")
