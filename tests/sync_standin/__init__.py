"""A stand-in for the shared sync server (docs/sync-api.openapi.json), standard library plus jsonschema.

from tests.sync_standin import SyncStandin

with SyncStandin(latency=0.02) as server:
    server.fault("batch", "status", status=503, retry_after=1)
    ...  # reflee --home H auth login --server {server.url} ...; reflee sync push
    server.records.live(server.user_id("me@example.com"), "transaction")
"""

from .server import Fault, SyncStandin

__all__ = ["Fault", "SyncStandin"]
