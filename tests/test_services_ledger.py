"""The ledger, budget and report services called directly (no CLI): values, errors that name their field,
import and export with progress and a cancel token."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from reflee import services
from reflee.cancel import CancelToken
from reflee.errors import CancelledError, DataError, NotFoundError, UsageError
from reflee.ledger.models import ImportSpec, format_money, show_account, show_category
from reflee.services import Services


@pytest.fixture
def s(home: Path) -> Iterator[Services]:
    with services.open(home) as session:
        yield session


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def big_csv(path: Path, n: int) -> Path:
    return write(
        path, ["date,amount,memo"] + [f"2025-{1 + i % 12:02d}-{1 + i % 28:02d},-{1000 + i},row {i}" for i in range(n)]
    )


# --- the session builds the services with the configured currency --------------------------------
def test_the_session_uses_the_configured_currency(home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text('[ledger]\ncurrency = "USD"\n', encoding="utf-8")
    with services.open(home) as s:
        assert s.ledger.default_currency == s.budget.default_currency == s.reports.default_currency == "USD"
        txn = s.ledger.add("12.50", category="책", on=date(2026, 3, 2), suggest_category=False).txn
        assert (txn.amount, txn.currency) == (1250, "USD")
        line = s.budget.set_budget("책", "100", month="2026-03").line
        assert (line.base, line.currency) == (10000, "USD")
        assert s.reports.report(month="2026-03").totals.expense == 1250


# --- errors name the service's own field ---------------------------------------------------------
@pytest.mark.parametrize(
    ("call", "error", "field", "words"),
    [
        (lambda s: s.ledger.add("abc"), UsageError, "amount", "'abc' is not a number"),
        (lambda s: s.ledger.add("0"), UsageError, "amount", "is zero"),
        (lambda s: s.ledger.add("1", category="식비:점심"), UsageError, "category", "contains ':'"),
        (lambda s: s.ledger.add("1", account="a;b"), UsageError, "account", "contains ';'"),
        (lambda s: s.ledger.add("1", payee="x" * 201), UsageError, "payee", "longer than 200"),
        (lambda s: s.ledger.add("1", memo="x" * 1001), UsageError, "memo", "longer than 1000"),
        (lambda s: s.ledger.add("1", tags=["two words,x:y"]), UsageError, "tags", "use one word per tag"),
        (lambda s: s.ledger.list(limit=0), UsageError, "limit", "at least 1"),
        (lambda s: s.ledger.list(kind="x"), UsageError, "kind", "not income or expense"),
        (lambda s: s.ledger.list(month="2026-13"), UsageError, "month", "expected a month as YYYY-MM"),
        (lambda s: s.ledger.list(month="2026-01", start="2026-01"), UsageError, "month", "not both"),
        (lambda s: s.ledger.list(start="2026-05", end="2026-03"), UsageError, "start", "after the end"),
        (lambda s: s.ledger.list(start="not a date"), UsageError, "start", "cannot read 'not a date'"),
        (lambda s: s.ledger.list(end="2026-02-30"), UsageError, "end", "not a real calendar date"),
        (lambda s: s.reports.report(by="week"), UsageError, "by", "not one of category, month, account"),
        (lambda s: s.reports.report(currency="XYZ"), UsageError, "currency", "not a currency"),
        (lambda s: s.reports.recurring(months=1), UsageError, "months", "at least 2"),
        (lambda s: s.reports.recurring(min_months=1), UsageError, "min_months", "at least 2"),
        (lambda s: s.budget.set_budget("미분류", "5만"), UsageError, "category", "budgets need a category"),
        (lambda s: s.budget.set_budget("식비", "-5"), UsageError, "amount", "negative"),
        (lambda s: s.budget.set_budget("식비", "5만", month="26-1"), UsageError, "month", "YYYY-MM"),
        (lambda s: s.budget.show(currency="XYZ"), UsageError, "currency", "not a currency"),
        (lambda s: s.ledger.rename_category("없음", "x"), NotFoundError, "old", "no transactions or budgets"),
        (lambda s: s.ledger.delete_profile("없음"), NotFoundError, "name", "no import profile named"),
    ],
)
def test_errors_carry_their_field_and_name_no_flag(s: Services, call, error, field: str, words: str) -> None:
    with pytest.raises(error) as info:
        call(s)
    assert info.value.field == field
    assert words in info.value.message
    assert "--" not in info.value.message  # flags are the CLI's business (hints may name them)


def test_edit_errors(s: Services) -> None:
    txn = s.ledger.add("4500", category="카페", tags=["a"], suggest_category=False).txn
    with pytest.raises(UsageError) as nothing:
        s.ledger.edit(txn.id)
    assert nothing.value.message == "nothing to change" and nothing.value.field is None and nothing.value.hint
    for kwargs, field in (
        ({"amount": "abc"}, "amount"),
        ({"add_tags": ["x:y"]}, "add_tags"),
        ({"remove_tags": ["x:y"]}, "remove_tags"),
    ):
        with pytest.raises(UsageError) as info:
            s.ledger.edit(txn.id, **kwargs)
        assert info.value.field == field
    assert s.ledger.edit(txn.id, add_tags=["b"], remove_tags=["a"]).txn.tags == ["b"]
    with pytest.raises(UsageError) as same:
        s.ledger.rename_category("카페", "카페")
    assert same.value.field == "new"


# --- values --------------------------------------------------------------------------------------
def test_list_report_and_budget_values(s: Services) -> None:
    s.ledger.add("3,000,000", kind="income", category="급여", account="통장", on=date(2026, 3, 25))
    s.ledger.add("120,000", category="식비", account="카드", on=date(2026, 3, 5), suggest_category=False)
    s.ledger.add("30,000", category="", on=date(2026, 3, 6), suggest_category=False)
    listed = s.ledger.list(month="2026-03")
    assert (listed.first_day, listed.last_day) == ("2026-03-01", "2026-03-31")
    assert [t.amount for t in listed.transactions] == [3_000_000, 30_000, 120_000]
    total = listed.totals[0]
    assert (total.income, total.expense, total.net, total.count) == (3_000_000, 150_000, 2_850_000, 3)
    rep = s.reports.report(month="2026-03")
    assert (rep.totals.income, rep.totals.expense, rep.totals.savings_rate) == (3_000_000, 150_000, 95.0)
    assert [(r.category, r.kind, r.amount) for r in rep.rows] == [
        ("급여", "income", 3_000_000),
        ("식비", "expense", 120_000),
        (show_category(""), "expense", 30_000),
    ]
    by_account = s.reports.report(month="2026-03", by="account")
    assert {r.key for r in by_account.rows} == {"통장", "카드", show_account("")}
    budget = s.budget.set_budget("식비", "10만", month="2026-03")
    assert (budget.line.base, budget.line.spent, budget.line.over) == (100_000, 120_000, True)
    assert budget.to_json()["alerts"] == budget.alerts
    shown = s.budget.show("2026-03")
    assert [(line.category, line.remaining) for line in shown.lines] == [("식비", -20_000)]
    assert shown.unbudgeted == [(show_category(""), 30_000)]
    assert format_money(-20_000, "KRW") == "-20,000원" and format_money(1250, "USD", signed=True) == "+$12.50"


# --- import ---------------------------------------------------------------------------------------
def test_import_csv_with_a_spec_rules_and_a_saved_profile(s: Services, tmp_path: Path) -> None:
    f = write(
        tmp_path / "card.csv", ["이용일,가맹점명,이용금액", "2026/03/02,스타벅스 강남,5800", "2026/03/03,GS25,2500"]
    )
    spec = ImportSpec(default_account="신한카드", positive="expense")
    dry = s.ledger.import_csv(f, spec, rules=["스타벅스=카페", "GS25=편의점"], save_profile="신한", dry_run=True)
    assert (dry.dry_run, dry.added, dry.saved_profile) == (True, 2, None)
    assert [(r.category, r.account, r.kind) for r in dry.preview] == [
        ("카페", "신한카드", "expense"),
        ("편의점", "신한카드", "expense"),
    ]
    assert s.ledger.list(start="2026-03", end="2026-03").transactions == [] and s.ledger.profiles() == []
    done = s.ledger.import_csv(f, spec, rules=["스타벅스=카페", "GS25=편의점"], save_profile="신한")
    assert (done.added, done.duplicates, done.saved_profile) == (2, 0, "신한")
    assert [p.name for p in s.ledger.profiles()] == ["신한"]
    again = s.ledger.import_csv(f.read_bytes(), name="again.csv", profile="신한")
    assert (again.file, again.added, again.duplicates) == ("again.csv", 0, 2)
    assert s.ledger.delete_profile("신한").to_json() == {"deleted": "신한"}
    assert s.ledger.profiles() == []


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"profile": "없는것"}, "profile"),
        ({"save_profile": "  "}, "save_profile"),
        ({"rules": ["norule"]}, "rules"),
        ({"rules": ["([=x"]}, "rules"),
        ({"rules": ["a=b:c"]}, "rules"),
        ({"spec": ImportSpec(encoding="latin-1")}, "encoding"),
        ({"spec": ImportSpec(delimiter="x")}, "delimiter"),
        ({"spec": ImportSpec(positive="maybe")}, "positive"),
        ({"spec": ImportSpec(no_header=True)}, "no_header"),
        ({"spec": ImportSpec(default_currency="XYZ")}, "currency"),
        ({"spec": ImportSpec(default_account="a:b")}, "account"),
    ],
)
def test_import_option_errors_name_their_field(s: Services, tmp_path: Path, kwargs: dict, field: str) -> None:
    f = write(tmp_path / "t.csv", ["date,amount,memo", "2026-01-02,-5000,x"])
    with pytest.raises((UsageError, NotFoundError)) as info:
        s.ledger.import_csv(f, **kwargs)
    assert info.value.field == field
    assert "--" not in info.value.message


def test_import_file_problems(s: Services, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError) as missing:
        s.ledger.import_csv(tmp_path / "nope.csv")
    assert missing.value.field == "file"
    with pytest.raises(DataError) as undecodable:
        s.ledger.import_csv("날짜,금액\n2026-01-01,5\n".encode("cp949"), ImportSpec(encoding="utf-8"), name="k.csv")
    assert "k.csv line 1: not valid utf-8" in undecodable.value.message
    assert undecodable.value.hint == "try --encoding cp949"
    bad = write(tmp_path / "bad.csv", ["date,amount", "2026-01-02,-5", "01/03/2026,-6", "2026-02-30,-7"])
    with pytest.raises(DataError) as invalid:
        s.ledger.import_csv(bad)
    assert "2 of 3 rows are invalid, nothing was imported" in invalid.value.message
    assert s.ledger.list(start="2026-01", end="2026-02").transactions == []
    dry = s.ledger.import_csv(bad, dry_run=True)
    assert dry.failed and "a real import would import nothing" in dry.failure().message
    assert [e.field for e in dry.errors] == ["date", "date"]
    assert "give --date-format" in str(dry.errors[0])
    skipped = s.ledger.import_csv(bad, skip_invalid=True)
    assert (skipped.added, skipped.invalid, skipped.failed) == (1, 2, False)


def test_import_reports_progress(s: Services, tmp_path: Path) -> None:
    seen: list[tuple[int, int | None]] = []
    result = s.ledger.import_csv(big_csv(tmp_path / "big.csv", 4500), progress=lambda d, t: seen.append((d, t)))
    assert result.added == 4500
    assert (2000, 4500) in seen and (4000, 4500) in seen  # rows read
    assert seen[-1] == (4500, 4500)  # rows saved


def test_a_cancelled_import_writes_nothing(s: Services, tmp_path: Path) -> None:
    f = big_csv(tmp_path / "big.csv", 12000)
    token = CancelToken()

    def cancel_while_saving(done: int, total: int | None) -> None:
        if done == 5000 and total == 12000 and s.ledger.list(start="2025-01", end="2025-12").totals:
            token.cancel()  # the first chunk is in (inside the import's transaction)

    with pytest.raises(CancelledError):
        s.ledger.import_csv(f, save_profile="p", progress=cancel_while_saving, cancel=token)
    assert s.ledger.list(start="2025-01", end="2025-12").transactions == []
    assert s.ledger.profiles() == []
    early = CancelToken()
    early.cancel()
    with pytest.raises(CancelledError):
        s.ledger.import_csv(f, cancel=early)
    assert s.ledger.import_csv(f).added == 12000  # the file itself was fine


# --- export ---------------------------------------------------------------------------------------
def test_export_to_a_path_with_progress_and_cancel(s: Services, tmp_path: Path) -> None:
    s.ledger.import_csv(big_csv(tmp_path / "big.csv", 2500))
    out = tmp_path / "out.json"
    seen: list[tuple[int, int | None]] = []
    result = s.ledger.export("json", out, progress=lambda d, t: seen.append((d, t)))
    assert (result.count, result.format, result.path) == (2500, "json", str(out))
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 2500
    assert seen == [(1000, None), (2000, None), (2500, 2500)]
    token = CancelToken()
    target = tmp_path / "cancelled.csv"
    with pytest.raises(CancelledError):
        s.ledger.export("csv", target, progress=lambda d, t: token.cancel(), cancel=token)
    assert not target.exists() and not (tmp_path / "cancelled.csv.tmp").exists()
    part = s.ledger.export("csv", tmp_path / "march.csv", month="2025-03")
    assert part.count == sum(1 for i in range(2500) if i % 12 == 2)
    with pytest.raises(UsageError) as fmt:
        s.ledger.export("xml", tmp_path / "x.xml")
    assert fmt.value.field == "fmt"
    with pytest.raises(UsageError) as unwritable:
        s.ledger.export("csv", tmp_path / "no" / "dir" / "x.csv")
    assert unwritable.value.field == "output" and "cannot write" in unwritable.value.message
