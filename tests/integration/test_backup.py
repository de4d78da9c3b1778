"""A backup restores into either engine: SQLite -> PostgreSQL and back, all or nothing."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from sqlalchemy import update

from luoshi.domain.errors import InvalidInput
from luoshi.services.backup import backup, restore
from luoshi.services.context import Context
from luoshi.services.plans import export_plan, init_database, load_plan, read_plan
from luoshi.storage.tables import ObservationRow

pytestmark = pytest.mark.integration


def test_backup_restores_across_engines(ctx: Context, mini_plan: Path, tmp_path: Path) -> None:
    source = Context.from_url(f"sqlite:///{tmp_path / 'source.db'}")
    init_database(source)
    load_plan(source, mini_plan)
    counts = backup(source, tmp_path / "b.json")
    assert counts["observations"] == 3 and counts["audit_log"] > 0

    restored = restore(ctx, tmp_path / "b.json")
    assert restored == counts
    assert export_plan(read_plan(ctx)) == export_plan(read_plan(source))
    # ids and sequences continue after a restore: a further load works
    edited = mini_plan.read_text(encoding="utf-8").replace("value: 428.2", "value: 428.3")
    (tmp_path / "report.txt").write_text(mini_plan.with_name("report.txt").read_text(encoding="utf-8"), "utf-8")
    (tmp_path / "mini.yaml").write_text(edited, encoding="utf-8")
    assert load_plan(ctx, tmp_path / "mini.yaml").summary.updated == {"observation": 1}
    source.dispose()


def test_a_broken_backup_changes_nothing(ctx: Context, mini_plan: Path, tmp_path: Path) -> None:
    load_plan(ctx, mini_plan)
    backup(ctx, tmp_path / "good.json")
    text = (tmp_path / "good.json").read_text(encoding="utf-8")
    broken = text.replace('"observations": {"columns": [', '"observations": {"columns": ["bogus", ', 1)
    (tmp_path / "broken.json").write_text(broken, encoding="utf-8")
    before = export_plan(read_plan(ctx))
    with pytest.raises(InvalidInput):
        restore(ctx, tmp_path / "broken.json")
    assert export_plan(read_plan(ctx)) == before


def test_a_backup_with_values_that_are_no_numbers_is_refused(ctx: Context, mini_plan: Path, tmp_path: Path) -> None:
    load_plan(ctx, mini_plan)
    backup(ctx, tmp_path / "good.json")
    document = json.loads((tmp_path / "good.json").read_text(encoding="utf-8"))
    audit = document["tables"]["audit_log"]
    entry = next(row for row in audit["rows"] if (row[audit["columns"].index("new")] or {}).get("value"))
    entry[audit["columns"].index("new")]["value"] = math.inf  # inside a JSON column: PostgreSQL's json refuses it
    (tmp_path / "inf.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    before = export_plan(read_plan(ctx))
    with pytest.raises(InvalidInput) as caught:
        restore(ctx, tmp_path / "inf.json")
    [problem] = caught.value.problems
    assert problem.location.field is not None and problem.location.field.startswith("tables.audit_log.rows[")
    assert problem.location.field.endswith(".new.value") and "inf is not a finite number" in problem.message
    assert export_plan(read_plan(ctx)) == before


def test_a_backup_is_standard_json(ctx: Context, mini_plan: Path, tmp_path: Path) -> None:
    load_plan(ctx, mini_plan)
    with ctx.engine.begin() as connection:  # a value stored before values were checked
        connection.execute(update(ObservationRow).where(ObservationRow.printed_value == "428.2").values(value=math.inf))
    with pytest.raises(InvalidInput) as caught:
        backup(ctx, tmp_path / "b.json")
    [problem] = caught.value.problems
    assert problem.location.field is not None and problem.location.field.startswith("tables.observations.rows[")
    assert "correct it in the database first" in problem.message
    assert not (tmp_path / "b.json").exists()


def test_a_restore_is_one_audited_change_that_every_reader_sees(
    ctx: Context, mini_plan: Path, tmp_path: Path, database_url: str
) -> None:
    load_plan(ctx, mini_plan)
    backup(ctx, tmp_path / "before.json")
    with ctx.reading() as snapshot:
        backed_up = snapshot.audit.count()
    edited = mini_plan.read_text(encoding="utf-8").replace("value: 428.2", "value: 999.9")
    (tmp_path / "report.txt").write_text(mini_plan.with_name("report.txt").read_text(encoding="utf-8"), "utf-8")
    (tmp_path / "mini.yaml").write_text(edited, encoding="utf-8")
    load_plan(ctx, tmp_path / "mini.yaml")
    other = Context.from_url(database_url)  # another server process, holding the edited plan in its cache
    assert any(o.value == pytest.approx(999.9e8) for o in read_plan(other, "mini").observations["gdp"])
    version = ctx.data_version()
    restore(ctx, tmp_path / "before.json")
    assert ctx.data_version() > version
    with ctx.reading() as snapshot:
        entries = snapshot.audit.entries(limit=1)
        restored_log = snapshot.audit.count()
    assert entries[0].object_type == "database" and entries[0].reason == "restore before.json"
    assert restored_log == backed_up + 1  # the log is the backup's, plus the one entry of the restore
    assert all(o.value != pytest.approx(999.9e8) for o in read_plan(other, "mini").observations["gdp"])
    other.dispose()
