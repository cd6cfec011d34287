"""The LLM layer: one small interface, two providers (Ollama, OpenAI-compatible), a cache and a call log.

Nothing here imports ollama or httpx at module level; the providers load them on first use.
"""
