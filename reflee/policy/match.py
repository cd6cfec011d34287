"""Matching one condition against the user: met / not met / unknown, with a reason a person can read.

Rules (see docs/policies.md): a missing profile field gives unknown, never a silent pass or fail; a
condition written only as text is shown and left unknown; the 공공서비스 income brackets are rough, so
falling outside them gives unknown, not a fail; a code list holding 기타 cannot exclude anyone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reflee.policy.facts import Facts
from reflee.policy.models import DIMENSIONS, Condition
from reflee.refdata import regions, vocab

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"
STATUS_LABELS = {MET: "충족", NOT_MET: "미충족", UNKNOWN: "확인 필요"}
_VOCAB = {
    "employment": vocab.EMPLOYMENT,
    "education": vocab.EDUCATION,
    "major": vocab.MAJOR,
    "marital": vocab.MARITAL,
    "gender": vocab.GENDER,
}


@dataclass(frozen=True)
class Verdict:
    dimension: str
    status: str
    reason: str
    origin: str

    def to_json(self) -> dict[str, str]:
        return {
            "dimension": self.dimension,
            "label": DIMENSIONS.get(self.dimension, self.dimension),
            "status": self.status,
            "reason": self.reason,
            "origin": self.origin,
        }


def evaluate(cond: Condition, facts: Facts) -> tuple[str, str]:
    """(status, reason) for one condition."""
    if cond.op == "text":
        return UNKNOWN, _text_reason(cond, facts)
    handler = _HANDLERS.get(cond.dimension)
    if handler is None:
        return UNKNOWN, f"{DIMENSIONS.get(cond.dimension, cond.dimension)}: {_join(cond.values)} — 직접 확인"
    return handler(cond, facts)


def _join(values: tuple[str, ...] | list[str], limit: int = 4) -> str:
    shown = list(values[:limit])
    rest = len(values) - len(shown)
    return ", ".join(shown) + (f" 외 {rest}개" if rest > 0 else "")


def _text_reason(cond: Condition, facts: Facts) -> str:
    text = " ".join((cond.text or "").split())
    if len(text) > 120:
        text = text[:119] + "…"
    label = DIMENSIONS.get(cond.dimension, cond.dimension)
    hint = ""
    if cond.dimension == "income" and facts.median_pct is not None:
        hint = f" (내 가구 소득: 기준 중위소득 약 {facts.median_pct}%)"
    return f"{label} 조건(글): {text} — 직접 확인{hint}"


# --- age ------------------------------------------------------------------------------------------------------
def _age_range(cond: Condition) -> str:
    if cond.min is not None and cond.max is not None:
        return f"만 {cond.min}~{cond.max}세"
    if cond.min is not None:
        return f"만 {cond.min}세 이상"
    return f"만 {cond.max}세 이하"


def _age(cond: Condition, facts: Facts) -> tuple[str, str]:
    rng = _age_range(cond)
    if facts.age is None:
        return UNKNOWN, f"생년월일 없음 — 조건 {rng} (프로필에 생년월일을 넣으면 확인됩니다)"
    ok = (cond.min is None or facts.age >= cond.min) and (cond.max is None or facts.age <= cond.max)
    return (MET if ok else NOT_MET), f"만 {facts.age}세 — 조건 {rng} {'충족' if ok else '미충족'}"


# --- region ---------------------------------------------------------------------------------------------------
def area_label(codes: tuple[str, ...]) -> str:
    if not codes:
        return "지역 없음"
    by_sido: dict[str, list[str]] = {}
    for c in codes:
        by_sido.setdefault(c[:2], []).append(c)
    parts = []
    for prefix, members in by_sido.items():
        whole = prefix + "000"
        covered: set[str] = set()
        for m in members:
            covered |= regions.leaves(m) if m in regions.NAMES else {m}
        if whole in members or (whole in regions.NAMES and covered >= regions.leaves(whole)):
            parts.append(f"{regions.full_name(whole)} 전체")
        else:
            parts.extend(regions.full_name(m) for m in members)
    if len(parts) > 3:
        return f"{parts[0]} 외 {len(parts) - 1}곳"
    return ", ".join(parts)


def _region_verdict(user: tuple[str, ...], allowed: set[str]) -> str:
    """met when every place the user may live in is inside the area, not met when none is, else unknown."""
    inside: list[bool | None] = []
    for code in user:
        if code in allowed or any(a in allowed for a in regions.ancestors(code)):
            inside.append(True)
            continue
        leaves = regions.leaves(code)
        hit = [leaf for leaf in leaves if leaf in allowed or any(a in allowed for a in regions.ancestors(leaf))]
        inside.append(True if len(hit) == len(leaves) else (None if hit else False))
    if all(x is True for x in inside):
        return MET
    if all(x is False for x in inside):
        return NOT_MET
    return UNKNOWN


def _region(cond: Condition, facts: Facts) -> tuple[str, str]:
    where = area_label(cond.values)
    org = " (소관기관 기준)" if cond.confidence == "org" else ""
    if not facts.region_options:
        return UNKNOWN, f"거주지역 없음 — 조건 {where}{org}"
    user = facts.region_options
    name = " 또는 ".join(regions.full_name(c) for c in user)
    status = _region_verdict(user, set(cond.values))
    strange = [v for v in cond.values if not regions.is_known(v) and v[:2] in {c[:2] for c in user}]
    if status == NOT_MET and strange:  # a code in the user's 시도 that this reflee does not know
        return UNKNOWN, f"{name} 거주 — 조건 {where}{org}: 모르는 지역 코드 {', '.join(strange)}가 있어 직접 확인"
    if status == UNKNOWN:
        return UNKNOWN, f"{name} 거주 — 조건 {where}{org}: 일부만 겹침 (시군구까지 넣으면 확인됩니다)"
    return status, f"{name} 거주 — 조건 {where}{org} {STATUS_LABELS[status]}"


# --- income ---------------------------------------------------------------------------------------------------
def _won(amount: int) -> str:
    man = amount // 10_000
    return f"{man:,}만원" if amount % 10_000 == 0 else f"{amount:,}원"


def _income(cond: Condition, facts: Facts) -> tuple[str, str]:
    if cond.unit == "krw10k_per_year":
        limit = f"연소득 {cond.max:,}만원 이하" if cond.max is not None else f"연소득 {cond.min:,}만원 이상"
        if facts.income_annual is None:
            return UNKNOWN, f"소득 정보 없음 — 조건 {limit}"
        inferred = " (가계부 추정)" if facts.income_inferred else ""
        ok = (cond.max is None or facts.income_annual <= cond.max * 10_000) and (
            cond.min is None or facts.income_annual >= cond.min * 10_000
        )
        mine = f"연소득 {_won(facts.income_annual)}{inferred}"
        if not ok and facts.income_inferred:  # an estimate does not exclude anyone
            return UNKNOWN, f"{mine} — 조건 {limit} 밖이지만 추정치라 직접 확인"
        return (MET if ok else NOT_MET), f"{mine} — 조건 {limit} {'충족' if ok else '미충족'}"
    if cond.unit == "median_percent":
        limit = f"기준 중위소득 {cond.max}% 이하" if cond.max is not None else f"기준 중위소득 {cond.min}% 이상"
        if facts.median_pct is None:
            return UNKNOWN, f"가구 월소득·가구원 수 없음 — 조건 {limit}"
        pct = facts.median_pct
        ok = (cond.max is None or pct <= cond.max) and (cond.min is None or pct >= cond.min)
        mine = f"기준 중위소득 약 {pct}%" + (" (가계부 추정)" if facts.median_inferred else "")
        if not ok and facts.median_inferred:
            return UNKNOWN, f"{mine} — 조건 {limit} 밖이지만 추정치라 직접 확인"
        return (MET if ok else NOT_MET), f"{mine} — 조건 {limit} {'충족' if ok else '미충족'}"
    return _brackets(cond, facts)


def _bracket_of(pct) -> str:
    for b in ("0-50", "51-75", "76-100", "101-200"):
        if pct <= int(b.split("-")[1]):
            return b
    return "201-"


def bracket_label(values: tuple[str, ...]) -> str:
    order = ["0-50", "51-75", "76-100", "101-200", "201-"]
    idx = sorted(order.index(v) for v in values if v in order)
    if idx and idx == list(range(idx[0], idx[-1] + 1)):
        lo, hi = order[idx[0]].split("-")[0], order[idx[-1]].split("-")[1]
        if lo == "0":
            return f"중위소득 {hi}% 이하"
        if not hi:
            return f"중위소득 {int(lo) - 1}% 초과"
        return f"중위소득 {lo}~{hi}%"
    return "중위소득 " + ", ".join(f"{order[i].rstrip('-')}%" for i in idx) + " 구간"


def _brackets(cond: Condition, facts: Facts) -> tuple[str, str]:
    limit = bracket_label(cond.values)
    if facts.median_pct is None:
        return UNKNOWN, f"가구 월소득·가구원 수 없음 — 조건 {limit}"
    pct = facts.median_pct
    if _bracket_of(pct) in cond.values:
        return MET, f"기준 중위소득 약 {pct}% — 조건 {limit} 충족"
    return UNKNOWN, f"기준 중위소득 약 {pct}% — 조건 {limit} 밖이지만 정부24 소득 구간 표시는 대략적이라 직접 확인"


# --- code lists -----------------------------------------------------------------------------------------------
def _listed(cond: Condition, facts: Facts) -> tuple[str, str]:
    table = _VOCAB[cond.dimension]
    wanted = _join([vocab.label(table, v) for v in cond.values])
    value = getattr(facts, cond.dimension)
    if value is None:
        return UNKNOWN, f"{DIMENSIONS[cond.dimension]} 정보 없음 — 조건 {wanted}"
    mine = vocab.label(table, value)
    if value in cond.values:
        return MET, f"{mine} — 조건 {wanted} 충족"
    if "other" in cond.values or value == "other":
        return UNKNOWN, f"{mine} — 조건 {wanted}: '기타'가 있어 직접 확인"
    return NOT_MET, f"{mine} — 조건 {wanted} 미충족"


def _targets(cond: Condition, facts: Facts) -> tuple[str, str]:
    wanted = _join([facts.label(v) for v in cond.values])
    answers = {v: facts.target(v) for v in cond.values}
    yes = [v for v, a in answers.items() if a]
    if yes:
        return MET, f"{facts.label(yes[0])} — 조건 {wanted} 충족"
    unsure = [v for v, a in answers.items() if a is None]
    if unsure:
        fields = "·".join(dict.fromkeys(facts.asks(v) for v in unsure))
        return UNKNOWN, f"조건 {wanted} — 해당하는지 알 수 없음 (프로필에 {_object(fields)} 넣으면 확인)"
    mine = ", ".join(dict.fromkeys(facts.describe(v) for v in cond.values))
    return NOT_MET, f"{mine} — 조건 {wanted} 미충족"


def _object(word: str) -> str:
    """The word with its object particle: 성별을, 취업상태를."""
    last = word[-1]
    has_final = "가" <= last <= "힣" and (ord(last) - 0xAC00) % 28 != 0
    return word + ("을" if has_final else "를")


def _user_type(cond: Condition, facts: Facts) -> tuple[str, str]:
    wanted = ", ".join(cond.values)
    if "소상공인" in cond.values:
        has = facts.trait("small_business")
        if has:
            return MET, f"소상공인 — 조건 {wanted} 대상 충족"
        if has is None:
            return UNKNOWN, f"조건 {wanted} 대상 — 소상공인인지 프로필로 알 수 없음"
    return NOT_MET, f"개인 — 조건 {wanted} 대상 (개인 신청 불가)"


def _business(cond: Condition, facts: Facts) -> tuple[str, str]:
    return UNKNOWN, f"사업자 조건: {_join(cond.values)} — 직접 확인"


_HANDLERS: dict[str, Callable[[Condition, Facts], tuple[str, str]]] = {
    "age": _age,
    "region": _region,
    "income": _income,
    "employment": _listed,
    "education": _listed,
    "major": _listed,
    "marital": _listed,
    "gender": _listed,
    "special": _targets,
    "personal": _targets,
    "household": _targets,
    "user_type": _user_type,
    "business": _business,
}


def eligibility(statuses: list[str]) -> str:
    """eligible (every condition met), maybe (none failed, some unknown), ineligible (any failed)."""
    if NOT_MET in statuses:
        return "ineligible"
    if UNKNOWN in statuses:
        return "maybe"
    return "eligible"


def describe(cond: Condition) -> str:
    """A condition in words, without the user: '만 19~34세', '서울특별시 관악구', '미취업자, (예비)창업자'."""
    if cond.op == "text":
        return " ".join((cond.text or "").split())
    if cond.dimension == "age":
        return _age_range(cond)
    if cond.dimension == "region":
        return area_label(cond.values) + (" (소관기관 기준)" if cond.confidence == "org" else "")
    if cond.dimension == "income":
        if cond.unit == "krw10k_per_year":
            return f"연소득 {cond.max:,}만원 이하" if cond.max is not None else f"연소득 {cond.min:,}만원 이상"
        if cond.unit == "median_percent":
            return f"기준 중위소득 {cond.max}% 이하" if cond.max is not None else f"기준 중위소득 {cond.min}% 이상"
        return bracket_label(cond.values) + " (정부24 구간)"
    if cond.dimension in _VOCAB:
        return ", ".join(vocab.label(_VOCAB[cond.dimension], v) for v in cond.values)
    if cond.dimension in ("special", "personal", "household"):
        return ", ".join(vocab.TARGETS.get(v, v) for v in cond.values)
    return ", ".join(cond.values)
