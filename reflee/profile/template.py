"""The text a user edits in ``reflee profile edit``: one ``field = value`` line per field.

A line with an empty value clears that field; a line that is removed leaves the field as it was.
"""

from __future__ import annotations

import re

from reflee.errors import UsageError
from reflee.i18n import N_, _
from reflee.profile import fields as F
from reflee.profile.models import Profile, ProfileValue

HEADER = N_(
    '# Your profile: one "field = value" per line. Leave a value empty to clear it.\n'
    "# Lines starting with '#' are ignored. Values are checked when you save and quit.\n"
)


def render(profile: Profile) -> str:
    lines = [_(HEADER)]
    for name, spec in F.FIELDS.items():
        pv = profile.fields[name]
        lines.append(f"# {spec.label}: {_(spec.hint)}")
        if pv.source == "inferred":
            lines.append(f"# (지금은 추정값 {pv.display} — {pv.inferred_from}; 입력하면 입력값이 우선합니다)")
        lines.append(f"{name} = {render_value(name, pv) or ''}")
        lines.append("")
    return "\n".join(lines)


def render_value(name: str, pv: ProfileValue) -> str | None:
    """The text a field shows in the template (None when the user has not entered it)."""
    if pv.source != "entered" or pv.value is None:
        return None
    return _editable(name, pv.value)


def _editable(name: str, value: object) -> str:
    if name == "traits":
        return ", ".join(F.FIELDS["traits"].show(value).split(", ")) if value else "없음"
    if name in F.INCOME_FIELDS or name == "region":  # 1,800만원 and 서울특별시 관악구, when they read back the same
        shown = re.sub(r"\s*\(\d+\)$", "", F.FIELDS[name].show(value))
        try:
            same = F.FIELDS[name].parse(shown, name) == value
        except UsageError:
            same = False
        return shown if same else str(value)
    if name in ("birth_date", "household_size"):
        return str(value)
    return F.FIELDS[name].show(value)


def parse(text: str) -> dict[str, str | None]:
    """field -> new text (None to clear) for every field line in ``text``. Raises UsageError naming the line."""
    out: dict[str, str | None] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if "=" not in line:
            raise UsageError(
                _("profile line {number}: expected 'field = value', got {strip!r}").format(
                    number=number, strip=raw.strip()
                )
            )
        key, value = (part.strip() for part in line.split("=", 1))
        try:
            spec = F.resolve(key)
        except UsageError:
            raise UsageError(_("profile line {number}: unknown field {key!r}").format(number=number, key=key)) from None
        if spec.name in out:
            raise UsageError(_("profile line {number}: {name} appears twice").format(number=number, name=spec.name))
        out[spec.name] = value or None
    return out
