"""The ledger: a month's transactions with totals, month paging, a quick-add form that reads amounts the way
people write them (3만원), budget-vs-actual bars, a filter, and delete with confirmation and undo."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Checkbox, DataTable, Footer, Header, Input, Label, Static

from reflee.errors import RefleeError
from reflee.i18n import _
from reflee.tui.widgets.bars import bar, won

if TYPE_CHECKING:
    from reflee.ledger.models import BudgetReport, Txn, TxnList
    from reflee.tui.app import RefleeApp

ROWS_SHOWN = 300
"""A month can hold thousands of transactions; the table shows the newest ones (the totals cover all)."""
FORM_FIELDS = {"amount": "#add-amount", "category": "#add-category", "memo": "#add-memo", "payee": "#add-payee"}


def shift_month(month: str, by: int) -> str:
    year, mon = int(month[:4]), int(month[5:7]) + by
    year, mon = year + (mon - 1) // 12, (mon - 1) % 12 + 1
    return f"{year:04d}-{mon:02d}"


@dataclass
class MonthView:
    month: str
    txns: TxnList
    budget: BudgetReport


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS: ClassVar = [("y", "answer(True)", _("Yes")), ("n,escape", "answer(False)", _("No"))]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Label(self.question)
            with Horizontal():
                yield Button(_("Yes (y)"), variant="error", id="yes")
                yield Button(_("No (n)"), id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class LedgerScreen(Screen[None]):
    BINDINGS: ClassVar = [
        ("left_square_bracket", "month(-1)", _("◀ Month")),
        ("right_square_bracket", "month(1)", _("Month ▶")),
        ("t", "this_month", _("This month")),
        ("a", "focus_add", _("Add")),
        ("x", "delete", _("Delete")),
        ("u", "undo", _("Undo delete")),
        ("slash", "focus_filter", _("Filter")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.month = ""
        self.txns: list[Txn] = []
        self.last_deleted: Txn | None = None

    @property
    def reflee(self) -> RefleeApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="ledger-top"):
            yield Label("", id="ledger-month")
            yield Input(placeholder=_("Filter: category, payee or memo"), id="ledger-filter")
        with Horizontal(id="ledger-body"):
            yield DataTable(id="ledger-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="ledger-budget", classes="panel")
        with Horizontal(id="ledger-add"):
            yield Input(placeholder=_("Amount: 3만원"), id="add-amount")
            yield Input(placeholder=_("Category"), id="add-category")
            yield Input(placeholder=_("Memo"), id="add-memo")
            yield Checkbox(_("Income"), id="add-income")
            yield Button(_("Add"), id="add-button", variant="primary")
        yield Label("", id="ledger-error")
        yield Footer()

    def on_mount(self) -> None:
        self.month = self.reflee.today().isoformat()[:7]
        table = self.query_one(DataTable)
        for key, label in (
            ("id", _("ID")),
            ("date", _("Date")),
            ("category", _("Category")),
            ("what", _("Payee / memo")),
            ("amount", _("Amount")),
        ):
            table.add_column(label, key=key)
        table.focus()
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    # -- reading ------------------------------------------------------------------------------------------------
    def action_month(self, by: int) -> None:
        self.month = shift_month(self.month, by)
        self.load()

    def action_this_month(self) -> None:
        self.month = self.reflee.today().isoformat()[:7]
        self.load()

    def action_focus_filter(self) -> None:
        self.query_one("#ledger-filter", Input).focus()

    @on(Input.Changed, "#ledger-filter")
    def filter_changed(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="ledger-load")
    def load(self) -> None:
        text = self.query_one("#ledger-filter", Input).value.strip() or None
        with self.reflee.session() as s:
            txns = s.ledger.list(month=self.month, text=text, limit=ROWS_SHOWN)
            view = MonthView(self.month, txns, s.budget.show(self.month))
        self.app.call_from_thread(self.show, view)

    def show(self, view: MonthView) -> None:
        if view.month != self.month:
            return
        self.txns = view.txns.transactions
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for t in self.txns:
            amount = Text(
                ("+" if t.kind == "income" else "-") + won(t.amount, t.currency),
                style="green" if t.kind == "income" else "",
                justify="right",
            )
            table.add_row(t.short_id, t.date[5:], t.category or _("(none)"), t.payee or t.memo, amount, key=t.id)
        if self.txns:
            table.move_cursor(row=min(row, len(self.txns) - 1))
        head = Text(f"◀ {view.month} ▶  ", style="bold")
        for total in view.txns.totals:
            head.append(
                _("income {income} · spent {expense} · net {net}").format(
                    income=won(total.income, total.currency),
                    expense=won(total.expense, total.currency),
                    net=won(total.net, total.currency),
                )
                + "  "
            )
        if not view.txns.totals:
            head.append(_("no transactions"), style="dim")
        count = sum(t.count for t in view.txns.totals)
        if count > len(self.txns):
            head.append(_("(newest {shown} of {count})").format(shown=len(self.txns), count=count), style="dim")
        self.query_one("#ledger-month", Label).update(head)
        self.query_one("#ledger-budget", Static).update(self._budget(view.budget))

    @staticmethod
    def _budget(report: BudgetReport) -> Table | Text:
        if not report.lines:
            return Text(_("No budgets (reflee budget set 식비 30만원)."), style="dim")
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, max_width=8, overflow="ellipsis")
        grid.add_column(no_wrap=True)
        grid.add_column(justify="right", no_wrap=True)
        for line in report.lines:
            ratio = line.spent / line.budget if line.budget > 0 else 0.0
            grid.add_row(line.category, bar(ratio, 8), f"{ratio * 100:.0f}%")
        return grid

    # -- writing ------------------------------------------------------------------------------------------------
    def action_focus_add(self) -> None:
        self.query_one("#add-amount", Input).focus()

    @on(Button.Pressed, "#add-button")
    @on(Input.Submitted, "#ledger-add Input")
    def add_pressed(self) -> None:
        self.query_one("#ledger-error", Label).update("")
        self.add(
            self.query_one("#add-amount", Input).value,
            self.query_one("#add-category", Input).value.strip() or None,
            self.query_one("#add-memo", Input).value.strip() or None,
            self.query_one("#add-income", Checkbox).value,
        )

    @work(thread=True, exclusive=True, group="ledger-write")
    def add(self, amount: str, category: str | None, memo: str | None, income: bool) -> None:
        today = self.reflee.today()
        on_day = today if self.month == today.isoformat()[:7] else date.fromisoformat(self.month + "-01")
        try:
            with self.reflee.session() as s:
                result = s.ledger.add(
                    amount, kind="income" if income else "expense", category=category, memo=memo, on=on_day
                )
        except RefleeError as exc:
            self.app.call_from_thread(self.show_error, exc)
            return
        self.app.call_from_thread(self.added, result.txn, result.alerts)

    def added(self, txn: Txn, alerts: list[str]) -> None:
        for field in ("#add-amount", "#add-category", "#add-memo"):
            self.query_one(field, Input).value = ""
        self.notify(_("Added {amount}").format(amount=won(txn.amount, txn.currency)))
        for alert in alerts:
            self.notify(alert, severity="warning")
        self.query_one("#add-amount", Input).focus()
        self.load()

    def show_error(self, exc: RefleeError) -> None:
        names = {"amount": _("Amount"), "category": _("Category"), "memo": _("Memo"), "payee": _("Payee")}
        label = names.get(exc.field or "", exc.field or "")
        self.query_one("#ledger-error", Label).update(f"⚠ {label}: {exc.message}" if label else f"⚠ {exc.message}")
        self.query_one(FORM_FIELDS.get(exc.field or "", "#add-amount"), Input).focus()

    def action_delete(self) -> None:
        table = self.query_one(DataTable)
        if not self.txns or not 0 <= table.cursor_row < len(self.txns):
            return
        txn = self.txns[table.cursor_row]
        question = _("Delete {id} ({date}, {amount})?").format(
            id=txn.short_id, date=txn.date, amount=won(txn.amount, txn.currency)
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.remove_txn(txn.id)

        self.app.push_screen(ConfirmScreen(question), answered)

    @work(thread=True, exclusive=True, group="ledger-write")
    def remove_txn(self, txn_id: str, restore: bool = False) -> None:
        with self.reflee.session() as s:
            txn = s.ledger.restore(txn_id) if restore else s.ledger.remove(txn_id)
        self.app.call_from_thread(self.removed, txn, restore)

    def removed(self, txn: Txn, restored: bool) -> None:
        self.last_deleted = None if restored else txn
        if restored:
            self.notify(_("Restored {id}").format(id=txn.short_id))
        else:
            self.notify(_("Deleted {id}; u brings it back").format(id=txn.short_id))
        self.load()

    def action_undo(self) -> None:
        if self.last_deleted is not None:
            self.remove_txn(self.last_deleted.id, restore=True)
