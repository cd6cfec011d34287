"""The database file for front ends: its path, status, an integrity check and online backups.

The session hands in the file's path and a way to reach its connection, so ``path()`` works without
opening (or migrating) the database.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reflee import db, private
from reflee.errors import StorageError, UsageError
from reflee.i18n import _
from reflee.migrations import MIGRATIONS, applied_names
from reflee.retro import backlog
from reflee.storage.models import Backup, DbCheck, DbPath, DbStatus, Migration

__all__ = ["DatabaseService"]
_CONTENT = re.compile(r"content\s*=\s*'([A-Za-z_][A-Za-z0-9_]*)'")


def _fts_tables(conn: sqlite3.Connection) -> list[tuple[str, str | None]]:
    """(name, its content table) of every FTS5 index in the database."""
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%fts5%'"
        " ORDER BY name"
    ).fetchall()
    return [(r[0], m[1] if (m := _CONTENT.search(r[1])) else None) for r in rows]


def _fts_counts(conn: sqlite3.Connection, name: str, content: str | None) -> str | None:
    """The read-only stand-in for the index check: one index entry per row of the content table."""
    if content is None:
        return None
    indexed = conn.execute(f"SELECT count(*) FROM {name}_docsize").fetchone()[0]
    rows = conn.execute(f"SELECT count(*) FROM {content}").fetchone()[0]
    if content == "retro":
        rows -= backlog.pending(conn)  # stored by a large import, indexed later (reflee.retro.backlog)
    if indexed != rows:
        return f"{name}: the index holds {indexed} entries for {rows} rows of {content}"
    return None


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
            page_size=int(conn.execute("PRAGMA page_size").fetchone()[0]),
            migrations=[Migration(name, name in applied) for name, _ in MIGRATIONS],
            pending=db.pending_migrations(conn),
            tables=db.table_counts(conn),
        )

    def check(self) -> DbCheck:
        """SQLite's integrity and foreign-key checks, and every full-text index's own check (retro_fts,
        policy_fts, any later one). On a read-only database the index check cannot run (it is a write in
        SQLite's syntax), so each index's entry count is compared with its table's instead."""
        conn = self.connection()
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [f"foreign key: {tuple(r)}" for r in conn.execute("PRAGMA foreign_key_check")]
        # The index check compares each index with its table, so a large import's backlog is indexed first
        # (on a read-only database it cannot be, and the counts below allow for it).
        with contextlib.suppress(StorageError, sqlite3.Error):
            backlog.index(conn)
        for name, content in _fts_tables(conn):
            try:
                conn.execute(f"INSERT INTO {name} ({name}, rank) VALUES ('integrity-check', 1)")
            except sqlite3.Error as exc:
                if "readonly" not in str(exc):
                    problems.append(f"{name}: {exc}")  # the index is out of step with its table
                elif (problem := _fts_counts(conn, name, content)) is not None:
                    problems.append(problem)
        return DbCheck(problems)

    def backup(self, file: Path) -> Backup:
        """Copy the database to ``file`` (which must not exist) with SQLite's online backup, safe while
        reflee is writing; the copy appears under its name only when complete."""
        if file.exists():
            raise UsageError(_("{file} already exists; choose a new name").format(file=file), field="file")
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
            raise StorageError(_("cannot write the backup to {file}: {exc}").format(file=file, exc=exc)) from None
        return Backup(str(file.resolve()), file.stat().st_size, str(file))
