"""Plain data passed across the LLM interface."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reflee.config import Settings

Message = dict[str, str]
"""{"role": "system" | "user" | "assistant", "content": "..."}"""


@dataclass(frozen=True)
class LLMSettings:
    provider: str
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

    @classmethod
    def from_settings(cls, settings: Settings, env: Mapping[str, str] | None = None) -> LLMSettings:
        import os

        env = os.environ if env is None else env
        c = settings.llm
        return cls(
            provider=c.provider,
            model=c.model,
            host=normalize_host(c.host or env.get("OLLAMA_HOST") or "http://127.0.0.1:11434"),
            base_url=c.base_url.rstrip("/"),
            api_key=c.api_key or env.get("REFLEE_LLM_API_KEY", ""),
            num_ctx=c.num_ctx,
            temperature=c.temperature,
            seed=c.seed,
            keep_alive=c.keep_alive,
            connect_timeout=c.connect_timeout,
            read_timeout=c.read_timeout,
        )

    @property
    def server(self) -> str:
        return self.host if self.provider == "ollama" else self.base_url

    def options(self) -> dict[str, Any]:
        opts: dict[str, Any] = {"num_ctx": self.num_ctx, "temperature": self.temperature}
        if self.seed:
            opts["seed"] = self.seed
        return opts


def normalize_host(host: str) -> str:
    """Accept what OLLAMA_HOST accepts: '0.0.0.0', ':11434', 'host:port', full URLs."""
    host = host.strip()
    if not host.startswith(("http://", "https://")):
        host = "http://" + host
    scheme, rest = host.split("://", 1)
    rest = rest.rstrip("/")
    netloc, _, path = rest.partition("/")
    if netloc.startswith(":"):
        netloc = "127.0.0.1" + netloc
    if netloc in ("0.0.0.0", ""):
        netloc = "127.0.0.1"
    if ":" not in netloc.split("]")[-1]:
        netloc += ":443" if scheme == "https" else ":11434"
    return f"{scheme}://{netloc}" + (f"/{path}" if path else "")


@dataclass
class ChatResult:
    content: str
    model: str
    done_reason: str = "stop"
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    total_duration_ms: float | None = None
    load_duration_ms: float | None = None
    cached: bool = False

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ModelInfo:
    name: str
    size_bytes: int | None = None
    family: str | None = None
    parameter_size: str | None = None
    quantization: str | None = None
    modified_at: str | None = None
    context_length: int | None = None
    capabilities: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class PullProgress:
    status: str
    completed: int | None = None
    total: int | None = None
