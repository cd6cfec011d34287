"""`reflee db ...`: the SQLite file: where it is, its schema, backups and integrity."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reflee import output
from reflee.cli.common import JsonOpt, new_typer, session
from reflee.errors import StorageError, UsageError

app = new_typer("The database file: path, status, backup and integrity check.")


@app.command("path")
def path(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Print where the database file lives."""
    p = session(ctx).paths.db_file
    if json_:
        output.emit_json({"path": str(p), "exists": p.exists()})
    else:
        typer.echo(str(p))


@app.command("status")
def status(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Schema version, applied and pending migrations, and row counts."""
    from reflee import db
    from reflee.migrations import MIGRATIONS, applied_names

    context = session(ctx)
    conn = context.conn
    applied = applied_names(conn)
    data = {
        "path": str(context.paths.db_file),
        "size_bytes": context.paths.db_file.stat().st_size,
        "schema_version": db.schema_version(conn),
        "migrations": [{"name": name, "applied": name in applied} for name, _ in MIGRATIONS],
        "pending": db.pending_migrations(conn),
        "tables": db.table_counts(conn),
    }
    if json_:
        output.emit_json(data)
        return
    con = output.console()
    con.print(f"[bold]{data['path']}[/]  ({data['size_bytes']:,} bytes)")
    con.print(f"schema version {data['schema_version']}, {len(data['pending'])} pending migration(s)")
    output.table(["Table", ("Rows", {"justify": "right"})], ((t, f"{n:,}") for t, n in data["tables"].items()))


@app.command("backup")
def backup(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Where to write the copy (must not exist).")],
    json_: JsonOpt = False,
) -> None:
    """Copy the database with SQLite's online backup (safe while reflee is writing)."""
    import sqlite3

    if file.exists():
        raise UsageError(f"FILE: {file} already exists; choose a new name")
    conn = session(ctx).conn
    tmp = file.with_name(file.name + ".partial")
    try:
        target = sqlite3.connect(tmp)
        try:
            conn.backup(target)
        finally:
            target.close()
        tmp.replace(file)
    except (OSError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        raise StorageError(f"cannot write the backup to {file}: {exc}") from None
    size = file.stat().st_size
    if json_:
        output.emit_json({"path": str(file.resolve()), "size_bytes": size})
    else:
        output.info(f"Backed up to [bold]{file}[/] ({size:,} bytes)")


@app.command("check")
def check(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Run SQLite's integrity and foreign-key checks and the full-text index check."""
    conn = session(ctx).conn
    problems = [r[0] for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
    problems += [f"foreign key: {tuple(r)}" for r in conn.execute("PRAGMA foreign_key_check")]
    try:
        conn.execute("INSERT INTO retro_fts (retro_fts, rank) VALUES ('integrity-check', 1)")
    except Exception as exc:  # sqlite3.DatabaseError: the FTS index is out of step
        problems.append(f"retro_fts: {exc}")
    if json_:
        output.emit_json({"ok": not problems, "problems": problems})
    elif not problems:
        output.info("[green]ok[/]: integrity, foreign keys and the search index are sound")
    else:
        for p in problems:
            output.error_line(p)
    if problems:
        raise typer.Exit(int(StorageError.exit_code))
