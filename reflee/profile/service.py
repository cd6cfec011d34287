"""Profile use cases: show the effective profile, set / unset / edit fields.

Income not entered is inferred from the ledger (see ``inference``); what the user enters always wins.
Writes return a ProfileChange (the profile afterwards and the fields written). Errors about a value name the
profile field in their message; an unknown field name is an error with ``field="field"``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from reflee import db
from reflee.dates import local_today, utc_now
from reflee.errors import AbortedError, UsageError
from reflee.i18n import _
from reflee.profile import fields as F
from reflee.profile import store
from reflee.profile.inference import IncomeByMonth, infer
from reflee.profile.models import Profile, ProfileChange, ProfileValue
from reflee.refdata import median_income


@dataclass
class ProfileService:
    conn: sqlite3.Connection
    income_by_month: IncomeByMonth | None = None
    """The ledger's monthly income (ReportService.income_by_month), when reflee has a ledger."""
    today: Callable[[], date] = field(default=local_today)

    # --- reading -----------------------------------------------------------------
    def get(self, on: date | None = None) -> Profile:
        """The effective profile on ``on`` (default today)."""
        on = on or self.today()
        entered = store.live(self.conn)
        values: dict[str, ProfileValue] = {}
        for name, spec in F.FIELDS.items():
            if name in entered:
                value, updated = entered[name]
                values[name] = ProfileValue(name, spec.label, value, spec.show(value), "entered", None, updated)
            else:
                values[name] = ProfileValue(name, spec.label, None, "", None)
        profile = Profile(values, on.isoformat())
        if not any(name in entered for name in F.INCOME_FIELDS):
            self._infer_income(profile, on)
        self._derive_household_income(profile)
        birth = profile.get("birth_date")
        if birth:
            profile.age = F.age_on(birth, on)
        size, monthly = profile.get("household_size"), profile.get("income_monthly_household")
        if size and monthly is not None:
            profile.median_income = median_income.share(monthly, size, on.year)
            if profile.median_income.year != on.year:
                profile.notes.append(
                    f"기준 중위소득: {on.year}년 표가 없어 {profile.median_income.year}년 표로 계산했습니다"
                )
        return profile

    def _infer_income(self, profile: Profile, on: date) -> None:
        got = infer(self.income_by_month, on)
        if got is None:
            return
        annual = got.monthly_krw * 12
        spec = F.FIELDS["income_annual"]
        profile.fields["income_annual"] = ProfileValue(
            "income_annual", spec.label, annual, spec.show(annual), "inferred", got.source + " × 12"
        )
        if profile.get("household_size") == 1:
            spec = F.FIELDS["income_monthly_household"]
            profile.fields["income_monthly_household"] = ProfileValue(
                "income_monthly_household",
                spec.label,
                got.monthly_krw,
                spec.show(got.monthly_krw),
                "inferred",
                got.source + " (1인 가구)",
            )

    def _derive_household_income(self, profile: Profile) -> None:
        """A 1-person household's monthly income is the person's yearly income / 12."""
        annual = profile.fields["income_annual"]
        monthly = profile.fields["income_monthly_household"]
        if profile.get("household_size") != 1 or monthly.value is not None or annual.value is None:
            return
        spec = F.FIELDS["income_monthly_household"]
        value = annual.value // 12
        source = "derived" if annual.source == "entered" else "inferred"
        profile.fields["income_monthly_household"] = ProfileValue(
            "income_monthly_household",
            spec.label,
            value,
            spec.show(value),
            source,
            _("{label} ÷ 12 (1-person household)").format(label=annual.label),
        )

    # --- writing -----------------------------------------------------------------
    def set(self, field: str, text: str) -> ProfileChange:
        """Set one field (its name or Korean label) from what the user typed; checked before it is saved."""
        return self.update({field: text})

    def unset(self, field: str) -> ProfileChange:
        """Remove a field's value; ``changed`` tells whether it had one."""
        spec = F.resolve(field)
        with db.transaction(self.conn):
            removed = store.remove(self.conn, spec.name, utc_now())
        return ProfileChange(self.get(), [spec.name], removed)

    def update(self, changes: dict[str, str | None]) -> ProfileChange:
        """Set (text) or unset (None) several fields at once: all are checked first, then saved together."""
        parsed = self.check(changes)
        now = utc_now()
        with db.transaction(self.conn):
            for name, value in parsed.items():
                if value is None:
                    store.remove(self.conn, name, now)
                else:
                    store.put(self.conn, name, value, now)
        return ProfileChange(self.get(), list(parsed))

    # --- editing as text (reflee profile edit) --------------------------------------
    def template(self) -> str:
        """The profile as the text a person edits: one ``field = value`` line per field, with hints."""
        from reflee.profile import template

        return template.render(self.get())

    def update_from_text(self, text: str) -> ProfileChange:
        """Save what changed in an edited ``template()``: a line left as it was changes nothing, an emptied
        value clears the field. Raises AbortedError when nothing changed."""
        from reflee.profile import template

        wanted = template.parse(text)
        current = self.get()
        before = {name: template.render_value(name, current.fields[name]) for name in wanted}
        changes = {name: value for name, value in wanted.items() if value != before[name]}
        if not changes:
            raise AbortedError(_("no changes; nothing was saved"))
        return self.update(changes)

    def check(self, changes: dict[str, str | None]) -> dict[str, Any]:
        """Validated values by canonical field name (None = unset); raises UsageError naming the field."""
        current = store.live(self.conn)
        out: dict[str, Any] = {}
        for raw_name, text in changes.items():
            spec = F.resolve(raw_name)
            if text is None:
                out[spec.name] = None
            elif spec.name == "traits":
                out[spec.name] = F.parse_traits(text, spec.name, (current.get("traits") or (None, ""))[0])
            else:
                if not text.strip():
                    raise UsageError(
                        _("{name}: empty value; use 'reflee profile unset {name}' to clear it").format(name=spec.name)
                    )
                out[spec.name] = spec.parse(text, spec.name)
        return out

    def entered(self) -> dict[str, Any]:
        return {name: value for name, (value, _) in store.live(self.conn).items()}
