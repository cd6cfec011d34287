"""How the database file looks to people: its path, status, backups and the integrity check."""

from __future__ import annotations

from reflee import output
from reflee.storage.models import Backup, DbCheck, DbPath, DbStatus


def path(p: DbPath) -> None:
    output.write(f"{p.path}\n")


def status(st: DbStatus) -> None:
    con = output.console()
    con.print(f"[bold]{st.path}[/]  ({st.size_bytes:,} bytes)")
    con.print(f"schema version {st.schema_version}, {len(st.pending)} pending migration(s)")
    output.table(["Table", ("Rows", {"justify": "right"})], ((t, f"{n:,}") for t, n in st.tables.items()))


def backed_up(b: Backup) -> None:
    output.info(f"Backed up to [bold]{b.given or b.path}[/] ({b.size_bytes:,} bytes)")


def check(result: DbCheck) -> None:
    if result.ok:
        output.info("[green]ok[/]: integrity, foreign keys and the search index are sound")
    else:
        for p in result.problems:
            output.error_line(p)
