"""Golden tests: what the main commands print, in Korean and in English, at 80 columns.

A fixed home (retrospects, transactions, budgets, a profile, two policies, a budget alert) is filled once per
language; each command's stdout, stderr and exit code are compared with tests/golden/<lang>.txt. To keep the
files the same from run to run, IDs become <ID> (short IDs are random), today and this month become <TODAY> /
<MONTH>, and runs of spaces become two (a column's width follows its longest cell); line breaks still show the
80-column layout.

When output changes on purpose, regenerate the files and review the diff:

    REFLEE_UPDATE_GOLDEN=1 pytest tests/test_golden.py

A missing golden file is written on the first run (and the test then passes).
"""

from __future__ import annotations

import json
import os
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from reflee import demo

GOLDEN = Path(__file__).parent / "golden"
ON = date(2025, 3, 15)  # the day policies are judged on (a month that is never the current one again)

# The commands shown, in order, after `reflee`.
COMMANDS: list[tuple[str, ...]] = [
    ("retro", "list"),
    ("retro", "show", "FIRST"),
    ("ledger", "list", "--month", "2025-03"),
    ("ledger", "report", "--month", "2025-03"),
    ("ledger", "categories"),
    ("budget", "show", "--month", "2025-03"),
    ("policy", "match", "--all", "--on", ON.isoformat()),
    ("notify", "list"),
    ("ledger", "list", "--kind", "용돈"),
    ("retro", "show", "ffffffff"),
    ("ledger", "add", "12,34"),
    ("budget", "set", "카페", "많이"),
]


def _policies(tmp: Path) -> Path:
    """Two of the demo's sample policies, their relative dates made fixed around ON."""
    doc = json.loads((Path(demo.__file__).parent / demo.POLICY_FILE).read_text(encoding="utf-8"))
    doc["policies"] = doc["policies"][:2]

    def fixed(m: re.Match[str]) -> str:
        return (ON + timedelta(days=int(m.group(1)))).isoformat()

    text = re.sub(r"@([+-]\d+)", fixed, json.dumps(doc, ensure_ascii=False))
    path = tmp / "policies.json"
    path.write_text(text, encoding="utf-8")
    return path


def _fill(cli, tmp: Path) -> list[str]:
    """The fixed data; returns the full IDs of what was saved, in the order it was made."""
    assert cli("config", "set", "feedback.mode", "off").code == 0
    ids: list[str] = []

    def keep(*args: str) -> None:
        r = cli(*args, "--json")
        assert r.code == 0, r.err
        ids.append(json.loads(r.out)["id"])

    keep("retro", "add", "팀 회의에서 발표를 맡았다. 준비가 부족해서 긴장했지만 끝까지 해냈다.",
         "--purpose", "발표 연습", "--date", "2025-03-02", "--tag", "일")  # fmt: skip
    keep("retro", "add", "Ran 5 km along the Han river before work.", "--date", "2025-03-03", "--tag", "운동")
    keep("ledger", "add", "4500", "-c", "카페", "--payee", "스타벅스", "--date", "2025-03-02")
    keep("ledger", "add", "12,000원", "-c", "식비", "--memo", "점심 김치찌개", "--date", "2025-03-03")
    keep("ledger", "add", "250만원", "--income", "-c", "급여", "--date", "2025-03-10")
    assert cli("budget", "set", "카페", "5만원", "--month", "2025-03").code == 0
    assert cli("budget", "set", "식비", "30만원", "--month", "2025-03").code == 0
    for field, value in (("birth_date", "1999-05-01"), ("region", "서울 관악구"), ("income_annual", "1800만원")):
        assert cli("profile", "set", field, value).code == 0, field
    assert cli("policy", "import", str(_policies(tmp))).code == 0
    # an alert: a budget this month, 80% of it spent today
    assert cli("budget", "set", "교통", "10000").code == 0
    keep("ledger", "add", "8000", "-c", "교통", "--memo", "택시")
    ids += [n["id"] for n in json.loads(cli("notify", "list", "--json").out)]
    ids += [p["id"] for p in json.loads(cli("policy", "list", "--json").out)]
    return ids


def _normalise(text: str, full_ids: list[str]) -> str:
    """IDs (short IDs, which are windows of the IDs made, and prefixes of them) as <ID>; today and this month
    as <TODAY> / <MONTH> (the budget alert is raised for the real month); a clock time as HH:MM."""

    def name(m: re.Match[str]) -> str:
        token = m.group(0)
        if len(token) >= 7 and any(token in full for full in full_ids):  # a short ID: a window of the random tail
            return "<ID>"
        return "<ID>" if any(full.startswith(token) for full in full_ids) else token

    text = re.sub(r"(?<![\w-])[0-9a-f]{4,32}(?![\w-])", name, text)
    today = date.today()
    text = text.replace(today.isoformat(), "<TODAY>").replace(today.isoformat()[:7], "<MONTH>")
    text = re.sub(r"(<TODAY> )\d\d:\d\d", r"\1HH:MM", text)
    text = re.sub(r" {2,}", "  ", text)  # column gaps: a short ID's length (and so its column) varies by run
    return re.sub(r"[ \t]+\n", "\n", text)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_main_commands_at_80_columns(lang: str, cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")
    assert cli("config", "set", "ui.language", lang).code == 0  # the budget alert is written in it too
    ids = _fill(cli, tmp_path)
    parts = []
    for command in COMMANDS:
        args = [ids[0] if a == "FIRST" else a for a in command]  # FIRST: the first retrospect saved
        r = cli(*args)
        parts.append(
            f"$ reflee {' '.join(command)}\n[exit {r.code}]\n{r.out}" + (f"[stderr]\n{r.err}" if r.err else "")
        )
    got = _normalise("\n".join(parts), ids)
    path = GOLDEN / f"{lang}.txt"
    if os.environ.get("REFLEE_UPDATE_GOLDEN") == "1" or not path.exists():
        path.parent.mkdir(exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8"), (
        f"{path} differs; if on purpose: REFLEE_UPDATE_GOLDEN=1 pytest {__file__}"
    )
