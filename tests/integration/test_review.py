"""The review queue on SQLite and PostgreSQL: ingest, accept, edit, reject, audit."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from luoshi.domain.account import Role, User, operator
from luoshi.domain.errors import Conflict, InvalidInput, NotFound
from luoshi.domain.period import Period
from luoshi.domain.target import Comparator, Measure
from luoshi.services.backup import backup, restore
from luoshi.services.context import Context
from luoshi.services.figures import Forbidden
from luoshi.services.plans import demo_plan_path, init_database, load_plan, read_plan
from luoshi.services.review import (
    StatementView,
    accept,
    document_code,
    get_statement,
    ingest_text,
    list_statements,
    reject,
)
from luoshi.storage.statements import ReviewStatus
from luoshi.storage.tables import DocumentRow, ObservationRow, StatementRow, TargetRow

pytestmark = pytest.mark.integration

SEED = demo_plan_path().parent / "sources" / "001_9210089917e0ccd1.txt"
REVIEWER = User("wang", Role.REVIEWER)
NEW_TEXT = (
    "2022年，全区地区生产总值达到465.3亿元，增长5.1%。新增高新技术企业30家。"
    "规模以上工业企业达到78户。全区拥有各类博物馆4座。王某一生曾6次到访。"
)


@pytest.fixture
def demo(ctx: Context) -> Context:
    load_plan(ctx, demo_plan_path())
    return ctx


def one(views: list[StatementView], text: str, measure: Measure | None = None) -> StatementView:
    (view,) = [v for v in views if v.text == text and (measure is None or v.measure is measure)]
    return view


def count(ctx: Context, model: type) -> int:
    with ctx.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_seed_page_from_text_to_accepted_observations(demo: Context) -> None:
    """Done when (issue 5): a seed page goes from text to accepted observations and targets."""
    text = SEED.read_text(encoding="utf-8")
    result = ingest_text(demo, REVIEWER, text, SEED.name, doc_year=2021)
    assert result.document == "seed-001"  # the plan file stored this very text: reused, not duplicated
    assert not result.new_document and not result.already_ingested
    assert result.added == result.statements >= 40 and result.matched >= 30

    views = list_statements(demo, document="seed-001")
    assert all(v.status is ReviewStatus.PENDING for v in views)
    gdp_2020 = one(views, "428.2亿元")
    assert (gdp_2020.indicator_code, gdp_2020.year, gdp_2020.match_score) == ("gdp", 2020, 1.0)
    assert text[gdp_2020.start : gdp_2020.end] == "428.2亿元"
    assert gdp_2020.context_before.endswith("增加到2020年的") and gdp_2020.context_after.startswith(",年均增长")

    accepted = accept(demo, REVIEWER, gdp_2020.id)
    assert (accepted.kind, accepted.indicator, accepted.period, accepted.value) == (
        "observation",
        "gdp",
        "2020",
        4.282e10,
    )
    growth = accept(demo, REVIEWER, one(views, "4.2%").id)
    assert (growth.period, growth.value, growth.unit) == ("2018-2020", 4.2, "%")
    fai = accept(demo, REVIEWER, one(views, "216.4亿元").id)
    assert (fai.indicator, fai.period, fai.value) == ("fai", "2020", 2.164e10)
    unemployment = accept(demo, REVIEWER, one(views, "控制在4.5%").id)
    assert (unemployment.indicator, unemployment.period) == ("unemployment", "2018-2020")
    target = accept(demo, REVIEWER, one(views, "达到8.5%以上").id)
    assert (target.kind, target.indicator, target.period, target.value) == ("target", "gdp", "2020-2025", 8.5)

    bundle = read_plan(demo, "pingcheng-14")
    gdp = {(o.period, o.measure): o for o in bundle.observations["gdp"]}
    obs = gdp[(Period(2020), Measure.LEVEL)]
    assert (obs.value, obs.unit, obs.printed_value, obs.printed_unit) == (4.282e10, "元", "428.2", "亿元")
    assert obs.provenance is not None and obs.provenance.document_code == "seed-001"
    assert (obs.provenance.start, obs.provenance.end) == (gdp_2020.start, gdp_2020.end)
    assert text[obs.provenance.start : obs.provenance.end] == obs.provenance.quote == "428.2亿元"
    rate = gdp[(Period.parse("2018-2020"), Measure.GROWTH)]
    assert rate.annualized and rate.value == 4.2
    (gdp_target,) = bundle.targets["gdp"]
    assert (gdp_target.base_year, gdp_target.target_year, gdp_target.comparator) == (2020, 2025, Comparator.GE)

    with demo.sessions() as session:
        origins = {
            row.id: row.origin
            for row in session.scalars(select(ObservationRow).where(ObservationRow.origin == "review"))
        }
        assert set(origins) == {accepted.figure_id, growth.figure_id, fai.figure_id, unemployment.figure_id}
        assert session.get(TargetRow, target.figure_id).origin == "review"  # type: ignore[union-attr]
    after = get_statement(demo, gdp_2020.id)
    assert after.status is ReviewStatus.ACCEPTED and after.reviewer == "wang" and after.reviewed_at is not None
    assert after.observation_id == accepted.figure_id and after.edits is None
    assert len(list_statements(demo, status=ReviewStatus.ACCEPTED)) == 5


def test_ingesting_the_same_text_twice_adds_nothing(demo: Context) -> None:
    first = ingest_text(demo, None, NEW_TEXT, "report-2022.txt", doc_year=2023, title="2023年政府工作报告")
    assert first.new_document and first.document.startswith("doc-") and first.added == first.statements > 0
    documents, statements = count(demo, DocumentRow), count(demo, StatementRow)
    again = ingest_text(demo, None, NEW_TEXT, "renamed.txt", doc_year=2023)
    assert again.already_ingested and not again.new_document and again.added == 0
    assert again.document == first.document and again.title == "2023年政府工作报告"
    assert (count(demo, DocumentRow), count(demo, StatementRow)) == (documents, statements)
    assert len(list_statements(demo, document=first.document)) == first.statements


def test_ingest_is_audited_as_the_user(demo: Context) -> None:
    result = ingest_text(demo, REVIEWER, NEW_TEXT, "r.txt", doc_year=2023)
    with demo.reading() as store:
        entries = store.audit.entries(actor="wang", limit=1000)
    kinds = {(e.object_type, e.action) for e in entries}
    assert kinds == {("document", "create"), ("statement", "create")}
    assert sum(e.object_type == "statement" for e in entries) == result.added
    assert all(e.reason == "ingest r.txt" for e in entries)


def test_edits_override_the_extracted_fields(demo: Context) -> None:
    ingest_text(demo, None, NEW_TEXT, "r.txt", doc_year=2023)
    gdp = one(list_statements(demo), "达到465.3亿元")
    assert gdp.year == 2022
    result = accept(demo, REVIEWER, gdp.id, value=465.8, year=2021, comparator=Comparator.APPROX)
    assert (result.period, result.value, result.change) == ("2021", 4.658e10, "created")
    view = get_statement(demo, gdp.id)
    assert view.edits == {"value": 465.8, "year": 2021, "comparator": "~"}
    obs = next(o for o in read_plan(demo).observations["gdp"] if o.period == Period(2021))
    assert (obs.printed_value, obs.printed_unit, obs.comparator) == ("465.8", "亿元", Comparator.APPROX)
    assert obs.provenance is not None and obs.provenance.quote == "达到465.3亿元"  # evidence as printed
    with demo.reading() as store:
        entries = store.audit.entries(object_type="statement", key_prefix=f"{view.document}/{view.start}-")
    assert [e.action for e in entries] == ["update", "create"]  # newest first
    entry = entries[0]
    assert entry.actor == "wang"
    assert entry.old is not None and entry.old["status"] == "pending"
    assert entry.new is not None and entry.new["status"] == "accepted" and entry.new["edits"]["year"] == 2021


def test_unmatched_statements_need_an_indicator_or_create_the_proposed_one(demo: Context) -> None:
    ingest_text(demo, None, NEW_TEXT, "r.txt", doc_year=2023)
    museums = one(list_statements(demo), "4座")
    assert museums.indicator_code is None and museums.proposed_name and museums.proposed_unit == "座"
    with pytest.raises(InvalidInput, match="--create-indicator"):
        accept(demo, REVIEWER, museums.id)
    result = accept(demo, REVIEWER, museums.id, create_indicator=True)
    assert result.created_indicator and result.indicator == f"new-{museums.id}"
    bundle = read_plan(demo)
    created = next(i for i in bundle.indicators if i.code == result.indicator)
    assert (created.name, created.unit, created.display_unit) == (museums.proposed_name, "座", "座")
    assert [o.value for o in bundle.observations[result.indicator]] == [4.0]
    with demo.reading() as store:
        (entry,) = store.audit.entries(object_type="indicator", key_prefix=f"pingcheng-14/{result.indicator}")
    assert entry.action == "create" and entry.actor == "wang"
    load_plan(demo, demo_plan_path())  # the plan file does not list it, but did not create it either
    kept = read_plan(demo)
    assert result.indicator in {i.code for i in kept.indicators}
    assert [o.value for o in kept.observations[result.indicator]] == [4.0]


def test_refusals_are_clear_and_write_nothing(demo: Context) -> None:
    ingest_text(demo, None, NEW_TEXT, "r.txt", doc_year=None)
    views = list_statements(demo)
    firms = one(views, "达到78户")
    with pytest.raises(InvalidInput, match="does not fit 地区生产总值"):
        accept(demo, REVIEWER, firms.id, indicator_code="gdp")  # 户 is not 元
    growth = one(views, "5.1%")
    undated = ingest_text(demo, None, "王某一生曾6次到访。", "bio.txt", doc_year=None)
    (visits,) = list_statements(demo, document=undated.document)
    assert visits.year is None
    with pytest.raises(InvalidInput, match="year of this figure is unknown"):
        accept(demo, REVIEWER, visits.id, indicator_code="zhitong-broadcasts")
    with pytest.raises(InvalidInput, match="must be in %"):
        accept(demo, REVIEWER, firms.id, indicator_code="gdp", measure=Measure.GROWTH)
    with pytest.raises(NotFound, match="no indicator 'nope'"):
        accept(demo, REVIEWER, growth.id, indicator_code="nope")
    with pytest.raises(NotFound):
        accept(demo, REVIEWER, 10**6)
    assert all(v.status is ReviewStatus.PENDING for v in list_statements(demo))
    with demo.reading() as store:
        assert store.audit.entries(object_type="statement", limit=1000)[0].action == "create"


def test_reject_records_the_reason_and_the_states_are_final(demo: Context) -> None:
    ingest_text(demo, None, NEW_TEXT, "r.txt", doc_year=2023)
    views = list_statements(demo)
    visits = one(views, "6次")
    reject(demo, REVIEWER, visits.id, "a biography, not a figure")
    view = get_statement(demo, visits.id)
    assert (view.status, view.reject_reason, view.reviewer) == (
        ReviewStatus.REJECTED,
        "a biography, not a figure",
        "wang",
    )
    assert [v.id for v in list_statements(demo, status=ReviewStatus.REJECTED)] == [visits.id]
    with pytest.raises(Conflict, match="rejected already"):
        reject(demo, REVIEWER, visits.id, "again")
    gdp = one(views, "达到465.3亿元")
    accept(demo, REVIEWER, gdp.id)
    with pytest.raises(Conflict, match="accepted already"):
        accept(demo, REVIEWER, gdp.id)
    with pytest.raises(Conflict, match="accepted already"):
        reject(demo, REVIEWER, gdp.id)


def test_permissions(demo: Context) -> None:
    with pytest.raises(Forbidden):
        ingest_text(demo, User("li", Role.VIEWER), NEW_TEXT, "r.txt", doc_year=2023)
    planner = User("zhao", Role.PLANNER)
    result = ingest_text(demo, planner, NEW_TEXT, "r.txt", doc_year=2023)  # planners may upload
    gdp = one(list_statements(demo, document=result.document), "达到465.3亿元")
    with pytest.raises(Forbidden):
        accept(demo, planner, gdp.id)
    with pytest.raises(Forbidden):
        reject(demo, User("sun", Role.REPORTER, unit_code="pc-tjj"), gdp.id)
    with pytest.raises(Forbidden):
        accept(demo, User("wang", Role.REVIEWER, active=False), gdp.id)
    assert accept(demo, operator("root"), gdp.id).change == "created"  # the command line at the server


def test_without_a_plan_ingest_says_what_to_do(ctx: Context) -> None:
    with pytest.raises(NotFound, match="no plan"):
        ingest_text(ctx, None, NEW_TEXT, "r.txt", doc_year=2023)
    assert document_code("ab" * 32) == "doc-abababababab"


def test_the_queue_survives_a_backup_and_restore(demo: Context, tmp_path: Path) -> None:
    ingest_text(demo, None, NEW_TEXT, "r.txt", doc_year=2023)
    views = list_statements(demo)
    accept(demo, REVIEWER, one(views, "达到465.3亿元").id)
    reject(demo, REVIEWER, one(views, "6次").id, "not a figure")
    counts = backup(demo, tmp_path / "b.json")
    assert counts["statements"] == len(views)
    target = Context.from_url(f"sqlite:///{tmp_path / 'copy.db'}")
    try:
        init_database(target)
        restore(target, tmp_path / "b.json")
        assert list_statements(target) == list_statements(demo)
    finally:
        target.dispose()


def test_a_part_of_a_year_the_text_says_is_the_period_of_the_accepted_figure(demo: Context) -> None:
    """Issue 12: a quarterly release's figures are for the year to date (前三季度 -> 2024YTD09), and so is
    the observation that accepting one of them stores, unless the reviewer changes its time."""
    text = "平城区2024年前三季度经济运行情况\n\n前三季度，全区地区生产总值完成356.2亿元，同比增长5.6%。"
    ingest_text(demo, None, text, "q3.txt", doc_year=2024)
    level = one(list_statements(demo, document=document_code_of(demo, "q3.txt")), "356.2亿元")
    assert (level.year, level.period) == (2024, "2024YTD09")
    result = accept(demo, REVIEWER, level.id)
    assert result.period == "2024YTD09"
    obs = next(o for o in read_plan(demo).observations["gdp"] if o.period == Period.parse("2024YTD09"))
    assert obs.value == 356.2e8
    growth = one(list_statements(demo, document=document_code_of(demo, "q3.txt")), "5.6%")
    assert accept(demo, REVIEWER, growth.id, year=2023).period == "2023"  # the reviewer's year wins


def document_code_of(ctx: Context, title: str) -> str:
    with ctx.sessions() as session:
        code = session.scalar(select(DocumentRow.code).where(DocumentRow.title == title))
    assert code is not None
    return str(code)
