"""How `ledger categorize` and `ledger edit` on many IDs look to people."""

from __future__ import annotations

from reflee import output
from reflee.i18n import _, ngettext
from reflee.ledger.fix_models import CategorizeResult, EditManyResult
from reflee.ledger.models import format_money, show_category

SHOWN = 200
"""Rows of a dry run's table printed before '… and N more' (the JSON has them all)."""


def categorized(r: CategorizeResult) -> None:
    if r.changes:
        esc = output.escape
        output.table(
            [_("ID"), _("Date"), (_("Payee / memo"), {"ratio": 1}), _("Amount"), _("Category")],
            (
                (
                    c.txn.short_id,
                    c.txn.date,
                    esc(output.first_line(c.txn.payee or c.txn.memo, 40)),
                    format_money(c.txn.amount if c.txn.kind == "income" else -c.txn.amount, c.txn.currency),
                    f"{esc(show_category(c.old))} → {esc(show_category(c.new))}",
                )
                for c in r.changes[:SHOWN]
            ),
        )
        if r.changed > SHOWN:
            output.info(_("… and {count} more (--json lists them all)").format(count=r.changed - SHOWN))
    if r.dry_run:
        line = ngettext(
            "{count} of {considered} transactions would change (dry run; nothing was changed)",
            "{count} of {considered} transactions would change (dry run; nothing was changed)",
            r.changed,
        )
    else:
        line = ngettext(
            "Changed the category of {count} of {considered} transactions",
            "Changed the category of {count} of {considered} transactions",
            r.changed,
        )
    output.info(line.format(count=r.changed, considered=r.considered))
    if r.unmatched:
        output.info(
            ngettext(
                "{count} matched no rule and kept its category",
                "{count} matched no rule and kept their category",
                r.unmatched,
            ).format(count=r.unmatched)
        )


def edited(r: EditManyResult) -> None:
    for t in r.txns:
        money = format_money(t.amount if t.kind == "income" else -t.amount, t.currency)
        output.console().print(
            f"[bold]{t.short_id}[/]  {t.date}  {output.escape(show_category(t.category))}  "
            f"{output.escape(t.payee or t.memo)}  {money}"
        )
    output.info(
        ngettext("Updated {count} transaction", "Updated {count} transactions", len(r.txns)).format(count=len(r.txns))
    )
    for alert in r.alerts:
        output.info(f"[yellow]{output.escape(alert)}[/]")
