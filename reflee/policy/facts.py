"""What matching knows about the user: the effective profile turned into answers to the questions a
condition asks ('is the user a jobseeker?' -> True / False / None for "cannot tell")."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from reflee.refdata import regions, vocab

HOUSED = {"owner"}
NOT_HOUSED = {"jeonse", "monthly_rent", "public_rental", "dormitory"}


@dataclass(frozen=True)
class Facts:
    age: int | None = None
    region: str | None = None
    """The profile's region as today's code (None when not set or no longer resolvable)."""
    region_options: tuple[str, ...] = ()
    """Today's codes the region stands for (several when an old code was split)."""
    gender: str | None = None
    employment: str | None = None
    education: str | None = None
    major: str | None = None
    marital: str | None = None
    housing: str | None = None
    traits: frozenset[str] | None = None
    """None when the user never said; an empty set means 'none of them'."""
    household_size: int | None = None
    income_annual: int | None = None
    income_inferred: bool = False
    """The yearly income is an estimate from the ledger, not what the user entered."""
    median_pct: Decimal | None = None
    median_inferred: bool = False

    @classmethod
    def from_profile(cls, profile: Any) -> Facts:
        """From reflee.profile's Profile (read through its attributes: domains meet at the service)."""
        if profile is None:
            return cls()
        get = profile.get
        region = get("region")
        options = regions.current(region) if region else ()
        traits = get("traits")
        share = profile.median_income
        annual_source = profile.fields["income_annual"].source
        monthly_source = profile.fields["income_monthly_household"].source
        return cls(
            age=profile.age,
            region=options[0] if len(options) == 1 else None,
            region_options=tuple(options),
            gender=get("gender"),
            employment=get("employment"),
            education=get("education"),
            major=get("major"),
            marital=get("marital"),
            housing=get("housing"),
            traits=frozenset(traits) if traits is not None else None,
            household_size=get("household_size"),
            income_annual=get("income_annual"),
            income_inferred=annual_source == "inferred",
            median_pct=share.percent if share else None,
            median_inferred=monthly_source == "inferred",
        )

    # --- targets: True / False / None (cannot tell) ------------------------------------------------------
    def trait(self, name: str) -> bool | None:
        if self.traits is not None and name in self.traits:
            return True
        derived = self._derived(name)
        if derived is not None:
            return derived
        return None if self.traits is None else False

    def _derived(self, name: str) -> bool | None:
        if name == "one_person_household" and self.household_size is not None:
            return self.household_size == 1
        if name == "no_house" and self.housing is not None:
            if self.housing in HOUSED:
                return False
            if self.housing in NOT_HOUSED:
                return True
        if name == "farmer" and self.employment == "farmer":
            return True
        if name == "small_business" and self.employment in ("self_employed", "founder"):
            return True
        return None

    def target(self, name: str) -> bool | None:
        """Whether the user is what a policy aims at (a trait, or a status worked out from other fields)."""
        if name in ("female", "male"):
            return None if self.gender is None else self.gender == name
        if name == "worker":
            return _among(self.employment, {"employed", "day_laborer", "short_term"}, unsure={"freelancer", "other"})
        if name == "jobseeker":
            return _among(self.employment, {"unemployed"}, unsure={"other"})
        if name in ("elementary_student", "middle_student"):
            return _among(self.education, set(), unsure={"below_hs", "other"})
        if name == "high_school_student":
            return _among(self.education, {"hs_student", "hs_grad_expected"}, unsure={"below_hs", "other"})
        if name == "university_student":
            return _among(self.education, {"college_student", "college_grad_expected"}, unsure={"graduate", "other"})
        if name == "other":
            return None
        return self.trait(name)

    def label(self, name: str) -> str:
        return vocab.TARGETS.get(name, name)

    def asks(self, name: str) -> str:
        """Which profile field settles a target: for the hint on an unknown."""
        if name in ("female", "male"):
            return "성별"
        if name in ("worker", "jobseeker"):
            return "취업상태"
        if name.endswith("_student"):
            return "학력"
        return {
            "one_person_household": "가구원 수",
            "no_house": "주거형태",
            "farmer": "취업상태",
            "small_business": "취업상태",
        }.get(name, "특성")

    def describe(self, name: str) -> str:
        """The user's side of a target they do not meet: '미취업자', '대학 졸업', '장애인 아님'."""
        if name in ("worker", "jobseeker") and self.employment:
            return vocab.label(vocab.EMPLOYMENT, self.employment)
        if name.endswith("_student") and self.education:
            return vocab.label(vocab.EDUCATION, self.education)
        if name in ("female", "male") and self.gender:
            return vocab.label(vocab.GENDER, self.gender)
        return f"{self.label(name)} 아님"


def _among(value: str | None, yes: set[str], *, unsure: set[str]) -> bool | None:
    if value is None or value in unsure:
        return None
    return value in yes
