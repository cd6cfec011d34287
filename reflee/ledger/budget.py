"""Monthly budgets (예산): set, carry forward, roll over, compare with spending, and alert at 80 % / 100 %.

A budget set for a month stays in effect for every later month until it is set again (amount 0 ends
it). With roll-over on, what was left unspent in a month is added to the next month's budget (an
overspent month carries nothing). The overall budget is stored under the category '*'; without one,
the total line is the sum of the category budgets.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from reflee import ids
from reflee.dates import local_today, utc_now
from reflee.errors import UsageError
from reflee.i18n import _
from reflee.ledger import budget_store, fields, periods, sums
from reflee.ledger.amounts import check_currency, format_money, read_amount
from reflee.ledger.budget_store import BudgetRow
from reflee.ledger.models import EXPENSE, BudgetLine, BudgetReport, BudgetSet, Txn
from reflee.ledger.models import percent as percent  # moved to models; importable here too

THRESHOLDS = (100, 80)
"""Percentages of a budget that raise a notification (once per month, category and threshold)."""
NOTIFY_KIND = "budget.threshold"


@dataclass
class BudgetService:
    conn: sqlite3.Connection
    default_currency: str = "KRW"
    today: Callable[[], date] = field(default=local_today, repr=False)

    def set_budget(
        self,
        category: str,
        amount: str,
        *,
        month: str | None = None,
        rollover: bool | None = None,
        new: bool = False,
    ) -> BudgetSet:
        """Set a category's (or with 'total', the overall) budget from ``month`` (default: this month) on.
        Returns the budget line for that month and the titles of notifications raised (lowering a budget
        below what was spent this month crosses 80 % / 100 % at once). Errors name ``category``, ``amount``
        or ``month``. A category no transaction or budget has used is refused when it looks like a typo of one
        that has (a UsageError with the suggestion) unless ``new``; otherwise the result says it is new."""
        name = fields.budget_category(category)
        fresh = name != fields.TOTAL and self._new_category(name, allow=new)
        money = read_amount(amount, check_currency(self.default_currency, "ledger.currency"), field="amount")
        if money.minor < 0:
            raise UsageError(
                _("{amount!r} is negative; a budget is 0 or more (0 removes it)").format(amount=amount), field="amount"
            )
        start = periods.check_month(month, today=self.today()) if month else periods.month_of(self.today())
        now = utc_now()
        from reflee import db

        with db.transaction(self.conn):
            previous = budget_store.at(self.conn, name, money.currency, start)
            keep = previous.rollover if previous and rollover is None else bool(rollover)
            budget_store.upsert(
                self.conn, BudgetRow(ids.new_id(), name, money.currency, start, money.minor, keep, now, now)
            )
            alerts = []
            if start <= periods.month_of(self.today()):
                alerts = self._alert(periods.month_of(self.today()), money.currency, {name})
        line = self._line(name, money.currency, start)
        return BudgetSet(
            line or BudgetLine(self._label(name), money.currency, 0, 0, 0, keep, start), alerts, new_category=fresh
        )

    def _new_category(self, name: str, *, allow: bool) -> bool:
        """Whether ``name`` is a category nothing has used yet; a likely typo of a known one is refused."""
        import difflib

        known = budget_store.known_categories(self.conn)
        if name in known:
            return False
        close = difflib.get_close_matches(name, sorted(known - {fields.TOTAL}), n=1, cutoff=0.5)
        if close and not allow:
            raise UsageError(
                _("{name!r} is not a category you use; did you mean {close!r}?").format(name=name, close=close[0]),
                field="category",
                hint=_("--new keeps {name!r} as a new category").format(name=name),
            )
        return True

    def show(self, month: str | None = None, currency: str | None = None) -> BudgetReport:
        """Budget, spent and remaining per category and in total for ``month`` (default: this month)."""
        m = periods.check_month(month, today=self.today()) if month else periods.month_of(self.today())
        cur = check_currency(currency or self.default_currency)
        spent = self._spent(m, cur)
        rows = budget_store.rows(self.conn, cur, until_month=m)
        by_cat: dict[str, list[BudgetRow]] = {}
        for r in rows:
            by_cat.setdefault(r.category, []).append(r)
        lines = [
            line
            for cat in sorted(c for c in by_cat if c != fields.TOTAL)
            if (line := self._compute(cat, cur, m, by_cat[cat], spent.get(cat, 0)))
        ]
        total_spent = sum(spent.values())
        total = self._compute(fields.TOTAL, cur, m, by_cat.get(fields.TOTAL, []), total_spent)
        if total is None and lines:
            total = BudgetLine("total", cur, sum(x.budget for x in lines), 0, total_spent, explicit=False)
        budgeted = {x.category for x in lines}
        unbudgeted = sorted(
            ((fields.show_category(c), s) for c, s in spent.items() if c not in budgeted),
            key=lambda item: -item[1],
        )
        return BudgetReport(m, cur, lines, total, unbudgeted)

    # --- alerts --------------------------------------------------------------------
    def check_alerts(self, txns: Iterable[Txn]) -> list[str]:
        """Raise 80 % / 100 % notifications for this month's budgets touched by these expenses.
        Runs inside the caller's transaction; returns the titles of notifications raised now."""
        this = periods.month_of(self.today())
        touched: dict[str, set[str]] = {}
        for t in txns:
            if t.kind == EXPENSE and t.date[:7] == this and t.deleted_at is None:
                touched.setdefault(t.currency, set()).add(t.category)
        raised: list[str] = []
        for currency, cats in touched.items():
            raised += self._alert(this, currency, cats | {fields.TOTAL})
        return raised

    def alerts(self, month: str | None = None, currency: str | None = None) -> list[str]:
        """Raise the 80 % / 100 % notifications due for every budget of ``month`` (default: this month), each
        once (the `cron run` reminder step); returns the titles of notifications raised now."""
        from reflee import db

        m = periods.check_month(month, today=self.today()) if month else periods.month_of(self.today())
        cur = check_currency(currency or self.default_currency)
        with db.transaction(self.conn):
            categories = {r.category for r in budget_store.rows(self.conn, cur, until_month=m)}
            return self._alert(m, cur, categories) if categories else []

    def _alert(self, month: str, currency: str, categories: set[str]) -> list[str]:
        from reflee.notify.service import NotifyService

        rows = budget_store.rows(self.conn, currency, until_month=month)
        if not rows:
            return []
        spent = self._spent(month, currency)
        notify = NotifyService(self.conn)
        raised = []
        for cat in sorted(categories):
            cat_rows = [r for r in rows if r.category == cat]
            used = sum(spent.values()) if cat == fields.TOTAL else spent.get(cat, 0)
            line = self._compute(cat, currency, month, cat_rows, used) if cat_rows else None
            if line is None or line.budget <= 0:
                continue
            level = next((t for t in THRESHOLDS if line.spent * 100 >= line.budget * t), None)
            if level is None:
                continue
            if level == 80:
                title = _("{category} budget at 80% ({month})")
            elif line.over:
                title = _("{category} budget exceeded: 100% ({month})")
            else:
                title = _("{category} budget used up: 100% ({month})")
            title = title.format(category=line.category, month=month)
            body = _("{spent} of {budget} spent ({pct}%); ").format(
                spent=format_money(line.spent, currency), budget=format_money(line.budget, currency), pct=line.used_pct
            ) + (
                _("{amount} left.").format(amount=format_money(line.remaining, currency))
                if line.remaining >= 0
                else _("{amount} over.").format(amount=format_money(-line.remaining, currency))
            )
            key = f"budget:{currency}:{month}:{cat}:{level}"
            _nid, created = notify.raise_(
                NOTIFY_KIND, title, body, link_type="budget", link_id=f"{month}:{cat}", dedup_key=key
            )
            if created:
                raised.append(title)
        return raised

    # --- computing -------------------------------------------------------------------
    def _spent(self, month: str, currency: str) -> dict[str, int]:
        rows = sums.month_category(self.conn, currency, periods.first_day(month), periods.last_day(month), EXPENSE)
        return {cat: total for _m, cat, total in rows}

    def _line(self, name: str, currency: str, month: str) -> BudgetLine | None:
        rows = budget_store.rows(self.conn, currency, until_month=month)
        cat_rows = [r for r in rows if r.category == name]
        spent = self._spent(month, currency)
        used = sum(spent.values()) if name == fields.TOTAL else spent.get(name, 0)
        return self._compute(name, currency, month, cat_rows, used)

    @staticmethod
    def _label(name: str) -> str:
        return "total" if name == fields.TOTAL else name

    def _compute(self, name: str, currency: str, month: str, rows: list[BudgetRow], spent: int) -> BudgetLine | None:
        """The line for a category in a month from its budget rows (sorted by start month, all <= month)."""
        if not rows or rows[-1].amount == 0:
            return None
        current = rows[-1]
        carried = 0
        if current.rollover:
            chain: list[BudgetRow] = []
            for r in reversed(rows):
                if not (r.rollover and r.amount > 0):
                    break
                chain.insert(0, r)
            start = chain[0].start_month
            if start < month:
                carried = self._carry(name, currency, start, month, chain)
        return BudgetLine(
            self._label(name), currency, current.amount, carried, spent, current.rollover, current.start_month
        )

    def _carry(self, name: str, currency: str, start: str, month: str, chain: list[BudgetRow]) -> int:
        prev = periods.add_months(month, -1)
        lo, hi = periods.first_day(start), periods.last_day(prev)
        per_month: dict[str, int] = {}
        for m, _cat, total in sums.month_category(
            self.conn, currency, lo, hi, EXPENSE, None if name == fields.TOTAL else name
        ):
            per_month[m] = per_month.get(m, 0) + total
        carry, i = 0, 0
        for m in periods.months(start, prev):
            while i + 1 < len(chain) and chain[i + 1].start_month <= m:
                i += 1
            carry = max(0, chain[i].amount + carry - per_month.get(m, 0))
        return carry
