"""The database file for front ends: its path, status, an integrity check and online backups.

The session hands in the file's path and a way to reach its connection, so ``path()`` works without
opening (or migrating) the database.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reflee import db, private
from reflee.errors import StorageError, UsageError
from reflee.migrations import MIGRATIONS, applied_names
from reflee.storage.models import Backup, DbCheck, DbPath, DbStatus, Migration

__all__ = ["DatabaseService"]


@dataclass
class DatabaseService:
    db_file: Path
    connection: Callable[[], sqlite3.Connection]
    """The session's connection (opened and migrated on first use)."""

    def path(self) -> DbPath:
        """Where the database file lives, and whether it exists yet."""
        return DbPath(str(self.db_file), self.db_file.exists())

    def status(self) -> DbStatus:
        """Size, schema version, applied and pending migrations, and row counts."""
        conn = self.connection()
        applied = applied_names(conn)
        return DbStatus(
            path=str(self.db_file),
            size_bytes=self.db_file.stat().st_size,
            schema_version=db.schema_version(conn),
            migrations=[Migration(name, name in applied) for name, _ in MIGRATIONS],
            pending=db.pending_migrations(conn),
            tables=db.table_counts(conn),
        )

    def check(self) -> DbCheck:
        """SQLite's integrity and foreign-key checks, and the full-text index's own check."""
        conn = self.connection()
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [f"foreign key: {tuple(r)}" for r in conn.execute("PRAGMA foreign_key_check")]
        try:
            conn.execute("INSERT INTO retro_fts (retro_fts, rank) VALUES ('integrity-check', 1)")
        except sqlite3.Error as exc:  # the FTS index is out of step
            problems.append(f"retro_fts: {exc}")
        return DbCheck(problems)

    def backup(self, file: Path) -> Backup:
        """Copy the database to ``file`` (which must not exist) with SQLite's online backup, safe while
        reflee is writing; the copy appears under its name only when complete."""
        if file.exists():
            raise UsageError(f"{file} already exists; choose a new name", field="file")
        conn = self.connection()
        tmp = file.with_name(file.name + ".partial")
        leftovers = (tmp, tmp.with_name(tmp.name + "-journal"))  # a backup killed earlier left these behind
        try:
            for stale in leftovers:
                stale.unlink(missing_ok=True)
            private.create_file(tmp)  # 0600, like the database itself
            target = sqlite3.connect(tmp, isolation_level=None)
            try:
                # no rollback journal: the copy is new and appears under its name only when complete, so a
                # journal would only be a FILE.partial-journal left behind by a killed backup
                target.execute("PRAGMA journal_mode = OFF")
                conn.backup(target)
            finally:
                target.close()
            tmp.replace(file)
        except (OSError, sqlite3.Error) as exc:
            for stale in leftovers:
                stale.unlink(missing_ok=True)
            raise StorageError(f"cannot write the backup to {file}: {exc}") from None
        return Backup(str(file.resolve()), file.stat().st_size, str(file))
