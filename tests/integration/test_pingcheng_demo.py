"""The bundled Pingcheng plan loads and its figures match the seed pages."""

from __future__ import annotations

import pytest

from luoshi.domain.target import Comparator, Measure
from luoshi.services.context import Context
from luoshi.services.plans import demo_plan_path, export_plan, load_plan, read_plan

pytestmark = pytest.mark.integration


def test_demo_plan_matches_the_seed_pages(ctx: Context) -> None:
    result = load_plan(ctx, demo_plan_path())
    assert result.plan_code == "pingcheng-14"
    data = export_plan(read_plan(ctx, "pingcheng-14"))
    assert data["plan"]["start_year"] == 2021 and data["plan"]["end_year"] == 2025
    assert data["plan"]["vision_year"] == 2035
    indicators = {i["code"]: i for i in data["indicators"]}

    gdp = indicators["gdp"]
    assert gdp["name"] == "地区生产总值" and gdp["unit"] == "元"
    levels = {o["period"]: o["value"] for o in gdp["observations"] if o["measure"] == "level"}
    assert levels == {"2018": 3.945e10, "2020": 4.282e10}
    growth = {o["period"]: o["value"] for o in gdp["observations"] if o["measure"] == "growth"}
    assert growth == {"2018-2020": 4.2, "2015-2020": 7.22}
    (gdp_target,) = gdp["targets"]
    assert (gdp_target["measure"], gdp_target["comparator"], gdp_target["value"]) == ("growth", ">=", 8.5)
    assert (gdp_target["base_year"], gdp_target["target_year"], gdp_target["annualized"]) == (2020, 2025, True)

    hightech = next(i for i in data["indicators"] if i["name"].startswith("高新技术企业"))
    (ht_target,) = hightech["targets"]
    assert (ht_target["comparator"], ht_target["value"], ht_target["target_year"]) == (">=", 20, 2025)

    unemployment = next(i for i in data["indicators"] if i["name"] == "城镇登记失业率")
    assert unemployment["direction"] == "decrease" and unemployment["kind"] == "binding"
    assert {(o["comparator"], o["value"]) for o in unemployment["observations"]} == {("<=", 4.5)}

    def level(code: str, period: str) -> float:
        return next(o["value"] for o in indicators[code]["observations"] if o["period"] == period)

    assert level("fai", "2018") == 1.647e10 and level("fai", "2020") == 2.164e10
    assert level("budget-revenue", "2020") == 9.2e8
    assert any(o["value"] == 4.610900e10 for i in data["indicators"] for o in i["observations"])  # 461.09亿元
    assert any(o["value"] == 1196 for i in data["indicators"] for o in i["observations"])  # grid workers
    assert any(o["value"] == 43.73 for i in data["indicators"] for o in i["observations"])  # greening


def test_every_demo_figure_has_its_evidence(ctx: Context) -> None:
    load_plan(ctx, demo_plan_path())
    bundle = read_plan(ctx)
    texts = {d.code: d.text for d in bundle.documents}
    figures = [
        *(t for ts in bundle.targets.values() for t in ts),
        *(o for os_ in bundle.observations.values() for o in os_),
    ]
    assert len(figures) > 50
    for figure in figures:
        p = figure.provenance
        assert p is not None and p.document_code in texts and p.start is not None and p.end is not None
        assert texts[p.document_code][p.start : p.end] == p.quote
    kinds = {g.kind.value for g in bundle.goals}
    assert {"positioning", "pillar", "focus_area", "action", "programme", "measure"} <= kinds
    assert sum(1 for g in bundle.goals if g.kind.value == "pillar") == 7
    assert sum(1 for g in bundle.goals if g.kind.value == "focus_area") == 9
    assert sum(1 for g in bundle.goals if g.kind.value == "action") == 6
    assert sum(1 for g in bundle.goals if g.kind.value == "positioning") == 4
    gdp_growth = [t for t in bundle.targets["gdp"] if t.measure is Measure.GROWTH]
    assert gdp_growth[0].comparator is Comparator.GE
