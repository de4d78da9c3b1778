"""Helpers of the reporting-round reliability tests (tests/integration/test_round_reliability.py): a
generated plan with many units, the users of a unit, and the entry points of the writer processes.

They live in a module of their own, not in the test module, so that a child process of ``multiprocessing``
imports them by name (``tests.rounds_load``) without importing pytest's test module.
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import yaml
from openpyxl import load_workbook
from sqlalchemy import event, text

from luoshi.domain.account import Role, User
from luoshi.services import rounds, sheets
from luoshi.services.context import Context
from luoshi.services.rounds import EntryInput, SaveInput
from luoshi.storage.audit import AuditLog

REGION = "990101"
PLANNER = User("planner", Role.PLANNER)
REVIEWER = User("reviewer", Role.REVIEWER)
REVIEWER_2 = User("reviewer-2", Role.REVIEWER)


def unit_code(k: int) -> str:
    return f"u{k:02d}"


def indicator_code(unit: str, j: int) -> str:
    return f"{unit}_i{j}"


def reporter(unit: str) -> User:
    return User(f"{unit}-reporter", Role.REPORTER, unit_code=unit)


def head(unit: str, name: str = "head") -> User:
    return User(f"{unit}-{name}", Role.UNIT_HEAD, unit_code=unit)


def write_plan(folder: Path, *, units: int, per_unit: int, code: str = "many") -> Path:
    """A plan file (format ``plan/1``) with ``units`` units each owning ``per_unit`` indicators counted in
    家 (no targets, so a round asks one line per indicator, and no figures, so no jump warnings)."""
    codes = [unit_code(k) for k in range(1, units + 1)]
    plan = {
        "luoshi": "plan/1",
        "plan": {"code": code, "name": "多单位填报测试规划", "region": REGION, "start_year": 2021, "end_year": 2025},
        "regions": [{"code": REGION, "name": "示例区", "level": "district"}],
        "units": [{"code": u, "name": f"示例区第{u[1:]}局", "region": REGION} for u in codes],
        "indicators": [
            {"code": indicator_code(u, j), "name": f"{u}指标{j}", "unit": "家", "owner": u}
            for u in codes
            for j in range(1, per_unit + 1)
        ],
    }
    path = folder / f"{code}.yaml"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def values_of(unit: str, per_unit: int) -> dict[str, str]:
    """The values a unit reports: distinct per unit and line, so that a value in the wrong place shows."""
    k = int(unit[1:])
    return {indicator_code(unit, j): str(1000 * k + j) for j in range(1, per_unit + 1)}


def save_values(ctx: Context, user: User, code: str, unit: str, values: Mapping[str, str]) -> None:
    """The rounds save path (what a sheet import of a unit's workbook ends in)."""
    entries = [EntryInput(key=key, value=value) for key, value in values.items()]
    rounds.save_submission(ctx, user, code, unit, SaveInput(entries=entries))


def import_values_sheet(ctx: Context, user: User, code: str, unit: str, values: Mapping[str, str]) -> None:
    """A sheet import: the unit's template of the round, filled with ``values`` as a spreadsheet program
    saves it, read back through :func:`luoshi.services.sheets.import_sheet`."""
    book = load_workbook(io.BytesIO(sheets.template(ctx, unit, code).content))
    for row in book["指标填报"].iter_rows(min_row=2):
        row[6].value = float(values[str(row[0].value)])
    out = io.BytesIO()
    book.save(out)
    sheets.import_sheet(ctx, user, out.getvalue(), "填报.xlsx")


def save_and_submit(ctx: Context, code: str, unit: str, values: Mapping[str, str]) -> None:
    save_values(ctx, reporter(unit), code, unit, values)
    rounds.submit(ctx, reporter(unit), code, unit)


# ---------------------------------------------------------------------------------------------- child processes


def submit_in_process(url: str, code: str, unit: str, values: dict[str, str], start: Any, results: Any) -> None:
    """A reporter's process: its own Context on ``url``; waits at ``start`` (a Barrier shared by all the
    reporters), then saves and submits; puts ``(unit, None)`` or ``(unit, repr(error))`` on ``results``."""
    ctx = Context.from_url(url)
    try:
        rounds.submission_view(ctx, reporter(unit), code, unit)  # the reporter opens the form first
        start.wait(timeout=60)
        save_and_submit(ctx, code, unit, values)
        results.put((unit, None))
    except BaseException as exc:
        results.put((unit, repr(exc)))
    finally:
        ctx.dispose()


Writer = Callable[[Context, User, str, str, Mapping[str, str]], None]


def write_until_killed(url: str, writer: Writer, code: str, unit: str, values: dict[str, str], inside: Any) -> None:
    """Run ``writer`` and stop inside its transaction, everything written but not committed: the audit
    entries are flushed (stamped with the bumped data version), then this process puts the id of whatever
    holds the transaction (PostgreSQL backend pid, or this pid on SQLite) on ``inside`` and sleeps until
    it is killed."""
    ctx = Context.from_url(url)
    if ctx.engine.dialect.name == "sqlite":
        # a tiny page cache makes SQLite spill the open transaction's pages into the WAL file before the
        # commit: the killed writer leaves uncommitted frames there that the next connection must ignore
        event.listen(ctx.engine, "connect", lambda dbapi, _record: dbapi.execute("PRAGMA cache_size=16"))
    original = AuditLog.flush

    def flush_then_hang(self: AuditLog, version: int | None = None) -> int:
        written = original(self, version)
        self.session.flush()
        postgres = self.session.get_bind().dialect.name == "postgresql"
        holder = self.session.scalar(text("select pg_backend_pid()")) if postgres else os.getpid()
        inside.put(holder)
        time.sleep(600)
        return written

    AuditLog.flush = flush_then_hang  # type: ignore[method-assign]
    writer(ctx, reporter(unit), code, unit, values)
    raise AssertionError("the writer committed: it should have been killed first")
