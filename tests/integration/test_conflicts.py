"""Conflicts in the review queue on SQLite and PostgreSQL: found at the precision printed, decided by keeping
one side, the losing statements rejected with a reason naming the chosen figure, every decision audited."""

from __future__ import annotations

import pytest

from luoshi.domain.account import Role, User
from luoshi.domain.errors import Conflict, InvalidInput, NotFound
from luoshi.domain.period import Period
from luoshi.domain.target import Measure
from luoshi.services.conflicts import list_conflicts
from luoshi.services.context import Context
from luoshi.services.figures import Forbidden
from luoshi.services.plans import demo_plan_path, load_plan, read_plan
from luoshi.services.review import Keep, StatementView, accept, get_statement, ingest_text, list_statements, resolve
from luoshi.storage.statements import ReviewStatus

pytestmark = pytest.mark.integration

REVIEWER = User("wang", Role.REVIEWER)
GDP_2020 = "gdp/140213:2020:level"  # stored as 428.2 亿元 by the demo plan file
GDP_2022 = "gdp/140213:2022:level"
FAI_2020 = "fai/140213:2020:level"  # stored as 216.4 亿元


@pytest.fixture
def demo(ctx: Context) -> Context:
    load_plan(ctx, demo_plan_path())
    return ctx


def ingest(ctx: Context, text: str, title: str) -> list[StatementView]:
    result = ingest_text(ctx, None, text, f"{title}.txt", doc_year=2023, title=title)
    return list_statements(ctx, document=result.document)


def gdp(views: list[StatementView]) -> StatementView:
    (view,) = [v for v in views if v.indicator_code == "gdp" and v.measure is Measure.LEVEL]
    return view


def stored(ctx: Context, indicator: str, year: int) -> float:
    (o,) = [
        o
        for o in read_plan(ctx, "pingcheng-14").observations[indicator]
        if o.period == Period(year) and o.measure is Measure.LEVEL and o.scenario == "actual"
    ]
    return o.value


def test_conflicts_are_found_at_the_precision_printed(demo: Context) -> None:
    same = gdp(ingest(demo, "2020年，全区地区生产总值达到428.24亿元。", "more-digits"))  # 428.2 rounded
    assert list_conflicts(demo).conflicts == []
    other = gdp(ingest(demo, "2020年，全区地区生产总值达到452.3亿元。", "quick"))
    bound = ingest(demo, "2020年，全区地区生产总值超过500亿元。", "bound")  # a bound is no single value
    assert gdp(bound).comparator.value == ">"
    target = ingest(demo, "到2022年，全区地区生产总值达到600亿元。", "plan")  # a target is no observation
    assert all(v.modality.value == "target" for v in target if v.indicator_code == "gdp")
    ingest(demo, "2022年，全区一般公共预算收入增长5.1%。", "growth-a")
    ingest(demo, "2022年全区一般公共预算收入增长5.12%。", "growth-b")  # agrees with 5.1 at its digits

    (conflict,) = list_conflicts(demo).conflicts
    assert (conflict.key, conflict.indicator_name, conflict.period_label, conflict.region_name) == (
        GDP_2020,
        "地区生产总值",
        "2020年",
        "平城区",
    )
    assert [s.key for s in conflict.sides][1:] == [f"statement:{same.id}", f"statement:{other.id}"]
    observation, more_digits, quick = conflict.sides
    assert (observation.source, observation.text, observation.origin, observation.origin_label) == (
        "observation",
        "428.2 亿元",
        "planfile:pingcheng-14",
        "规划文件",
    )
    assert observation.document == "seed-001" and observation.evidence == "增加到2020年的428.2亿元"
    assert observation.disagrees_with == [quick.key] and more_digits.disagrees_with == [quick.key]
    assert (quick.text, quick.document_title, quick.evidence) == ("452.3 亿元", "quick", "达到452.3亿元")
    assert quick.context_before.endswith("全区地区生产总值") and quick.status_label == "待审核"
    assert [(p.first_label, p.second_label, p.difference, p.tolerance) for p in conflict.pairs] == [
        ("现有数据", f"第{other.id}条", "24.1 亿元", "±0.05 亿元"),
        (f"第{same.id}条", f"第{other.id}条", "24.06 亿元", "±0.05 亿元"),
    ]
    assert list_conflicts(demo, statement_id=other.id).statement_ids == [same.id, other.id]
    assert list_conflicts(demo, document=other.document).conflicts == [conflict]
    assert list_conflicts(demo, document="seed-001").conflicts == []
    with pytest.raises(NotFound):
        list_conflicts(demo, plan_code="nope")


def test_keeping_the_stored_figure_rejects_the_statements_that_disagree(demo: Context) -> None:
    quick = gdp(ingest(demo, "2020年，全区地区生产总值达到452.3亿元。", "快报"))
    later = gdp(ingest(demo, "2020年全区地区生产总值为452.34亿元。", "月报"))  # agrees with the quick report
    result = resolve(demo, REVIEWER, quick.id, Keep.OBSERVATION, "以年报为准")
    assert result.key == GDP_2020 and result.kept.startswith("observation:") and result.accepted is None
    assert result.rejected == [quick.id, later.id]
    for view in (get_statement(demo, quick.id), get_statement(demo, later.id)):
        assert view.status is ReviewStatus.REJECTED and view.reviewer == "wang"
        assert view.reject_reason == "数据冲突，已保留现有数据（规划文件：428.2 亿元）；以年报为准"
    assert stored(demo, "gdp", 2020) == 4.282e10
    with demo.reading() as snapshot:
        (entry,) = snapshot.audit.entries(object_type="conflict")
    assert (entry.actor, entry.action, entry.object_key) == ("wang", "create", f"pingcheng-14/{GDP_2020}")
    assert entry.reason == f"review resolve {quick.id}: 以年报为准"
    assert entry.new is not None
    assert entry.new["chosen"]["observation"] == int(result.kept.split(":")[1])
    assert entry.new["chosen"]["value"] == 4.282e10 and entry.new["superseded"] is None
    assert [r["statement"] for r in entry.new["rejected"]] == [quick.id, later.id]
    assert entry.new["summary"].startswith("保留现有数据（规划文件：428.2 亿元）；退回第")
    assert list_conflicts(demo).conflicts == []


def test_taking_the_statement_supersedes_the_stored_figure_and_records_its_old_value(demo: Context) -> None:
    views = ingest(demo, "2020年，全区固定资产投资完成220.4亿元。", "快报")
    (fai,) = [v for v in views if v.indicator_code == "fai"]
    result = resolve(demo, REVIEWER, fai.id, Keep.STATEMENT, "快报更新")
    assert result.kept == f"statement:{fai.id}" and result.rejected == []
    assert result.superseded_value == 2.164e10
    assert result.accepted is not None and result.accepted.change == "updated"
    assert stored(demo, "fai", 2020) == 2.204e10
    with demo.reading() as snapshot:
        (entry,) = snapshot.audit.entries(object_type="conflict")
        update, created = snapshot.audit.entries(object_type="observation", key_prefix="pingcheng-14/fai/140213:2020:")
    assert entry.new is not None and entry.new["superseded"]["value"] == 2.164e10
    assert (
        entry.new["superseded"]["origin"] == "planfile:pingcheng-14"
        and entry.new["superseded"]["printed"] == "216.4亿元"
    )
    assert entry.new["chosen"] == {
        "statement": fai.id,
        "document": fai.document,
        "title": "快报",
        "text": "220.4亿元",
        "value": 2.204e10,
        "unit": "元",
        "printed": "220.4亿元",
    }
    assert (update.action, created.action) == ("update", "create")
    assert update.old is not None and update.old["value"] == 2.164e10 and update.reason == entry.reason


def test_choosing_another_statement_of_the_conflict(demo: Context) -> None:
    quick = gdp(ingest(demo, "2022年，全区地区生产总值达到465.3亿元。", "快报"))
    communique = gdp(ingest(demo, "据统计，2022年全区地区生产总值470.12亿元。", "公报"))
    with pytest.raises(InvalidInput, match="不是第"):
        resolve(demo, REVIEWER, quick.id, 10**6)
    result = resolve(demo, REVIEWER, quick.id, communique.id, "公报为准")
    assert result.kept == f"statement:{communique.id}" and result.rejected == [quick.id]
    assert result.accepted is not None and result.accepted.statement_id == communique.id
    assert result.superseded_value is None and stored(demo, "gdp", 2022) == 4.7012e10
    assert (
        get_statement(demo, quick.id).reject_reason
        == f"数据冲突，已采用第{communique.id}条（公报：470.12亿元）；公报为准"
    )
    with pytest.raises(Conflict, match="已被退回"):
        resolve(demo, REVIEWER, quick.id, Keep.STATEMENT)
    with pytest.raises(Conflict, match="已被采用"):
        resolve(demo, REVIEWER, communique.id, Keep.STATEMENT)


def test_plain_accept_settles_the_conflict_too(demo: Context) -> None:
    quick = gdp(ingest(demo, "2022年，全区地区生产总值达到465.3亿元。", "快报"))
    rounded = gdp(ingest(demo, "2022年全区地区生产总值465.34亿元。", "新闻稿"))  # agrees with the quick report
    communique = gdp(ingest(demo, "据统计，2022年全区地区生产总值470.12亿元。", "公报"))
    accepted = accept(demo, REVIEWER, quick.id)
    assert accepted.conflict_rejected == [communique.id] and accepted.superseded_value is None
    assert get_statement(demo, rounded.id).status is ReviewStatus.PENDING  # it agrees: still the reviewer's to judge
    assert get_statement(demo, communique.id).reject_reason == f"数据冲突，已采用第{quick.id}条（快报：达到465.3亿元）"
    # accepting the statement that agrees does not reopen anything and records no decision
    assert accept(demo, REVIEWER, rounded.id).conflict_rejected == []
    with demo.reading() as snapshot:
        assert len(snapshot.audit.entries(object_type="conflict")) == 1
    # an edited figure is settled at the figure stored: the year moved, so nothing conflicts there
    other = gdp(ingest(demo, "2022年全区地区生产总值为480.0亿元。", "误报"))
    assert accept(demo, REVIEWER, other.id, year=2019).conflict_rejected == []


def test_refusals_and_permissions(demo: Context) -> None:
    alone = gdp(ingest(demo, "2022年，全区地区生产总值达到465.3亿元。", "快报"))
    with pytest.raises(InvalidInput, match="没有冲突"):
        resolve(demo, REVIEWER, alone.id, Keep.STATEMENT)
    other = gdp(ingest(demo, "据统计，2022年全区地区生产总值470.12亿元。", "公报"))
    with pytest.raises(InvalidInput, match="没有现有数据"):
        resolve(demo, REVIEWER, alone.id, Keep.OBSERVATION)
    with pytest.raises(NotFound):
        resolve(demo, REVIEWER, 10**6, Keep.STATEMENT)
    with pytest.raises(Forbidden):
        resolve(demo, User("li", Role.VIEWER), alone.id, Keep.STATEMENT)
    with pytest.raises(Forbidden):
        resolve(demo, User("zhao", Role.PLANNER), alone.id, other.id)
    assert all(v.status is ReviewStatus.PENDING for v in list_statements(demo))
    with demo.reading() as snapshot:
        assert snapshot.audit.entries(object_type="conflict") == []


def test_a_statement_another_reviewer_is_deciding_is_not_waited_for(demo: Context) -> None:
    """PostgreSQL: the losing side's rows are locked NOWAIT, so two reviewers deciding one conflict from
    its two ends cannot deadlock; the later one is told to try again and nothing of it is written."""
    if demo.engine.dialect.name != "postgresql":
        pytest.skip("SQLite writers queue for the database's one write lock")
    quick = gdp(ingest(demo, "2022年，全区地区生产总值达到465.3亿元。", "快报"))
    communique = gdp(ingest(demo, "据统计，2022年全区地区生产总值470.12亿元。", "公报"))
    with demo.unit_of_work(actor="li") as other_reviewer:
        other_reviewer.statements.get(communique.id, lock=True)  # deciding on it, not committed yet
        with pytest.raises(Conflict, match="另一位审核人"):
            resolve(demo, REVIEWER, quick.id, Keep.STATEMENT)
    assert get_statement(demo, quick.id).status is ReviewStatus.PENDING
    assert resolve(demo, REVIEWER, quick.id, Keep.STATEMENT).rejected == [communique.id]
