"""Backup and restore: every table to one portable JSON file (gzip when the name ends in ``.gz``).

The file does not depend on the database engine, so a SQLite backup restores into PostgreSQL and back.
Restore replaces the whole database content in one transaction: all or nothing.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Date, DateTime, Table, delete, func, insert, select, text, update

from luoshi import __version__
from luoshi.domain.errors import InvalidInput, Location, Problem
from luoshi.domain.measurement import NonFiniteValue, require_finite
from luoshi.ingest.text import decode_text, read_bytes
from luoshi.services.context import Context
from luoshi.storage import version as data_version
from luoshi.storage.database import current_revision
from luoshi.storage.tables import AuditRow, Base

BACKUP_FORMAT = "luoshi-backup/1"
GZIP_MAGIC = b"\x1f\x8b"


def _open(path: Path, mode: str, *, gz: bool) -> IO[str]:
    if gz:
        return gzip.open(path, mode + "t", encoding="utf-8")  # type: ignore[return-value]
    return path.open(mode, encoding="utf-8")


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def backup(ctx: Context, path: str | Path) -> dict[str, int]:
    """Write every table to ``path``; returns the row count per table."""
    ctx.require_schema()
    path = Path(path)
    where = Location(str(path))
    counts: dict[str, int] = {}
    tables: dict[str, Any] = {}
    problems: list[Problem] = []
    with ctx.reading() as snapshot:  # one snapshot: the tables agree with each other
        connection = snapshot.session.connection()
        for table in Base.metadata.sorted_tables:
            columns = [c.name for c in table.columns]
            result = connection.execute(select(table).order_by(*table.primary_key))
            rows = [[_jsonable(v) for v in row] for row in result]
            problems += _non_finite(rows, columns, table.name, where, "correct it in the database first")
            tables[table.name] = {"columns": columns, "rows": rows}
            counts[table.name] = len(rows)
    if problems:  # written before values were checked; a backup is standard JSON, which has no Infinity
        raise InvalidInput(problems)
    document = {
        "format": BACKUP_FORMAT,
        "luoshi": __version__,
        "revision": current_revision(ctx.engine),
        "written_at": datetime.now().astimezone().isoformat(),
        "tables": tables,
    }
    tmp = path.with_name(path.name + ".part")
    with _open(tmp, "w", gz=path.suffix == ".gz") as out:
        json.dump(document, out, ensure_ascii=False, allow_nan=False)
    tmp.replace(path)
    return counts


def restore(ctx: Context, path: str | Path, *, encoding: str | None = None) -> dict[str, int]:
    """Replace the database content with a backup's, in one transaction; returns rows per table.

    The file is JSON (gzipped or not), in ``encoding`` or the one detected (UTF-8, with or without a
    byte-order mark). Every value must be a finite number: a backup with Infinity or NaN is refused.
    """
    ctx.require_schema()
    path = Path(path)
    where = Location(str(path))
    document = _read(path, encoding)
    if not isinstance(document, dict) or document.get("format") != BACKUP_FORMAT:
        raise InvalidInput([Problem(where, f"not a luoshi backup (format {BACKUP_FORMAT} expected)")])
    revision = current_revision(ctx.engine)
    if document.get("revision") != revision:
        raise InvalidInput(
            [
                Problem(
                    where,
                    f"the backup is of schema {document.get('revision')}, the database is "
                    f"at {revision}: restore into a database of the same luoshi version",
                )
            ]
        )
    tables = document.get("tables", {})
    problems = [
        problem
        for name, data in (tables.items() if isinstance(tables, dict) else [])
        if isinstance(data, dict) and isinstance(data.get("rows"), list) and isinstance(data.get("columns"), list)
        for problem in _non_finite(data["rows"], data["columns"], name, where, "a backup holds finite numbers only")
    ]
    if problems:
        raise InvalidInput(problems)
    counts: dict[str, int] = {}
    with ctx.unit_of_work(reason=f"restore {path.name}") as uow:
        connection = uow.session.connection()
        before = data_version.current(uow.session)
        for table in reversed(Base.metadata.sorted_tables):
            if "parent_id" in table.columns:  # a self-referencing tree: cut it first (RESTRICT is per row)
                connection.execute(update(table).values(parent_id=None))
            connection.execute(delete(table))
        for table in Base.metadata.sorted_tables:
            data = tables.get(table.name, {"columns": [], "rows": []})
            unknown = set(data["columns"]) - {c.name for c in table.columns}
            if unknown:
                raise InvalidInput([Problem(where, f"table {table.name}: unknown columns {sorted(unknown)}")])
            rows = [_typed(table, dict(zip(data["columns"], row, strict=True))) for row in data["rows"]]
            for batch in _batches(_parents_first(table, rows), 1000):
                connection.execute(insert(table), batch)
            counts[table.name] = len(rows)
        # versions only grow: above what this database had handed out and what the backup's log carries
        restored = connection.execute(select(func.max(AuditRow.version))).scalar() or 0
        data_version.set_at_least(uow.session, max(before, int(restored)))
        if connection.dialect.name == "postgresql":
            for table in Base.metadata.sorted_tables:
                if "id" in table.columns:
                    connection.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                        )
                    )
        uow.audit.created("database", path.name, {"file": path.name, "rows": counts})
        uow.commit()
    ctx.cache.clear()
    return counts


def _read(path: Path, encoding: str | None) -> Any:
    """The JSON document in ``path``, gunzipped if it is gzip; InvalidInput if it is none."""
    where = Location(str(path))
    data = read_bytes(path)
    if data.startswith(GZIP_MAGIC):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise InvalidInput([Problem(where, f"not a luoshi backup: a broken gzip file ({exc})")]) from None
    text = decode_text(data, str(path), encoding)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput([Problem(Location(str(path), line=exc.lineno), f"not a luoshi backup: {exc}")]) from None


def _non_finite(rows: list[Any], columns: list[str], table: str, where: Location, advice: str) -> list[Problem]:
    """A problem for each value in ``rows`` that is no finite number (Infinity, NaN, or 1e400 in a file),
    also inside JSON columns (the audit log's old and new values)."""
    problems: list[Problem] = []

    def check(value: Any, at: str) -> None:
        if isinstance(value, float):
            try:
                require_finite(value)
            except NonFiniteValue as exc:
                problems.append(Problem(Location(where.file, field=at), f"{exc}: {advice}"))
        elif isinstance(value, dict):
            for key, item in value.items():
                check(item, f"{at}.{key}")
        elif isinstance(value, list):
            for n, item in enumerate(value):
                check(item, f"{at}[{n}]")

    for i, row in enumerate(rows):
        for column, value in zip(columns, row if isinstance(row, list) else [], strict=False):
            check(value, f"tables.{table}.rows[{i}].{column}")
    return problems


def _typed(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    for column in table.columns:
        value = row.get(column.name)
        kind = getattr(column.type, "impl", column.type)  # a TypeDecorator (UtcDateTime) stores as its impl
        if isinstance(value, str):
            if isinstance(kind, DateTime):
                row[column.name] = datetime.fromisoformat(value)
            elif isinstance(kind, Date):
                row[column.name] = date.fromisoformat(value)
    return row


def _parents_first(table: Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Order rows of a self-referencing table (regions, goals) so that parents come before children."""
    if "parent_id" not in table.columns:
        return rows
    by_id = {r["id"]: r for r in rows}
    ordered: list[dict[str, Any]] = []
    placed: set[Any] = set()

    def place(row: dict[str, Any]) -> None:
        if row["id"] in placed:
            return
        placed.add(row["id"])
        parent = by_id.get(row.get("parent_id"))
        if parent is not None:
            place(parent)
        ordered.append(row)

    for row in rows:
        place(row)
    return ordered


def _batches(rows: list[dict[str, Any]], size: int) -> Iterable[list[dict[str, Any]]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]
