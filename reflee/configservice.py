"""Settings as a service (``session.config``): read, change and reset the keys of config.toml.

The settings themselves are declared in reflee.config; this is what ``reflee config`` (or a settings screen)
calls. After a change the session reloads its settings (``Services.reload_settings``), so services built from
the old values are rebuilt on next use. ``path()`` works even when the file is broken.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reflee.config import MASK, SETTINGS, Settings, save_setting, source_of


@dataclass(frozen=True)
class ConfigPath:
    path: Path
    exists: bool

    def to_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "exists": self.exists}


@dataclass(frozen=True)
class SettingValue:
    key: str
    value: Any
    explicit: bool = True
    """Whether config.toml sets it (False: the default applies)."""
    doc: str = ""
    expected: str = ""
    """What a valid value looks like: 'one of monday, sunday', 'a whole number in 512..1048576'."""
    source: str = "default"
    """Where the value comes from: file (config.toml), env (its environment variable) or default."""
    secret: bool = False
    """A secret (llm.api_key): ``value`` is MASK when one is set, never the secret itself."""
    env: str = ""
    """The environment variable that can supply it (source 'env')."""

    def to_json(self) -> dict[str, Any]:
        data = {"key": self.key, "value": self.value}
        if self.secret:  # where a masked value comes from: file, env or default
            data["source"] = self.source
        return data


@dataclass(frozen=True)
class SettingsList:
    items: list[SettingValue]

    def to_json(self) -> dict[str, Any]:
        return {s.key: s.value for s in self.items}


class ConfigService:
    def __init__(self, config_file: Path, settings: Callable[[], Settings], on_change: Callable[[], Any]) -> None:
        self._file = config_file
        self._settings = settings
        """The session's current settings (loaded on first use)."""
        self._on_change = on_change
        """Called after config.toml was rewritten (the session's reload_settings)."""

    def path(self) -> ConfigPath:
        """Where config.toml lives, and whether it exists yet (reads nothing)."""
        return ConfigPath(self._file, self._file.exists())

    def show(self) -> SettingsList:
        """Every setting: its effective value, whether the file sets it, what it does and what it accepts.
        Secrets are masked."""
        settings = self._settings()
        return SettingsList([self._value(settings, key, value) for key, value, _explicit in settings.items()])

    def get(self, key: str) -> SettingValue:
        """One setting's effective value (a secret masked). Raises NotFoundError listing the valid keys."""
        settings = self._settings()
        return self._value(settings, key, settings[key])

    @staticmethod
    def _value(settings: Settings, key: str, value: Any) -> SettingValue:
        setting = SETTINGS[key]
        source = source_of(settings, key)
        if setting.secret and (value or source == "env"):
            value = MASK  # never the secret itself, on any front end or in --json
        return SettingValue(
            key, value, key in settings.explicit, setting.doc, setting.expected(), source, setting.secret, setting.env
        )

    def set(self, key: str, text: str) -> SettingValue:
        """Check ``text`` for ``key`` and write it to config.toml (atomically). Returns the new value."""
        return self._save(key, text)

    def unset(self, key: str) -> SettingValue:
        """Remove ``key`` from config.toml; the default applies again. Returns the default."""
        return self._save(key, None)

    def _save(self, key: str, text: str | None) -> SettingValue:
        settings = self._settings()
        value = save_setting(settings, key, text)
        self._on_change()
        return self._value(settings, key, value)
