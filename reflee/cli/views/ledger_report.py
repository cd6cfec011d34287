"""How ledger reports and recurring charges look to people: totals, grouped tables and terminal bars."""

from __future__ import annotations

from collections.abc import Callable

from reflee import output
from reflee.cli.views.ledger import money, plural
from reflee.i18n import _
from reflee.ledger.models import Recurring, Report

_PARTS = " ▏▎▍▌▋▊▉"
BAR_WIDTH = 24
TREND_WIDTH = 12


def bar(value: int, largest: int, width: int = BAR_WIDTH) -> str:
    """A horizontal bar of ``value`` against ``largest`` in eighths of a cell (integer maths)."""
    if largest <= 0 or value <= 0:
        return ""
    eighths = max(1, value * width * 8 // largest)
    full, rest = divmod(eighths, 8)
    return "█" * full + (_PARTS[rest] if rest else "")


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def report(rep: Report) -> None:
    con = output.console()
    cur = rep.currency
    t = rep.totals
    con.print(f"[bold]{rep.first_day} – {rep.last_day}[/]  ({cur}, {plural(t.count, 'transaction')})")
    con.print(
        _("  income  [green]{income}[/]   expense  [red]{expense}[/]   net  {net}   savings rate  {rate}").format(
            income=money(t.income, cur),
            expense=money(t.expense, cur),
            net=money(t.net, cur, signed=True),
            rate=_rate(t.savings_rate),
        )
    )
    con.print()
    esc = output.escape
    if rep.by == "category":
        largest = {k: max((r.amount for r in rep.rows if r.kind == k), default=0) for k in ("income", "expense")}
        output.table(
            [_("Category"), _("Kind"), (_("Amount"), {"justify": "right"}), (_("Share"), {"justify": "right"}), ""],
            (
                (
                    esc(r.category),
                    _(r.kind),
                    money(r.amount, cur),
                    _rate(r.share_pct),
                    f"[{'green' if r.kind == 'income' else 'red'}]{bar(r.amount, largest[r.kind])}[/]",
                )
                for r in rep.rows
            ),
            title=_("By category"),
        )
    elif rep.by == "account":
        output.table(
            [
                _("Account"),
                (_("Income"), {"justify": "right"}),
                (_("Expense"), {"justify": "right"}),
                (_("Net"), {"justify": "right"}),
            ],
            (
                (esc(r.key), money(r.income, cur), money(r.expense, cur), money(r.net, cur, signed=True))
                for r in rep.rows
            ),
            title=_("By account"),
        )
    trend = rep.trend
    most = max((max(m.income, m.expense) for m in trend), default=0)
    con.print()
    output.table(
        [
            _("Month"),
            (_("Income"), {"justify": "right"}),
            (_("Expense"), {"justify": "right"}),
            (_("Net"), {"justify": "right"}),
            (_("Saved"), {"justify": "right"}),
            _("In"),
            _("Out"),
        ],
        (
            (
                m.key,
                money(m.income, cur),
                money(m.expense, cur),
                money(m.net, cur, signed=True),
                _rate(m.savings_rate),
                f"[green]{bar(m.income, most, TREND_WIDTH)}[/]",
                f"[red]{bar(m.expense, most, TREND_WIDTH)}[/]",
            )
            for m in trend
        ),
        title=_("Trend"),
    )
    if rep.other_currencies:
        others = ", ".join(
            _("{n} in {currency}").format(n=n, currency=c) for c, n in sorted(rep.other_currencies.items())
        )
        output.info(_("Not in these totals: {others} (see --currency).").format(others=others))


def recurring(
    items: list[Recurring], months: int, min_months: int = 3, expense_months: Callable[[int], int] | None = None
) -> None:
    if not items:
        output.info(_("No recurring charges found in the last {months} months.").format(months=months))
        seen = expense_months(months) if expense_months is not None else min_months
        if 2 <= seen < min_months:
            output.info(
                _(
                    "Your expenses span only {count} months and a charge must recur in {min}: try --min-months {count}"
                ).format(count=seen, min=min_months)
            )
        elif seen < min_months:
            output.info(_("Recurring charges need expenses in at least two different months."))
        return
    esc = output.escape
    output.table(
        [
            _("Payee / memo"),
            _("Category"),
            (_("Typical"), {"justify": "right"}),
            (_("Months"), {"justify": "right"}),
            _("Last"),
            _("Next"),
            "",
        ],
        (
            (
                esc(r.name),
                esc(r.category),
                money(r.amount, r.currency),
                r.months,
                r.last_date,
                r.next_date if r.active else "",
                "" if r.active else "[dim]stopped?[/]",
            )
            for r in items
        ),
    )
    active = [r for r in items if r.active]
    if active:
        cur = active[0].currency
        output.info(
            _("Active recurring charges: {len}, about {money} a month.").format(
                len=len(active), money=money(sum(r.amount for r in active), cur)
            )
        )
