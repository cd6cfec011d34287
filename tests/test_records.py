"""reflee.records: the plain records on the start-up path behave as the dataclasses they replaced."""

from __future__ import annotations

from pathlib import Path

import pytest

from reflee.config import SETTINGS, Setting, Settings
from reflee.ledger.report_models import CategoryLine, Line, Report
from reflee.paths import Paths


def test_records_compare_and_print_by_their_fields_in_order():
    a, b = Line("2026-03", income=10, expense=4, count=2), Line("2026-03", 10, 4, 2)
    assert a == b and a != Line("2026-03", 10, 4, 3) and a != ("2026-03", 10, 4, 2)
    assert repr(a) == "Line(key='2026-03', income=10, expense=4, count=2)"
    assert repr(CategoryLine("식비", "expense", 12000, 3, 50.0)) == (
        "CategoryLine(category='식비', kind='expense', amount=12000, count=3, share_pct=50.0)"
    )
    report = Report("2026-03-01", "2026-03-31", "KRW", "month", a, [a], [a])
    assert report.other_currencies == {} and report == Report("2026-03-01", "2026-03-31", "KRW", "month", b, [b], [b])
    assert report.other_currencies is not Report("x", "y", "KRW", "month", a, [], []).other_currencies
    a.income += 5  # mutable, as a plain dataclass
    assert a.net == 11 and a != b
    with pytest.raises(TypeError):
        hash(a)
    with pytest.raises(AttributeError):
        a.typo = 1  # type: ignore[attr-defined]  # slots: no new attributes


def test_frozen_records_are_hashable_and_cannot_change(tmp_path: Path):
    paths = Paths.under(tmp_path)
    assert paths == Paths.under(tmp_path) and hash(paths) == hash(Paths.under(tmp_path))
    assert {paths, Paths.under(tmp_path)} == {paths}
    assert repr(paths).startswith("Paths(config_dir=") and "home=" in repr(paths)
    with pytest.raises(AttributeError):
        paths.home = None  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del paths.home  # type: ignore[misc]
    setting = next(iter(SETTINGS.values()))
    assert isinstance(setting, Setting) and hash(setting) == hash(SETTINGS[setting.key])
    with pytest.raises(AttributeError):
        setting.default = "x"  # type: ignore[misc]


def test_settings_default_to_no_explicit_values(tmp_path: Path):
    one, two = Settings(tmp_path / "config.toml"), Settings(tmp_path / "config.toml")
    assert one == two and one.explicit == {} and one.explicit is not two.explicit
    assert Settings(tmp_path, {"ledger.currency": "USD"}).ledger.currency == "USD"
