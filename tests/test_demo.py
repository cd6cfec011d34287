"""`reflee demo` works with no set-up and never touches the user's home."""

from __future__ import annotations

import re
from pathlib import Path


def test_demo_shows_sample_data_without_touching_home(reflee_proc, home: Path):
    r = reflee_proc("demo")
    assert r.code == 0, r.err
    assert "reflee demo" in r.out
    assert "이번 주 회고 습관 만들기" in r.out  # the sample retrospects are listed
    assert "식비 예산 80% 사용" in r.out  # and the sample notifications
    assert not home.exists(), "the demo wrote into the user's home"
    demo_home = Path(re.search(r"REFLEE_HOME=(\S+)", r.out)[1])
    assert (demo_home / "reflee.db").exists()
    listed = reflee_proc("--home", str(demo_home), "retro", "list", "--json")
    assert listed.code == 0 and len(listed.json) == 15


def test_demo_no_keep_cleans_up(reflee_proc, home: Path):
    r = reflee_proc("demo", "--no-keep")
    assert r.code == 0
    demo_home = re.search(r"throwaway home:\s*(\S+)", r.out)[1]
    assert not Path(demo_home).exists()
    assert not home.exists()
