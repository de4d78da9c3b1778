"""Reporting rounds under many writers (SQLite and PostgreSQL).

* Twenty units submit at once, from threads of one process and from separate processes: every submission is
  stored exactly once, with one audit entry per change and one data version per committing transaction.
* Two people acting on one submission at once: exactly one approval wins, the other is told it came too
  late (a Conflict); a save racing the approval is either in the approved values or refused.
* A writer killed (SIGKILL) inside its transaction leaves the database as it was, and the next save works.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from luoshi.domain.rounds import InvalidTransition, Submission, SubmissionState
from luoshi.services import rounds
from luoshi.services.context import Context
from luoshi.services.plans import load_plan
from luoshi.storage.tables import (
    AuditRow,
    IndicatorRow,
    ObservationRow,
    RoundValueRow,
    SubmissionEventRow,
    SubmissionRow,
    UnitRow,
)
from tests.rounds_load import (
    PLANNER,
    REVIEWER,
    REVIEWER_2,
    head,
    import_values_sheet,
    reporter,
    save_and_submit,
    save_values,
    submit_in_process,
    unit_code,
    values_of,
    write_plan,
    write_until_killed,
)

pytestmark = pytest.mark.integration

UNITS = 20
PER_UNIT = 2
DUE = date(2022, 1, 31)


@pytest.fixture(scope="module")
def processes() -> Any:
    """Child processes forked from a fork server: a fresh interpreter (nothing inherited from the test
    process, no connection) that imported luoshi once, since 20 spawned interpreters importing the whole
    stack cost about 25 s of CPU on two cores. Each child builds its own Context from the database URL."""
    mp = multiprocessing.get_context("forkserver")
    mp.set_forkserver_preload(
        ["tests.rounds_load", "sqlalchemy.dialects.sqlite", "sqlalchemy.dialects.postgresql.psycopg"]
    )
    return mp


def open_round(ctx: Context, plan_path: Path, plan_code: str, levels: int) -> str:
    load_plan(ctx, plan_path)
    return rounds.open_round(ctx, PLANNER, plan_code, "2021", DUE, approval_levels=levels).code


def audit_since(ctx: Context, version: int) -> list[tuple[int, str, str, str, str]]:
    """(version, object type, action, object key, actor) of every audit entry numbered above ``version``."""
    with ctx.reading() as uow:
        rows = uow.session.execute(
            select(AuditRow.version, AuditRow.object_type, AuditRow.action, AuditRow.object_key, AuditRow.actor)
            .where(AuditRow.version > version)
            .order_by(AuditRow.id)
        ).all()
    return [(int(v), t, a, k, actor) for v, t, a, k, actor in rows]


def count(ctx: Context, table: Any) -> int:
    with ctx.reading() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(table)) or 0)


def race(*actions: Callable[[], object]) -> list[object]:
    """Run the actions at the same moment, each in its own thread; each one's result or the error it raised."""
    start = threading.Barrier(len(actions))
    outcomes: list[object] = [None] * len(actions)

    def run(i: int) -> None:
        start.wait(timeout=30)
        try:
            outcomes[i] = actions[i]()
        except BaseException as exc:
            outcomes[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(actions))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return outcomes


# ---------------------------------------------------------------------------------------------- twenty units


def submit_with_threads(ctx: Context, _url: str, code: str, _mp: Any) -> dict[str, str]:
    """Twenty request threads of one server process: one Context, a connection each."""
    units = [unit_code(k) for k in range(1, UNITS + 1)]
    outcomes = race(*(lambda u=u: save_and_submit(ctx, code, u, values_of(u, PER_UNIT)) for u in units))
    return {u: repr(o) for u, o in zip(units, outcomes, strict=True) if o is not None}


def submit_with_processes(_ctx: Context, url: str, code: str, mp: Any) -> dict[str, str]:
    """Twenty processes (as of twenty server workers), each with its own Context, meeting at one Barrier."""
    start = mp.Barrier(UNITS)
    results = mp.Queue()
    children = [
        mp.Process(target=submit_in_process, args=(url, code, u, values_of(u, PER_UNIT), start, results))
        for u in (unit_code(k) for k in range(1, UNITS + 1))
    ]
    for child in children:
        child.start()
    try:
        answers = dict(results.get(timeout=120) for _ in children)
    finally:
        for child in children:
            child.join(timeout=30)
            if child.is_alive():
                child.kill()
                child.join()
    assert sorted(answers) == [unit_code(k) for k in range(1, UNITS + 1)]
    assert [child.exitcode for child in children] == [0] * UNITS
    results.close()
    results.join_thread()
    return {u: error for u, error in answers.items() if error is not None}


@pytest.mark.slow
@pytest.mark.parametrize("submit_all", [submit_with_threads, submit_with_processes], ids=["threads", "processes"])
def test_twenty_units_submit_at_once(
    ctx: Context,
    database_url: str,
    tmp_path: Path,
    processes: Any,
    submit_all: Callable[[Context, str, str, Any], dict[str, str]],
) -> None:
    code = open_round(ctx, write_plan(tmp_path, units=UNITS, per_unit=PER_UNIT), "many", levels=2)
    before = ctx.data_version()
    audit_before = count(ctx, AuditRow)

    assert submit_all(ctx, database_url, code, processes) == {}  # no errors, no 409s, no "database is locked"

    units = [unit_code(k) for k in range(1, UNITS + 1)]
    with ctx.reading() as uow:
        submissions = uow.rounds.submissions(round_codes=[code])
        stored = uow.session.execute(
            select(UnitRow.code, RoundValueRow.line_key, RoundValueRow.printed, RoundValueRow.entered_by)
            .join(SubmissionRow, SubmissionRow.id == RoundValueRow.submission_id)
            .join(UnitRow, UnitRow.id == SubmissionRow.unit_id)
        ).all()
        trail = uow.session.execute(
            select(UnitRow.code, SubmissionEventRow.action, SubmissionEventRow.from_state, SubmissionEventRow.to_state)
            .join(SubmissionRow, SubmissionRow.id == SubmissionEventRow.submission_id)
            .join(UnitRow, UnitRow.id == SubmissionRow.unit_id)
            .order_by(SubmissionEventRow.id)
        ).all()
    # every submission stored once, submitted by its own reporter
    assert sorted((s.unit_code, s.state, s.submitted_by) for s in submissions) == [
        (u, SubmissionState.SUBMITTED, reporter(u).name) for u in units
    ]
    assert all(s.first_submitted_at is not None for s in submissions)
    # 40 values, each once, each the value its unit sent, entered by that unit's reporter
    assert len(stored) == UNITS * PER_UNIT
    assert sorted(stored) == sorted(
        (u, key, value, reporter(u).name) for u in units for key, value in values_of(u, PER_UNIT).items()
    )
    assert count(ctx, RoundValueRow) == UNITS * PER_UNIT
    # each unit's trail: its save (pending -> draft) then its submit (draft -> submitted)
    by_unit: dict[str, list[tuple[str, str, str]]] = {}
    for u, action, from_state, to_state in trail:
        by_unit.setdefault(u, []).append((action, from_state, to_state))
    assert by_unit == {u: [("save", "pending", "draft"), ("submit", "draft", "submitted")] for u in units}

    # one audit entry per change: one round_value create per value, one submission update per transition
    entries = audit_since(ctx, before)
    assert count(ctx, AuditRow) == audit_before + len(entries)  # every new entry carries a version above before
    assert Counter((t, a) for _, t, a, _, _ in entries) == {
        ("round_value", "create"): UNITS * PER_UNIT,
        ("submission", "update"): 2 * UNITS,
    }
    per_unit = Counter((k.split("/")[1], t, a, actor) for _, t, a, k, actor in entries)
    assert per_unit == {
        **{(u, "round_value", "create", reporter(u).name): PER_UNIT for u in units},
        **{(u, "submission", "update", reporter(u).name): 2 for u in units},
    }
    # the version moved once per committing transaction (a save and a submit per unit), with no gap, and
    # each transaction's entries carry its own number: a save's 2 values + 1 transition, a submit's 1
    assert ctx.data_version() == before + 2 * UNITS
    per_version = Counter(v for v, *_ in entries)
    assert sorted(per_version) == list(range(before + 1, before + 2 * UNITS + 1))
    assert sorted(per_version.values()) == [1] * UNITS + [PER_UNIT + 1] * UNITS


# ---------------------------------------------------------------------------------------------- one submission


@pytest.fixture
def few(ctx: Context, tmp_path: Path) -> tuple[Context, Path]:
    return ctx, write_plan(tmp_path, units=4, per_unit=PER_UNIT, code="few")


def observed(ctx: Context, unit: str) -> dict[str, str]:
    """The unit's indicators' 2021 observations (printed digits), as approval wrote them into the plan."""
    with ctx.reading() as uow:
        rows = uow.session.execute(
            select(IndicatorRow.code, ObservationRow.printed_value)
            .join(IndicatorRow, IndicatorRow.id == ObservationRow.indicator_id)
            .where(IndicatorRow.code.like(f"{unit}\\_%", escape="\\"), ObservationRow.period == "2021")
        ).all()
    return {code: printed for code, printed in rows}


def entered(ctx: Context, code: str, unit: str) -> dict[str, str]:
    with ctx.reading() as uow:
        return {str(k): e.printed for k, e in uow.rounds.entries(code, unit).items()}


def test_two_approvers_of_one_submission_at_once(few: tuple[Context, Path]) -> None:
    """Two heads of a unit approve its submission at once: one wins, the other gets a Conflict (409), never
    Forbidden, never both; then two reviewers give the final approval at once: the values reach the plan
    once."""
    ctx, plan_path = few
    code = open_round(ctx, plan_path, "few", levels=2)
    units = [unit_code(k) for k in range(1, 5)]
    for u in units:
        save_and_submit(ctx, code, u, values_of(u, PER_UNIT))
    before = ctx.data_version()
    for u in units:
        outcomes = race(*(partial(rounds.approve, ctx, head(u, name), code, u) for name in ("head-a", "head-b")))
        won = [o for o in outcomes if not isinstance(o, BaseException)]
        lost = [o for o in outcomes if isinstance(o, BaseException)]
        assert len(won) == 1 and len(lost) == 1, outcomes
        assert isinstance(lost[0], InvalidTransition), repr(lost[0])
        assert isinstance(won[0], Submission) and won[0].state is SubmissionState.UNIT_APPROVED
    for u in units:
        outcomes = race(*(partial(rounds.approve, ctx, user, code, u) for user in (REVIEWER, REVIEWER_2)))
        assert sorted(type(o).__name__ for o in outcomes) == ["InvalidTransition", "Submission"], outcomes
        assert observed(ctx, u) == values_of(u, PER_UNIT)
    entries = audit_since(ctx, before)
    assert ctx.data_version() == before + 2 * len(units)  # one committed approval per race
    assert Counter((t, a) for _, t, a, _, _ in entries) == {
        ("submission", "update"): 2 * len(units),
        ("observation", "create"): PER_UNIT * len(units),
    }
    with ctx.reading() as uow:
        approvals = uow.session.scalar(
            select(func.count()).select_from(SubmissionEventRow).where(SubmissionEventRow.action == "approve")
        )
        final = uow.rounds.submissions(round_codes=[code])
    assert approvals == 2 * len(units)
    assert {s.state for s in final} == {SubmissionState.APPROVED}
    assert all(
        s.unit_approved_by in (head(s.unit_code, "head-a").name, head(s.unit_code, "head-b").name) for s in final
    )


def test_a_save_racing_the_approval(few: tuple[Context, Path]) -> None:
    """A reporter saves a corrected value while a reviewer approves (units 1 and 3: the head submitted
    before; units 2 and 4: the head submits in the race, then the reviewer approves). The save either came
    first and is in the approved figures, or it is refused as awaiting approval or locked (a Conflict); the
    plan's figures are always the values stored in the round, and only what committed was audited."""
    ctx, plan_path = few
    code = open_round(ctx, plan_path, "few", levels=1)
    kinds = []
    for k in range(1, 5):
        u = unit_code(k)
        first = values_of(u, PER_UNIT)
        corrected = {indicator: str(int(value) + 7) for indicator, value in first.items()}
        save_values(ctx, reporter(u), code, u, first)
        submitted_before = k % 2 == 1
        if submitted_before:
            rounds.submit(ctx, head(u), code, u)
        before = ctx.data_version()

        def approve(u: str = u, submit: bool = not submitted_before) -> Submission:
            if submit:
                rounds.submit(ctx, head(u), code, u)
            return rounds.approve(ctx, REVIEWER, code, u)

        save, approval = race(partial(save_values, ctx, reporter(u), code, u, corrected), approve)
        assert isinstance(approval, Submission), repr(approval)
        assert approval.state is SubmissionState.APPROVED
        with ctx.reading() as uow:
            assert uow.rounds.submission(code, u).state is SubmissionState.APPROVED
        committed = 1 + (not submitted_before)
        if isinstance(save, BaseException):
            assert isinstance(save, InvalidTransition), repr(save)  # 待审核 or 已锁定: a Conflict either way
            kinds.append(type(save).__name__)
            assert entered(ctx, code, u) == observed(ctx, u) == first
        else:
            assert not submitted_before  # a submitted submission never takes a save
            kinds.append("saved first")
            assert entered(ctx, code, u) == observed(ctx, u) == corrected
            committed += 1
        assert ctx.data_version() == before + committed
        assert len({v for v, *_ in audit_since(ctx, before)}) == committed
    assert len(kinds) == 4  # which way each race went is up to the scheduler; every way is consistent


# ---------------------------------------------------------------------------------------------- killed writer

KILL_LINES = 2000

#: The writers a killed process runs: each takes (ctx, user, round code, unit code, {indicator: value}).
#: the writers killed in the middle: the form's save, and a sheet import of the unit's workbook
KILLED_WRITERS = [
    pytest.param(save_values, id="rounds.save_submission"),
    pytest.param(import_values_sheet, id="sheets.import_sheet"),
]


@pytest.fixture
def big(ctx: Context, tmp_path: Path) -> tuple[Context, str]:
    """One unit owing 2,000 values in one round."""
    return ctx, open_round(ctx, write_plan(tmp_path, units=1, per_unit=KILL_LINES, code="big"), "big", levels=1)


def empty_the_wal(ctx: Context) -> None:
    """On SQLite, checkpoint and truncate the WAL file, so that what the writer leaves there shows."""
    if ctx.engine.dialect.name == "sqlite":
        with ctx.engine.connect() as connection:
            busy, _, _ = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
        assert busy == 0


def assert_transaction_open(ctx: Context, database_url: str, holder: int) -> None:
    """The killed writer's transaction is open, as the database sees it, from outside that process."""
    if ctx.engine.dialect.name == "postgresql":
        with ctx.engine.connect() as connection:
            state = connection.scalar(text("select state from pg_stat_activity where pid = :pid"), {"pid": holder})
        assert state == "idle in transaction"
        return
    path = make_url(database_url).database
    assert path
    probe = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            probe.execute("BEGIN IMMEDIATE")  # the writer holds the write lock
    finally:
        probe.close()
    assert Path(f"{path}-wal").stat().st_size > 0  # and its uncommitted pages have spilled into the WAL


@pytest.mark.slow
@pytest.mark.parametrize("writer", KILLED_WRITERS)
def test_a_writer_killed_inside_its_transaction_leaves_the_database_as_before(
    big: tuple[Context, str], database_url: str, processes: Any, writer: Any
) -> None:
    ctx, code = big
    unit = unit_code(1)
    values = values_of(unit, KILL_LINES)
    before = ctx.data_version()
    audit_before = count(ctx, AuditRow)
    empty_the_wal(ctx)
    inside = processes.Queue()
    child = processes.Process(target=write_until_killed, args=(database_url, writer, code, unit, values, inside))
    child.start()
    try:
        try:
            holder = inside.get(timeout=120)  # everything written and audited, not committed
        except queue.Empty:
            pytest.fail(f"the writer did not reach its commit (exit code {child.exitcode})")
        assert_transaction_open(ctx, database_url, holder)
        assert count(ctx, RoundValueRow) == 0  # nobody sees it meanwhile
        os.kill(child.pid or 0, signal.SIGKILL)
        child.join(timeout=30)
        assert child.exitcode == -signal.SIGKILL
    finally:
        if child.is_alive():
            child.kill()
            child.join()
        inside.close()
        inside.join_thread()

    # as before: no values, no audit entries, no trail, the same version, the submission untouched
    assert ctx.data_version() == before
    assert count(ctx, AuditRow) == audit_before
    assert count(ctx, RoundValueRow) == 0
    assert count(ctx, SubmissionEventRow) == 0
    with ctx.reading() as uow:
        assert uow.rounds.submission(code, unit).state is SubmissionState.PENDING
        if ctx.engine.dialect.name == "sqlite":
            assert uow.session.scalar(text("PRAGMA integrity_check")) == "ok"

    # the lock is gone (SQLite's write lock, PostgreSQL's row locks) and the WAL holds nothing stale: the
    # same save, from a new context as after a restart, commits
    fresh = Context.from_url(database_url)
    try:
        writer(fresh, reporter(unit), code, unit, values)
        assert fresh.data_version() == before + 1
    finally:
        fresh.dispose()
    assert count(ctx, RoundValueRow) == KILL_LINES
    assert count(ctx, AuditRow) == audit_before + KILL_LINES + 1  # each value, and pending -> draft
