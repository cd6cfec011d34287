"""The framework's own words (usage errors, help headings) in the interface language, as a real process."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def reflee(lang: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LANG": lang, "COLUMNS": "80"}
    return subprocess.run(
        [sys.executable, "-m", "reflee", *args], capture_output=True, text=True, encoding="utf-8", env=env, timeout=60
    )


@pytest.mark.parametrize(
    ("args", "korean", "english"),
    [
        (["ledger", "list", "--bogus"], "그런 옵션이 없습니다: --bogus", "No such option: --bogus"),
        (["ledger", "add"], "'amount' 인자가 빠졌습니다.", "Missing argument 'amount'."),
        (["ledger", "list", "--limit", "x"], "'x'은(는) 정수가 아닙니다", "'x' is not a whole number"),
        (["ledger", "lst"], "'lst' 명령이 없습니다. 'list' 을(를) 말씀하신 건가요?", "No such command 'lst'."),
        (["retro", "stats", "--weeks", "9999"], "1<=x<=520 범위 밖입니다", "not in the range 1<=x<=520"),
        (["retro", "list", "extra"], "필요 없는 인자가 더 있습니다: extra", "Unexpected extra arguments: extra"),
    ],
)
def test_usage_errors_are_one_line_in_the_interface_language(args, korean, english):
    ko = reflee("ko_KR.UTF-8", *args)
    assert ko.returncode == 2 and ko.stdout == ""
    assert ko.stderr.count("\n") == 1 and ko.stderr.startswith("error: ") and korean in ko.stderr
    assert f"(도움말: 'reflee {args[0]}" in ko.stderr
    en = reflee("C.UTF-8", *args)
    assert en.returncode == 2 and english in en.stderr and f"(see 'reflee {args[0]}" in en.stderr


def test_help_headings_and_framework_words_follow_the_language():
    ko = reflee("ko_KR.UTF-8", "ledger", "add", "--help").stdout
    assert ko.startswith("사용법: reflee ledger add")
    assert "\n인자:\n" in ko and "\n옵션:\n" in ko and "[필수]" in ko and "이 도움말을 보여 주고 끝냅니다." in ko
    assert "Usage:" not in ko and "Options:" not in ko and "Show this message" not in ko
    en = reflee("C.UTF-8", "ledger", "add", "--help").stdout
    assert en.startswith("Usage: reflee ledger add") and "\nOptions:\n" in en and "[required]" in en
    group = reflee("ko_KR.UTF-8", "ledger", "--help").stdout
    assert "\n명령:\n" in group


def test_the_top_level_help_has_no_framework_english_in_korean():
    ko = reflee("ko_KR.UTF-8", "--help").stdout
    assert "자동 완성을 설치합니다" in ko and "\n명령:\n" in ko
    assert "Install completion" not in ko and "Show this message" not in ko
