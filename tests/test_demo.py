"""`reflee demo` works with no set-up and never touches the user's home."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date, timedelta
from pathlib import Path

from reflee import demo, demo_ledger
from reflee.dates import local_today


def test_demo_tours_the_whole_product_without_touching_home(reflee_proc, home: Path):
    r = reflee_proc("demo", env={"LANG": "ko_KR.UTF-8"})  # the reasons in Korean
    assert r.code == 0, r.err
    assert not home.exists(), "the demo wrote into the user's home"
    out = r.out
    assert "reflee demo" in out
    # each step of the tour is announced with its command line
    for command in (
        "reflee retro list",
        "reflee retro search 회고",
        "reflee retro stats",
        "reflee ledger list",
        "reflee budget show",
        "reflee ledger report --by month",
        "reflee policy match --all",
        "reflee notify list",
    ):
        assert command in out, command
    assert "이번 주 회고 습관 만들기" in out  # retrospects
    today = local_today()
    ledger = out[out.index("reflee ledger list") : out.index("reflee budget show")]
    # this month's ledger: its rows, from the demo's card (which payees come first depends on the day of the month)
    assert "체크카드" in ledger and today.strftime("%Y-%m-") in ledger
    assert any(payee in ledger for payee in ("배달의민족", "김밥천국", "스타벅스", "투썸플레이스", "이디야커피"))
    assert "예산  reflee budget show" in out and "초과" in out  # 식비 is over its budget
    months = [demo_ledger.add_months(today.replace(day=1), -n).strftime("%Y-%m") for n in range(6)]
    assert all(m in out for m in months)  # the six-month trend, every month with data
    # policies: eligible, maybe and ineligible, each with its reasons
    assert "관악구 청년 월세 지원 (예시) ★" in out
    assert "✗ 거주지역: 서울특별시 관악구 거주 — 조건 부산광역시 전체 미충족" in out
    assert "✗ 연령: 만 24세 — 조건 만 35~64세 미충족" in out
    assert "? 취업상태" in out
    assert "해당 4 · 확인 필요 1 · 해당 없음 2" in r.err
    # notifications raised by the ledger's and the policy module's own checks
    flat = re.sub(r"\s+", "", out)
    assert "관심정책마감임박(D-4):관악구청년월세지원(예시)" in flat
    assert f"예산100%초과·식비({months[0]})" in flat
    assert f"예산80%·카페({months[0]})" in flat

    demo_home = Path(re.search(r"REFLEE_HOME=(\S+)", out)[1])
    assert (demo_home / "reflee.db").exists()

    def run(*args: str):
        got = reflee_proc("--home", str(demo_home), *args, "--json")
        assert got.code == 0, got.err
        return got.json

    assert len(run("retro", "list")) == 15
    notes = {n["dedup_key"]: n for n in run("notify", "list")}
    assert not [k for k in notes if k.startswith("demo:") and "streak" not in k], "hand-raised budget or policy ones"
    assert notes[f"budget:KRW:{months[0]}:식비:100"]["link_type"] == "budget"
    deadline = next(n for n in notes.values() if n["kind"] == "policy.deadline")
    assert deadline["link_type"] == "policy"
    assert (today + timedelta(days=4)).isoformat() in deadline["dedup_key"]

    budget = {line["category"]: line for line in run("budget", "show")["categories"]}
    assert budget["식비"]["over"] and 80 <= budget["카페"]["used_pct"] < 100
    ledger = run("ledger", "list", "--from", months[-1], "--to", months[0])
    assert ledger["totals"][0]["count"] > 200 and all(t["currency"] == "KRW" for t in ledger["transactions"])
    categories = {c["category"] for c in run("ledger", "categories")}
    assert {"급여", "식비", "카페", "교통", "주거/월세", "통신", "구독"} <= categories
    subscriptions = {s["name"] for s in run("ledger", "recurring")}
    assert {"Netflix", "Spotify"} <= subscriptions
    profile = run("profile", "show")
    assert profile["age"] == 24 and profile["fields"]["region"]["value"] == "11620"
    assert profile["fields"]["employment"]["value"] == "unemployed"
    assert profile["fields"]["income_annual"]["source"] == "inferred"  # from the sample ledger
    assert [f["policy"]["source_id"] for f in run("policy", "fav", "list")] == ["gwanak-youth-rent"]
    shutil.rmtree(demo_home)


def test_demo_reads_well_on_80_columns(reflee_proc, home: Path):
    from rich.cells import cell_len

    r = reflee_proc("demo", "--no-keep", env={"COLUMNS": "80", "LANG": "ko_KR.UTF-8"})  # the reasons in Korean
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    start = next(i for i, line in enumerate(lines) if "reflee policy match" in line)
    end = next(i for i, line in enumerate(lines) if "reflee notify list" in line)
    policy = [line for line in lines[start + 1 : end] if line.strip()]
    assert len(policy) > 20 and all(line.startswith(" ") for line in policy)  # wrapped lines stay indented
    flat = re.sub(r"\s+", "", r.out)  # narrow columns wrap, but drop no character
    assert "관심정책마감임박(D-4):관악구청년월세지원(예시)" in flat
    assert "조건기준중위소득150%이하충족" in flat
    assert not home.exists()


def test_demo_no_keep_cleans_up(reflee_proc, home: Path):
    r = reflee_proc("demo", "--no-keep")
    assert r.code == 0
    demo_home = re.search(r"throwaway home:\s*(\S+)", r.out)[1]
    assert not Path(demo_home).exists()
    assert not home.exists()


def test_sample_ledger_crosses_budget_lines_whatever_the_day():
    budgets = dict(demo_ledger.BUDGETS)
    day = date(2026, 1, 1)
    while day <= date(2027, 1, 31):
        entries = demo_ledger.entries(day)
        assert all(e.date <= day for e in entries)
        assert entries[0].date.replace(day=1) == demo_ledger.first_month(day)
        this = [e for e in entries if (e.date.year, e.date.month) == (day.year, day.month)]
        food = sum(e.amount for e in this if e.category == "식비")
        cafe = sum(e.amount for e in this if e.category == "카페")
        assert food > budgets["식비"], day  # over: the 100 % notification
        assert budgets["카페"] * 0.8 <= cafe < budgets["카페"], day  # close: the 80 % one only
        day += timedelta(days=1)
    assert demo_ledger.entries(date(2026, 11, 22)) == demo_ledger.entries(date(2026, 11, 22))  # the same every run


def test_sample_policies_are_dated_from_today_and_import(cli):
    today = date(2026, 11, 22)
    doc = json.loads(demo.sample_policies(today))
    assert not re.search(r'": "@[+-]', json.dumps(doc, ensure_ascii=False))  # every "@+N" offset filled in
    rent = next(p for p in doc["policies"] if p["source_id"] == "gwanak-youth-rent")
    assert rent["apply"]["windows"] == [{"start": "2026-10-28", "end": "2026-11-26"}]
    assert rent["registered_at"] == "2026-10-23T09:00:00"
    assert all("(예시)" in p["title"] for p in doc["policies"])
    assert 6 <= len(doc["policies"]) <= 10
    r = cli("policy", "import", "-", "--json", input=demo.sample_policies(local_today()))
    assert r.code == 0, r.err
    assert r.json["imported"] == len(doc["policies"]) and r.json["errors"] == [] and r.json["warnings"] == []


def test_sample_user_is_24_on_any_day():
    day = date(2026, 1, 1)
    while day <= date(2028, 12, 31):
        born = demo.birth_date(day)
        assert day.year - born.year - ((day.month, day.day) < (born.month, born.day)) == 24, day
        day += timedelta(days=1)
