"""The language the policy and profile tests read reasons in: their expected texts are the Korean ones a user
sees (the English msgids are checked by the catalogue test). Use with
``pytestmark = pytest.mark.usefixtures("korean")`` after ``korean = policy_lang.korean``."""

from __future__ import annotations

import pytest


@pytest.fixture
def korean(monkeypatch: pytest.MonkeyPatch):
    """Korean for this test: the CLI (LANG, ui.language auto) and services called directly (i18n.setup)."""
    from reflee import i18n

    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    i18n.setup("ko")
    yield
    i18n.setup("en")
