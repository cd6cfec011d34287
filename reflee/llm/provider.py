"""Picking a provider from settings.

The interface and the helpers every provider shares live in reflee.llm.base (re-exported here under their
old names); the concrete providers are imported only when asked for, and never import this module.
"""

from __future__ import annotations

from reflee.llm.base import OnToken, Provider, keep_alive_value, probe
from reflee.llm.types import LLMSettings

__all__ = ["OnToken", "Provider", "keep_alive_value", "make_provider", "probe"]


def make_provider(settings: LLMSettings) -> Provider:
    if settings.provider == "openai":
        from reflee.llm.openai_compat import OpenAICompatProvider

        return OpenAICompatProvider(settings)
    from reflee.llm.ollama_provider import OllamaProvider

    return OllamaProvider(settings)
