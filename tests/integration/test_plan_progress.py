"""Progress of the stored demo plan: assessments, roll-ups, the audit, and the simulated scenario."""

from __future__ import annotations

import pytest

from luoshi.engine.progress import ProgressStatus
from luoshi.services.context import Context
from luoshi.services.plans import demo_plan_path, export_plan, load_plan, read_plan
from luoshi.services.progress import assess_plan, audit_plan, gap_list
from luoshi.services.simulation import remove_simulation, simulate_plan

pytestmark = pytest.mark.integration


def test_real_figures_alone(ctx: Context) -> None:
    load_plan(ctx, demo_plan_path())
    progress = assess_plan(ctx)
    assert {i.status for i in progress.indicators} == {"insufficient_data"}
    assert progress.plan.total == len(progress.indicators)
    audit = audit_plan(ctx)
    verdicts = {(c.indicator, c.verdict) for c in audit.claims}
    # GDP is 可比价: its printed (real) growth rate and its current-price levels are of different bases
    assert verdicts == {("gdp", "basis_differs"), ("fai", "consistent"), ("budget-revenue", "within_rounding")}
    gdp = next(c for c in audit.claims if c.indicator == "gdp")
    assert round(gdp.computed_rate, 2) == 4.18 and gdp.quote and "4.2%" in gdp.quote
    assert gdp.verdict_label == "口径不同"


def test_simulated_scenario_shows_every_status_and_leaves_real_figures_alone(ctx: Context) -> None:
    load_plan(ctx, demo_plan_path())
    real_before = export_plan(read_plan(ctx, scenarios=["actual"]))
    result = simulate_plan(ctx)
    assert result.observations > 20
    progress = assess_plan(ctx)
    statuses = {i.status for i in progress.indicators}
    assert statuses == {s.value for s in ProgressStatus}
    for code, intended in result.intended.items():
        assert next(i for i in progress.indicators if i.code == code).status == intended.value
    simulated = [i for i in progress.indicators if i.uses_simulated]
    assert simulated and all(i.status != "insufficient_data" or i.uses_simulated for i in simulated)
    gdp = next(i for i in progress.indicators if i.code == "gdp")
    assert gdp.required_rate == pytest.approx(0.085) and gdp.target_year == 2025 and "8.5%" in gdp.explanation
    verdicts = {c.verdict for c in audit_plan(ctx).claims}
    assert verdicts == {"consistent", "within_rounding", "inconsistent", "basis_differs"}
    real_verdicts = {c.verdict for c in audit_plan(ctx, include_simulated=False).claims}
    assert real_verdicts == {"consistent", "within_rounding", "basis_differs"}
    assert export_plan(read_plan(ctx, scenarios=["actual"])) == real_before
    hidden = assess_plan(ctx, include_simulated=False)
    assert {i.status for i in hidden.indicators} == {"insufficient_data"}
    # the same seed again changes nothing; removing the scenario removes only simulated figures
    assert simulate_plan(ctx).summary.total == 0
    removed = remove_simulation(ctx)
    assert removed.deleted["observation"] == result.observations
    assert export_plan(read_plan(ctx)) == real_before


def test_rollups_and_gap_list(ctx: Context) -> None:
    load_plan(ctx, demo_plan_path())
    simulate_plan(ctx)
    progress = assess_plan(ctx)
    goals = {g.code: g for g in progress.goals}
    assert goals["P"].summary.total >= 4  # the four positions' indicators roll up to the section
    assert sum(goals["P"].summary.counts.values()) == goals["P"].summary.total
    gaps = gap_list(progress)
    assert gaps and all(g.status in {"acceleration_needed", "limited_progress", "deterioration"} for g in gaps)
    scores = [g.score for g in gaps if g.target_text is not None]
    assert scores == sorted(scores)
