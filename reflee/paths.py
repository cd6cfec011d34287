"""Where reflee keeps its state. The one module that resolves directories.

Order: the global ``--home`` option, then ``REFLEE_HOME``, then the platform's
standard directories (platformdirs). With a home set, everything lives under it:
``config.toml``, ``reflee.db`` and ``cache/``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

from reflee.records import FrozenRecord

APP_NAME = "reflee"
ENV_HOME = "REFLEE_HOME"


class Paths(FrozenRecord):
    __slots__ = ("config_dir", "data_dir", "cache_dir", "home")  # noqa: RUF023  (the fields' order)
    config_dir: Path
    data_dir: Path
    cache_dir: Path
    home: Path | None
    """The single home directory, when one was given (--home or REFLEE_HOME)."""

    def __init__(self, config_dir: Path, data_dir: Path, cache_dir: Path, home: Path | None = None) -> None:
        init = object.__setattr__
        init(self, "config_dir", config_dir)
        init(self, "data_dir", data_dir)
        init(self, "cache_dir", cache_dir)
        init(self, "home", home)

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def db_file(self) -> Path:
        return self.data_dir / "reflee.db"

    @classmethod
    def under(cls, home: Path) -> Paths:
        home = home.expanduser().resolve()
        return cls(config_dir=home, data_dir=home, cache_dir=home / "cache", home=home)


def config_file(home: str | os.PathLike[str] | None = None, env: Mapping[str, str] | None = None) -> Path:
    """Where config.toml is, without importing platformdirs on Linux (~7 ms of every start-up, paid only to
    read ui.language): the XDG rule platformdirs applies there. tests/test_i18n.py keeps the two equal."""
    environ: Mapping[str, str] = os.environ if env is None else env
    if home or environ.get(ENV_HOME) or not sys.platform.startswith("linux"):
        return resolve_paths(home, environ).config_file
    base = environ.get("XDG_CONFIG_HOME", "").strip() or str(Path.home() / ".config")
    return Path(base) / APP_NAME / "config.toml"


def resolve_paths(home: str | os.PathLike[str] | None = None, env: Mapping[str, str] | None = None) -> Paths:
    environ: Mapping[str, str] = os.environ if env is None else env
    chosen = home or environ.get(ENV_HOME) or None
    if chosen:
        return Paths.under(Path(chosen))
    import platformdirs  # ~5 ms; only needed when no home is given

    return Paths(
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        cache_dir=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
    )
