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
from reflee.i18n import N_, _
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
        raise UsageError(_("{field}: {isoformat} is in the future").format(field=field, isoformat=day.isoformat()))
    if today.year - day.year > MAX_AGE:
        raise UsageError(
            _("{field}: {isoformat} would make you older than {max_age}").format(
                field=field, isoformat=day.isoformat(), max_age=MAX_AGE
            )
        )
    return day.isoformat()


def age_on(birth: str, on: date) -> int:
    """만 나이: full years since the birth date."""
    b = date.fromisoformat(birth)
    return on.year - b.year - ((on.month, on.day) < (b.month, b.day))


def _region(text: str, field: str) -> str:
    s = text.strip()
    codes = regions.lookup(s)
    old = regions.split_of(codes) if len(codes) > 1 else None
    if old:
        options = ", ".join(f"{regions.full_name(c)} ({c})" for c in codes)
        raise UsageError(
            _(
                "{field}: {old} was split; which one do you live in: {options}? "
                "Give one of them, or add your 동 (e.g. '{example}')"
            ).format(
                field=field,
                old=regions.full_name(old),
                options=options,
                example=f"{regions.full_name(old)} {_example_dong(old)}",
            )
        )
    if not codes:
        raise UsageError(
            _("{field}: {s!r} is not a known 시도/시군구 code or name (e.g. 11620, '서울 관악구', '부산')").format(
                field=field, s=s
            )
        )
    if len(codes) > 1:
        options = ", ".join(f"{regions.full_name(c)} ({c})" for c in codes[:8])
        more = " …" if len(codes) > 8 else ""
        if s.isdigit():
            raise UsageError(
                _("{field}: {s} is a retired code, split into {options}; give one of these codes").format(
                    field=field, s=s, options=options
                )
            )
        raise UsageError(
            _("{field}: {s!r} could be {options}{more}; give the code or add the 시도 (e.g. '서울 중구')").format(
                field=field, s=s, options=options, more=more
            )
        )
    return codes[0]


def _example_dong(old: str) -> str:
    from reflee.refdata.region_table import SPLIT_DONG

    return next(iter(SPLIT_DONG.get(old, {}).values()), "○○동").split()[0]


def _children(text: str, field: str) -> int:
    s = text.strip().removesuffix("명").strip()
    if s in NONE_WORDS:
        return 0
    if not s.isdigit() or int(s) > MAX_HOUSEHOLD:
        raise UsageError(
            _("{field}: {text} is not a number of children from 0 to {max}").format(
                field=field, text=repr(text), max=MAX_HOUSEHOLD
            )
        )
    return int(s)


def parse_employment(text: str, field: str) -> str | list[str]:
    """One status ('재직자') or several at once ('학생, 자영업자'): a list when several."""
    parse = _choice(vocab.EMPLOYMENT)
    values = {parse(part, field) for part in text.replace("，", ",").replace("+", ",").split(",") if part.strip()}
    if not values:
        raise UsageError(_("{field}: empty; give one status or several separated by commas").format(field=field))
    ordered = sorted(values, key=list(vocab.EMPLOYMENT).index)
    return ordered[0] if len(ordered) == 1 else ordered


def _show_employment(value: str | list[str]) -> str:
    values = [value] if isinstance(value, str) else value
    return ", ".join(vocab.label(vocab.EMPLOYMENT, v) for v in values)


def _household(text: str, field: str) -> int:
    s = text.strip().removesuffix("명").removesuffix("인").strip()
    if not s.isdigit() or not 1 <= int(s) <= MAX_HOUSEHOLD:
        raise UsageError(
            _("{field}: {text!r} is not a number of people from 1 to {max_household}").format(
                field=field, text=text, max_household=MAX_HOUSEHOLD
            )
        )
    return int(s)


def _choice(vocab_table: vocab.Vocab) -> Callable[[str, str], str]:
    def parse(text: str, field: str) -> str:
        value = vocab.parse(vocab_table, text)
        if value is None:
            raise UsageError(
                _("{field}: {strip!r} is not one of {choices}").format(
                    field=field, strip=text.strip(), choices=vocab.choices(vocab_table)
                )
            )
        return value

    return parse


NONE_WORDS = {"none", "없음", "해당없음", "해당 없음", "-", "0"}
REST_NONE = {"그 외 없음", "그외 없음", "나머지 없음", "others none", "no others"}
_NOT = ("아님", "없음", "해당없음", "아니다", "아니요")


def parse_traits(text: str, field: str, current: list[str] | None = None) -> list[str] | None:
    """What the user is, is not, or has not said: '장애인, 무주택' (these; the others not said), '장애인,
    수급자 아님' (and not that), '장애인, 그 외 없음' (and none of the others), '없음' (none at all).
    '+한부모' / '-무주택' / '!수급자' change ``current``: add, forget (back to not said), say it does not apply.
    Stored as a list: 'x' has it, '!x' has it not, '!*' none of the rest; [] is none at all. None when
    nothing is known any more (the field is cleared)."""
    s = unicodedata.normalize("NFKC", text).strip()
    if s.lower() in NONE_WORDS:
        return []
    items = [part.strip() for part in s.replace("，", ",").split(",") if part.strip()]
    if not items:
        raise UsageError(_("{field}: empty; list traits separated by commas, or '없음' for none").format(field=field))
    relative = all(i[0] in "+-!" for i in items)
    if any(i[0] in "+-" for i in items) and not relative:
        raise UsageError(
            _("{field}: mix of '+x' and plain names; use either a full list or only +x/-x changes").format(field=field)
        )
    state: dict[str, bool] = {}
    if relative:
        old = current if isinstance(current, list) else []
        state = {v.lstrip("!"): not v.startswith("!") for v in old}
        if old == []:
            state["*"] = False
    for item in items:
        if item.lower() in REST_NONE:
            state["*"] = False
            continue
        sign, word = (item[0], item[1:].strip()) if item[0] in "+-!" else ("+", item)
        for suffix in _NOT:
            if word.endswith(suffix) and len(word) > len(suffix):
                sign, word = "!", word[: -len(suffix)].strip()
                break
        value = vocab.parse(vocab.TRAITS, word)
        if value is None:
            raise UsageError(
                _("{field}: {word!r} is not a known trait; choose from {choices}").format(
                    field=field, word=word, choices=vocab.choices(vocab.TRAITS)
                )
            )
        if sign == "-":
            state.pop(value, None)
        else:
            state[value] = sign == "+"
    order = list(vocab.TRAITS)
    out = [v if state[v] else f"!{v}" for v in sorted((k for k in state if k != "*"), key=order.index)]
    if state.get("*") is False:
        out.append("!*")
    if out == ["!*"]:
        return []
    return out or None


def traits_state(value: list[str] | None) -> dict[str, bool]:
    """The stored list as {trait: has it}, '*' for every trait not named (absent when not said)."""
    if value is None:
        return {}
    if not value:
        return {"*": False}
    return {v.lstrip("!"): not v.startswith("!") for v in value}


def _show_traits(values: list[str]) -> str:
    if not values:
        return "없음"
    yes = [vocab.label(vocab.TRAITS, v) for v in values if not v.startswith("!")]
    no = [vocab.label(vocab.TRAITS, v[1:]) for v in values if v.startswith("!") and v != "!*"]
    parts = [", ".join(yes)] if yes else []
    if no:
        parts.append(", ".join(f"{n} 아님" for n in no))
    if "!*" in values:
        parts.append("그 외 없음")
    return ", ".join(parts)


def _show_region(code: str) -> str:
    return f"{regions.full_name(code)} ({code})"


def _show_choice(table: vocab.Vocab) -> Callable[[str], str]:
    return lambda v: vocab.label(table, v)


FIELDS: dict[str, Field] = {
    f.name: f
    for f in [  # labels from FIELD_LABELS, so reading them needs no parser
        Field("birth_date", L["birth_date"], N_("YYYY-MM-DD, e.g. 1997-03-02"), _birth_date, str),
        Field("gender", L["gender"], N_("남성 or 여성"), _choice(vocab.GENDER), _show_choice(vocab.GENDER)),
        Field("region", L["region"], N_("시군구 code or name, e.g. 11620 or '서울 관악구'"), _region, _show_region),
        Field(
            "household_size",
            L["household_size"],
            N_("number of people in the household, e.g. 1"),
            _household,
            lambda n: f"{n}명",
        ),
        Field(
            "children",
            L["children"],
            N_("how many children you have, e.g. 2 (0 for none)"),
            _children,
            lambda n: f"{n}명",
        ),
        Field("income_annual", L["income_annual"], N_("your yearly income, e.g. 3600만원"), parse_krw, format_krw),
        Field(
            "income_monthly_household",
            L["income_monthly_household"],
            N_("the household's monthly income, e.g. 420만원"),
            parse_krw,
            format_krw,
        ),
        Field(
            "employment",
            L["employment"],
            vocab.choices(vocab.EMPLOYMENT) + "; several at once with commas (학생, 자영업자)",
            parse_employment,
            _show_employment,
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
            N_(
                "comma list (장애인, 기초생활수급자, 차상위계층, 자립준비청년, 결혼예정, 무주택 …); "
                "'x 아님' for one that does not apply, '그 외 없음' for none of the rest, "
                "'+x'/'-x'/'!x' to change, 없음 for none at all"
            ),
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
    raise UsageError(
        _("unknown profile field {name!r}; valid fields: {valid}").format(name=name, valid=valid), field="field"
    )
