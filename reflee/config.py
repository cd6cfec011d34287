"""Typed, documented settings read from ``config.toml`` in the config directory.

Every setting is declared once in ``SETTINGS`` with its type, default, allowed
values and a line of documentation; ``reflee config`` and docs/config.md are
generated from the same table, and anything not declared here is refused.
Settings are built in ``main()`` and passed down; nothing is read at import time.
"""

from __future__ import annotations

import contextlib
import math
import os
from collections.abc import Callable
from pathlib import Path

from reflee import private
from reflee.errors import DataError, NotFoundError, StorageError, UsageError
from reflee.i18n import N_, _
from reflee.records import FrozenRecord, Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2 ms of a start-up)
if TYPE_CHECKING:
    from typing import Any, TypeVar

    Parser = Callable[[str], Any]
    _S = TypeVar("_S", bound="Section")


def _bool(text: str) -> bool:
    low = text.strip().lower()
    if low in ("true", "yes", "on", "1"):
        return True
    if low in ("false", "no", "off", "0"):
        return False
    raise ValueError("expected true or false")


def _int(text: str) -> int:
    return int(text.strip())


def _str(text: str) -> str:
    return text


def _float(text: str) -> float:
    return float(text.strip())


class Setting(FrozenRecord):
    __slots__ = ("key", "default", "doc", "kind", "choices", "minimum", "maximum", "secret", "env")  # noqa: RUF023
    key: str
    default: Any
    doc: str
    kind: type
    choices: tuple[str, ...]
    minimum: float | None
    maximum: float | None
    secret: bool
    """Never printed, logged or exported: `config show` / `get` / `set` show MASK and where it comes from."""
    env: str
    """An environment variable that supplies the value when config.toml does not."""

    def __init__(
        self,
        key: str,
        default: Any,
        doc: str,
        kind: type = str,
        choices: tuple[str, ...] = (),
        minimum: float | None = None,
        maximum: float | None = None,
        secret: bool = False,
        env: str = "",
    ) -> None:
        init = object.__setattr__
        init(self, "key", key)
        init(self, "default", default)
        init(self, "doc", doc)
        init(self, "kind", kind)
        init(self, "choices", choices)
        init(self, "minimum", minimum)
        init(self, "maximum", maximum)
        init(self, "secret", secret)
        init(self, "env", env)

    def parse(self, text: str) -> Any:
        parser: Parser = {bool: _bool, int: _int, str: _str, float: _float}[self.kind]
        try:
            value = parser(text)
        except ValueError as exc:
            raise UsageError(
                _("{key}: {text!r} is not valid ({expected})").format(key=self.key, text=text, expected=self.expected())
            ) from exc
        return self.check(value)

    def check(self, value: Any) -> Any:
        if self.kind is float and isinstance(value, int) and not isinstance(value, bool):
            try:
                value = float(value)
            except OverflowError:
                raise UsageError(
                    _("{key}: {value!r} is not valid ({expected})").format(
                        key=self.key, value=value, expected=self.expected()
                    )
                ) from None
        ok_type = isinstance(value, self.kind) and not (self.kind is int and isinstance(value, bool))
        if not ok_type:
            raise UsageError(
                _("{key}: {value!r} is not valid ({expected})").format(
                    key=self.key, value=value, expected=self.expected()
                )
            )
        if self.kind is float and not math.isfinite(value):  # nan would pass every comparison below
            raise UsageError(
                _("{key}: {value} is not a finite number ({expected})").format(
                    key=self.key, value=value, expected=self.expected()
                )
            )
        if self.choices and value not in self.choices:
            raise UsageError(
                _("{key}: {value!r} is not one of {join}").format(
                    key=self.key, value=value, join=", ".join(self.choices)
                )
            )
        if self.minimum is not None and value < self.minimum:
            raise UsageError(
                _("{key}: {value!r} is below the minimum {minimum}").format(
                    key=self.key, value=value, minimum=self.minimum
                )
            )
        if self.maximum is not None and value > self.maximum:
            raise UsageError(
                _("{key}: {value!r} is above the maximum {maximum}").format(
                    key=self.key, value=value, maximum=self.maximum
                )
            )
        return value

    def expected(self) -> str:
        if self.choices:
            return _("one of {choices}").format(choices=", ".join(self.choices))
        name = {bool: _("true or false"), int: _("a whole number"), str: _("text"), float: _("a number")}[self.kind]
        if self.minimum is not None or self.maximum is not None:
            low = self.minimum if self.minimum is not None else ""
            name = _("{kind} in {low}..{high}").format(kind=name, low=low, high=self.maximum or "")
        return name


LEDGER_CURRENCIES = (
    # the same codes as reflee.ledger.amounts.CURRENCIES (a test keeps them equal)
    "KRW", "USD", "JPY", "EUR", "GBP", "CNY", "HKD", "TWD", "SGD", "AUD", "CAD", "NZD",
    "CHF", "THB", "PHP", "INR", "IDR", "MYR", "VND", "SEK", "NOK", "DKK", "KWD", "BHD",
)  # fmt: skip
SETTINGS: dict[str, Setting] = {
    s.key: s
    for s in [
        Setting("editor", "", N_("Editor command for writing entries; empty means $VISUAL, then $EDITOR, then vi.")),
        Setting(
            "week_start",
            "monday",
            N_("First day of the week for statistics and weekly reports."),
            choices=("monday", "sunday"),
        ),
        Setting(
            "ui.language",
            "auto",
            N_("Interface language: ko (한국어), en, or auto (Korean when the locale, LANG / LC_ALL, is Korean)."),
            choices=("auto", "ko", "en"),
        ),
        Setting(
            "retro.template",
            "",
            N_("Path to a custom editor template for new retrospects; empty uses the built-in one."),
        ),
        Setting(
            "llm.provider",
            "ollama",
            N_(
                "Which kind of model server to talk to: Ollama's native API, or any OpenAI-compatible one "
                "(LM Studio, llama.cpp's llama-server, vLLM)."
            ),
            choices=("ollama", "openai"),
        ),
        Setting(
            "llm.model", "gemma3:4b", N_("The model used for feedback and chat (e.g. gemma3:4b, qwen3:8b, llama3.2).")
        ),
        Setting(
            "llm.host",
            "",
            N_("Ollama server URL; empty means $OLLAMA_HOST, then http://127.0.0.1:11434."),
        ),
        Setting(
            "llm.base_url",
            "http://127.0.0.1:1234/v1",
            N_("Base URL of an OpenAI-compatible server (llm.provider = openai), ending in /v1."),
        ),
        Setting(
            "llm.api_key",
            "",
            N_("API key for an OpenAI-compatible server; empty means $REFLEE_LLM_API_KEY, then none."),
            secret=True,
            env="REFLEE_LLM_API_KEY",
        ),
        Setting(
            "llm.num_ctx", 8192, N_("Context window to request, in tokens."), kind=int, minimum=512, maximum=1048576
        ),
        Setting(
            "llm.temperature", 0.2, N_("Sampling temperature (lower is steadier)."), kind=float, minimum=0, maximum=2
        ),
        Setting("llm.seed", 0, N_("Random seed for reproducible answers; 0 means none."), kind=int, minimum=0),
        Setting(
            "llm.keep_alive",
            "10m",
            N_(
                "How long Ollama keeps the model loaded after a call: a duration with a unit (30s, 10m, 1h) or -1m "
                "for ever."
            ),
        ),
        Setting(
            "llm.connect_timeout", 5.0, N_("Seconds to wait for a connection."), kind=float, minimum=0.1, maximum=600
        ),
        Setting(
            "llm.read_timeout",
            300.0,
            N_("Seconds to wait for the model (a cold model load can take a while)."),
            kind=float,
            minimum=1,
            maximum=7200,
        ),
        Setting(
            "feedback.mode",
            "inline",
            N_(
                "inline: 'retro add' asks for feedback at once and streams it; queue: only queue it for "
                "'reflee feedback run'; off: no feedback."
            ),
            choices=("inline", "queue", "off"),
        ),
        Setting(
            "feedback.max_attempts",
            5,
            N_("Attempts for a feedback job on transient faults before it goes to the dead letter."),
            kind=int,
            minimum=1,
            maximum=50,
        ),
        Setting(
            "feedback.backoff_seconds",
            2.0,
            N_("Base delay before retrying after a transient fault; it doubles with each attempt (with jitter)."),
            kind=float,
            minimum=0,
            maximum=3600,
        ),
        Setting(
            "feedback.max_age_days",
            7.0,
            N_(
                "Days a feedback job keeps waiting for an unreachable model server before it goes to the dead letter "
                "(downtime never counts as an attempt)."
            ),
            kind=float,
            minimum=0.01,
            maximum=3650,
        ),
        Setting(
            "feedback.lease_seconds",
            600,
            N_("How long a worker holds a job before another may take it over (a crashed worker's job comes back)."),
            kind=int,
            minimum=10,
            maximum=86400,
        ),
        Setting(
            "cache.ttl_days",
            7,
            N_("Days a model answer is reused for the same request."),
            kind=int,
            minimum=0,
            maximum=3650,
        ),
        Setting(
            "retro.index_after_import",
            "background",
            N_(
                "When a large retro import (10,000 new records or more) is indexed for search: 'background' starts "
                "it as the import ends, 'now' before the import returns, 'later' at the next search or cron run."
            ),
            choices=("background", "now", "later"),
        ),
        Setting(
            "retro.confirm_delete",
            True,
            N_("Ask before deleting a retrospect (pass --yes to skip)."),
            kind=bool,
        ),
        Setting(
            "policy.remind_days",
            7,
            N_("Raise a notification when a favourite policy's application closes within this many days."),
            kind=int,
            minimum=0,
            maximum=365,
        ),
        Setting(
            "report.narrative",
            True,
            N_(
                "Ask the local model for a growth narrative in weekly and monthly reports ('report --no-llm' skips it)."
            ),
            kind=bool,
        ),
        Setting(
            "report.narrative_timeout",
            120.0,
            N_("Seconds to wait for the narrative before the report is made without it."),
            kind=float,
            minimum=1,
            maximum=3600,
        ),
        Setting(
            "cron.interval_minutes",
            15,
            N_("How often the installed schedule runs 'reflee cron run' (cron show / install)."),
            kind=int,
            minimum=1,
            maximum=1440,
        ),
        Setting(
            "cron.remind_hour",
            21,
            N_(
                "From this local hour on, 'cron run' nudges you when no retrospect is written yet today; "
                "-1 turns it off."
            ),
            kind=int,
            minimum=-1,
            maximum=23,
        ),
        Setting(
            "cron.desktop",
            True,
            N_("Show new notifications on the desktop during 'cron run' (notify-send on Linux, osascript on macOS)."),
            kind=bool,
        ),
        Setting(
            "cron.feedback_seconds",
            120.0,
            N_("Time budget for working through the feedback queue in each 'cron run'; 0 leaves the queue alone."),
            kind=float,
            minimum=0,
            maximum=3600,
        ),
        Setting("cron.weekly", True, N_("Make last week's report in 'cron run' once the week is over."), kind=bool),
        Setting("cron.monthly", True, N_("Make last month's report in 'cron run' once the month is over."), kind=bool),
        Setting(
            "policy.youth_api_key",
            "",
            N_("Your 온통청년 OpenAPI key for 'policy fetch'; empty means $REFLEE_YOUTH_API_KEY."),
            secret=True,
            env="REFLEE_YOUTH_API_KEY",
        ),
        Setting(
            "policy.gov24_api_key",
            "",
            N_(
                "Your data.go.kr key for the 공공서비스(혜택) API, for 'policy fetch'; "
                "empty means $REFLEE_GOV24_API_KEY."
            ),
            secret=True,
            env="REFLEE_GOV24_API_KEY",
        ),
        Setting(
            "policy.youth_url",
            "https://www.youthcenter.go.kr/go/ythip/getPlcy",
            N_("The 온통청년 getPlcy endpoint 'policy fetch' reads."),
        ),
        Setting(
            "policy.gov24_url",
            "https://api.odcloud.kr/api/gov24/v3",
            N_("Base URL of the 공공서비스(혜택) API (serviceList and supportConditions are read under it)."),
        ),
        Setting(
            "policy.fetch_concurrency",
            4,
            N_("Pages 'policy fetch' reads at once from one API."),
            kind=int,
            minimum=1,
            maximum=16,
        ),
        Setting(
            "policy.fetch_timeout",
            30.0,
            N_("Seconds to wait for one page before trying again."),
            kind=float,
            minimum=0.1,
            maximum=600,
        ),
        Setting(
            "policy.fetch_retries",
            4,
            N_("Times a page is tried again after a timeout, 429 or 5xx answer, or a cut-off body."),
            kind=int,
            minimum=0,
            maximum=10,
        ),
        Setting(
            "policy.fetch_backoff_seconds",
            1.0,
            N_("Base delay before trying a page again; it doubles with each attempt (with jitter)."),
            kind=float,
            minimum=0,
            maximum=300,
        ),
        Setting(
            "chat.model",
            "",
            N_("The model for chat and ask; empty means llm.model."),
        ),
        Setting(
            "chat.embed_model",
            "bge-m3",
            N_(
                "The embedding model for semantic search over retrospects (a multilingual one for Korean, e.g. "
                "bge-m3); empty turns semantic search off (chat then uses full-text search only)."
            ),
        ),
        Setting(
            "chat.max_records",
            8,
            N_("At most this many records (retrospects, transactions, policies) are given to the model per question."),
            kind=int,
            minimum=1,
            maximum=50,
        ),
        Setting(
            "chat.summarize",
            True,
            N_(
                "When a conversation outgrows the context window, summarise the older turns (stored with the "
                "session) instead of only dropping them."
            ),
            kind=bool,
        ),
        Setting(
            "chat.embed_lease_seconds",
            120,
            N_("How long an embedding worker holds its jobs before another may take them over."),
            kind=int,
            minimum=1,
            maximum=86400,
        ),
        Setting(
            "ledger.currency",
            "KRW",
            N_("Currency of amounts typed without one (12,000 or 3만 mean this), and of reports and budgets."),
            choices=LEDGER_CURRENCIES,
        ),
        Setting(
            "sync.server",
            "",
            N_(
                "Base URL of the shared sync server (https://...; plain http:// only on this machine). "
                "`reflee auth login --server URL` sets it."
            ),
        ),
        Setting(
            "sync.include",
            "",
            N_(
                "Private kinds that may leave the machine, comma-separated: retros, feedback (with retros), chat. "
                "Empty: the ledger, budgets, profile and favourites only."
            ),
        ),
        Setting("sync.auto", False, N_("Let `reflee cron run` push changes when it runs."), kind=bool),
        Setting(
            "sync.concurrency",
            4,
            N_("Requests in flight at once during a push (over one connection pool)."),
            kind=int,
            minimum=1,
            maximum=32,
        ),
        Setting("sync.batch_size", 200, N_("Changes per request."), kind=int, minimum=1, maximum=1000),
        Setting(
            "sync.timeout",
            30.0,
            N_("Seconds to wait for the sync server's answer."),
            kind=float,
            minimum=0.1,
            maximum=600,
        ),
        Setting(
            "sync.max_wait",
            120.0,
            N_("Longest total time a push waits when the server says 429 / 503 with Retry-After, before giving up."),
            kind=float,
            minimum=0,
            maximum=3600,
        ),
        Setting(
            "sync.ca_bundle",
            "",
            N_(
                "A PEM file of extra certificate authorities to trust (a self-hosted server); verification itself "
                "cannot be turned off."
            ),
        ),
    ]
}


MASK = "••••"
"""How a secret setting's value is shown."""


def source_of(settings: Settings, key: str, environ: dict[str, str] | None = None) -> str:
    """Where a setting's effective value comes from: 'file' (config.toml), 'env' (its variable) or 'default'."""
    if key in settings.explicit:
        return "file"
    env = SETTINGS[key].env
    if env and (os.environ if environ is None else environ).get(env):
        return "env"
    return "default"


def _valid_keys() -> str:
    return ", ".join(SETTINGS)


def lookup(key: str) -> Setting:
    try:
        return SETTINGS[key]
    except KeyError:
        raise NotFoundError(
            _("unknown setting {key!r}; valid keys: {valid_keys}").format(key=key, valid_keys=_valid_keys())
        ) from None


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in data.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(_flatten(v, key + "."))
        else:
            out[key] = v
    return out


def _nest(flat: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in sorted(flat.items(), key=lambda kv: ("." in kv[0], kv[0])):
        node = out
        *parents, leaf = key.split(".")
        for p in parents:
            node = node.setdefault(p, {})
        node[leaf] = value
    return out


class Section:
    """A typed, read-only group of settings (``settings.llm``): the attributes its class annotates.

    Plain classes rather than dataclasses: every command loads this module, and six dataclasses cost ~3 ms
    to define."""

    __slots__ = ("_values",)

    def __init__(self, values: dict[str, Any]) -> None:
        object.__setattr__(self, "_values", values)

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"settings are read-only here; change them with `reflee config set` ({name})")

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other._values == self._values

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._values.items())))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in self._values.items())})"

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """The setting names this section reads (its annotations, in order)."""
        return tuple(cls.__annotations__)


class UISettings(Section):
    __slots__ = ()
    language: str
    """auto | ko | en"""


class RetroSettings(Section):
    __slots__ = ()
    template: str
    """Path to a custom editor template for new retrospects; empty uses the built-in one."""
    confirm_delete: bool
    """Ask before deleting a retrospect."""
    index_after_import: str
    """background | now | later: when a large import's retrospects are indexed for search."""


class LLMConfig(Section):
    __slots__ = ()
    provider: str
    """ollama | openai"""
    model: str
    host: str
    base_url: str
    api_key: str
    num_ctx: int
    temperature: float
    seed: int
    keep_alive: str
    connect_timeout: float
    read_timeout: float


class FeedbackSettings(Section):
    __slots__ = ()
    mode: str
    """inline | queue | off"""
    max_attempts: int
    backoff_seconds: float
    max_age_days: float
    lease_seconds: int


class CacheSettings(Section):
    __slots__ = ()
    ttl_days: int


class PolicySettings(Section):
    __slots__ = ()
    remind_days: int
    youth_api_key: str
    gov24_api_key: str
    youth_url: str
    gov24_url: str
    fetch_concurrency: int
    fetch_timeout: float
    fetch_retries: int
    fetch_backoff_seconds: float


class LedgerSettings(Section):
    __slots__ = ()
    currency: str


class ReportSettings(Section):
    __slots__ = ()
    narrative: bool
    narrative_timeout: float


class CronSettings(Section):
    __slots__ = ()
    interval_minutes: int
    remind_hour: int
    """-1: no daily nudge"""
    desktop: bool
    feedback_seconds: float
    weekly: bool
    monthly: bool


class SyncSettings(Section):
    __slots__ = ()
    server: str
    include: str
    """comma-separated: retros, feedback, chat"""
    auto: bool
    concurrency: int
    batch_size: int
    timeout: float
    max_wait: float
    ca_bundle: str


class ChatSettings(Section):
    __slots__ = ()
    model: str
    """Empty means llm.model."""
    embed_model: str
    """Empty turns semantic search off."""
    max_records: int
    summarize: bool
    embed_lease_seconds: int


SECTIONS: dict[str, type[Section]] = {
    "ui": UISettings,
    "retro": RetroSettings,
    "llm": LLMConfig,
    "feedback": FeedbackSettings,
    "cache": CacheSettings,
    "policy": PolicySettings,
    "ledger": LedgerSettings,
    "report": ReportSettings,
    "cron": CronSettings,
    "sync": SyncSettings,
    "chat": ChatSettings,
}
"""Each dotted prefix of SETTINGS and the typed section that reads it (a test keeps both in step)."""


class Settings(Record):
    """The effective settings: defaults overlaid with what the config file sets.

    Code reads them through typed attributes (``settings.feedback.mode``, ``settings.llm.num_ctx``);
    item access by dotted key is for ``reflee config``, which works on keys as text.
    """

    __slots__ = ("path", "explicit")  # noqa: RUF023  (the fields' order)
    path: Path
    explicit: dict[str, Any]

    def __init__(self, path: Path, explicit: dict[str, Any] | None = None) -> None:
        self.path = path
        self.explicit = {} if explicit is None else explicit

    def __getitem__(self, key: str) -> Any:
        setting = lookup(key)
        return self.explicit.get(key, setting.default)

    def items(self) -> list[tuple[str, Any, bool]]:
        return [(k, self.explicit.get(k, s.default), k in self.explicit) for k, s in SETTINGS.items()]

    def _section(self, name: str, cls: type[_S]) -> _S:
        return cls({key: self[f"{name}.{key}"] for key in cls.names()})

    @property
    def editor(self) -> str:
        return str(self["editor"])

    @property
    def week_start(self) -> str:
        """monday | sunday"""
        return str(self["week_start"])

    @property
    def ui(self) -> UISettings:
        return self._section("ui", UISettings)

    @property
    def retro(self) -> RetroSettings:
        return self._section("retro", RetroSettings)

    @property
    def llm(self) -> LLMConfig:
        return self._section("llm", LLMConfig)

    @property
    def feedback(self) -> FeedbackSettings:
        return self._section("feedback", FeedbackSettings)

    @property
    def cache(self) -> CacheSettings:
        return self._section("cache", CacheSettings)

    @property
    def policy(self) -> PolicySettings:
        return self._section("policy", PolicySettings)

    @property
    def ledger(self) -> LedgerSettings:
        return self._section("ledger", LedgerSettings)

    @property
    def report(self) -> ReportSettings:
        return self._section("report", ReportSettings)

    @property
    def cron(self) -> CronSettings:
        return self._section("cron", CronSettings)

    @property
    def sync(self) -> SyncSettings:
        return self._section("sync", SyncSettings)

    @property
    def chat(self) -> ChatSettings:
        return self._section("chat", ChatSettings)

    def editor_command(self) -> str:
        return self.editor or os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"


def load_settings(path: Path) -> Settings:
    if not path.exists():
        return Settings(path)
    import tomllib  # only with a file to read: ~2.5 ms of every start-up without one

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        flat = _flatten(data)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DataError(_("config file {path} is not valid TOML: {exc}").format(path=path, exc=exc)) from None
    except RecursionError:
        raise DataError(_("config file {path}: nested too deeply to be reflee's settings").format(path=path)) from None
    except OSError as exc:
        raise DataError(
            _("cannot read config file {path}: {strerror}").format(path=path, strerror=exc.strerror)
        ) from None
    explicit: dict[str, Any] = {}
    for key, value in flat.items():
        if key not in SETTINGS:
            raise DataError(
                _("config file {path}: unknown setting {key!r}; valid keys: {valid_keys}").format(
                    path=path, key=key, valid_keys=_valid_keys()
                )
            )
        try:
            explicit[key] = SETTINGS[key].check(value)
        except UsageError as exc:
            raise DataError(_("config file {path}: {message}").format(path=path, message=exc.message)) from None
    return Settings(path, explicit)


def save_setting(settings: Settings, key: str, text: str | None) -> Any:
    """Set (or with ``text=None`` reset) one key and rewrite the file atomically. Returns the new value."""
    import tomli_w  # only needed when writing

    setting = lookup(key)
    if text is None:
        settings.explicit.pop(key, None)
        value = setting.default
    else:
        value = setting.parse(text)
        settings.explicit[key] = value
    path = settings.path
    tmp = path.with_suffix(".toml.tmp")
    try:
        private.make_dir(path.parent)
        private.write_text(tmp, tomli_w.dumps(_nest(settings.explicit)))  # 0600: it may hold llm.api_key
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise StorageError(
            _("cannot write the config file {path}: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from None
    return value
