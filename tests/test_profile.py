"""`reflee profile`: setting, showing, clearing and editing the profile, with validation and Korean labels."""

from __future__ import annotations

import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest

FIELDS = [
    "birth_date",
    "gender",
    "region",
    "household_size",
    "children",
    "income_annual",
    "income_monthly_household",
    "employment",
    "education",
    "major",
    "marital",
    "housing",
    "traits",
]


def profile_json(cli) -> dict:
    r = cli("profile", "show", "--json")
    assert r.code == 0, r.err
    return r.json


def test_empty_profile_lists_every_field_unset(cli):
    data = profile_json(cli)
    assert list(data["fields"]) == FIELDS
    assert all(f["value"] is None and f["source"] is None for f in data["fields"].values())
    assert data["age"] is None and data["median_income"] is None
    r = cli("profile", "show")
    assert r.code == 0
    for label in ("생년월일", "거주지역", "본인 연소득", "가구 월소득", "취업상태", "특성"):
        assert label in r.out
    assert "profile set" in r.err


@pytest.mark.parametrize(
    ("field", "typed", "stored", "shown"),
    [
        ("birth_date", "2002-03-02", "2002-03-02", "2002-03-02"),
        ("생년월일", "2002년 3월 2일", "2002-03-02", "2002-03-02"),
        ("gender", "여", "female", "여성"),
        ("region", "서울 관악구", "11620", "서울특별시 관악구 (11620)"),
        ("region", "관악구", "11620", "서울특별시 관악구 (11620)"),
        ("거주지역", "부산", "26000", "부산광역시 (26000)"),
        ("region", "29170", "12300", "전남광주통합특별시 북구 (12300)"),
        ("region", "42110", "51110", "강원특별자치도 춘천시 (51110)"),
        ("region", "광주 북구", "12300", "전남광주통합특별시 북구 (12300)"),
        ("region", "수원시 장안구", "41111", "경기도 수원시 장안구 (41111)"),
        ("household_size", "3인", 3, "3명"),
        ("income_annual", "3,600만원", 36_000_000, "3,600만원"),
        ("income_annual", "2억 3천만", 230_000_000, "2억 3,000만원"),
        ("income_monthly_household", "4200000", 4_200_000, "420만원"),
        ("employment", "구직자", "unemployed", "미취업자"),
        ("employment", "재직자", "employed", "재직자"),
        ("education", "대학 재학", "college_student", "대학 재학"),
        ("major", "공학", "engineering", "공학계열"),
        ("marital", "미혼", "single", "미혼"),
        ("housing", "월세", "monthly_rent", "월세"),
        ("traits", "장애, 무주택", ["disabled", "no_house"], "장애인, 무주택"),
        ("traits", "없음", [], "없음"),
    ],
)
def test_set_reads_what_people_type(cli, field, typed, stored, shown):
    r = cli("profile", "set", field, typed, "--json")
    assert r.code == 0, r.err
    from reflee.profile.fields import resolve

    name = resolve(field).name
    got = r.json["fields"][name]
    assert (got["value"], got["display"], got["source"]) == (stored, shown, "entered")
    assert profile_json(cli)["fields"][name]["value"] == stored


def test_set_prints_the_korean_label(cli):
    r = cli("profile", "set", "employment", "미취업자")
    assert r.code == 0
    assert "취업상태" in r.err and "미취업자" in r.err


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("birth_date", "2001-02-30", "birth_date: '2001-02-30' is not a real calendar date"),
        ("birth_date", "2001-13-01", "not a real calendar date"),
        ("birth_date", "내일", "is in the future"),
        ("birth_date", "1890-01-01", "older than 120"),
        ("region", "99999", "region: '99999' is not a known 시도/시군구 code or name"),
        ("region", "중구", "region: '중구' could be 서울특별시 중구 (11140)"),
        (
            "region",
            "28110",
            "region: 인천광역시 중구 was split; which one do you live in: 인천광역시 제물포구 (28125), "
            "인천광역시 영종구 (28155)? Give one of them, or add your 동 (e.g. '인천광역시 중구 운서동')",
        ),
        ("household_size", "0", "household_size: '0' is not a number of people"),
        ("income_annual", "많이", "income_annual: cannot read '많이'"),
        ("income_annual", "-300만", "negative"),
        ("employment", "우주비행사", "employment: '우주비행사' is not one of 재직자 (employed)"),
        ("traits", "외계인", "traits: '외계인' is not a known trait"),
        ("nickname", "x", "unknown profile field 'nickname'"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_written(cli, field, value, message):
    r = cli("profile", "set", field, value)
    assert r.code == 2
    assert message in r.err
    assert r.err.count("\n") == 1  # one line
    assert all(f["value"] is None for f in profile_json(cli)["fields"].values())


def test_age_and_median_income_are_worked_out(cli):
    born = date.today().replace(year=date.today().year - 29, day=1)
    assert cli("profile", "set", "birth_date", born.isoformat()).code == 0
    assert cli("profile", "set", "household_size", "1").code == 0
    assert cli("profile", "set", "income_monthly_household", "2564238").code == 0
    data = profile_json(cli)
    assert data["age"] == 29
    share = data["median_income"]
    assert share["household_size"] == 1
    if share["year"] == 2026:
        assert share["percent"] == "100.0"
    r = cli("profile", "show")
    assert "Age: 29 (as of" in r.out and "Of the median income: about" in r.out
    assert cli("config", "set", "ui.language", "ko").code == 0
    r = cli("profile", "show")
    assert "만 나이: 29세" in r.out and "기준 중위소득 대비: 약" in r.out


def test_traits_change_by_plus_and_minus(cli):
    assert cli("profile", "set", "traits", "장애인").code == 0
    assert cli("profile", "set", "traits", "+한부모, +무주택").code == 0
    assert profile_json(cli)["fields"]["traits"]["value"] == ["disabled", "single_parent", "no_house"]
    assert cli("profile", "set", "traits", "-장애인").code == 0
    assert profile_json(cli)["fields"]["traits"]["value"] == ["single_parent", "no_house"]
    r = cli("profile", "set", "traits", "+한부모, 장애인")
    assert r.code == 2 and "mix of" in r.err


def test_unset_clears_a_field(cli):
    assert cli("profile", "set", "region", "11620").code == 0
    r = cli("profile", "unset", "거주지역", "--json")
    assert r.code == 0
    assert r.json["fields"]["region"]["value"] is None
    r = cli("profile", "unset", "region")
    assert r.code == 0 and "was not set" in r.err


def test_profile_rows_keep_sync_timestamps(cli, home):
    import sqlite3

    assert cli("profile", "set", "region", "11620").code == 0
    assert cli("profile", "unset", "region").code == 0
    row = (
        sqlite3.connect(home / "reflee.db")
        .execute("SELECT created_at, updated_at, deleted_at FROM profile_field WHERE field = 'region'")
        .fetchone()
    )
    assert row[0] and row[1] and row[2]  # a tombstone, not a deleted row


def _editor(tmp_path: Path, body: str) -> str:
    """An 'editor' that rewrites the file it is given: each 'field = value' line in ``body`` replaces the
    line for that field."""
    script = tmp_path / "fake_editor.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import sys
            path = sys.argv[1]
            wanted = dict(line.split(" = ", 1) for line in {body!r}.splitlines() if line.strip())
            out = []
            for line in open(path, encoding="utf-8").read().splitlines():
                key = line.split(" = ", 1)[0] if " = " in line or line.endswith(" =") else None
                key = key.rstrip(" =") if key else None
                out.append(f"{{key}} = {{wanted[key]}}" if key in wanted else line)
            open(path, "w", encoding="utf-8").write("\\n".join(out) + "\\n")
            """
        ),
        encoding="utf-8",
    )
    return f"{sys.executable} {script}"


def test_edit_saves_every_change_together(cli, tmp_path, monkeypatch):
    assert cli("profile", "set", "marital", "기혼").code == 0
    monkeypatch.setenv("EDITOR", _editor(tmp_path, "birth_date = 1999-05-01\nregion = 부산 해운대구\nmarital = \n"))
    r = cli("profile", "edit", "--json", tty=True)
    assert r.code == 0, r.err
    fields = r.json["fields"]
    assert fields["birth_date"]["value"] == "1999-05-01"
    assert fields["region"]["value"] == "26350"
    assert fields["marital"]["value"] is None


def test_edit_with_a_bad_value_saves_nothing(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("EDITOR", _editor(tmp_path, "birth_date = 1999-05-01\nemployment = 우주비행사\n"))
    r = cli("profile", "edit", tty=True)
    assert r.code == 2
    assert "employment: '우주비행사' is not one of" in r.err
    assert profile_json(cli)["fields"]["birth_date"]["value"] is None


def test_edit_without_changes_is_aborted(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("EDITOR", _editor(tmp_path, ""))
    r = cli("profile", "edit", tty=True)
    assert r.code == 8 and "no changes" in r.err


def test_edit_needs_a_terminal(cli):
    r = cli("profile", "edit")
    assert r.code == 2 and "profile set" in r.err


def test_edit_template_parses_lines_and_names_bad_ones():
    from reflee.errors import UsageError
    from reflee.profile import template

    assert template.parse("# comment\n생년월일 = 1999-05-01\nregion =\n") == {
        "birth_date": "1999-05-01",
        "region": None,
    }
    with pytest.raises(UsageError, match="profile line 2: unknown field 'shoe_size'"):
        template.parse("gender = 여성\nshoe_size = 270\n")
    with pytest.raises(UsageError, match="profile line 1: expected 'field = value'"):
        template.parse("just words\n")


def test_edit_shows_region_names_and_man_won_and_reads_them_back(cli, tmp_path, monkeypatch):
    """The template shows 서울특별시 관악구 and 1,800만원, not 11620 and 18000000; saving it untouched changes
    nothing, and an amount edited in 만원 is read back."""
    assert cli("profile", "set", "region", "11620").code == 0
    assert cli("profile", "set", "income_annual", "18000000").code == 0
    seen = tmp_path / "seen.txt"
    script = tmp_path / "copy.py"
    script.write_text(f"import shutil, sys\nshutil.copy(sys.argv[1], {str(seen)!r})\n", encoding="utf-8")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    r = cli("profile", "edit", tty=True)
    text = seen.read_text(encoding="utf-8")
    assert "region = 서울특별시 관악구\n" in text and "income_annual = 1,800만원\n" in text
    values = [line for line in text.splitlines() if not line.startswith("#")]
    assert not any("11620" in line or "18000000" in line for line in values)
    assert r.code == 8 and "no changes" in r.err
    monkeypatch.setenv("EDITOR", _editor(tmp_path, "income_annual = 2,400만원\n"))
    assert cli("profile", "edit", tty=True).code == 0
    fields = profile_json(cli)["fields"]
    assert fields["income_annual"]["value"] == 24_000_000 and fields["region"]["value"] == "11620"
