"""`ledger import`: read a bank CSV, map it (flags and/or a saved profile), check every row, drop what
was imported before, and add the rest in one transaction."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reflee import db, ids
from reflee.dates import utc_now
from reflee.errors import DataError, NotFoundError, UsageError
from reflee.ledger import csvread, fields, import_store, store
from reflee.ledger.csvimport import Row, RowError, RowParser, compile_rules
from reflee.ledger.csvspec import ImportSpec, locate
from reflee.ledger.import_store import Profile
from reflee.ledger.models import Txn

if TYPE_CHECKING:
    from reflee.ledger.service import LedgerService

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total): stage is 'reading' or 'saving'."""
SHOWN_ERRORS = 5
INSERT_CHUNK = 5000


@dataclass
class ImportResult:
    file: str
    encoding: str
    profile: str | None
    dry_run: bool
    rows: int
    added: int = 0
    duplicates: int = 0
    invalid: int = 0
    errors: list[RowError] = field(default_factory=list)
    import_id: str | None = None
    saved_profile: str | None = None
    alerts: list[str] = field(default_factory=list)
    preview: list[Row] = field(default_factory=list)
    """Every parsed row with its status (dry runs only)."""

    def to_json(self) -> dict[str, Any]:
        data = {
            "file": self.file,
            "encoding": self.encoding,
            "profile": self.profile,
            "dry_run": self.dry_run,
            "rows": self.rows,
            "added": self.added,
            "duplicates": self.duplicates,
            "invalid": self.invalid,
            "errors": [e.to_json() for e in self.errors],
            "import_id": self.import_id,
            "saved_profile": self.saved_profile,
            "alerts": self.alerts,
        }
        if self.dry_run:
            data["transactions"] = [r.to_json() for r in self.preview]
        return data

    def failure(self) -> str:
        shown = "; ".join(str(e) for e in self.errors[:SHOWN_ERRORS])
        more = f"; … and {len(self.errors) - SHOWN_ERRORS} more" if len(self.errors) > SHOWN_ERRORS else ""
        return (
            f"{self.file}: {len(self.errors)} of {self.rows} rows are invalid, nothing was imported "
            f"(fix them, or pass --skip-invalid to import the rest): {shown}{more}"
        )


def _read(path: Path) -> bytes:
    try:
        if path.stat().st_size > csvread.MAX_BYTES:
            raise DataError(f"{path.name}: larger than {csvread.MAX_BYTES // 1024 // 1024} MB")
        return path.read_bytes()
    except FileNotFoundError:
        raise NotFoundError(f"FILE: {path} does not exist") from None
    except IsADirectoryError:
        raise UsageError(f"FILE: {path} is a directory, not a CSV file") from None
    except OSError as exc:
        raise DataError(f"FILE: cannot read {path}: {exc.strerror}") from None


@dataclass
class Importer:
    ledger: LedgerService

    def run(
        self,
        path: Path,
        spec: ImportSpec | None = None,
        *,
        rules: list[tuple[str, str]] | None = None,
        profile: str | None = None,
        save_profile: str | None = None,
        dry_run: bool = False,
        skip_invalid: bool = False,
        progress: Progress | None = None,
    ) -> ImportResult:
        conn = self.ledger.conn
        spec = spec or ImportSpec()
        all_rules = list(rules or [])
        if profile:
            saved = import_store.get_profile(conn, profile)
            if saved is None:
                names = ", ".join(p.name for p in import_store.profiles(conn)) or "none saved yet"
                raise NotFoundError(f"--profile: no import profile named {profile!r} ({names})")
            spec = ImportSpec.from_json(saved.mapping).merged(spec)
            all_rules += saved.rules
        if save_profile is not None and not fields.clean_text(save_profile):
            raise UsageError("--save-profile: the name is empty")
        all_rules = list(dict.fromkeys(all_rules))  # the same rule twice (flag and profile) is one rule
        compiled = compile_rules(all_rules)
        data = _read(path)
        decoded = csvread.decode(data, path.name, spec.encoding)
        delimiter = csvread.check_delimiter(spec.delimiter) if spec.delimiter else csvread.sniff_delimiter(decoded.text)
        records = csvread.rows(decoded.text, delimiter)
        cols, first = locate(spec, records, path.name)
        parser = RowParser(spec, cols, compiled, self.ledger.currency())
        body = records[first:]
        result = ImportResult(path.name, decoded.encoding, profile, dry_run, 0)
        rows: list[Row] = []
        id_lines: dict[str, int] = {}
        total = len(body)
        for n, (line, cells) in enumerate(body, start=1):
            parsed = parser.parse(line, cells)
            if isinstance(parsed, Row) and parsed.id and parsed.id in id_lines:
                parsed = RowError(line, "id", f"id: {parsed.id} is also on line {id_lines[parsed.id]}")
            if isinstance(parsed, Row):
                rows.append(parsed)
                if parsed.id:
                    id_lines[parsed.id] = line
            elif parsed is not None:
                result.errors.append(parsed)
            if progress and n % 2000 == 0:
                progress("reading", n, total)
        result.rows = len(rows) + len(result.errors)
        result.invalid = len(result.errors)
        known = store.existing_keys(conn, [r.key for r in rows])
        known_ids = store.existing_ids(conn, [r.id for r in rows if r.id])
        fresh = []
        for r in rows:
            if r.key in known or (r.id and r.id in known_ids):
                r.status = "duplicate"
            else:
                fresh.append(r)
        result.duplicates = len(rows) - len(fresh)
        result.added = len(fresh)
        if dry_run:  # ``added`` then counts what would be added; nothing is written, not even a profile
            result.preview = rows
            return result
        if result.errors and not skip_invalid:
            raise DataError(result.failure())
        self._save(result, fresh, data, spec, all_rules, save_profile, progress)
        return result

    def _save(
        self,
        result: ImportResult,
        fresh: list[Row],
        data: bytes,
        spec: ImportSpec,
        rules: list[tuple[str, str]],
        save_profile: str | None,
        progress: Progress | None,
    ) -> None:
        conn = self.ledger.conn
        now = utc_now()
        import_id = ids.new_id()
        # RFC 9562's monotonic random method: one fresh UUIDv7, then its 62-bit random tail counts up, so a
        # batch's IDs stay unique, time-ordered and valid UUIDv7s (100,000 new_id() calls cost ~0.15 s)
        first = int(ids.new_id(), 16) & ~(1 << 61)  # top random bit cleared: counting up never reaches the variant
        params = [
            (
                r.id or f"{first + n:032x}",
                r.date,
                r.kind,
                r.amount,
                r.currency,
                r.category,
                r.account,
                r.payee,
                r.memo,
                " ".join(r.tags),
                import_id,
                r.key,
                now,
                now,
                None,
            )
            for n, r in enumerate(sorted(fresh, key=lambda r: r.date))  # date order keeps index inserts local
        ]
        conn.execute("PRAGMA cache_size = -65536")  # 64 MB of page cache while the indexes grow
        with db.transaction(conn):
            import_store.record_import(
                conn,
                {
                    "id": import_id,
                    "file_name": result.file,
                    "file_sha256": hashlib.sha256(data).hexdigest(),
                    "encoding": result.encoding,
                    "profile": result.profile,
                    "rows_read": result.rows,
                    "rows_added": len(fresh),
                    "rows_duplicate": result.duplicates,
                    "rows_invalid": result.invalid,
                    "created_at": now,
                },
            )
            for start in range(0, len(params), INSERT_CHUNK):
                store.insert_many(conn, params[start : start + INSERT_CHUNK])
                if progress:
                    progress("saving", min(start + INSERT_CHUNK, len(params)), len(params))
            if save_profile:
                name = fields.clean_text(save_profile)
                import_store.save_profile(conn, Profile(name, spec.to_json(), rules), now)
                result.saved_profile = name
            this_month = self.ledger.today().isoformat()[:7]
            touched = [
                Txn(id="", date=r.date, kind=r.kind, amount=r.amount, currency=r.currency, category=r.category)
                for r in fresh
                if r.date.startswith(this_month)  # only this month's budgets raise notifications
            ]
            if touched:
                result.alerts = self.ledger.budgets().check_alerts(touched)
        result.import_id = import_id

    def profiles(self) -> list[Profile]:
        return import_store.profiles(self.ledger.conn)

    def save_profile(self, name: str, spec: ImportSpec, rules: list[tuple[str, str]]) -> Profile:
        clean = fields.clean_text(name)
        if not clean:
            raise UsageError("NAME: the profile name is empty")
        compile_rules(rules)
        profile = Profile(clean, spec.to_json(), rules)
        with db.transaction(self.ledger.conn):
            import_store.save_profile(self.ledger.conn, profile, utc_now())
        return profile

    def delete_profile(self, name: str) -> None:
        with db.transaction(self.ledger.conn):
            if not import_store.delete_profile(self.ledger.conn, name, utc_now()):
                raise NotFoundError(f"NAME: no import profile named {name!r}")
