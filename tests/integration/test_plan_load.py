"""Loading plan files into a real database: all or nothing, idempotent, differences audited."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from luoshi.domain.errors import InvalidInput
from luoshi.domain.target import Measure
from luoshi.services.context import Context
from luoshi.services.plans import export_plan, load_plan, read_plan
from luoshi.storage.audit import AuditLog
from luoshi.storage.tables import Base

pytestmark = pytest.mark.integration


def table_counts(ctx: Context) -> dict[str, int]:
    with ctx.engine.connect() as connection:
        return {
            t.name: connection.scalar(select(func.count()).select_from(t)) or 0 for t in Base.metadata.sorted_tables
        }


def audit_entries(ctx: Context) -> list[tuple[str, str, str]]:
    with ctx.sessions() as session:
        return [(e.action, e.object_type, e.object_key) for e in AuditLog(session, "x").entries(limit=10_000)]


def test_load_then_read_back(ctx: Context, mini_plan: Path) -> None:
    result = load_plan(ctx, mini_plan)
    assert result.counts == {
        "goals": 3,
        "tasks": 1,
        "indicators": 3,
        "targets": 3,
        "observations": 3,
        "documents": 1,
        "units": 2,
    }
    bundle = read_plan(ctx)
    assert [g.code for g in bundle.goals] == ["P", "P1", "P2"]
    assert bundle.goals[1].parent_code == "P"
    gdp = {o.period.code: o for o in bundle.observations["gdp"]}
    assert gdp["2020"].value == 4.282e10 and gdp["2020"].unit == "元" and gdp["2020"].printed_value == "428.2"
    assert gdp["2018-2020"].measure is Measure.GROWTH and gdp["2018-2020"].annualized
    provenance = gdp["2018"].provenance
    assert provenance is not None and provenance.quote == "394.5亿元"
    document = next(d for d in bundle.documents if d.code == "report")
    assert document.text[provenance.start : provenance.end] == "394.5亿元"
    task = bundle.tasks[0]
    assert task.lead_unit_code == "fgj" and task.support_unit_codes == ("tjj",)
    exported = export_plan(bundle)
    assert exported["counts"]["indicators"] == 3
    # every create is audited, with who and the new values
    entries = audit_entries(ctx)
    assert len(entries) == sum(result.summary.created.values())
    assert ("create", "observation", "mini/gdp/990101:2020:level:actual") in entries


def test_a_load_leaves_the_cycle_collector_as_it_found_it(ctx: Context, mini_plan: Path, tmp_path: Path) -> None:
    load_plan(ctx, mini_plan)  # the collector is paused while the file is read and applied
    assert gc.isenabled()
    bad = tmp_path / "bad.yaml"
    bad.write_text("luoshi: plan/1\nplan: [\n", encoding="utf-8")
    with pytest.raises(InvalidInput):
        load_plan(ctx, bad)
    assert gc.isenabled()
    gc.disable()
    try:
        load_plan(ctx, mini_plan)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_loading_twice_changes_nothing(ctx: Context, mini_plan: Path) -> None:
    load_plan(ctx, mini_plan)
    before = table_counts(ctx)
    second = load_plan(ctx, mini_plan)
    assert second.summary.total == 0
    assert table_counts(ctx) == before


def test_edited_file_applies_just_the_difference(ctx: Context, mini_plan: Path, tmp_path: Path) -> None:
    load_plan(ctx, mini_plan)
    shutil.copy(mini_plan.with_name("report.txt"), tmp_path / "report.txt")
    text = mini_plan.read_text(encoding="utf-8")
    old_2020 = "      - period: 2020\n        value: 428.2\n        source: {document: report, quote: 428.2亿元}\n"
    text = text.replace(old_2020, "      - period: 2020\n        value: 428.3\n")
    hightech = text.index("  - code: hightech")
    text = text[:hightech]  # the high-tech indicator is removed
    text = text.replace(
        "      - {code: P2, name: 创新生态试验区, kind: positioning}",
        "      - {code: P2, name: 创新生态试验区（修订）, kind: positioning}\n"
        "      - {code: P3, name: 市域治理示范区, kind: positioning}",
    )
    edited = tmp_path / "mini.yaml"
    edited.write_text(text, encoding="utf-8")
    n_before = len(audit_entries(ctx))

    result = load_plan(ctx, edited)

    s = result.summary
    assert dict(s.created) == {"goal": 1}
    assert dict(s.updated) == {"goal": 1, "observation": 1}
    assert dict(s.deleted) == {"indicator": 1, "target": 1}
    new_entries = audit_entries(ctx)[: len(audit_entries(ctx)) - n_before]
    assert ("update", "observation", "mini/gdp/990101:2020:level:actual") in new_entries
    assert ("delete", "indicator", "mini/hightech") in new_entries
    with ctx.sessions() as session:
        update = next(e for e in AuditLog(session, "x").entries(object_type="observation") if e.action == "update")
    assert update.old is not None and update.new is not None
    assert update.old["value"] == 4.282e10 and update.new["value"] == 4.283e10
    assert update.actor == "tester"
    bundle = read_plan(ctx)
    assert {i.code for i in bundle.indicators} == {"gdp", "unemployment"}
    assert load_plan(ctx, edited).summary.total == 0


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace("unit: 亿元", "unit: 亿斤斤"), "unknown unit of measure"),
        (lambda t: t.replace("lead_unit: fgj", "lead_unit: nobody"), "unknown unit 'nobody'"),
        (lambda t: t.replace("base_year: 2020", "base_year: 2026"), "is not after the base year"),
        (
            lambda t: t.replace(
                "{code: P2, name: 创新生态试验区, kind: positioning}",
                "{code: P1, name: 创新生态试验区, kind: positioning}",
            ),
            "duplicate goal code 'P1'",
        ),
        (lambda t: t.replace("value: 394.5", "value: [394.5"), "malformed YAML"),
    ],
)
def test_bad_file_leaves_the_database_untouched(
    ctx: Context, mini_plan: Path, tmp_path: Path, edit, message: str
) -> None:  # type: ignore[no-untyped-def]
    load_plan(ctx, mini_plan)
    before = table_counts(ctx)
    shutil.copy(mini_plan.with_name("report.txt"), tmp_path / "report.txt")
    bad = tmp_path / "bad.yaml"
    bad.write_text(edit(mini_plan.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        load_plan(ctx, bad)
    assert message in str(caught.value)
    assert str(bad) in str(caught.value)
    assert table_counts(ctx) == before
