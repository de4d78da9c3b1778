"""Demo coverage (issue 13 item 10): every demo indicator has an owner unit, the simulated scenario leaves
数据不足 the exception and shows every status, and the seed's real figures stay exactly as in the plan file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from luoshi.domain.account import Role
from luoshi.domain.measurement import to_base
from luoshi.domain.observation import Observation
from luoshi.engine.progress import ProgressStatus
from luoshi.services import accounts, rounds
from luoshi.services.context import Context
from luoshi.services.demo import DEMO_ACCOUNTS
from luoshi.services.plans import demo_plan_path, read_plan
from luoshi.services.progress import assess_plan
from tests.demo_db import DemoDatabases

pytestmark = pytest.mark.integration

#: the most indicators the demo leaves 数据不足: the six whose only real figures are one-off figures after
#: 2020 (《直通平城政务》, the two archive transfers, 大同南站 staff, 燃气安全 volunteers, and 航天科普, a
#: 大同市 figure), for which the simulation invents no history
MAX_INSUFFICIENT = 6


def plan_file() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(Path(demo_plan_path()).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, demo_databases: DemoDatabases) -> Iterator[Context]:
    """One copy of the demo for the module (SQLite): loading the demo is the slow part."""
    ctx = Context.from_url(demo_databases.copy("sqlite", True, tmp_path_factory.mktemp("demo")), actor="test")
    yield ctx
    ctx.dispose()


def test_every_demo_indicator_has_an_owner_unit_of_the_plan() -> None:
    data = plan_file()
    units = {u["code"] for u in data["units"]}
    owners = {i["code"]: i.get("owner") for i in data["indicators"]}
    assert len(owners) >= 49
    assert {code for code, owner in owners.items() if owner is None} == set()
    assert {owner for owner in owners.values()} <= units
    # the units the seed pages name and the reporting demo's are kept
    assert {"pc-shenpi", "pc-dag", "pc-lgb", "pc-hjdd", "pc-kx", "pc-pgy-dzb", "pc-tjj", "pc-wgzx"} <= units
    assert (
        owners["gdp"] == "pc-tjj" and owners["grid-workers"] == "pc-wgzx" and owners["licensing-items"] == "pc-shenpi"
    )
    assert owners["budget-revenue"] == "pc-czj" and owners["unemployment"] == "pc-rsj"


def test_demo_statuses_cover_every_status_and_few_lack_data(demo: Context) -> None:
    progress = assess_plan(demo)
    by_status: dict[str, list[str]] = {}
    for i in progress.indicators:
        by_status.setdefault(i.status, []).append(i.code)
    assert len(by_status.get(ProgressStatus.INSUFFICIENT_DATA.value, [])) <= MAX_INSUFFICIENT, by_status
    assert set(by_status) == {s.value for s in ProgressStatus}
    with_target = {i.status for i in progress.indicators if i.target_value is not None or i.target_text is not None}
    without = {i.status for i in progress.indicators if i.target_text is None}
    judged = {s.value for s in ProgressStatus} - {ProgressStatus.INSUFFICIENT_DATA.value}
    assert with_target >= judged  # each status a target gives
    assert without >= judged - {ProgressStatus.TARGET_ACHIEVED.value}  # and each one without a target
    # every owner unit has an indicator judged, but the units whose only figures are the one-offs
    owners = {i.owner_unit_code for i in progress.indicators}
    judged_owners = {i.owner_unit_code for i in progress.indicators if i.status in judged}
    assert None not in owners and owners - judged_owners <= {"pc-kx", "pc-dag", "pc-hjdd", "pc-pgy-dzb"}


def test_demo_gap_columns_are_all_filled_somewhere(demo: Context) -> None:
    progress = assess_plan(demo)
    behind = [
        i
        for i in progress.indicators
        if i.target_text is not None
        and i.status
        in {
            ProgressStatus.ACCELERATION_NEEDED.value,
            ProgressStatus.LIMITED_PROGRESS.value,
            ProgressStatus.DETERIORATION.value,
        }
    ]
    assert len(behind) >= 3
    columns = (
        "current_value",
        "current_year",
        "target_value",
        "target_year",
        "completion",
        "time_elapsed",
        "needed_rate",
        "owner_unit_code",
    )
    for column in columns:
        assert all(getattr(i, column) is not None for i in behind), column


def test_demo_keeps_the_seed_real_figures_exactly(demo: Context) -> None:
    data = plan_file()
    expected = set()
    for ind in data["indicators"]:
        for o in ind.get("observations", []):
            measure = o.get("measure", "level")
            unit = "%" if measure == "growth" else o.get("unit", ind["unit"])
            value = o["value"] if measure == "growth" else to_base(o["value"], unit)[0]
            region = o.get("region", data["plan"]["region"])
            expected.add((ind["code"], region, str(o["period"]), measure, value, o.get("comparator", "=")))
    bundle = read_plan(demo, scenarios=["actual"])
    stored = {
        (o.indicator_code, o.region_code, o.period.code, o.measure.value, o.value, o.comparator.value)
        for obs in bundle.observations.values()
        for o in obs
        if o.scenario == "actual" and o.period.kind.value != "ytd"
    }
    assert len(expected) == 53
    assert stored == expected
    # the simulated scenario never writes a real figure's indicator, year and measure
    everything = read_plan(demo, scenarios=["actual", "simulated"])

    def where(o: Observation) -> tuple[str, str, str, str]:
        return (o.indicator_code, o.region_code, o.period.code, o.measure.value)

    keys = [where(o) for obs in everything.observations.values() for o in obs]
    real_keys = {where(o) for obs in bundle.observations.values() for o in obs}
    assert len(real_keys) == 53 and all(keys.count(k) == 1 for k in real_keys)
    assert len(keys) > 53 + 150  # and the simulated scenario is there


def test_reporting_demo_works_with_every_owner_unit(demo: Context) -> None:
    listed = rounds.list_rounds(demo, plan_code="pingcheng-14").rounds
    assert len(listed) == 4
    owners = {o["owner"] for o in plan_file()["indicators"]}
    newest = rounds.round_status(demo, max(listed, key=lambda r: r.due).code)
    asked = {u.unit_code for u in newest.units}
    assert owners <= asked
    assert len({u.state for u in newest.units}) >= 3  # not submitted, submitted, returned, approved ...
    for account in DEMO_ACCOUNTS:  # the demo accounts keep their units
        user = accounts.user_by_name(demo, account.name)
        assert user.unit_code == account.unit_code
        if account.role in (Role.REPORTER, Role.UNIT_HEAD):
            assert user.unit_code in asked
