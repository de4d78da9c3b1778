"""Use cases on plans: create or upgrade the database, load a plan file, read, export, the demo."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from luoshi.domain.measurement import UnknownUnit, from_base
from luoshi.domain.plan import PlanBundle
from luoshi.domain.record import as_record
from luoshi.ingest.planfile import KnownCodes, read_plan_file
from luoshi.services.context import Context
from luoshi.storage.database import upgrade
from luoshi.storage.repository import ChangeSummary

EXPORT_FORMAT = "luoshi-plan-export/1"


@dataclass(frozen=True)
class LoadResult:
    plan_code: str
    summary: ChangeSummary
    counts: dict[str, int]


def demo_plan_path() -> Path:
    """The bundled Pingcheng plan file."""
    return Path(str(resources.files("luoshi") / "data" / "pingcheng" / "plan.yaml"))


def init_database(ctx: Context) -> tuple[str | None, str]:
    """Create the schema or upgrade it to the newest revision: (revision before, revision after)."""
    return upgrade(ctx.engine)


def load_plan(ctx: Context, path: str | Path, *, encoding: str | None = None) -> LoadResult:
    """Validate a plan file, then apply it in one transaction (all or nothing, audited, idempotent).

    The file and its documents are read in ``encoding``, or in the one detected (UTF-8 or GBK)."""
    ctx.require_schema()
    with ctx.reading() as store:
        known = KnownCodes(
            regions=[r.code for r in store.regions()],
            units=[u.code for u in store.units()],
            documents={d.code: d.text for d in store.documents()},
        )
    bundle = read_plan_file(path, known, encoding=encoding)
    with ctx.unit_of_work(reason=f"plan load {Path(path).name}") as (_, store, _audit):
        summary = store.sync(bundle)
    return LoadResult(bundle.plan.code, summary, bundle_counts(bundle))


def read_plan(ctx: Context, plan_code: str | None = None, *, scenarios: list[str] | None = None) -> PlanBundle:
    """The whole plan (cached until the data changes: a bundle is immutable, so sharing it is safe)."""

    def compute() -> PlanBundle:
        with ctx.reading() as store:
            return store.read(plan_code or store.default_plan_code(), scenarios=scenarios)

    ctx.require_schema()
    return ctx.cached(("plan", plan_code, tuple(scenarios) if scenarios is not None else None), compute)


def bundle_counts(bundle: PlanBundle) -> dict[str, int]:
    return {
        "goals": len(bundle.goals),
        "tasks": len(bundle.tasks),
        "indicators": len(bundle.indicators),
        "targets": sum(len(v) for v in bundle.targets.values()),
        "observations": sum(len(v) for v in bundle.observations.values()),
        "documents": len(bundle.documents),
        "units": len(bundle.units),
    }


def export_plan(bundle: PlanBundle) -> dict[str, Any]:
    """The whole plan as JSON-able data: values in base units (亿元 becomes 元), periods as codes.

    Each indicator carries its targets and observations; documents are listed without their text.
    """
    indicators = []
    for ind in bundle.indicators:
        record = as_record(ind)
        record["targets"] = [as_record(t) for t in bundle.targets.get(ind.code, ())]
        record["observations"] = [
            {k: v for k, v in as_record(o).items() if k != "indicator_code"}
            | {"display_value": _display(o.value, o.unit, ind.display_unit)}
            for o in bundle.observations.get(ind.code, ())
        ]
        indicators.append(record)
    return {
        "format": EXPORT_FORMAT,
        "plan": as_record(bundle.plan),
        "regions": as_record(bundle.regions),
        "units": as_record(bundle.units),
        "documents": [{k: v for k, v in as_record(d).items() if k != "text"} for d in bundle.documents],
        "goals": as_record(bundle.goals),
        "tasks": as_record(bundle.tasks),
        "indicators": indicators,
        "counts": bundle_counts(bundle),
    }


def _display(value: float, unit: str, display_unit: str) -> float | None:
    """The value in the indicator's display unit (growth figures are already percent)."""
    if unit == "%" and display_unit != "%":
        return value
    try:
        return from_base(value, display_unit)
    except UnknownUnit:
        return None
