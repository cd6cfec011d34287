"""How budgets look to people: what was set, and budget / spent / left per category with usage bars."""

from __future__ import annotations

from reflee import output
from reflee.cli.views.ledger import money, show_alerts
from reflee.i18n import _
from reflee.ledger.models import BudgetLine, BudgetReport, BudgetSet

BAR_WIDTH = 20


def usage_bar(spent: int, budget: int, width: int = BAR_WIDTH) -> str:
    """'████████░░' filled by the share used (integer maths); red when over, yellow from 80 %."""
    if budget <= 0:
        return ""
    filled = min(width, spent * width // budget)
    colour = "red" if spent > budget else "yellow" if spent * 100 >= budget * 80 else "green"
    return f"[{colour}]{'█' * filled}[/][dim]{'░' * (width - filled)}[/]"


def budget_set(result: BudgetSet) -> None:
    line = result.line
    if line.base == 0:
        output.info(
            _("Removed the {escape} budget from {since} on.").format(
                escape=output.escape(line.category), since=line.since
            )
        )
        return
    roll = _(" with roll-over") if line.rollover else ""
    output.info(
        _("[green]Budget[/] {escape}: {money} a month from {since}{roll}. Spent this month: {money2}.").format(
            escape=output.escape(line.category),
            money=money(line.base, line.currency),
            since=line.since,
            roll=roll,
            money2=money(line.spent, line.currency),
        )
    )
    show_alerts(result.alerts)
    if result.new_category:
        output.info(
            "[dim]"
            + output.escape(_("{name} is a new category: no transaction uses it yet.").format(name=line.category))
            + "[/]"
        )


def budgets(rep: BudgetReport) -> None:
    if not rep.lines and rep.total is None:
        output.info(_("No budgets for {month}. Set one: reflee budget set 식비 50만원").format(month=rep.month))
        return
    cur = rep.currency
    esc = output.escape
    bar = BAR_WIDTH if output.console().width >= 100 else BAR_WIDTH // 2  # a whole bar fits 80 columns

    def row(line: BudgetLine, label: str) -> tuple[str, ...]:
        pct = "—" if line.used_pct is None else f"{line.used_pct:.1f}%"
        flag = _("[bold red]over[/]") if line.over else ""
        extra = _(" (+{amount} rolled over)").format(amount=money(line.carried_in, cur)) if line.carried_in else ""
        return (
            label,
            money(line.budget, cur) + extra,
            money(line.spent, cur),
            money(line.remaining, cur, signed=line.remaining < 0),
            pct,
            usage_bar(line.spent, line.budget, bar),
            flag,
        )

    rows = [row(line, esc(line.category)) for line in rep.lines]
    if rep.total:
        label = _("[bold]total[/]") + ("" if rep.total.explicit else _(" [dim](sum)[/]"))
        rows.append(row(rep.total, label))
    output.table(
        [
            (_("Category"), {"fit": "main"}),
            (_("Budget"), {"justify": "right"}),
            (_("Spent"), {"justify": "right"}),
            (_("Left"), {"justify": "right"}),
            (_("Used"), {"justify": "right"}),
            ("", {"no_wrap": True, "fit": "optional"}),
            ("", {"no_wrap": True, "fit": "keep"}),
        ],
        rows,
        title=_("Budgets {month} ({cur})").format(month=rep.month, cur=cur),
    )
    if rep.unbudgeted:
        spent = ", ".join(f"{esc(c)} {money(s, cur)}" for c, s in rep.unbudgeted)
        output.info(_("Spent without a budget: {spent}").format(spent=spent))
