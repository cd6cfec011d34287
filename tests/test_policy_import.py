"""`reflee policy import`: both real sources completely, upserts, and bad input."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import policy_data
import policy_lang
import pytest
from policy_data import GOV24_TOTAL, GOV_COND, GOV_LIST, REAL_FILES, YOUTH, YOUTH_TOTAL, needs_real_data

real_db = policy_data.real_db
with_real_policies = policy_data.with_real_policies
korean = policy_lang.korean
pytestmark = needs_real_data


def db_count(home: Path, sql: str = "SELECT count(*) FROM policy") -> int:
    return sqlite3.connect(home / "reflee.db").execute(sql).fetchone()[0]


def youth_records() -> list[dict]:
    return json.loads(YOUTH.read_text(encoding="utf-8"))["result"]["youthPolicyList"]


def write_json(path: Path, doc) -> str:
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_both_real_sources_import_completely(real_db):
    _, report = real_db
    assert report["total"] == YOUTH_TOTAL + GOV24_TOTAL
    assert report["imported"] + report["reported"] == report["total"]
    assert report["by_source"] == {"youth": YOUTH_TOTAL, "gov24": GOV24_TOTAL}
    assert report["reported"] == 0, report["errors"][:3]
    # one real record has a window that ends before it starts: imported, with a note
    assert [w["record"] for w in report["warnings"]] == ["20260422005400212868"]


def test_the_cli_import_reports_and_reimport_changes_nothing(cli, home):
    r = cli("policy", "import", *map(str, REAL_FILES), "--json")
    assert r.code == 0, r.err
    assert (r.json["inserted"], r.json["total"]) == (2421, 2421)
    assert "20260422005400212868" in r.err  # the note is also shown
    assert db_count(home) == 2421
    conditions = db_count(home, "SELECT count(*) FROM policy_condition")
    r = cli("policy", "import", *map(str, REAL_FILES), "--json")
    assert (r.json["inserted"], r.json["updated"], r.json["unchanged"]) == (0, 0, 2421)
    assert db_count(home) == 2421
    assert db_count(home, "SELECT count(*) FROM policy_condition") == conditions
    r = cli("policy", "import", *map(str, REAL_FILES))
    assert "Imported 2,421 of 2,421 policies (0 new, 0 updated, 2,421 unchanged)" in r.err


def test_a_changed_record_updates_the_stored_policy(cli, tmp_path, home):
    records = youth_records()[:3]
    path = write_json(tmp_path / "y.json", {"result": {"youthPolicyList": records}})
    assert cli("policy", "import", path).code == 0
    before = cli("policy", "show", records[0]["plcyNo"], "--json").json
    records[0] = {**records[0], "plcyNm": "이름이 바뀐 정책", "sprtTrgtMinAge": "20", "sprtTrgtMaxAge": "29"}
    path = write_json(tmp_path / "y.json", {"result": {"youthPolicyList": records}})
    r = cli("policy", "import", path, "--json")
    assert (r.json["inserted"], r.json["updated"], r.json["unchanged"]) == (0, 1, 2)
    after = cli("policy", "show", records[0]["plcyNo"], "--json").json
    assert after["id"] == before["id"] and after["created_at"] == before["created_at"]
    assert after["title"] == "이름이 바뀐 정책"
    assert {"dimension": "age", "op": "range", "min": 20, "max": 29, "unit": "year"}.items() <= next(
        c for c in after["conditions"] if c["dimension"] == "age"
    ).items()
    assert cli("policy", "search", "바뀐", "--json").json[0]["source_id"] == records[0]["plcyNo"]


def test_normalization_of_real_records(with_real_policies, cli):
    kpass = cli("policy", "show", "20260710005400113257", "--json").json  # K-패스: nationwide, every code 제한없음
    assert kpass["conditions"] == [] and kpass["region"]["scope"] == "national"
    assert kpass["apply"]["kind"] == "always"
    # a record without zipCd gets its area from its agencies: (동구) → 인천 동구, now 제물포구
    dong = cli("policy", "show", "20260406005400212458", "--json").json
    region = next(c for c in dong["conditions"] if c["dimension"] == "region")
    assert (region["values"], region["confidence"]) == (["28125"], "org")
    # 공공서비스: 관악구청 service -> 관악구 by its agency, flags -> conditions
    gwanak = cli("policy", "show", "320000000124", "--json").json
    dims = {c["dimension"]: c for c in gwanak["conditions"]}
    assert dims["region"]["values"] == ["11620"]
    assert (dims["age"]["min"], dims["age"]["max"]) == (19, 39)
    assert dims["household"]["values"] == ["one_person_household"]
    assert gwanak["subcategories"] == ["보건·의료"] and gwanak["category"] == "보건·의료"


def test_old_and_new_youth_categories_become_one(with_real_policies, home):
    cats = dict(
        sqlite3.connect(home / "reflee.db").execute(
            "SELECT category, count(*) FROM policy WHERE source = 'youth' GROUP BY category"
        )
    )
    # 2025 labels (교육, 복지문화, 참여권리) and 2026 ones with ･ are one vocabulary
    assert set(cats) == {"일자리", "주거", "교육·직업훈련", "금융·복지·문화", "참여·기반"}
    assert sum(cats.values()) == YOUTH_TOTAL


def test_gov24_files_join_by_service_id_in_either_order(cli, tmp_path):
    rows = json.loads(GOV_LIST.read_text(encoding="utf-8"))["data"][:5]
    conds = json.loads(GOV_COND.read_text(encoding="utf-8"))["data"][:5]
    lst = write_json(tmp_path / "list.json", {"data": rows})
    cnd = write_json(tmp_path / "cond.json", {"data": conds})
    r = cli("policy", "import", lst, "--json")  # list alone: imported, conditions flagged as missing
    assert r.json["inserted"] == 5
    first = cli("policy", "show", rows[0]["서비스ID"], "--json").json
    # the conditions are missing; the 지원대상 and 선정기준 texts are read as rules (origin "text")
    assert [c["dimension"] for c in first["conditions"]] == ["conditions", "target", "selection"]
    r = cli("policy", "import", cnd, "--json")  # conditions alone: joined with the stored list rows
    assert (r.json["updated"], r.json["reported"]) == (5, 0)
    first = cli("policy", "show", rows[0]["서비스ID"], "--json").json
    assert "conditions" not in [c["dimension"] for c in first["conditions"]]
    # 유아학비: 만 3~5세 coded; the text (유치원에 다니는 …, who is left out) stays for the user to read
    assert [c["dimension"] for c in first["conditions"]] == ["age", "target", "selection"]


def test_conditions_without_any_list_row_are_reported(cli, tmp_path, home):
    conds = json.loads(GOV_COND.read_text(encoding="utf-8"))["data"][:2]
    r = cli("policy", "import", write_json(tmp_path / "cond.json", {"data": conds}), "--json")
    assert r.code == 0
    assert (r.json["total"], r.json["imported"], r.json["reported"]) == (2, 0, 2)
    assert "in no serviceList" in r.json["errors"][0]["message"]
    assert db_count(home) == 0


# --- bad input ------------------------------------------------------------------------------------------------
def test_a_file_in_neither_format_is_refused_and_nothing_is_written(cli, tmp_path, home):
    good = str(YOUTH)
    bad = write_json(tmp_path / "other.json", {"items": [{"name": "not a policy"}]})
    r = cli("policy", "import", good, bad)
    assert r.code == 5
    assert f"{bad}: not a policy file reflee knows" in r.err
    assert db_count(home) == 0


def test_a_truncated_file_is_refused(cli, tmp_path, home):
    cut = tmp_path / "cut.json"
    cut.write_bytes(YOUTH.read_bytes()[:50_000])
    r = cli("policy", "import", str(cut))
    assert r.code == 5
    assert "ends early" in r.err and "truncated" in r.err
    assert db_count(home) == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"plcyNo,plcyNm\n1,x\n", "not valid JSON at line 1"),
        (b"", "the file is empty"),
        (b"\xff\xfe{}", "not UTF-8"),
        (
            '{"resultCode":401,"resultMessage":"인증키가 유효하지 않습니다.","result":null}'.encode(),
            "401 인증키가 유효하지 않습니다.",
        ),
        (json.dumps({"data": [{"서비스ID": "1", "서비스명": "x", "구비서류": "y"}]}).encode(), "serviceDetail"),
        (json.dumps({"format": "reflee.policies", "version": 9, "policies": []}).encode(), "version 9"),
    ],
)
def test_unusable_files_name_the_problem(cli, tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    r = cli("policy", "import", str(path))
    assert r.code == 5
    assert message in r.err


def test_missing_file(cli):
    r = cli("policy", "import", "/nonexistent/policies.json")
    assert r.code == 3 and "no such file" in r.err


def test_bad_records_are_reported_by_id_and_the_rest_imported(cli, tmp_path, home):
    records = youth_records()[:6]
    ids = [r["plcyNo"] for r in records]
    records[1] = {**records[1], "aplyPrdSeCd": "0057001", "aplyYmd": "20261345 ~ 20261231"}  # malformed date
    records[2] = {**records[2], "jobCd": "0013999"}  # unknown code
    records[3] = {**records[3], "zipCd": "1162,11620"}  # malformed region code
    records[4] = {**records[4], "sprtTrgtMinAge": "스물"}  # not a number
    path = write_json(tmp_path / "y.json", {"result": {"youthPolicyList": records}})
    r = cli("policy", "import", path, "--json")
    assert r.code == 0
    report = r.json
    assert (report["total"], report["imported"], report["reported"]) == (6, 2, 4)
    by_id = {e["record"]: e["message"] for e in report["errors"]}
    assert by_id == {
        ids[1]: "aplyYmd: 2026-13-45 is not a real date",
        ids[2]: "jobCd: unknown code '0013999'",
        ids[3]: "zipCd: '1162' is not a 5-digit region code",
        ids[4]: "sprtTrgtMinAge: '스물' is not a whole number",
    }
    assert db_count(home) == 2
    r = cli("policy", "import", path)
    assert f"could not read {path} record {ids[2]}: jobCd: unknown code '0013999'" in r.err
    assert "4 could not be read" in r.err


def test_bad_gov24_rows_are_reported(cli, tmp_path, home):
    rows = json.loads(GOV_LIST.read_text(encoding="utf-8"))["data"][:3]
    conds = json.loads(GOV_COND.read_text(encoding="utf-8"))["data"][:3]
    rows[0] = {**rows[0], "신청기한": "2026.02.30~2026.03.10"}
    conds[1] = {**conds[1], "JA0201": "yes"}
    rows[2] = {**rows[2], "등록일시": "2026-99-99"}
    r = cli(
        "policy",
        "import",
        write_json(tmp_path / "l.json", {"data": rows}),
        write_json(tmp_path / "c.json", {"data": conds}),
        "--json",
    )
    messages = {e["record"]: e["message"] for e in r.json["errors"]}
    assert messages == {
        rows[0]["서비스ID"]: "신청기한: 2026-02-30 is not a real date",
        rows[1]["서비스ID"]: "JA0201: 'yes' is not 'Y' or empty",
        rows[2]["서비스ID"]: "등록일시: '2026-99-99' is not a date and time",
    }
    assert db_count(home) == 0


@pytest.mark.usefixtures("korean")
def test_an_unknown_region_code_is_kept_with_a_note(cli, tmp_path, home):
    record = {**youth_records()[0], "zipCd": "11620,11999"}
    r = cli("policy", "import", write_json(tmp_path / "y.json", [record]), "--json")
    assert r.json["imported"] == 1
    assert "11999 unknown to this reflee" in r.json["warnings"][0]["message"]
    region = next(
        c for c in cli("policy", "show", record["plcyNo"], "--json").json["conditions"] if c["dimension"] == "region"
    )
    assert region["values"] == ["11620", "11999"]
    assert cli("profile", "set", "region", "11680").code == 0  # 강남구: same 시도 as the unknown code
    reason = cli("policy", "show", record["plcyNo"], "--json").json["match"]["conditions"]
    region = next(c for c in reason if c["dimension"] == "region")
    assert region["status"] == "unknown" and "모르는 지역 코드 11999" in region["reason"]
    assert cli("profile", "set", "region", "부산").code == 0  # another 시도: not met
    reason = cli("policy", "show", record["plcyNo"], "--json").json["match"]["conditions"]
    assert next(c for c in reason if c["dimension"] == "region")["status"] == "not_met"


def test_reflee_policy_json_round_trip(cli, tmp_path):
    doc = {
        "format": "reflee.policies",
        "version": 1,
        "policies": [
            {
                "source": "manual",
                "source_id": "gwanak-rent",
                "title": "관악구 청년 월세 지원",
                "category": "주거",
                "apply": {"kind": "period", "windows": [{"start": "2026-11-01", "end": "2026-11-30"}]},
                "conditions": [
                    {"dimension": "age", "op": "range", "min": 19, "max": 39, "unit": "year"},
                    {"dimension": "region", "op": "in", "values": ["11620"]},
                    {"dimension": "income", "op": "text", "text": "부모 소득 합산 중위소득 150% 이하"},
                ],
            },
            {
                "source": "manual",
                "source_id": "broken",
                "title": "x",
                "conditions": [{"dimension": "age", "op": "range"}],
            },
            {
                "source": "manual",
                "source_id": "broken2",
                "title": "y",
                "conditions": [{"dimension": "employment", "op": "in", "values": ["astronaut"]}],
            },
            {"source": "Not Valid!", "source_id": "z", "title": "z"},
        ],
    }
    r = cli("policy", "import", write_json(tmp_path / "mine.json", doc), "--json")
    assert (r.json["imported"], r.json["reported"]) == (1, 3)
    messages = sorted(e["message"] for e in r.json["errors"])
    assert "conditions[0]: a range needs min, max or both" in messages
    assert "conditions[0].values: 'astronaut' is not a known employment value" in messages
    shown = cli("policy", "show", "manual:gwanak-rent", "--json").json
    assert shown["region"] == {"scope": "local", "size": 1}
    assert [c["dimension"] for c in shown["conditions"]] == ["age", "region", "income"]
    # what `show --json` prints can be imported again as reflee's policy JSON
    again = write_json(tmp_path / "again.json", {"format": "reflee.policies", "version": 1, "policies": [shown]})
    r = cli("policy", "import", again, "--json")
    assert (r.json["imported"], r.json["reported"]) == (1, 0)


def test_progress_is_reported_while_writing(tmp_path):
    from reflee import services

    ctx = services.open(str(tmp_path / "h"))
    seen: list[tuple[int, int]] = []
    report = ctx.policy.import_files([(str(GOV_LIST), GOV_LIST.read_bytes())], lambda d, t: seen.append((d, t)))
    assert seen[-1] == (GOV24_TOTAL, GOV24_TOTAL) and len(seen) == report.imported
    ctx.close()


def test_live_api_envelopes_are_read_too(cli, tmp_path, home):
    records = youth_records()[:4]
    live_youth = {
        "resultCode": 200,
        "resultMessage": "성공",
        "result": {"pagging": {"totCount": 2648, "pageNum": 1, "pageSize": 4}, "youthPolicyList": records},
    }
    rows = json.loads(GOV_LIST.read_text(encoding="utf-8"))["data"][:3]
    conds = json.loads(GOV_COND.read_text(encoding="utf-8"))["data"][:3]
    page = {"page": 1, "perPage": 3, "totalCount": 10968, "currentCount": 3, "matchCount": 10968}
    r = cli(
        "policy",
        "import",
        write_json(tmp_path / "live_youth.json", live_youth),
        write_json(tmp_path / "live_list.json", {**page, "data": rows}),
        write_json(tmp_path / "live_cond.json", {**page, "data": conds}),
        "--json",
    )
    assert r.code == 0, r.err
    assert (r.json["total"], r.json["imported"], r.json["by_source"]) == (7, 7, {"youth": 4, "gov24": 3})
    assert db_count(home) == 7


def test_records_without_an_id_or_twice_in_a_file(cli, tmp_path):
    records = youth_records()[:3]
    doubled = {**records[0], "plcyNm": "나중 것이 남는다"}
    no_id = {**records[1], "plcyNo": "   "}
    path = write_json(tmp_path / "y.json", [records[0], no_id, "not an object", records[2], doubled])
    report = cli("policy", "import", path, "--json").json
    assert (report["total"], report["imported"], report["reported"]) == (4, 2, 2)
    assert sorted((e["record"], e["message"]) for e in report["errors"]) == [
        ("#2", "plcyNo: missing"),
        ("#3", "not a JSON object"),
    ]
    assert any("appears more than once" in w["message"] for w in report["warnings"])
    assert cli("policy", "show", records[0]["plcyNo"], "--json").json["title"] == "나중 것이 남는다"
