"""Use cases on plans: create or upgrade the database, load a plan file, read, export, the demo."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from luoshi.domain.measurement import UnknownUnit, from_base
from luoshi.domain.plan import Plan, PlanBundle
from luoshi.domain.record import as_record
from luoshi.ingest.planfile import KnownCodes, read_plan_file
from luoshi.services.context import STRICT, Context, ReadPolicy, Versioned
from luoshi.services.unit_of_work import UnitOfWork
from luoshi.storage.database import upgrade
from luoshi.storage.store import ChangeSummary
from luoshi.storage.version import Change

EXPORT_FORMAT = "luoshi-plan-export/1"
T = TypeVar("T")


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
    with cycle_collection_paused():
        with ctx.reading() as snapshot:
            known = KnownCodes(
                regions=[r.code for r in snapshot.registry.regions()],
                units=[u.code for u in snapshot.registry.units()],
                documents={d.code: d.text for d in snapshot.registry.documents()},
            )
        bundle = read_plan_file(path, known, encoding=encoding)
        with ctx.unit_of_work(reason=f"plan load {Path(path).name}") as uow:
            summary = uow.plans.sync(bundle)
            uow.commit()
    return LoadResult(bundle.plan.code, summary, bundle_counts(bundle))


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Pause Python's cycle collector for the length of a plan load (or of a spreadsheet's import); it
    resumes (if it was on) after.

    A file of 10,000 figures makes some 300,000 objects (YAML nodes, data, specs, domain values, rows,
    audit records) that stay alive until the load ends. Every few thousand allocations the collector
    walks all of them again and finds nothing to free: with it running, the load took twice as long.
    Reference counting still frees everything else as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def plan_headers(ctx: Context, policy: ReadPolicy | None = None) -> list[Plan]:
    """Every stored plan (without goals and figures), cached until the data changes (``policy``: how far
    behind the newest change the list may be; default not at all)."""

    def build(previous: Versioned[list[Plan]] | None) -> Versioned[list[Plan]]:
        with ctx.reading() as snapshot:
            assert snapshot.version is not None
            return Versioned(snapshot.version, snapshot.plans.plans())

    return ctx.versioned(("plan headers",), build, policy or STRICT).value


def read_plan(ctx: Context, plan_code: str | None = None, *, scenarios: list[str] | None = None) -> PlanBundle:
    """The whole plan as it stands now (a bundle is immutable, so sharing it between requests is safe)."""
    return plan_snapshot(ctx, plan_code, scenarios=scenarios).value


def plan_snapshot(
    ctx: Context, plan_code: str | None = None, *, scenarios: list[str] | None = None
) -> Versioned[PlanBundle]:
    """The whole plan with the data version it was read at.

    The plan is read in one snapshot together with its version. When the cache holds it at an older
    version, only what changed since is read (:func:`refresh_bundle`): the figures of the indicators that
    were written and the tasks; anything else that touches the plan's structure reads it whole again.
    """
    kinds = tuple(scenarios) if scenarios is not None else None

    def build(previous: Versioned[PlanBundle] | None) -> Versioned[PlanBundle]:
        with ctx.reading() as snapshot:
            version = snapshot.version
            assert version is not None
            if previous is not None and previous.version == version:
                return previous
            if previous is not None and previous.version < version:
                changes = snapshot.changes_since(previous.version)
                fresh = refresh_bundle(snapshot, previous.value, changes, scenarios=kinds)
                if fresh is not None:
                    return Versioned(version, fresh)
            code = plan_code or snapshot.plans.default_plan_code()
            return Versioned(version, snapshot.plans.read(code, scenarios=kinds))

    return ctx.versioned(("plan", plan_code, kinds), build)


#: audited object types that are part of a plan bundle; changes to any other (accounts, tokens, the review
#: queue, tasks' progress reports, and the aggregates of reporting rounds, supervision or projects) leave
#: every bundle as it is (a report's status change is also the task's own, audited as ``task``)
BUNDLE_TYPES = frozenset(
    {"plan", "goal", "task", "indicator", "target", "observation", "region", "unit", "document", "database"}
)
#: of those, the ones a bundle can take in without being read again
FIGURE_TYPES = frozenset({"target", "observation"})


def refresh_bundle(
    snapshot: UnitOfWork, bundle: PlanBundle, changes: Sequence[Change], *, scenarios: Sequence[str] | None
) -> PlanBundle | None:
    """``bundle`` brought up to date with ``changes`` read in ``snapshot``, or None when they change its
    structure (goals, indicators, units, regions, the plan itself, a restore) and it must be read whole.

    Unchanged indicators keep their very tuples of targets and observations, so that results derived per
    indicator can tell by identity what to recompute.
    """
    plan_code = bundle.plan.code
    indicators: set[str] = set()
    tasks = False
    used_documents = {d.code for d in bundle.documents}
    for change in changes:
        if change.object_type not in BUNDLE_TYPES:
            continue
        if change.object_type == "document":
            if change.action != "create" and change.object_key in used_documents:
                return None  # a cited document was changed
            continue  # a new document matters once a figure cites it, and then that figure is read
        if change.object_type in FIGURE_TYPES | {"task"} and change.plan_code != plan_code:
            continue
        if change.object_type in FIGURE_TYPES:
            indicators.add(change.object_key.split("/")[1])  # <plan>/<indicator>/<key>; codes have no "/"
        elif change.object_type == "task" and change.action == "update":
            tasks = True
        else:
            return None
    if not indicators and not tasks:
        return bundle
    known = {i.code for i in bundle.indicators}
    if not indicators <= known:
        return None
    figures = snapshot.plans.read_figures(plan_code, sorted(indicators), scenarios=scenarios)
    regions = {r.code for r in bundle.regions}
    if any(o.region_code not in regions for group in figures.observations.values() for o in group):
        return None  # a figure of a region the bundle does not carry yet
    targets = dict(bundle.targets)
    observations = dict(bundle.observations)
    for code in indicators:
        _put(targets, code, figures.targets.get(code))
        _put(observations, code, figures.observations.get(code))
    documents = bundle.documents + tuple(d for d in figures.documents if d.code not in used_documents)
    return replace(
        bundle,
        targets=targets,
        observations=observations,
        documents=documents,
        tasks=snapshot.plans.read_tasks(plan_code) if tasks else bundle.tasks,
    )


def _put(items: dict[str, T], key: str, value: T | None) -> None:
    if value is None:
        items.pop(key, None)
    else:
        items[key] = value


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
