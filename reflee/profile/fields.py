"""The profile's fields: names, Korean labels, how a typed value is read and checked, how it is shown.

A value is stored as JSON: dates and codes as strings, amounts as whole won (int), traits as a list.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from reflee.dates import local_today, parse_date
from reflee.errors import UsageError
from reflee.profile.models import FIELD_LABELS as L
from reflee.profile.money import format_krw, parse_krw
from reflee.refdata import regions, vocab

MAX_AGE = 120
MAX_HOUSEHOLD = 20


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    """Korean label shown to people."""
    hint: str
    """What to type, shown in help, errors and the edit template."""
    parse: Callable[[str, str], Any]
    show: Callable[[Any], str]


def _birth_date(text: str, field: str) -> str:
    day = parse_date(text, field=field)
    today = local_today()
    if day > today:
        raise UsageError(f"{field}: {day.isoformat()} is in the future")
    if today.year - day.year > MAX_AGE:
        raise UsageError(f"{field}: {day.isoformat()} would make you older than {MAX_AGE}")
    return day.isoformat()


def age_on(birth: str, on: date) -> int:
    """만 나이: full years since the birth date."""
    b = date.fromisoformat(birth)
    return on.year - b.year - ((on.month, on.day) < (b.month, b.day))


def _region(text: str, field: str) -> str:
    s = text.strip()
    codes = regions.lookup(s)
    if not codes:
        raise UsageError(f"{field}: {s!r} is not a known 시도/시군구 code or name (e.g. 11620, '서울 관악구', '부산')")
    if len(codes) > 1:
        options = ", ".join(f"{regions.full_name(c)} ({c})" for c in codes[:8])
        more = " …" if len(codes) > 8 else ""
        if s.isdigit():
            raise UsageError(f"{field}: {s} is a retired code, split into {options}; give one of these codes")
        raise UsageError(f"{field}: {s!r} could be {options}{more}; give the code or add the 시도 (e.g. '서울 중구')")
    return codes[0]


def _household(text: str, field: str) -> int:
    s = text.strip().removesuffix("명").removesuffix("인").strip()
    if not s.isdigit() or not 1 <= int(s) <= MAX_HOUSEHOLD:
        raise UsageError(f"{field}: {text!r} is not a number of people from 1 to {MAX_HOUSEHOLD}")
    return int(s)


def _choice(vocab_table: vocab.Vocab) -> Callable[[str, str], str]:
    def parse(text: str, field: str) -> str:
        value = vocab.parse(vocab_table, text)
        if value is None:
            raise UsageError(f"{field}: {text.strip()!r} is not one of {vocab.choices(vocab_table)}")
        return value

    return parse


NONE_WORDS = {"none", "없음", "해당없음", "해당 없음", "-"}


def parse_traits(text: str, field: str, current: list[str] | None = None) -> list[str]:
    """'장애인, 무주택' sets the list; '+한부모' / '-무주택' add to or remove from ``current``; '없음' empties it."""
    s = unicodedata.normalize("NFKC", text).strip()
    if s.lower() in NONE_WORDS:
        return []
    items = [part.strip() for part in s.replace("，", ",").split(",") if part.strip()]
    if not items:
        raise UsageError(f"{field}: empty; list traits separated by commas, or '없음' for none")
    relative = all(i[0] in "+-" for i in items)
    if any(i[0] in "+-" for i in items) and not relative:
        raise UsageError(f"{field}: mix of '+x' and plain names; use either a full list or only +x/-x changes")
    out = set(current or []) if relative else set()
    for item in items:
        sign, word = (item[0], item[1:].strip()) if relative else ("+", item)
        value = vocab.parse(vocab.TRAITS, word)
        if value is None:
            raise UsageError(f"{field}: {word!r} is not a known trait; choose from {vocab.choices(vocab.TRAITS)}")
        (out.add if sign == "+" else out.discard)(value)
    return sorted(out, key=list(vocab.TRAITS).index)


def _show_traits(values: list[str]) -> str:
    return ", ".join(vocab.label(vocab.TRAITS, v) for v in values) if values else "없음"


def _show_region(code: str) -> str:
    return f"{regions.full_name(code)} ({code})"


def _show_choice(table: vocab.Vocab) -> Callable[[str], str]:
    return lambda v: vocab.label(table, v)


FIELDS: dict[str, Field] = {
    f.name: f
    for f in [  # labels from FIELD_LABELS, so reading them needs no parser
        Field("birth_date", L["birth_date"], "YYYY-MM-DD, e.g. 1997-03-02", _birth_date, str),
        Field("gender", L["gender"], "남성 or 여성", _choice(vocab.GENDER), _show_choice(vocab.GENDER)),
        Field("region", L["region"], "시군구 code or name, e.g. 11620 or '서울 관악구'", _region, _show_region),
        Field(
            "household_size",
            L["household_size"],
            "number of people in the household, e.g. 1",
            _household,
            lambda n: f"{n}명",
        ),
        Field("income_annual", L["income_annual"], "your yearly income, e.g. 3600만원", parse_krw, format_krw),
        Field(
            "income_monthly_household",
            L["income_monthly_household"],
            "the household's monthly income, e.g. 420만원",
            parse_krw,
            format_krw,
        ),
        Field(
            "employment",
            L["employment"],
            vocab.choices(vocab.EMPLOYMENT),
            _choice(vocab.EMPLOYMENT),
            _show_choice(vocab.EMPLOYMENT),
        ),
        Field(
            "education",
            L["education"],
            vocab.choices(vocab.EDUCATION),
            _choice(vocab.EDUCATION),
            _show_choice(vocab.EDUCATION),
        ),
        Field("major", L["major"], vocab.choices(vocab.MAJOR), _choice(vocab.MAJOR), _show_choice(vocab.MAJOR)),
        Field(
            "marital", L["marital"], vocab.choices(vocab.MARITAL), _choice(vocab.MARITAL), _show_choice(vocab.MARITAL)
        ),
        Field(
            "housing", L["housing"], vocab.choices(vocab.HOUSING), _choice(vocab.HOUSING), _show_choice(vocab.HOUSING)
        ),
        Field(
            "traits",
            L["traits"],
            "comma list (장애인, 한부모가정, 기초생활수급자, 다자녀가구, 무주택 …), '+x'/'-x' to change, 없음 for none",
            parse_traits,
            _show_traits,
        ),
    ]
}
INCOME_FIELDS = ("income_annual", "income_monthly_household")


def resolve(name: str) -> Field:
    """A field by its name or Korean label ('birth_date', '생년월일', 'birth-date')."""
    key = unicodedata.normalize("NFKC", name).strip().lower().replace("-", "_").replace(" ", "")
    for f in FIELDS.values():
        if key in (f.name, f.label.replace(" ", "")):
            return f
    valid = ", ".join(f"{f.name} ({f.label})" for f in FIELDS.values())
    raise UsageError(f"unknown profile field {name!r}; valid fields: {valid}", field="field")
