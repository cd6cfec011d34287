"""Reading the regular parts of a policy's free text (지원대상, 선정기준, 추가자격, 참여제한, 소득기타) as rules.

A field is split into lines (bullets). Each line is read into *atoms* — a 중위소득 limit, a 연소득 cap, an age,
a place of residence, a target group (수급자, 장애인, 3자녀 이상 …), an employment status — and whatever is
left once the atoms and connecting words are taken out is the line's *residue*: words reflee cannot read.
A line with a residue is never taken as decided: it stays the deciding line the user has to read.

The result is a ``Rule``: how its lines combine (``all`` of them, ``any`` of them for a list of alternative
groups, ``none`` of them for exclusions) and, per line, its requirement atoms (all must hold), its group
atoms (one must hold) and whether a residue is left. It is stored as a condition of origin ``text``
(``Rule.values``) and judged against the profile by ``reflee.policy.rules``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from reflee.policy import textatoms

MAX_TEXT = 1200
"""How much of a field is kept with its rule (for the deciding line)."""
_BULLET = re.compile(r"^\s*(?:[○ㅇᄋ❍□■◦•●▶▷►◆◇※\-–·*]+|[①-⑳]|\(?\d{1,2}[).]|[가-하][.)])\s*")
_SPLIT = re.compile(r"\n|(?<=\S)\s+(?=[○❍□◦•]\s)|\s(?=[①-⑳])")
# NFKC turns the bullet 'ㅇ' into the conjoining 'ᄋ': both are listed
_NONE = re.compile(
    r"^(?:-+|\.+|없음|해당\s?없음|제한\s?없음|무관|누구나|전\s?국민|해당사항\s?없음|x|X|0"
    r"|(?:지원\s?대상|신청\s?자격)(?:과|와)\s?(?:동일|같음)(?:함)?)$"
)
_PREFERENCE = re.compile(r"우대|우선\s?(?:선발|선정|지원|순위|배치)|가점|가산점|선발\s?우선순위|동점자|추가\s?지원")
_EXCLUDING_HEAD = re.compile(
    r"(?:제외|불가|제한)\s?(?:대상|대상자|한다|함|됨|된다)?\s?[:：]?\s?$|아래.{0,20}(?:제외|불가|제한)"
)
_INTRO = re.compile(
    r"(?:모두|전부|다음|아래|각\s?호).{0,24}(?:충족|해당|갖춘|만족)|(?:요건|기준|조건)\s?(?:을|를)?\s?모두"
)
_RESIDENCE = re.compile(r"거주|주민\s?등록(?!증)|전입|주소")
_QUALIFIER = re.compile(r"^[^,·]{2,30}?\s?중(?:에서)?\s")
_PAPERS = re.compile(r"서류|증명서|증빙|제시|지참|제출|회원증|신분증")
_FILLER = re.compile(
    "|".join(
        sorted(
            [
                *("에 따른", "에 의한", "에 해당하는", "에 해당되는", "해당하는", "해당되는", "해당", "따른", "의한"),
                *("신청일", "공고일", "접수일", "기준일", "기준으로", "기준", "현재", "당시"),
                *("주민등록상", "주민등록을", "주민등록이", "주민등록", "주소지를", "주소지가", "주소지", "주소를"),
                *(
                    "거주하는",
                    "거주하고",
                    "거주한",
                    "거주자",
                    "거주",
                    "두고",
                    "둔",
                    "되어",
                    "있는",
                    "있고",
                    "하는",
                    "한",
                ),
                *("청년층", "청년", "사람", "주민", "구민", "시민", "군민", "도민", "국민", "본인", "당사자"),
                *("가구원", "가구", "세대원", "세대주", "세대", "가정", "가족", "계층", "층", "대상자", "대상"),
                *("이하인", "이상인", "이하의", "이상의", "이하", "이상", "미만", "초과", "이내", "인 자", "자"),
                *("및", "또는", "그리고", "등", "중", "인", "의", "으로", "로", "에게", "에서", "에", "를", "을"),
                *("이", "가", "은", "는", "과", "와", "도", "만", "세", "명", "모두", "각각", "함", "한함", "한정"),
                *("포함", "포함한", "신청 가능", "신청", "가능", "모든", "누구나", "분", "님", "발생"),
                *("노인", "어르신", "성인", "정한", "정하는", "규정한", "규정하는"),
            ],
            key=len,
            reverse=True,
        )
    )
)
_HANGUL = re.compile(r"[가-힣]")


@dataclass(frozen=True)
class Line:
    text: str
    reqs: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    residue: bool = False
    qualified: bool = False
    """The residue narrows the whole line ('우체국예금고객 중 수급자, 장애인 …'), rather than adding another
    group to it ('수급자, 차상위, 지역특화 대상자 등')."""
    excludes: bool = False
    """A line of who may not apply (under a '… 제외' heading, or in 참여제한)."""
    required: bool = False
    """In a list of alternatives, a line every applicant must meet all the same (where they live)."""

    @property
    def atoms(self) -> tuple[str, ...]:
        return self.reqs + self.groups


@dataclass(frozen=True)
class Rule:
    mode: str
    """all | any | none"""
    lines: tuple[Line, ...]

    @property
    def values(self) -> tuple[str, ...]:
        """As stored: the mode, then one entry per line: 'req,req;group,group;?' ('?' when a residue is left)."""
        return (self.mode, *(_entry(x) for x in self.lines))

    @property
    def text(self) -> str:
        out = "\n".join(x.text for x in self.lines)
        return out if len(out) <= MAX_TEXT else out[: MAX_TEXT - 1] + "…"

    @property
    def decided(self) -> bool:
        return not any(x.residue for x in self.lines)


def _entry(x: Line) -> str:
    residue = ("q" if x.qualified else "?") if x.residue else ""
    flag = ";!" if x.excludes else (";&" if x.required else "")
    return f"{','.join(x.reqs)};{','.join(x.groups)};{residue}{flag}"


def lines_of(text: str) -> list[str]:
    """A field's lines, bullets and blank ones taken out ('○ 기초생활수급자' -> '기초생활수급자')."""
    s = unicodedata.normalize("NFKC", text or "").replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for part in _SPLIT.split(s):
        line = part
        for _ in range(3):
            line = _BULLET.sub("", line, count=1)
        line = " ".join(line.split()).strip(" ,.;:")
        if line and not _NONE.match(line):
            out.append(line)
    return out


_NEGATION = re.compile(
    r"제외|불가|미가입|않[은는]|없는|아닌|외의|이외|말소|탈락|(?:차상위|수급자?|중위\s?소득)\S{0,3}\s?초과(?!\s?\d)"
)
_EXCLUSION_WORDS = re.compile(
    r"제외(?:됨|함|한다)?|참여\s?(?:불가|제한)|불가(?:능)?|제한|지원\s?불가|신청\s?불가|대상|인\s?경우"
)


def read_line(line: str, ctx: textatoms.Context, kind: str = "target") -> Line | None:
    """One line as atoms and residue; None for a line that restricts nothing (a preference, a note on papers).
    In who-may-apply text a line that excludes someone ('… 제외') is left for the user to read."""
    if _PREFERENCE.search(line):
        return None
    reqs, groups, rest = textatoms.find(line, ctx)
    if not reqs and not groups and _INTRO.search(line):
        return None  # 'the following must all hold': the lines after it say what
    if not reqs and not groups and _PAPERS.search(line):
        return None
    unread = False
    if kind == "selection":  # scoring words ('창업자의 창의성', '재학생 우선') are not requirements there
        scoring = ("emp=", "biz", "stu")
        unread = any(a.startswith(scoring) for a in reqs + groups)
        reqs = [a for a in reqs if not a.startswith(scoring)]
        groups = [a for a in groups if not a.startswith(scoring)]
    if kind == "exclusion":
        rest = _EXCLUSION_WORDS.sub(" ", rest)
        return Line(line, tuple(reqs), tuple(groups), _has_residue(rest), excludes=True)
    if _NEGATION.search(line):
        return Line(line, (), (), True)
    residue = unread or _has_residue(rest)
    return Line(line, tuple(reqs), tuple(groups), residue, residue and _qualified(line, groups, ctx))


def _binding(x: Line) -> bool:
    return not x.groups and not x.excludes and bool(_RESIDENCE.search(x.text))


def _qualified(line: str, groups: list[str], ctx: textatoms.Context) -> bool:
    """Whether the unread words narrow the line's groups ('우체국예금고객 중 수급자, 장애인'; '5인 이상인 중소기업')
    rather than being one more group beside them ('19세 이상 성인 중 수급자, 차상위, 지역특화 대상자 등')."""
    if groups and all(g == "biz" for g in groups):
        return True
    head = _QUALIFIER.match(line)
    return head is not None and _has_residue(textatoms.find(head.group(0), ctx)[2])


def _has_residue(rest: str) -> bool:
    s = re.sub(r"「[^」]*」|｢[^｣]*｣|\[[^\]]*\]|<[^>]*>|\([^()]*포함[^()]*\)", " ", rest)
    s = re.sub(r"^\s*\([^()]{1,10}\)", " ", s)  # a label: '(가입연령) …'
    s = re.sub(r"\([^()]{0,12}(?:증|증명서|확인서)\)", " ", s)  # the paper that proves it
    s = re.sub(r"[가-힣]*법(?:률)?\s?(?:시행령|시행규칙)?\s?(?:제\s?\d+\s?조)?(?:\s?제\s?\d+\s?[항호])*", " ", s)
    s = _FILLER.sub(" ", s)
    return len(_HANGUL.findall(s)) >= 2


def read(text: str, kind: str, ctx: textatoms.Context) -> Rule | None:
    """The rule a field states; None when it restricts nothing. ``kind``: 'target' (who may apply: lines are
    requirements, or alternatives when several lines each name a group), 'selection' (the same, but a status
    or a business named there may be a scoring point, so it is left for the user), 'exclusion' (who may
    not)."""
    lines = []
    excluding = kind == "exclusion"
    for raw in lines_of(text):
        if not excluding and _EXCLUDING_HEAD.search(raw):
            excluding = True  # the lines after '아래의 경우 제외' say who may not apply
            continue
        x = read_line(raw, ctx, "exclusion" if excluding else kind)
        if x is not None and (x.atoms or x.residue):
            lines.append(x)
    if not lines:
        return None
    if kind == "exclusion":
        return Rule("none", tuple(lines))
    with_groups = [x for x in lines if x.groups and not x.excludes]
    if len(with_groups) >= 2 and len(with_groups) * 2 >= len(lines):
        # alternatives; but a line saying where one must live binds every one of them
        return Rule("any", tuple(replace(x, required=True) if _binding(x) else x for x in lines))
    return Rule("all", tuple(lines))
