"""Many writers, one truth: the data version follows commits, reads are never stale, writes that meet
each other are settled, and the incremental read model equals a fresh full read (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from luoshi.domain.account import Role, User
from luoshi.domain.plan import TaskStatus
from luoshi.services.context import Context
from luoshi.services.figures import ObservationInput, enter_observation, set_task_status
from luoshi.services.plans import load_plan, plan_snapshot, read_plan
from luoshi.services.progress import assess, assess_plan, plan_assessment
from luoshi.storage.plans import PlanReader
from luoshi.storage.tables import AuditRow, ObservationRow

pytestmark = pytest.mark.integration

ADMIN = User("planner", Role.PLANNER, "规划编制")  # the data roles write plan data (三员分立)


def gdp(progress_or_ctx: Context, period: str = "2024") -> float | None:
    bundle = read_plan(progress_or_ctx, "mini")
    return next((o.value for o in bundle.observations["gdp"] if o.period.code == period), None)


@pytest.fixture
def mini(ctx: Context, mini_plan: Path) -> Context:
    load_plan(ctx, mini_plan)
    return ctx


def test_a_write_between_the_plan_read_and_the_cache_is_seen_next_time(
    mini: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race of issue 10: a write commits after the reader read the plan but before it cached it."""
    assert assess_plan(mini, "mini").indicators[0].current_year == 2020
    original = PlanReader.read
    interleaved: list[str] = []

    def read_then_someone_writes(self: PlanReader, plan_code: str, **kwargs: object) -> object:
        bundle = original(self, plan_code, **kwargs)  # type: ignore[arg-type]
        if not interleaved:  # another request commits a 2024 figure now, on its own connection
            written = enter_observation(mini, ADMIN, "mini", "gdp", ObservationInput(period="2024", value=600))
            interleaved.append(written.result)
        return bundle

    monkeypatch.setattr(PlanReader, "read", read_then_someone_writes)
    mini.cache.clear()  # the next read is a whole read, and the write lands in the middle of it
    first = assess_plan(mini, "mini")
    assert interleaved == ["created"]
    gdp_now = next(i for i in first.indicators if i.code == "gdp")
    assert gdp_now.current_year == 2020  # that read's snapshot was taken before the write: fine, it says so
    after = next(i for i in assess_plan(mini, "mini").indicators if i.code == "gdp")
    assert after.current_year == 2024 and after.current_value == pytest.approx(600)


def test_the_version_moves_once_per_writing_commit_and_not_for_reads(mini: Context) -> None:
    before = mini.data_version()
    read_plan(mini, "mini")
    assert mini.data_version() == before
    written = enter_observation(mini, ADMIN, "mini", "gdp", ObservationInput(period="2023", value=500))
    assert mini.data_version() == before + 1 == written.version
    again = enter_observation(mini, ADMIN, "mini", "gdp", ObservationInput(period="2023", value=500))
    assert (again.result, again.version) == ("unchanged", None)
    assert mini.data_version() == before + 1  # nothing audited, nothing moved
    with mini.reading() as snapshot:
        entries = snapshot.audit.entries(limit=1)
    assert entries[0].version == before + 1


def test_a_unit_of_work_without_commit_or_with_an_error_writes_nothing(mini: Context) -> None:
    before = mini.data_version()
    with mini.unit_of_work(reason="forgotten") as uow:
        uow.figures.set_task_status("mini", "T1", TaskStatus.COMPLETED)
    with pytest.raises(RuntimeError), mini.unit_of_work(reason="failing") as uow:
        uow.figures.set_task_status("mini", "T1", TaskStatus.COMPLETED)
        raise RuntimeError("boom")
    assert mini.data_version() == before
    assert next(t for t in read_plan(mini, "mini").tasks if t.code == "T1").status is TaskStatus.IN_PROGRESS
    with mini.unit_of_work(reason="kept", actor="someone") as uow:
        uow.figures.set_task_status("mini", "T1", TaskStatus.COMPLETED)
        uow.commit()
    assert next(t for t in read_plan(mini, "mini").tasks if t.code == "T1").status is TaskStatus.COMPLETED
    with mini.reading() as snapshot:
        entry = snapshot.audit.entries(limit=1)[0]
    assert (entry.actor, entry.reason, entry.object_type) == ("someone", "kept", "task")


def test_twenty_concurrent_first_writes_to_one_figure(mini: Context) -> None:
    start = threading.Barrier(20)
    answers: list[str] = []
    errors: list[BaseException] = []

    def write(k: int) -> None:
        start.wait()
        try:
            answers.append(
                enter_observation(mini, ADMIN, "mini", "gdp", ObservationInput(period="2022", value=450 + k)).result
            )
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(k,)) for k in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(answers) == ["created"] + ["updated"] * 19
    with mini.reading() as snapshot:
        rows = snapshot.session.scalar(
            select(func.count()).select_from(ObservationRow).where(ObservationRow.period == "2022")
        )
        audited = snapshot.session.scalar(
            select(func.count()).select_from(AuditRow).where(AuditRow.object_key.like("mini/gdp/%:2022:%"))
        )
    assert (rows, audited) == (1, 20)
    last = gdp(mini, "2022")
    assert last is not None and 450e8 <= last <= 469e8


def test_the_incremental_read_model_equals_a_fresh_full_read(mini: Context) -> None:
    first = plan_snapshot(mini, "mini")
    assessed = plan_assessment(mini, "mini")
    enter_observation(mini, ADMIN, "mini", "gdp", ObservationInput(period="2023", value=520))
    enter_observation(mini, ADMIN, "mini", "gdp", ObservationInput(period="2018", value=395))  # an update
    set_task_status(mini, ADMIN, "mini", "T1", TaskStatus.COMPLETED)
    second = plan_snapshot(mini, "mini")
    assert second.version == first.version + 3
    with mini.reading() as snapshot:
        fresh = snapshot.plans.read("mini")
    assert second.value == fresh
    # unchanged indicators keep their very tuples: that is how the assessment knows what to redo
    untouched = [code for code in fresh.targets if code != "gdp"]
    assert untouched and all(second.value.targets[c] is first.value.targets[c] for c in untouched)
    assert second.value.indicators is first.value.indicators
    incremental = plan_assessment(mini, "mini")
    assert incremental is not assessed
    full = assess(fresh, include_simulated=True)
    assert incremental.progress == full.progress and incremental.audit == full.audit
