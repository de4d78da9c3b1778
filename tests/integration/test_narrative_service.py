"""数说 on a stored plan (SQLite and PostgreSQL): scopes, years, simulated figures, and the round trip."""

from __future__ import annotations

import pytest

from luoshi.domain.errors import InvalidInput, NotFound
from luoshi.services.context import Context
from luoshi.services.narrative import plan_narrative
from luoshi.services.plans import read_plan
from tests.narrative_roundtrip import figure_count, missed


@pytest.fixture
def demo(demo_ctx: Context) -> Context:
    return demo_ctx


def test_the_whole_plan_reads_back_through_the_extractor(demo: Context) -> None:
    catalogue = read_plan(demo).indicators
    for simulated in (False, True):
        view = plan_narrative(demo, include_simulated=simulated)
        assert view.scope == "plan" and view.paragraphs
        assert figure_count(view) > (100 if simulated else 10)
        assert missed(view, catalogue) == []
        assert all(("（模拟）" in s.text) == s.simulated for p in view.paragraphs for s in p.sentences)
        assert any(s.simulated for p in view.paragraphs for s in p.sentences) is simulated
    for year in (2021, 2023):  # as of earlier years (one year after the base: 比…增长) it reads back too
        early = plan_narrative(demo, year=year, include_simulated=True)
        assert figure_count(early) > 20 and missed(early, catalogue) == []


def test_real_figures_by_default_with_their_document_spans(demo: Context) -> None:
    view = plan_narrative(demo)
    gdp = next(p for p in view.paragraphs if p.name == "地区生产总值")
    first = gdp.sentences[0]
    # the seed page's own sentence (全区地区生产总值从2018年的394.5亿元增加到2020年的428.2亿元，年均增长4.2%)
    assert first.text == "按现价计算，全区地区生产总值从2018年的 394.5 亿元增加到2020年的 428.2 亿元，年均增长 4.2%。"
    assert [(f.kind, f.value, f.unit, f.period) for f in first.figures] == [
        ("level", 3.945e10, "元", "2018"),
        ("level", 4.282e10, "元", "2020"),
        ("growth", 4.2, "%", "2018-2020"),
    ]
    source = first.sources[1]
    assert source.document_code and source.start is not None and source.quote and "428.2" in source.quote
    assert "（模拟）" not in view.text


def test_a_unit_and_an_indicator_read_back(demo: Context) -> None:
    catalogue = read_plan(demo).indicators
    owners = {i.owner_unit_code for i in catalogue if i.owner_unit_code}
    bundle = read_plan(demo)
    unit = next(u for u in bundle.units if u.code in owners)
    view = plan_narrative(demo, unit=unit.name, include_simulated=True)
    owned = {i.code for i in catalogue if i.owner_unit_code == unit.code}
    assert view.scope == "unit" and view.scope_name == unit.name
    assert {p.indicator_code for p in view.paragraphs} <= owned and view.paragraphs
    assert missed(view, catalogue) == []
    one = plan_narrative(demo, indicator="示范党组织", include_simulated=True)
    assert [p.name for p in one.paragraphs] == ["示范党组织"]
    texts = [s.text for s in one.paragraphs[0].sentences]
    assert texts[1].startswith("示范党组织的目标是2025年达到 100 家") and "距2025年目标还差" in texts[2]
    assert figure_count(one) >= 5 and missed(one, catalogue) == []


def test_a_goal_covers_its_subtree_and_a_year_cuts_later_figures(demo: Context) -> None:
    bundle = read_plan(demo)
    top = next(g for g in bundle.goals if g.parent_code is None and any(c.parent_code == g.code for c in bundle.goals))
    view = plan_narrative(demo, goal=top.code, include_simulated=True)
    assert view.scope == "goal" and view.paragraphs
    whole = plan_narrative(demo, include_simulated=True)
    assert len(view.paragraphs) <= len(whole.paragraphs)
    early = plan_narrative(demo, year=2022, include_simulated=True)
    assert early.year == 2022
    assert all(
        int(per.split("-")[-1]) <= 2022
        for p in early.paragraphs
        for s in p.sentences
        for per in s.periods
        if s.figures and s.figures[0].kind == "level"
    )
    assert "2024年" not in "".join(
        s.text for p in early.paragraphs for s in p.sentences if s.figures and s.figures[0].kind == "level"
    )


def test_unknown_scopes_are_refused(demo: Context) -> None:
    with pytest.raises(NotFound):
        plan_narrative(demo, unit="没有这个单位")
    with pytest.raises(NotFound):
        plan_narrative(demo, goal="NOPE")
    with pytest.raises(InvalidInput):
        plan_narrative(demo, goal="X", unit="Y")
