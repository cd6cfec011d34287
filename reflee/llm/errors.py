"""What can go wrong talking to a model, split by what to do about it.

Transient faults (server down, timeouts, 5xx, 503 busy, a cut stream) are worth retrying later;
permanent ones (model missing, a request the server refuses) need the user to change something,
and their message says what to run.
"""

from __future__ import annotations

from reflee.errors import DataError, ExitCode, RefleeError


class LLMError(RefleeError):
    transient: bool = False


class LLMUnavailable(LLMError):
    """The server cannot be reached or did not answer in time, or the answer was cut off."""

    exit_code = ExitCode.UNAVAILABLE
    transient = True


class LLMUnreachable(LLMUnavailable):
    """Nothing answers at the server's address: no point trying other work against it right now."""


class LLMBusy(LLMUnavailable):
    """503 or another 5xx: try again later."""


class LLMModelMissing(LLMError):
    exit_code = ExitCode.NOT_FOUND


class LLMRejected(LLMError):
    """The server refused the request (400-level other than a missing model)."""

    exit_code = ExitCode.USAGE


class LLMBadOutput(LLMError):
    """The model answered, but not with what the schema asks for (after a repair attempt). Recorded as a
    failure: retrying the same model on the same entry rarely helps; another model might."""

    exit_code = DataError.exit_code
