"""`reflee budget ...`: monthly budgets (예산) per category and in total, against what was spent."""

from __future__ import annotations

from typing import Annotated

import typer

from reflee import output
from reflee.cli.common import JsonOpt, new_typer
from reflee.cli.ledger import money, service, show_alerts

app = new_typer("Monthly budgets (예산) per category and in total: set them, and see what is left.")

BAR_WIDTH = 20


def usage_bar(spent: int, budget: int, width: int = BAR_WIDTH) -> str:
    """'████████░░' filled by the share used (integer maths); red when over, yellow from 80 %."""
    if budget <= 0:
        return ""
    filled = min(width, spent * width // budget)
    colour = "red" if spent > budget else "yellow" if spent * 100 >= budget * 80 else "green"
    return f"[{colour}]{'█' * filled}[/][dim]{'░' * (width - filled)}[/]"


@app.command("set")
def set_(
    ctx: typer.Context,
    category: Annotated[str, typer.Argument(help="A category, or 'total' (전체) for the overall monthly budget.")],
    amount: Annotated[str, typer.Argument(help="The monthly amount: 50만원, 500,000, $300. 0 removes the budget.")],
    month: Annotated[
        str | None, typer.Option("--month", help="First month it applies to, YYYY-MM (default: this month).")
    ] = None,
    rollover: Annotated[
        bool | None,
        typer.Option("--rollover/--no-rollover", help="Carry unspent budget into the next month (default: unchanged)."),
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Set a monthly budget; it carries forward to later months until you set it again."""
    line, alerts = service(ctx).budgets().set_budget(category, amount, month=month, rollover=rollover)
    if json_:
        output.emit_json({**line.to_json(), "alerts": alerts})
        return
    if line.base == 0:
        output.info(f"Removed the {output.escape(line.category)} budget from {line.since} on.")
        return
    roll = " with roll-over" if line.rollover else ""
    output.info(
        f"[green]Budget[/] {output.escape(line.category)}: {money(line.base, line.currency)} a month from "
        f"{line.since}{roll}. Spent this month: {money(line.spent, line.currency)}."
    )
    show_alerts(alerts)


@app.command("show")
def show(
    ctx: typer.Context,
    month: Annotated[str | None, typer.Option("--month", help="A month, YYYY-MM (default: this month).")] = None,
    currency: Annotated[
        str | None, typer.Option("--currency", help="Budgets in this currency (default: ledger.currency).")
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Budget, spent, remaining and % used per category and in total, with bars; over-budget is flagged."""
    rep = service(ctx).budgets().show(month, currency)
    if json_:
        output.emit_json(rep)
        return
    if not rep.lines and rep.total is None:
        output.info(f"No budgets for {rep.month}. Set one: reflee budget set 식비 50만원")
        return
    cur = rep.currency
    esc = output.escape

    def row(line, label: str):
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
