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
        output.info(f"Removed the {output.escape(line.category)} budget from {line.since} on.")
        return
    roll = " with roll-over" if line.rollover else ""
    output.info(
        f"[green]Budget[/] {output.escape(line.category)}: {money(line.base, line.currency)} a month from "
        f"{line.since}{roll}. Spent this month: {money(line.spent, line.currency)}."
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
        output.info(f"No budgets for {rep.month}. Set one: reflee budget set 식비 50만원")
        return
    cur = rep.currency
    esc = output.escape

    def row(line: BudgetLine, label: str) -> tuple[str, ...]:
        pct = "—" if line.used_pct is None else f"{line.used_pct:.1f}%"
        flag = "[bold red]over[/]" if line.over else ""
        extra = f" (+{money(line.carried_in, cur)} rolled over)" if line.carried_in else ""
        return (
            label,
            money(line.budget, cur) + extra,
            money(line.spent, cur),
            money(line.remaining, cur, signed=line.remaining < 0),
            pct,
            usage_bar(line.spent, line.budget),
            flag,
        )

    rows = [row(line, esc(line.category)) for line in rep.lines]
    if rep.total:
        label = "[bold]total 전체[/]" + ("" if rep.total.explicit else " [dim](sum)[/]")
        rows.append(row(rep.total, label))
    output.table(
        [
            "Category",
            ("Budget", {"justify": "right"}),
            ("Spent", {"justify": "right"}),
            ("Left", {"justify": "right"}),
            ("Used", {"justify": "right"}),
            "",
            "",
        ],
        rows,
        title=f"예산 Budgets {rep.month} ({cur})",
    )
    if rep.unbudgeted:
        spent = ", ".join(f"{esc(c)} {money(s, cur)}" for c, s in rep.unbudgeted)
        output.info(f"Spent without a budget: {spent}")
