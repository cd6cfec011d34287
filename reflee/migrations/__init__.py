"""Named, append-only schema migrations (the llm ``migrations.py`` pattern), one module each.

Importing this package registers every migration; ``reflee.migrations.runner`` applies them.
"""

from __future__ import annotations

from reflee.migrations import (  # noqa: F401  (importing registers each migration)
    m001_retro,
    m002_notification,
    m003_ledger,
    m004_policy,
    m005_feedback,
    m006_feedback_eval,
    m007_policy_collect,
    m008_report,
    m009_chat,
    m011_sync,
    m012_search_bigram,
    m013_short_ids,
    m015_bank,
    m017_retro_backlog,
    m018_unused_indexes,
)
from reflee.migrations.runner import MIGRATIONS, MIGRATIONS_TABLE, applied_names, apply_pending, migration, script

__all__ = ["MIGRATIONS", "MIGRATIONS_TABLE", "applied_names", "apply_pending", "migration", "script"]
