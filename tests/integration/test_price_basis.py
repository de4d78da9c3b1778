"""Price basis end to end (issue 13, item 2): a plan file's ``price_basis`` stored and read back, a 可比价
indicator's growth target judged from its real growth rates, and 口径不同 in the audit; SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from luoshi.domain.indicator import PriceBasis
from luoshi.engine.pricebasis import SOME_YEARS_FROM_LEVELS
from luoshi.ingest.planfile import read_plan_file
from luoshi.services.context import Context
from luoshi.services.plans import export_plan, load_plan, read_plan
from luoshi.services.progress import assess_plan, audit_plan
from tests.conftest import FIXTURES

pytestmark = pytest.mark.integration

PLAN = (FIXTURES / "plans" / "pricebasis.yaml").read_text(encoding="utf-8")


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "pb.yaml"
    path.write_text(PLAN, encoding="utf-8")
    return path


def test_price_basis_round_trips_through_the_plan_file_and_the_database(ctx: Context, plan_file: Path) -> None:
    parsed = {i.code: i.price_basis for i in read_plan_file(plan_file).indicators}
    assert parsed == {"gdp": PriceBasis.COMPARABLE, "fai": PriceBasis.CURRENT, "revenue": PriceBasis.COMPARABLE}
    load_plan(ctx, plan_file)
    stored = read_plan(ctx, "pb")
    assert {i.code: i.price_basis for i in stored.indicators} == parsed
    exported = {i["code"]: i["price_basis"] for i in export_plan(stored)["indicators"]}
    assert exported == {"gdp": "comparable", "fai": "current", "revenue": "comparable"}
    # loading the same file again changes nothing; a changed basis is synced
    assert load_plan(ctx, plan_file).summary.total == 0
    plan_file.write_text(PLAN.replace("price_basis: current", "price_basis: not_applicable"), encoding="utf-8")
    load_plan(ctx, plan_file)
    fai = next(i for i in read_plan(ctx, "pb").indicators if i.code == "fai")
    assert fai.price_basis is PriceBasis.NOT_APPLICABLE


def test_a_comparable_growth_target_is_judged_on_real_rates(ctx: Context, plan_file: Path) -> None:
    load_plan(ctx, plan_file)
    progress = {i.code: i for i in assess_plan(ctx, "pb").indicators}
    gdp, fai, revenue = progress["gdp"], progress["fai"], progress["revenue"]
    # levels grow 7 % a year, real rates 4 %: judged on 4 % (2021 and 2022-2023 chained; the 2020-2023
    # total is a longer span from 2020 and is chained instead where it starts: 12.5 % over three years)
    assert gdp.judged_from_rates and gdp.price_basis == "comparable" and gdp.price_basis_label == "可比价"
    assert gdp.observed_rate == pytest.approx(1.125 ** (1 / 3) - 1)
    assert gdp.required_rate == pytest.approx(0.06)
    assert gdp.status == "acceleration_needed" and gdp.current_year == 2023
    assert gdp.current_value == pytest.approx(450.0)  # 400 亿元 at 2020 prices grown 12.5 %
    assert "按可比价计算" in gdp.explanation and gdp.warnings == []
    # a 现价 indicator with the same levels is judged on them, as before
    assert not fai.judged_from_rates and fai.price_basis_label == "现价"
    assert fai.observed_rate == pytest.approx(0.07, abs=1e-5) and fai.status == "on_track"
    # 2022 has no real rate: it is taken from the levels, and the result says so
    assert revenue.judged_from_rates and revenue.observed_rate == pytest.approx((1.04 * 1.07) ** 0.5 - 1)
    assert revenue.warnings == [SOME_YEARS_FROM_LEVELS] and "2022年无可比价增速" in revenue.explanation


def test_the_audit_says_basis_differs_for_comparable_indicators(ctx: Context, plan_file: Path) -> None:
    load_plan(ctx, plan_file)
    claims = audit_plan(ctx, "pb").claims
    verdicts = {(c.indicator, c.start_year, c.end_year): (c.verdict, c.verdict_label) for c in claims}
    assert verdicts[("fai", 2020, 2023)] == ("consistent", "一致")
    comparable = {key: v for key, v in verdicts.items() if key[0] in ("gdp", "revenue")}
    assert comparable and set(comparable.values()) == {("basis_differs", "口径不同")}
