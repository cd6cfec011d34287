"""The amount parser: what people type becomes exact integer minor units, or one clear error."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reflee.errors import UsageError
from reflee.ledger.amounts import CURRENCIES, MAX_MINOR, Money, format_money, format_plain, parse_amount


@pytest.mark.parametrize(
    ("text", "minor", "currency"),
    [
        ("12000", 12000, "KRW"),
        ("12,000", 12000, "KRW"),
        ("12,000원", 12000, "KRW"),
        ("₩12,000", 12000, "KRW"),
        ("￦12,000", 12000, "KRW"),  # full-width won sign, as Korean keyboards type it
        ("１２，０００원", 12000, "KRW"),
        ("3만원", 30000, "KRW"),
        ("3.5만", 35000, "KRW"),
        ("1억 2천만원", 120_000_000, "KRW"),
        ("1억2천만", 120_000_000, "KRW"),
        ("12만 5000원", 125_000, "KRW"),
        ("1만 2천원", 12_000, "KRW"),
        ("2천5백원", 2_500, "KRW"),
        ("만원", 10_000, "KRW"),
        ("천만원", 10_000_000, "KRW"),
        ("1,000만원", 10_000_000, "KRW"),
        ("삼만 오천원", 35_000, "KRW"),
        ("1.5억", 150_000_000, "KRW"),
        ("$12.50", 1250, "USD"),
        ("12.50 USD", 1250, "USD"),
        ("USD 12.50", 1250, "USD"),
        ("12.5 usd", 1250, "USD"),
        ("$1,234.56", 123456, "USD"),
        ("€3", 300, "EUR"),
        ("¥1,200", 1200, "JPY"),
        ("3.5만 엔", 35000, "JPY"),
        ("1.005 KWD", 1005, "KWD"),
        ("-4,500", -4500, "KRW"),
        ("(4,500)", -4500, "KRW"),
        ("-$5", -500, "USD"),
        ("1조", MAX_MINOR, "KRW"),
    ],
)
def test_reads_what_people_type(text: str, minor: int, currency: str) -> None:
    assert parse_amount(text) == Money(minor, currency)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("abc", "not a number"),
        ("12,00", "ambiguous"),
        ("1,2000", "ambiguous"),
        ("12.000", "ambiguous"),
        ("1.234.567", "not a number"),
        ("1.5", "more precision than KRW"),
        ("$1.005", "ambiguous"),
        ("$0.001", "more precision than USD"),
        ("₩12 USD", "two currencies"),
        ("12 XYZ", "not a currency"),
        ("1e5", "not a number"),
        ("nan", "not a number"),
        ("inf", "not a number"),
        ("--5", "more than one sign"),
        ("12 34", "space inside a number"),
        ("만만", "out of order"),
        ("3만 2만", "out of order"),
        ("1조 1원", "too large"),
        ("99999999999999999999", "too large"),
        ("1" * 70, "too long"),
    ],
)
def test_bad_amounts_name_the_field_and_the_reason(text: str, reason: str) -> None:
    with pytest.raises(UsageError) as info:
        parse_amount(text, field="AMOUNT")
    assert info.value.message.startswith("AMOUNT: ")
    assert reason in info.value.message


@pytest.mark.parametrize(("text", "cents"), [("0.29 USD", 29), ("1.15 USD", 115), ("4.35 USD", 435), ("$0.57", 57)])
def test_no_float_rounding(text: str, cents: int) -> None:
    """Each of these comes out one cent short if it goes through a float (e.g. 4.35 * 100 = 434.999…)."""
    assert int(float(text.split()[0].strip("$")) * 100) != cents
    assert parse_amount(text).minor == cents


@given(st.integers(1, MAX_MINOR), st.sampled_from(sorted(CURRENCIES)))
def test_formatted_amounts_read_back_exactly(minor: int, currency: str) -> None:
    assert parse_amount(format_money(minor, currency), "KRW") == Money(minor, currency)
    assert parse_amount(f"{format_plain(minor, currency)} {currency}") == Money(minor, currency)


@given(st.integers(0, 9999), st.integers(0, 9999), st.integers(0, 9999))
def test_korean_units_add_up(eok: int, man: int, rest: int) -> None:
    parts = [f"{eok}억" if eok else "", f"{man}만" if man else "", f"{rest:,}" if rest else ""]
    text = " ".join(p for p in parts if p)
    if not text:
        return
    assert parse_amount(text + "원").minor == eok * 10**8 + man * 10**4 + rest


def test_the_currency_setting_lists_the_known_currencies() -> None:
    from reflee.config import SETTINGS

    assert set(SETTINGS["ledger.currency"].choices) == set(CURRENCIES)
