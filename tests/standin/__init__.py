"""A stand-in Ollama server for tests: real HTTP/1.1 on 127.0.0.1, standard library only.

It speaks Ollama's wire protocol closely enough for the unmodified official `ollama` client and plain httpx:
NDJSON streams with the final `done` chunk and its metrics, whole JSON answers, `{"error": ...}` bodies with
Go's messages and status codes, /api/tags, /api/show, /api/pull, /api/version, /api/embed, /api/ps, and the
OpenAI-compatible /v1/models and /v1/chat/completions (SSE).

    from tests.standin import OllamaStandin, Reply

    with OllamaStandin(models=["llama3.2:latest"]) as standin:
        standin.enqueue(Reply(content='{"summary": "..."}'))
        ollama.Client(host=standin.url).chat(model="llama3.2", messages=[...])
        standin.requests[-1].json["format"]

Faults (Reply.fault):
    "http"              status (default 500) and {"error": error} before the first byte
    "cut"               some chunks, then the connection closes (no final chunk, no terminating 0-length chunk);
                        a whole answer is cut half-way through its Content-Length
    "cut_in_char"       like "cut", the last bytes ending inside a multi-byte UTF-8 character
    "malformed"         a line of invalid JSON mid-stream (whole answer: an invalid JSON body with 200)
    "mid_stream_error"  some chunks, then {"error": "an error was encountered while running the model"} with
                        status 200 (whole answer: a 500 with that error, as Go collects the stream)
    "hang"              nothing for `latency` seconds (0: until the server stops), then the connection closes
Other ways to fail: OllamaStandin.dead_url() (connection refused), an unknown model (404), Reply(first_byte_delay=)
(slow model load), standin.parallel / standin.max_queue (queueing and 503 busy), standin.require_api_key (401).
"""

import sys as _sys

_NAMES = ("tests.standin", "standin")  # importable as both: from the repo root, and from tests/ (pytest's rootdir)


def _adopt_loaded_copy() -> bool:
    """If this package is already loaded under its other name, make this name point at those same modules.

    Otherwise `standin.Reply` and `tests.standin.Reply` would be two different classes.
    """
    for other in _NAMES:
        loaded = _sys.modules.get(other)
        if other != __name__ and loaded is not None and getattr(loaded, "__file__", None) == __file__:
            for name, module in list(_sys.modules.items()):
                if name == other or name.startswith(other + "."):
                    _sys.modules[__name__ + name[len(other) :]] = module
            return True
    return False


if not _adopt_loaded_copy():
    from .reply import FAULTS, RecordedRequest, Reply
    from .server import OllamaStandin

__all__ = ["FAULTS", "OllamaStandin", "RecordedRequest", "Reply"]
