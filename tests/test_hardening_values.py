"""The odd values: digits that are not 0-9, a bracketed amount with a sign, over-precise decimals, amounts over
the 1조 limit through CSV import's fast path, NUL bytes anywhere in a CSV, and dates beyond year 9999."""

from __future__ import annotations

from pathlib import Path

import pytest

from reflee.errors import ExitCode, UsageError
from reflee.ledger.amounts import MAX_MINOR, read_amount


@pytest.mark.parametrize("text", ["①", "١٢٣", "๑๒๓", "²", "४५००", "1②"])
def test_digits_other_than_0_to_9_are_refused(cli, text: str) -> None:
    result = cli("ledger", "add", text)
    assert result.code == ExitCode.USAGE, result.out
    assert "write amounts with the digits 0-9" in result.err
    assert cli("ledger", "list", "--json").json["transactions"] == []


def test_full_width_digits_still_read_as_digits() -> None:
    assert read_amount("１２,０００원").minor == 12000


@pytest.mark.parametrize("text", ["(-4,500)", "(+4,500)", "( -4500 )"])
def test_a_bracketed_amount_with_a_sign_is_refused(text: str) -> None:
    with pytest.raises(UsageError, match=r"more than one sign|not a number"):
        read_amount(text)
    assert read_amount("(4,500)").minor == -4500


@pytest.mark.parametrize(
    "text",
    ["12.50000000000000000000000000001 USD", "1.00000000000000000000000000001만", "0.0000000000000000000000000000001"],
)
def test_over_precise_decimals_are_refused_not_rounded(text: str) -> None:
    with pytest.raises(UsageError, match="more precision"):
        read_amount(text)
    assert read_amount("12.500000000000000000000000000000000 USD").minor == 1250


def _import(cli, tmp_path: Path, body: bytes, *args: str):
    path = tmp_path / "bank.csv"
    path.write_bytes(body)
    return cli("ledger", "import", str(path), *args)


def test_csv_import_enforces_the_1jo_limit_like_ledger_add(cli, tmp_path: Path) -> None:
    assert cli("ledger", "add", "5000000000000").code == ExitCode.USAGE
    result = _import(cli, tmp_path, "날짜,금액\n2026-01-06,5000000000000\n".encode())
    assert result.code == ExitCode.DATA, result.err
    assert "line 2" in result.err and "too large" in result.err
    assert cli("ledger", "list", "--month", "2026-01", "--json").json["transactions"] == []
    limit = _import(cli, tmp_path, f"날짜,금액\n2026-01-06,{MAX_MINOR}\n".encode())
    assert limit.code == 0, limit.err


def test_rows_of_999jo_cannot_break_list_and_report(cli, tmp_path: Path) -> None:
    rows = "".join(f"2026-01-{d % 28 + 1:02d},-999000000000000,m{d}\n" for d in range(9300))  # sums past 2⁶³
    refused = _import(cli, tmp_path, ("날짜,금액,메모\n" + rows).encode())
    assert refused.code == ExitCode.DATA and "too large" in refused.err
    assert cli("ledger", "list", "--month", "2026-01").code == 0
    assert cli("ledger", "report", "--month", "2026-01").code == 0


def test_nul_bytes_after_the_first_64_kb_are_refused_with_their_line(cli, tmp_path: Path) -> None:
    head = "날짜,금액,메모\n" + "".join(f"2026-01-05,-100,row {i:06d} padding padding\n" for i in range(2500))
    assert len(head.encode()) > 65536
    body = head.encode() + b"2026-01-06,-200,bad\x00memo\n"
    result = _import(cli, tmp_path, body)
    assert result.code == ExitCode.DATA
    assert "line 2502" in result.err and "NUL byte" in result.err
    assert cli("ledger", "list", "--month", "2026-01", "--json").json["transactions"] == []


@pytest.mark.parametrize("text", ["100000 years ago", "1000000000일 전", "99999999999999999999 days ago", "9999년 후"])
def test_dates_beyond_what_can_be_stored_are_usage_errors(cli, text: str) -> None:
    result = cli("ledger", "add", "100", "--date", text)
    assert result.code == ExitCode.USAGE, result.err
    assert "outside the dates reflee can store" in result.err
    assert cli("retro", "add", "x", "--date", text).code == ExitCode.USAGE
