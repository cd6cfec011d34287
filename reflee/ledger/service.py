"""Ledger use cases: record, change, find and total transactions (수입/지출); CSV import and export.

Front ends call this module; it validates input, owns transactions (db.transaction) and returns
plain dataclasses (reflee.ledger.models). Errors name the input they are about with ``field`` (the
parameter's name: ``limit``, ``month``, ``start``, ``category``, ...), never a front end's flag. Reports
and budgets have their own services (reflee.ledger.report, reflee.ledger.budget); the parsers, stores and
writers stay behind the methods here.
"""

from __future__ import annotations

import builtins
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from reflee import db, ids, private
from reflee.cancel import CancelToken, check
from reflee.dates import local_today, utc_now
from reflee.errors import NotFoundError, UsageError
from reflee.i18n import _
from reflee.ledger import fields, fixes, periods, store, suggest, sums
from reflee.ledger.amounts import Money, check_currency, read_amount
from reflee.ledger.fix_models import CategorizeResult, Edit, EditManyResult, Selection
from reflee.ledger.models import (
    EXPENSE,
    KINDS,
    AddResult,
    CategoryCount,
    DeletedProfile,
    ExportResult,
    ImportResult,
    ImportSpec,
    Profile,
    RenameResult,
    Suggestion,
    Totals,
    Txn,
    TxnList,
)

if TYPE_CHECKING:
    from reflee.ledger.budget import BudgetService
    from reflee.ledger.importer import Importer
    from reflee.ledger.report import ReportService

Progress = Callable[[int, int | None], None]
"""progress(done, total): items done so far of ``total`` (None when not known in advance)."""

NOUN = "transaction"
SUGGEST_HISTORY = 3000
"""How many recent categorised transactions the category suggestion looks at."""
EXPORT_BATCH = 1000
"""Transactions written between progress reports and cancel checks."""


KIND_WORDS = {"수입": "income", "지출": "expense", "income": "income", "expense": "expense"}
"""What --kind accepts for each kind code."""


@dataclass
class LedgerService:
    conn: sqlite3.Connection
    default_currency: str = "KRW"
    today: Callable[[], date] = field(default=local_today, repr=False)

    # --- writing -----------------------------------------------------------------
    def money(self, text: str | Money, field: str = "amount") -> Money:
        """A positive amount: text as people write it (12,000원, 3만원, $12.50) or a Money."""
        value = text if isinstance(text, Money) else read_amount(text, self.currency(), field=field)
        if value.minor <= 0:
            word = "zero" if value.minor == 0 else "negative"
            raise UsageError(
                _("{text!r} is {word}; amounts are positive").format(text=text, word=word),
                field=field,
                hint=_("use --income for money coming in"),
            )
        return value

    def currency(self) -> str:
        return check_currency(self.default_currency, "ledger.currency")

    def add(
        self,
        amount: str | Money,
        *,
        kind: str = EXPENSE,
        category: str | None = None,
        memo: str | None = None,
        payee: str | None = None,
        on: date | None = None,
        account: str | None = None,
        tags: list[str] | None = None,
        suggest_category: bool = True,
    ) -> AddResult:
        money = self.money(amount)
        kind = self._check_kind(kind)
        now = utc_now()
        txn = Txn(
            id=ids.new_id(),
            date=(on or self.today()).isoformat(),
            kind=kind,
            amount=money.minor,
            currency=money.currency,
            category=fields.category(category),
            account=fields.account(account),
            payee=fields.payee(payee),
            memo=fields.memo(memo),
            tags=fields.tags(tags, "tags"),
            created_at=now,
            updated_at=now,
        )
        hint = None
        if category is None and suggest_category and (txn.memo or txn.payee):
            hint = self.suggest_category(txn.payee, txn.memo, kind)
            if hint:
                txn.category = hint.category
        with db.transaction(self.conn):
            store.insert(self.conn, txn)
            alerts = self.budgets().check_alerts([txn])
        return AddResult(self.get(txn.id), hint, alerts)

    def edit(self, ref: str, **changes: Any) -> AddResult:
        """Change the values given (not None) of one transaction; '' clears memo, payee, account or category.
        ``changes``: the fields of reflee.ledger.fixes.Edit (amount as text or Money)."""
        done = self.edit_many([ref], **changes)
        return AddResult(done.txns[0], None, done.alerts)

    def edit_many(self, refs: Sequence[str], **changes: Any) -> EditManyResult:
        """The same change to every transaction named, all or nothing (an unknown or deleted ID changes none)."""
        e = Edit(**changes)
        if e.empty():
            raise UsageError(
                _("nothing to change"), hint=_("give --amount, --category, --memo, --payee, --date, --account, ...")
            )
        if e.kind is not None:
            e.kind = self._check_kind(e.kind)
        if e.amount is not None:
            e.amount = self.money(e.amount)
        return fixes.edit_many(self.conn, list(refs), e, live=self._live, alerts=self.budgets().check_alerts)

    def categorize(
        self,
        selection: Selection,
        *,
        rules: Iterable[str] = (),
        profile: str | None = None,
        dry_run: bool = False,
    ) -> CategorizeResult:
        """Re-apply category rules ('REGEX=CATEGORY' given here, else the saved import profiles' rules, or those
        of ``profile``) to the live transactions ``selection`` picks; ``dry_run`` writes nothing. Errors name
        ``rules``, ``profile``, ``selection``, ``memo``, ``month``, ``start``, ``end``, ``category``, ``kind``."""
        if selection.kind is not None:
            selection.kind = self._check_kind(selection.kind)
        chosen = fixes.rules_for(self.conn, list(rules), profile)
        return fixes.categorize(
            self.conn, selection, chosen, dry_run=dry_run, today=self.today(), alerts=self.budgets().check_alerts
        )

    def remove(self, ref: str) -> Txn:
        """Soft delete: the row keeps a deleted_at tombstone and can be restored."""
        with db.transaction(self.conn):
            txn = self._live(ref)
            txn.deleted_at = txn.updated_at = utc_now()
            store.update(self.conn, txn)
        return self.get(txn.id)

    def restore(self, ref: str) -> Txn:
        with db.transaction(self.conn):
            txn = self.get(ref)
            if txn.deleted_at is None:
                raise UsageError(_("transaction {short_id} is not deleted").format(short_id=txn.short_id))
            txn.deleted_at, txn.updated_at = None, utc_now()
            store.update(self.conn, txn)
            self.budgets().check_alerts([txn])
        return self.get(txn.id)

    def rename_category(self, old: str, new: str) -> RenameResult:
        """Rename OLD to NEW everywhere (transactions, budgets, import rules); merges when NEW exists."""
        from reflee.ledger import budget_store, import_store

        old_name, new_name = fields.category(old, "old"), fields.category(new, "new")
        if old_name == new_name:
            raise UsageError(
                _("the same category as the old name ({show_category})").format(
                    show_category=fields.show_category(old_name)
                ),
                field="new",
            )
        now = utc_now()
        with db.transaction(self.conn):
            if not store.category_exists(self.conn, old_name) and not budget_store.category_has_budget(
                self.conn, old_name
            ):
                raise NotFoundError(
                    _("no transactions or budgets in category {show_category!r}").format(
                        show_category=fields.show_category(old_name)
                    ),
                    field="old",
                )
            merged = store.category_exists(self.conn, new_name)
            count = store.rename_category(self.conn, old_name, new_name, now)
            if new_name:
                moved, dropped = budget_store.rename(self.conn, old_name, new_name, now)
            else:  # budgets need a category: moving spending to 미분류 drops OLD's budgets
                moved, dropped = 0, budget_store.drop_category(self.conn, old_name, now)
            rules = import_store.rename_rule_category(self.conn, old_name, new_name, now)
        return RenameResult(
            fields.show_category(old_name), fields.show_category(new_name), count, moved, dropped, rules, merged
        )

    # --- reading -----------------------------------------------------------------
    def resolve(self, ref: str) -> str:
        return db.resolve_id(self.conn, store.TABLE, ref, NOUN)

    def get(self, ref: str) -> Txn:
        """By full ID or unambiguous prefix, deleted ones included."""
        txn = store.get(self.conn, self.resolve(ref))
        assert txn is not None
        return txn

    def _live(self, ref: str) -> Txn:
        txn = self.get(ref)
        if txn.deleted_at is not None:
            raise NotFoundError(
                _("transaction {short_id} is deleted; run 'reflee ledger restore {short_id}'").format(
                    short_id=txn.short_id
                )
            )
        return txn

    @staticmethod
    def _check_kind(kind: str) -> str:
        """The kind code for ``kind``: income or expense, also given in Korean (수입 / 지출)."""
        code = KIND_WORDS.get(kind.strip().lower(), kind)
        if code not in KINDS:
            raise UsageError(_("{kind!r} is not income or expense (수입 / 지출)").format(kind=kind), field="kind")
        return code

    def list(
        self,
        *,
        month: str | None = None,
        start: str | None = None,
        end: str | None = None,
        kind: str | None = None,
        category: str | None = None,
        account: str | None = None,
        text: str | None = None,
        tag: str | None = None,
        limit: int | None = None,
        deleted: bool = False,
    ) -> TxnList:
        if limit is not None and limit < 1:
            raise UsageError(_("must be at least 1"), field="limit")
        if kind is not None:
            kind = self._check_kind(kind)
        lo, hi = periods.resolve(month, start, end, self.today())
        f = store.Filter(
            first_day=lo,
            last_day=hi,
            kind=kind,
            category=fields.category(category) if category is not None else None,
            account=fields.account(account) if account is not None else None,
            text=fields.clean_text(text) or None,
            tag=fields.tag(tag) if tag else None,
            deleted=deleted,
        )
        rows = store.select(self.conn, f, limit=limit)
        by_currency: dict[str, Totals] = {}
        for currency, k, total, count in store.totals(self.conn, f):
            t = by_currency.setdefault(currency, Totals(currency))
            setattr(t, k, total)
            t.count += count
        return TxnList(lo, hi, rows, [by_currency[c] for c in sorted(by_currency)])

    def categories(self, kind: str | None = None) -> builtins.list[CategoryCount]:
        if kind is not None:
            kind = self._check_kind(kind)
        return [
            CategoryCount(fields.show_category(cat), k, count, total, currency, last)
            for cat, k, currency, count, total, last in store.category_counts(self.conn, kind)
        ]

    def suggest_category(self, payee: str, memo: str, kind: str = EXPENSE) -> Suggestion | None:
        history = store.recent_labelled(self.conn, kind, SUGGEST_HISTORY)
        return suggest.suggest(payee, memo, history)

    def income_by_month(self, first_month: str, last_month: str, currency: str = "KRW") -> dict[str, int]:
        """{"YYYY-MM": income in minor units} for every month in the inclusive range (0 when none); see
        ReportService.income_by_month, which the profile's income inference calls without this service."""
        return self.reports().income_by_month(first_month, last_month, currency)

    def export(
        self,
        fmt: str,
        output: TextIO | Path,
        *,
        month: str | None = None,
        start: str | None = None,
        end: str | None = None,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> ExportResult:
        """Write live transactions (all of them unless a period is given), oldest first, as ``fmt`` (csv, json
        or hledger) to a stream, or to a file path: the file is replaced only when the whole export is written,
        so a cancel or an error leaves no file (or the old one) behind."""
        from reflee.ledger import export

        if fmt not in export.FORMATS:
            raise UsageError(
                _("{fmt!r} is not one of {join}").format(fmt=fmt, join=", ".join(export.FORMATS)), field="fmt"
            )
        lo, hi = periods.resolve(month, start, end, self.today()) if (month or start or end) else (None, None)
        if not isinstance(output, Path):
            return ExportResult(self._export(fmt, output, lo, hi, progress, cancel), fmt)
        tmp = output.with_name(output.name + ".tmp")
        try:
            with private.open_file(tmp, "w", encoding="utf-8", newline="") as fh:
                count = self._export(fmt, fh, lo, hi, progress, cancel)
            os.replace(tmp, output)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise UsageError(
                _("cannot write {output}: {strerror}").format(output=output, strerror=exc.strerror), field="output"
            ) from None
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return ExportResult(count, fmt, str(output))

    def _export(
        self,
        fmt: str,
        out: TextIO,
        lo: str | None,
        hi: str | None,
        progress: Progress | None,
        cancel: CancelToken | None,
    ) -> int:
        from reflee.ledger import export

        rows = _batched(store.iter_rows(self.conn, store.Filter(first_day=lo, last_day=hi)), progress, cancel)
        if fmt == "csv":
            return export.write_csv(rows, out)
        if fmt == "json":
            return export.write_json(rows, out)
        codes = sums.currencies(self.conn, lo or "0000-00-00", hi or "9999-99-99")
        return export.write_hledger(rows, out, codes)

    # --- CSV import and its saved profiles ---------------------------------------
    def import_csv(
        self,
        source: str | Path | bytes,
        spec: ImportSpec | None = None,
        *,
        name: str | None = None,
        rules: Iterable[str] = (),
        profile: str | None = None,
        save_profile: str | None = None,
        dry_run: bool = False,
        skip_invalid: bool = False,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> ImportResult:
        """Import a bank or card CSV: a path, or the file's bytes (``name`` labels it in messages).

        ``spec`` maps columns and sets the file's options; ``rules`` are 'REGEX=CATEGORY' texts tried on the
        memo and payee; ``profile`` merges a saved mapping and its rules in (``spec`` wins), ``save_profile``
        saves the mapping and rules used under a name. Rows imported before are skipped. Invalid rows stop
        the import unless ``skip_invalid``. A dry run writes nothing (not even the profile) and returns every
        row in ``preview``. ``progress(done, total)`` reports rows read, then rows saved; ``cancel`` stops
        between batches and nothing is written. Errors name ``file``, ``profile``, ``save_profile``, ``rules``,
        ``encoding``, ``delimiter``, ``positive``, ``no_header``, ``currency`` or ``account``."""
        from reflee.ledger.csvimport import parse_rule

        parsed = [parse_rule(r) for r in rules]
        source = Path(source) if isinstance(source, str) else source
        return self._importer().run(
            source,
            spec,
            name=name,
            default_currency=self.currency(),
            rules=parsed,
            profile=profile,
            save_profile=save_profile,
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            progress=progress,
            cancel=cancel,
        )

    def profiles(self) -> builtins.list[Profile]:
        """Saved import profiles (column mapping + category rules), by name."""
        return self._importer().profiles()

    def delete_profile(self, name: str) -> DeletedProfile:
        """Delete a saved import profile; NotFoundError (field ``name``) when there is none by that name."""
        self._importer().delete_profile(name)
        return DeletedProfile(name)

    # --- the other ledger modules ------------------------------------------------
    def budgets(self) -> BudgetService:
        from reflee.ledger.budget import BudgetService

        return BudgetService(self.conn, default_currency=self.default_currency, today=self.today)

    def reports(self) -> ReportService:
        from reflee.ledger.report import ReportService

        return ReportService(self.conn, default_currency=self.default_currency, today=self.today)

    def _importer(self) -> Importer:
        from reflee.ledger.importer import Importer

        return Importer(self.conn, self.today, self.budgets().check_alerts)


def _batched(rows: Iterable[Txn], progress: Progress | None, cancel: CancelToken | None) -> Iterator[Txn]:
    """``rows``, checking ``cancel`` and reporting progress every EXPORT_BATCH rows."""
    n = 0
    for n, txn in enumerate(rows, start=1):
        if n % EXPORT_BATCH == 0:
            check(cancel)
            if progress:
                progress(n, None)
        yield txn
    check(cancel)
    if progress and n:
        progress(n, n)
