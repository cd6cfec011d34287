"""How the database file looks to people: its path, status, backups and the integrity check."""

from __future__ import annotations

from reflee import output
from reflee.i18n import _
from reflee.storage.models import Backup, DbCheck, DbPath, DbStatus


def path(p: DbPath) -> None:
    output.write(f"{p.path}\n")


def status(st: DbStatus) -> None:
    con = output.console()
    con.print(
        _("[bold]{path}[/]  ({size_bytes:,} bytes, {page_kib} KiB pages)").format(
            path=st.path, size_bytes=st.size_bytes, page_kib=st.page_size // 1024
        )
    )
    con.print(
        _("schema version {schema_version}, {len} pending migration(s)").format(
            schema_version=st.schema_version, len=len(st.pending)
        )
    )
    output.table([_("Table"), (_("Rows"), {"justify": "right"})], ((t, f"{n:,}") for t, n in st.tables.items()))


def backed_up(b: Backup) -> None:
    output.info(
        _("Backed up to [bold]{value}[/] ({size_bytes:,} bytes)").format(
            value=b.given or b.path, size_bytes=b.size_bytes
        )
    )


def check(result: DbCheck) -> None:
    if result.ok:
        output.info(_("[green]ok[/]: integrity, foreign keys and the search index are sound"))
    else:
        for p in result.problems:
            output.error_line(p)
