"""What matching knows about the user: the effective profile turned into answers to the questions a
condition asks ('is the user a jobseeker?' -> True / False / None for "cannot tell")."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from reflee.i18n import _
from reflee.refdata import regions, vocab

HOUSED = {"owner"}
NOT_HOUSED = {"jeonse", "monthly_rent", "public_rental", "dormitory"}
WORKING = {"employed", "day_laborer", "short_term"}
POOR_PCT = 75
"""Above this share of 기준 중위소득 a household is neither 기초생활수급 nor 차상위 (both are at most 50 % of
소득인정액, which is never below income by much)."""
MULTI_CHILD = 3
"""다자녀 is 3 children or more everywhere; 2 counts in some places only (so 2 children cannot tell)."""


@dataclass(frozen=True)
class Facts:
    age: int | None = None
    region: str | None = None
    """The profile's region as today's code (None when not set or no longer resolvable)."""
    region_options: tuple[str, ...] = ()
    """Today's codes the region stands for (several when an old code was split)."""
    gender: str | None = None
    employment: frozenset[str] | None = None
    """Every employment status that applies (a student who runs a shop: student and self_employed)."""
    education: str | None = None
    major: str | None = None
    marital: str | None = None
    housing: str | None = None
    traits: Mapping[str, bool] = field(default_factory=dict)
    """Each trait the user said they have (True) or have not (False); '*' for every other one when given."""
    children: int | None = None
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
        employment = get("employment")
        if isinstance(employment, str):
            employment = [employment]
        share = profile.median_income
        annual_source = profile.fields["income_annual"].source
        monthly_source = profile.fields["income_monthly_household"].source
        return cls(
            age=profile.age,
            region=options[0] if len(options) == 1 else None,
            region_options=tuple(options),
            gender=get("gender"),
            employment=frozenset(employment) if employment else None,
            education=get("education"),
            major=get("major"),
            marital=get("marital"),
            housing=get("housing"),
            traits=_traits(get("traits")),
            children=get("children") if "children" in profile.fields else None,
            household_size=get("household_size"),
            income_annual=get("income_annual"),
            income_inferred=annual_source == "inferred",
            median_pct=share.percent if share else None,
            median_inferred=monthly_source == "inferred",
        )

    # --- targets: True / False / None (cannot tell) ------------------------------------------------------
    def trait(self, name: str) -> bool | None:
        said = self.traits.get(name)
        if said is not None:
            return said
        derived = self._derived(name)
        if derived is not None:
            return derived
        return self.traits.get("*")

    def _derived(self, name: str) -> bool | None:
        jobs = self.employment or frozenset()
        if name == "one_person_household" and self.household_size is not None:
            return self.household_size == 1
        if name == "no_house" and self.housing is not None:
            if self.housing in HOUSED:
                return False
            if self.housing in NOT_HOUSED:
                return True
        if name == "multi_child" and self.children is not None:
            return True if self.children >= MULTI_CHILD else (None if self.children == 2 else False)
        if name == "farmer" and "farmer" in jobs:
            return True
        if name == "small_business" and jobs & {"self_employed", "founder"}:
            return True
        if name in ("basic_livelihood", "near_poverty") and self.median_pct is not None and not self.median_inferred:
            return False if self.median_pct > POOR_PCT else None
        if name == "married" and self.marital is not None:
            return self.marital == "married"
        if name == "sme_worker" and self.employment is not None and not jobs & WORKING:
            return False
        return None

    def works(self, wanted: set[str]) -> bool | None:
        """Whether one of the user's employment statuses is among ``wanted``; None when not given or 기타."""
        if not self.employment:
            return None
        if self.employment & wanted:
            return True
        if "other" in self.employment:
            return None
        return False

    def target(self, name: str) -> bool | None:
        """Whether the user is what a policy aims at (a trait, or a status worked out from other fields)."""
        if name in ("female", "male"):
            return None if self.gender is None else self.gender == name
        if name == "worker":
            if self.employment and self.employment <= {"freelancer", "other"}:
                return None
            return self.works(WORKING)
        if name == "jobseeker":
            if self.employment and "student" in self.employment and "unemployed" not in self.employment:
                return None
            return self.works({"unemployed"})
        if name in ("elementary_student", "middle_student"):
            return _among(self.education, set(), unsure={"below_hs", "other"})
        if name == "high_school_student":
            return _among(self.education, {"hs_student", "hs_grad_expected"}, unsure={"below_hs", "other"})
        if name == "university_student":
            return _among(self.education, {"college_student", "college_grad_expected"}, unsure={"graduate", "other"})
        if name == "self_employed":
            return self.works({"self_employed", "founder"})
        if name == "other":
            return None
        return self.trait(name)

    def student(self) -> bool | None:
        if self.employment and "student" in self.employment:
            return True
        if self.education is not None:
            if self.education in ("hs_student", "college_student", "college_grad_expected"):
                return True
            if self.education in ("graduate", "other", "below_hs"):
                return None
            return False
        if self.employment:
            return False  # the statuses given leave out 학생
        return None

    def label(self, name: str) -> str:
        return vocab.TARGETS.get(name, name)

    def asks(self, name: str) -> str:
        """Which profile field settles a target: for the hint on an unknown."""
        if name in ("female", "male"):
            return "gender"
        if name in ("worker", "jobseeker", "farmer", "small_business", "sme_worker"):
            return "employment"
        if name.endswith("_student"):
            return "education"
        return {
            "one_person_household": "household_size",
            "no_house": "housing",
            "multi_child": "children",
            "married": "marital",
        }.get(name, "traits")

    def describe(self, name: str) -> str:
        """The user's side of a target they do not meet: '미취업자', '대학 졸업', '장애인 아님'."""
        if name in ("worker", "jobseeker") and self.employment:
            return employment_label(self.employment)
        if name.endswith("_student") and self.education:
            return vocab.label(vocab.EDUCATION, self.education)
        if name in ("female", "male") and self.gender:
            return vocab.label(vocab.GENDER, self.gender)
        return _("not {what}").format(what=self.label(name))


def employment_label(values: frozenset[str] | set[str] | tuple[str, ...]) -> str:
    order = list(vocab.EMPLOYMENT)
    ordered = sorted(values, key=lambda v: order.index(v) if v in order else len(order))
    return "·".join(vocab.label(vocab.EMPLOYMENT, v) for v in ordered)


def _traits(value: Any) -> dict[str, bool]:
    """The profile's trait list ('x' has it, '!x' has it not, '!*' none of the rest; [] none at all)."""
    if value is None:
        return {}
    if not value:
        return {"*": False}
    return {v.lstrip("!"): not v.startswith("!") for v in value}


def _among(value: str | None, yes: set[str], *, unsure: set[str]) -> bool | None:
    if value is None or value in unsure:
        return None
    return value in yes
